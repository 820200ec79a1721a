import { FromDialogSchema, type PromptOpen, type ToDialog } from './prompt-protocol';
import type { DialogFrame, OpenFrame } from './upload-gate';

/** How long the dialog page may take to start before Takeback gives up and lets the upload go (and says so). */
export const FRAME_READY_TIMEOUT_MS = 10_000;

const REMOVE_AFTER_MS = 250;

const STYLE = `
  dialog { position: fixed; inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; margin: 0;
    padding: 0; border: 0; background: transparent; overflow: hidden; }
  dialog::backdrop { background: transparent; }
  iframe { display: block; width: 100%; height: 100%; border: 0; color-scheme: light dark; }`;

/**
 * Frames the warning page (extension origin) inside a closed shadow root, as a modal <dialog> in the top layer:
 * the page behind is inert while it is shown, cannot script the frame, and cannot cover it with its own elements.
 * It stays hidden until reveal(), so a check that needs no question (see upload-gate.ts) shows nothing.
 */
export function framePrompt(doc: Document, page: { url: string; origin: string }, title: string): OpenFrame {
  const pageUrl = page.url;
  return (open: PromptOpen, on): DialogFrame => {
    const host = doc.createElement('takeback-warning');
    host.style.setProperty('display', 'contents', 'important');
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    const dialog = doc.createElement('dialog');
    const frame = doc.createElement('iframe');
    frame.src = `${pageUrl}#${open.promptId}`;
    frame.title = title;
    dialog.setAttribute('aria-label', title);
    dialog.append(frame);
    root.append(style, dialog);

    let port: MessagePort | null = null;
    const queue: ToDialog[] = [];
    let ready = false;
    let closed = false;
    let returnFocus: Element | null = null;

    const fail = (why: 'load' | 'removed' | 'dismissed') => {
      if (closed) return;
      close();
      on.failure(why);
    };
    const readyTimer = setTimeout(() => ready || fail('load'), FRAME_READY_TIMEOUT_MS);

    // Chrome may fire `load` for the frame's initial about:blank too; the channel is offered afresh on every load
    // (the target origin drops it anywhere but our page, even if the page navigated the frame elsewhere) and the first
    // port our page answers on is kept.
    frame.addEventListener('load', () => {
      if (closed) return;
      // A second load after the dialog started: the frame was reloaded (its host moved, or put back) or navigated.
      // Whatever answers now is not the dialog the user saw: the upload ends, denied.
      if (ready) return fail('removed');
      const channel = new MessageChannel();
      channel.port1.onmessage = (e: MessageEvent) => {
        const msg = FromDialogSchema.safeParse(e.data);
        if (!msg.success || closed) return;
        if (msg.data.t === 'ready' && !ready) {
          ready = true;
          port = channel.port1;
          clearTimeout(readyTimer);
          for (const m of queue.splice(0)) port.postMessage(m);
        }
        if (port === channel.port1) on.message(msg.data);
      };
      frame.contentWindow?.postMessage(open, page.origin, [channel.port2]);
    });

    // Esc with focus outside the frame closes a modal dialog: take that as "Don't upload". Anything that closes or
    // removes the dialog other than Takeback itself approves nothing.
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      if (e.isTrusted) on.message({ t: 'decide', upload: false, remember: null });
    });
    dialog.addEventListener('close', () => fail('dismissed'));
    // A trusted click that lands on the dialog itself, not in the frame's document: the browser routed it to the page
    // (a frame just shown under a resting mouse can miss its first click). The frame acts on it by position, as if it had
    // landed there. A page cannot make a trusted click, and nothing of the page can be above the modal dialog.
    dialog.addEventListener('click', (e) => {
      if (!e.isTrusted || !port || closed || !dialog.open) return;
      port.postMessage({ t: 'click', x: e.clientX, y: e.clientY } satisfies ToDialog);
    });
    // Moved, taken out and put back, or removed: the dialog the user was shown is gone (a moved iframe reloads, a
    // moved dialog is no longer modal), so the upload ends, denied, and the next one is asked about afresh.
    let parent: Node | null = null;
    const watcher = new MutationObserver((records) => {
      const takenOut = records.some((r) => Array.prototype.includes.call(r.removedNodes, host));
      if (takenOut || !host.isConnected || host.parentNode !== parent) fail('removed');
    });

    function close() {
      if (closed) return;
      closed = true;
      clearTimeout(readyTimer);
      watcher.disconnect();
      port?.close();
      if (dialog.open) dialog.close();
      if (returnFocus instanceof HTMLElement || returnFocus instanceof SVGElement) returnFocus.focus({ preventScroll: true });
      // The frame goes a moment later: the key or click that answered may still be on its way to it (its keyup,
      // mouseup), and a frame destroyed under an input event can leave that event unacknowledged.
      setTimeout(() => host.remove(), REMOVE_AFTER_MS);
    }

    doc.documentElement.append(host);
    parent = host.parentNode;
    watcher.observe(doc, { childList: true, subtree: true });

    return {
      send(msg) {
        if (closed) return;
        if (port) port.postMessage(msg);
        else queue.push(msg);
      },
      reveal() {
        if (closed || dialog.open) return;
        returnFocus = doc.activeElement;
        dialog.showModal();
        frame.focus();
        this.send({ t: 'reveal' });
      },
      close,
    };
  };
}
