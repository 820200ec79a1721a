import { openHookChannel } from './hook-channel';
import { BRIDGE_CORE, type BridgeCore, type LazyBridge } from './lazy-bridge';
import { createPickTracker } from './picks';
import { watchRules } from './platforms/watch-rules';

/** How long the rest of the bridge may take to arrive (a service worker that was asleep starts first). */
export const LOAD_TIMEOUT_MS = 15_000;

/** The little of the extension API the document_start bridge uses. */
export interface CoreApi {
  runtime: {
    sendMessage(message: { type: 'load-bridge' }): Promise<unknown>;
  };
  i18n: { getMessage(key: string, substitutions?: string): string };
}

/**
 * The document_start part of the ISOLATED bridge, in every frame of every page (utils/lazy-bridge.ts): the handshake
 * with the hook, the pick tracker, and a queue of what the hook sends until the rest of the bridge is there. The rest is
 * asked for the first time the hook sends anything or the user picks a file. It touches no extension API before then
 * (each namespace a script first touches costs the frame its bindings); when the background has something for a frame
 * whose rest is not there, it injects the rest itself (utils/bridge-injection.ts).
 */
export function startBridgeCore(api: CoreApi, win: Window & typeof globalThis) {
  const document = win.document;
  const location = win.location;
  let rest: LazyBridge | null = null;
  let loading: Promise<LazyBridge> | null = null;
  const queue: unknown[] = [];

  // Files the user picks, pastes or drops are remembered from the start, so the warning can show them; a pick also
  // brings in the rest of the bridge, so that it is ready when the upload comes.
  const picks = createPickTracker(document, Date.now, () => void load().catch(() => {}));
  const channel = openHookChannel(win, watchRules, (detail) => {
    if (rest) return rest.fromHook(detail);
    queue.push(detail);
    load().catch(() => {});
  });

  // Published now, on the isolated world's own global (where the injected rest looks; nothing the page can see): the
  // background may inject the rest on its own, to bring a message to this frame (utils/bridge-injection.ts).
  let attached: (lazy: LazyBridge) => void = () => {};
  const core: BridgeCore = {
    picks,
    reply: channel.reply,
    attach(lazy) {
      rest = lazy;
      for (const detail of queue.splice(0)) lazy.fromHook(detail);
      attached(lazy);
    },
  };
  (globalThis as unknown as Record<string, unknown>)[BRIDGE_CORE] = core;

  function load(): Promise<LazyBridge> {
    if (rest) return Promise.resolve(rest);
    return (loading ??= new Promise<LazyBridge>((resolve, reject) => {
      attached = resolve;
      // A worker that never answers must not hold the page's upload for ever.
      win.setTimeout(() => reject(new Error('the background did not answer')), LOAD_TIMEOUT_MS);
      // The background injects the rest into this document; it calls attach() while it is evaluated, so by the
      // time the answer comes it has either attached or failed. sendMessage throws synchronously once the extension
      // was reloaded: that is a failure too.
      Promise.resolve()
        .then(() => api.runtime.sendMessage({ type: 'load-bridge' }))
        .then(
          () => reject(new Error('the rest of the bridge did not start')),
          (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
        );
    })).catch((e: Error) => {
      loading = null; // the next watched request or pick tries again
      unanswered(e.message);
      throw e;
    });
  }

  /**
   * Without the rest of the bridge nothing can be asked or saved. The hook is never left waiting, and the user is
   * told, as when the background cannot be reached (utils/upload-gate.ts): held uploads go ahead, reports are
   * answered "not saved".
   */
  function unanswered(reason: string) {
    let held = 0;
    let reports = 0;
    for (const detail of queue.splice(0)) {
      let m: { t?: unknown; kind?: unknown; reqId?: unknown; hold?: { reqId?: unknown }; obs?: { reqId?: unknown } } | null = null;
      try {
        m = JSON.parse(String(typeof detail === 'string' ? detail : (detail as ArrayLike<unknown>)[0]));
      } catch {
        /* nothing to answer */
      }
      const kind = m?.t === 'unreadable' ? m.kind : m?.t;
      const reqId = m?.t === 'unreadable' ? m.reqId : kind === 'hold' ? m?.hold?.reqId : m?.obs?.reqId;
      if (typeof reqId !== 'string') continue;
      if (kind === 'hold') {
        held++;
        channel.reply({ t: 'verdict', reqId, allow: true });
      } else if (kind === 'obs') {
        reports++;
        channel.reply({ t: 'ack', reqId, ok: false });
      }
    }
    const say = (key: string, fallback: string, sub?: string) => {
      try {
        return api.i18n.getMessage(key, sub) || fallback;
      } catch {
        return fallback; // the extension was reloaded: its messages are gone with it
      }
    };
    const dismiss = say('dismiss', 'Dismiss');
    if (held) notice(say('noticeWarnFailedTitle', 'Takeback could not show its upload warning'), say('noticeWarnFailedDetail', `The upload went ahead. Reason: ${reason}`, reason), dismiss);
    if (reports) notice(say('noticeSaveFailedTitle', "Takeback could not save this upload's delete key"), say('noticeSaveFailedDetail', `Your upload went through, but Takeback could not record it (${reason}).`, reason), dismiss);
  }

  /** utils/notice.ts in miniature (that one, with its styles and actions, is the rest's): a closed root, text only. */
  function notice(title: string, detail: string, dismiss: string) {
    const host = document.createElement('takeback-notice');
    const box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:360px;padding:12px;font:14px/1.4 system-ui,sans-serif;color:#1b1b1f;background:#fff4e5;border:1px solid #b25e00;border-radius:8px';
    const strong = document.createElement('strong');
    strong.textContent = title;
    const button = document.createElement('button');
    button.textContent = dismiss;
    button.name = 'dismiss';
    button.onclick = (e) => e.isTrusted && host.remove();
    box.append(strong, document.createElement('br'), detail, document.createElement('br'), button);
    host.attachShadow({ mode: 'closed' }).append(box);
    (document.body ?? document.documentElement).append(host);
  }

  return { load };
}
