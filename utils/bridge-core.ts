import { openHookChannel } from './hook-channel';
import { BRIDGE_CORE, type BridgeCore, type LazyBridge } from './lazy-bridge';
import { createPickTracker } from './picks';
import { watchRules } from './platforms/in-page';

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
  let rest: LazyBridge | null = null;
  let loading: Promise<LazyBridge> | null = null;
  const queue: unknown[] = [];
  // Reports answered "not saved" when the rest could not come: still handed to it should it arrive after all.
  const late: unknown[] = [];

  // Files the user picks, pastes or drops are remembered from the start, so the warning can show them; a pick also
  // brings in the rest of the bridge, so that it is ready when the upload comes.
  const picks = createPickTracker(document, Date.now, () => void load().catch(() => {}));
  const channel = openHookChannel(win, watchRules, (detail) => {
    if (rest) return rest.fromHook(detail);
    // A copy, in this world: what waits here is read later, and the page must have no handle on it meanwhile.
    queue.push(typeof detail === 'string' ? detail : Array.from(detail as ArrayLike<unknown>));
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
      for (const detail of [...late.splice(0), ...queue.splice(0)]) lazy.fromHook(detail);
      attached(lazy);
    },
  };
  const global = globalThis as unknown as Record<string, unknown>;
  global[BRIDGE_CORE] = core;
  // Chrome has no `browser` in isolated worlds, so the name would fall through to the page's named elements (a
  // <form name="browser">): the webextension polyfill in the injected rest must find no such thing there.
  if (global.browser === undefined) Object.defineProperty(globalThis, 'browser', { value: undefined, writable: true, configurable: true });

  function load(): Promise<LazyBridge> {
    if (rest) return Promise.resolve(rest);
    loading ??= new Promise<LazyBridge>((resolve, reject) => {
      attached = resolve;
      // The background injects the rest into this document and answers once it ran; the rest calls attach() while it
      // is evaluated. sendMessage throws synchronously once the extension was reloaded: that is a failure too.
      Promise.resolve()
        .then(() => {
          // Timed from the moment the message leaves, not from the hook's message: a page that freezes its thread
          // right after starting an upload must not use the wait up.
          win.setTimeout(() => reject(new LoadFailure('refused', 'the background did not answer')), LOAD_TIMEOUT_MS);
          return api.runtime.sendMessage({ type: 'load-bridge' });
        })
        .then(
          (answer) => {
            // Attached by now if it started (resolve came first, and this does nothing).
            const reason = (answer as { reason?: unknown } | null)?.reason;
            reject(new LoadFailure('refused', typeof reason === 'string' ? reason : 'the rest of the bridge did not start'));
          },
          (e: unknown) => reject(new LoadFailure('gone', e instanceof Error ? e.message : String(e))),
        );
    }).catch((e: LoadFailure) => {
      loading = null; // the next watched request or pick tries again
      unanswered(e);
      throw e;
    });
    return loading;
  }

  /**
   * Without the rest of the bridge nothing can be asked or saved, and the hook is never left waiting. When Takeback
   * itself is gone (the extension was reloaded or removed: the message could not be sent) the page behaves as
   * without it: held uploads go ahead, as when the background cannot be reached later (utils/upload-gate.ts). When
   * the background is there but the rest did not start in this document, or did not come in time, that may be the
   * page's doing, so held uploads are stopped, as when the warning cannot load. Reports are answered "not saved"
   * either way. The user is told.
   */
  function unanswered(failure: LoadFailure) {
    const goAhead = failure.kind === 'gone';
    let held = 0;
    let reports = 0;
    for (const detail of queue.splice(0)) {
      let m: { t?: unknown; kind?: unknown; reqId?: unknown; hold?: { reqId?: unknown }; obs?: { reqId?: unknown } } | null = null;
      try {
        m = JSON.parse(String(typeof detail === 'string' ? detail : (detail as unknown[])[0]));
      } catch {
        /* nothing to answer */
      }
      const kind = m?.t === 'unreadable' ? m.kind : m?.t;
      const reqId = m?.t === 'unreadable' ? m.reqId : kind === 'hold' ? m?.hold?.reqId : m?.obs?.reqId;
      if (typeof reqId !== 'string') continue;
      if (kind === 'hold') {
        held++;
        channel.reply({ t: 'verdict', reqId, allow: goAhead });
      } else if (kind === 'obs') {
        reports++;
        channel.reply({ t: 'ack', reqId, ok: false });
        late.push(detail);
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
    const reason = failure.message;
    if (held && goAhead) notice(say('noticeWarnFailedTitle', 'Takeback could not show its upload warning'), say('noticeWarnFailedDetail', `The upload went ahead. Reason: ${reason}`, reason), dismiss);
    if (held && !goAhead) notice(say('noticeUnavailableTitle', 'Takeback could not show its upload warning'), say('noticeUnavailableDetail', 'So the upload was stopped and nothing was sent.'), dismiss);
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

/** Why the rest of the bridge is not there: Takeback is gone (nothing could be sent), or it did not start here. */
class LoadFailure extends Error {
  constructor(
    readonly kind: 'gone' | 'refused',
    message: string,
  ) {
    super(message);
  }
}
