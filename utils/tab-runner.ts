import { browser } from 'wxt/browser';
import { INTERRUPTED, type HttpAnswer, type HttpRequest } from './delete-service';
import type { ProbeAnswer } from './deletion';
import { cacheLetsGoAt } from './http-cache';
import { NO_RECEIVER, messageBridge } from './bridge-injection';
import { HttpAnswerSchema, MAX_BODY_CHARS, sendRequest, type SessionRequest } from './session-request';

const TAB_LOAD_TIMEOUT_MS = 30_000;
/**
 * How long a page Takeback opened may take to restore its sign-in (Element reads its session from storage after load)
 * before Takeback says no one is signed in there.
 */
const APP_READY_TIMEOUT_MS = 15_000;
const APP_READY_POLL_MS = 250;
const NO_BRIDGE = Symbol('no bridge');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

async function tabOn(origin: string): Promise<number | null> {
  const tabs = await browser.tabs.query({});
  const matching = tabs.filter((t) => t.id !== undefined && originOf(t.url) === origin && t.status === 'complete');
  matching.sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return matching[0]?.id ?? null;
}

/**
 * Opens the instance in a background tab and resolves with its id once it has loaded. The listener is in place before
 * the tab exists, so a fast load is not missed; the blank document a new tab starts with does not count.
 */
function openLoaded(origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let tabId: number | undefined;
    const completed = new Set<number>();
    const timer = setTimeout(() => done(new Error('the instance did not load')), TAB_LOAD_TIMEOUT_MS);
    const listener = (id: number, info: { status?: string }, tab: { url?: string }) => {
      if (info.status !== 'complete' || originOf(tab.url) !== origin) return;
      if (tabId === undefined) completed.add(id);
      else if (id === tabId) done();
    };
    const gone = (id: number) => id === tabId && done(new Error('the tab was closed'));
    function done(error?: Error) {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(listener);
      browser.tabs.onRemoved.removeListener(gone);
      if (!error) return resolve(tabId!);
      if (tabId !== undefined) void browser.tabs.remove(tabId).catch(() => {});
      reject(error);
    }
    browser.tabs.onUpdated.addListener(listener);
    browser.tabs.onRemoved.addListener(gone);
    browser.tabs.create({ url: `${origin}/`, active: false }).then((tab) => {
      tabId = tab.id;
      if (tabId === undefined) done(new Error('no tab'));
      else if (completed.has(tabId)) done();
    }, done);
  });
}

/**
 * Tabs Takeback may act from. When the user has no tab of an instance open, one is opened in the background for the
 * run and closed by release(); the user's own tabs are never closed.
 */
export function createTabRunner() {
  const opened = new Map<string, Promise<number>>();

  async function tabFor(origin: string, open: boolean): Promise<number | null> {
    const existing = await tabOn(origin);
    if (existing !== null || !open) return existing;
    let tab = opened.get(origin);
    if (!tab) {
      tab = openLoaded(origin);
      opened.set(origin, tab);
      tab.catch(() => opened.delete(origin));
    }
    return tab.catch(() => null);
  }

  /**
   * Runs `func` in one frame of a tab: that exact document where the browser can name it (documentIds), so a navigation
   * between choosing the tab and running cannot move the call to another page; the functions check location.origin
   * themselves all the same. INTERRUPTED when the script did not come back: the tab closed or navigated, the browser is
   * quitting (the request may have left), or the page is one no script may run in.
   */
  async function run<A extends unknown[], R>(tabId: number, world: 'ISOLATED' | 'MAIN', func: (...args: A) => R, args: A, documentId?: string) {
    const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [0] };
    try {
      const [result] = await browser.scripting.executeScript({ target, world, func, args } as never);
      return (result as { result?: Awaited<R> } | undefined)?.result ?? INTERRUPTED;
    } catch {
      return INTERRUPTED;
    }
  }

  /** The top document of the tab now, if it is on `origin`: its id (null where the browser has none), or undefined. */
  async function topDocument(tabId: number, origin: string): Promise<string | null | undefined> {
    try {
      const [found] = (await browser.scripting.executeScript({
        target: { tabId, frameIds: [0] },
        world: 'ISOLATED',
        func: () => location.origin,
        injectImmediately: true,
      } as never)) as Array<{ result?: unknown; documentId?: string }>;
      if (found?.result !== origin) return undefined;
      return found.documentId ?? null;
    } catch {
      return undefined;
    }
  }

  /**
   * The bridge already runs in the tab's isolated world (its rest injected with the first message, if it was not
   * there yet: utils/bridge-injection.ts), and a message to it costs far less than injecting a script for every
   * request (which dominated bulk deletes). NO_BRIDGE when nothing received it, so nothing was sent: a tab
   * opened before Takeback was installed or updated. Any other failure may have come after the request left.
   */
  async function viaBridge(tabId: number, req: HttpRequest): Promise<HttpAnswer | typeof INTERRUPTED | typeof NO_BRIDGE | null> {
    const message: SessionRequest = { type: 'session-request', req };
    try {
      const answer: unknown = await messageBridge(tabId, 0, message);
      // The bridge answers every session request; no answer means the tab went away after it may have sent it.
      if (answer === undefined) return INTERRUPTED;
      if ((answer as { declined?: unknown } | null)?.declined === true) return null; // nothing was sent
      const parsed = HttpAnswerSchema.safeParse(answer);
      return parsed.success ? parsed.data : INTERRUPTED;
    } catch (error) {
      return NO_RECEIVER.test(String(error)) ? NO_BRIDGE : INTERRUPTED;
    }
  }

  return {
    async inSession(origin: string, req: HttpRequest): Promise<HttpAnswer | typeof INTERRUPTED | null> {
      const tabId = await tabFor(origin, true);
      if (tabId === null) return null;
      const answer = await viaBridge(tabId, req);
      return answer !== NO_BRIDGE ? answer : run(tabId, 'ISOLATED', sendRequest, [req, MAX_BODY_CHARS, 'include']);
    },
    /**
     * A self-contained function in the page world of a tab of `pageOrigin`, pinned to the document that was on that
     * origin when it was chosen. With `open`, a page of `pageOrigin` is opened in the background when none is (closed
     * by release()), and used once `open.ready` (also run in its page world) says the app in it is signed in; null
     * when it never is, or when no tab could be used.
     */
    async inPage<A extends unknown[], R>(pageOrigin: string, func: (...args: A) => R, args: A, open?: { ready: () => boolean }): Promise<Awaited<R> | null> {
      const own = await tabOn(pageOrigin);
      const tabId = own ?? (open ? await tabFor(pageOrigin, true) : null);
      if (tabId === null) return null;
      let documentId = await topDocument(tabId, pageOrigin);
      if (own === null && open) {
        // Our own tab: the app restores its sign-in after the load event (and may move to another document meanwhile).
        const until = Date.now() + APP_READY_TIMEOUT_MS;
        for (;;) {
          if (documentId !== undefined && (await run(tabId, 'MAIN', open.ready, [], documentId ?? undefined)) === true) break;
          if (Date.now() > until) return null;
          await sleep(APP_READY_POLL_MS);
          documentId = await topDocument(tabId, pageOrigin);
        }
      }
      if (documentId === undefined) return null;
      const answer = await run(tabId, 'MAIN', func, args, documentId ?? undefined);
      return answer === INTERRUPTED ? null : (answer as Awaited<R>);
    },
    /** A self-contained function in the page world of one document (the one that sent a message); null if it is gone. */
    async inDocument<R>(tabId: number, frameId: number, documentId: string | undefined, func: () => R): Promise<Awaited<R> | null> {
      const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [frameId] };
      try {
        const [result] = await browser.scripting.executeScript({ target, world: 'MAIN', func } as never);
        return ((result as { result?: Awaited<R> } | undefined)?.result ?? null) as Awaited<R> | null;
      } catch {
        return null;
      }
    },
    /** Closes the tabs this runner opened. */
    async release(): Promise<void> {
      const ids = await Promise.all([...opened.values()].map((t) => t.catch(() => null)));
      opened.clear();
      await Promise.all(ids.filter((id) => id !== null).map((id) => browser.tabs.remove(id).catch(() => {})));
    },
  };
}
export type TabRunner = ReturnType<typeof createTabRunner>;

/** A request from the extension itself, without credentials (public URLs, Lemmy 0.18's login-free delete). */
export const publicRequest = (req: HttpRequest, maxChars = MAX_BODY_CHARS): Promise<HttpAnswer> => sendRequest(req, maxChars, 'omit');

/** Public documents an instance describes itself with (a Lemmy site answer with a long sidebar runs past 64 KB). */
export const PUBLIC_DOCUMENT_CHARS = 2 * 1024 * 1024;

/**
 * Status of a no-store GET without credentials, and until when a shared cache may keep serving that answer (from its
 * caching headers); the body is not read beyond what the status needs.
 */
export async function probeUrl(url: string): Promise<ProbeAnswer> {
  try {
    const res = await fetch(url, { credentials: 'omit', cache: 'no-store', redirect: 'manual' });
    void res.body?.cancel().catch(() => {});
    if (res.type === 'opaqueredirect') return { status: 303, cachedUntil: null };
    const h = (name: string) => res.headers.get(name);
    return { status: res.status, cachedUntil: cacheLetsGoAt({ cacheControl: h('cache-control'), age: h('age'), expires: h('expires'), date: h('date') }, Date.now()) };
  } catch {
    return { status: 0, cachedUntil: null };
  }
}
