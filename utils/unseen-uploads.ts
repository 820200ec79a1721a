import { platforms } from './platforms';
import type { Platform, WatchRule } from './platforms/types';
import type { UnseenNotice } from './messages';
import { recordId, type UnseenVia, type UploadRecord } from './records';

/**
 * Uploads the page-world hook cannot see (issue 11 §4): a worker's or service worker's fetch, navigator.sendBeacon, a
 * plain multipart <form> post. The browser itself reports every finished request (webRequest.onCompleted, observing
 * only, never blocking); one to an upload endpoint that no hook reported is an upload whose key Takeback never saw.
 */

/** The parts of a webRequest.onCompleted event Takeback reads (Chrome names the maker `initiator`, Firefox `originUrl`). */
export interface FinishedRequest {
  requestId: string;
  url: string;
  method: string;
  statusCode: number;
  type: string;
  tabId: number;
  initiator?: string;
  originUrl?: string;
}

export interface UnseenUpload {
  platform: Platform;
  rule: WatchRule;
  /** The request's URL, without a fragment. */
  url: string;
  instanceOrigin: string;
  /** The origin of the document or worker that sent it, as the browser tells (an opaque one is 'null'). */
  pageOrigin: string;
  via: UnseenVia;
  /** The tab it came from; -1 for a service or shared worker, which serves every tab of its site. */
  tabId: number;
  requestId: string;
}

/** How long after the request finished a hook's report of it may still arrive (it comes once the body is read). */
export const REPORT_GRACE_MS = 6_000;
/** How far apart a hook's report and the browser's event of the same request may be. */
export const MATCH_WINDOW_MS = 30_000;

/** The match patterns (webRequest's URL filter) that cover every platform's upload endpoints. */
export const unseenUrlPatterns = (): string[] => platforms.flatMap((p) => p.unseen.patterns);

const withoutHash = (url: URL) => url.href.slice(0, url.href.length - url.hash.length);
const seenKey = (method: string, url: string) => `${method.toUpperCase()} ${url}`;

/** The origin that made a request; null when no page did (the browser itself, or an extension). */
function makerOrigin(req: FinishedRequest): string | null {
  const raw = req.initiator ?? req.originUrl;
  if (!raw) return null;
  if (raw === 'null') return 'null';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  // blob: URLs carry their maker's origin; about:srcdoc, data: and sandboxed documents have an opaque one.
  if (url.protocol === 'blob:') return /^https?:\/\//.test(url.origin) ? url.origin : 'null';
  if (url.protocol === 'about:' || url.protocol === 'data:') return 'null';
  return null; // chrome-extension:, moz-extension: and anything else that is not a web page
}

function viaOf(req: FinishedRequest): UnseenVia {
  if (req.type === 'main_frame' || req.type === 'sub_frame') return 'form';
  if (req.type === 'ping' || req.type === 'beacon') return 'beacon';
  return req.tabId < 0 ? 'service-worker' : 'script';
}

/** A finished request that was an upload, or null: a watched upload rule, its method, a 2xx answer, a web page's doing. */
export function classify(req: FinishedRequest): UnseenUpload | null {
  if (req.statusCode < 200 || req.statusCode > 299) return null;
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const pageOrigin = makerOrigin(req);
  if (!pageOrigin) return null;
  const method = req.method.toUpperCase();
  for (const platform of platforms) {
    const rule = platform.rules.find((r) => r.role === 'upload' && r.methods.includes(method) && new RegExp(r.path).test(url.pathname));
    if (rule) {
      return { platform, rule, url: withoutHash(url), instanceOrigin: url.origin, pageOrigin, via: viaOf(req), tabId: req.tabId, requestId: req.requestId };
    }
  }
  return null;
}

/** The ledger record of an upload whose key Takeback never saw. */
export function unseenRecord(u: UnseenUpload, at: number): UploadRecord {
  const { api, kind } = u.platform.unseen.describe(u.rule.id, new URL(u.url));
  return {
    platform: u.platform.id,
    api,
    kind,
    instanceOrigin: u.instanceOrigin,
    key: '',
    url: '',
    fileName: null,
    mime: null,
    size: null,
    // The browser's request ids restart with the browser; the time keeps ids of different sessions apart.
    id: recordId(u.pageOrigin, `net-${at.toString(36)}-${u.requestId}`, 0),
    pageOrigin: u.pageOrigin,
    transport: 'network',
    status: 'key-unknown',
    uploadedAt: at,
    responseAt: at,
    sentTo: u.url,
    unseenVia: u.via,
  };
}

export interface UnseenWatcherDeps {
  now(): number;
  wait(ms: number): Promise<void>;
  /** An upload no hook reported: record it and tell the user. */
  found(upload: UnseenUpload, at: number): Promise<void>;
}

/**
 * Pairs the browser's finished uploads with the hook's reports of them. Each report pays for one request of the same
 * method and URL within MATCH_WINDOW_MS; a request left unpaid once REPORT_GRACE_MS passed was unseen. Kept in memory:
 * a report and its request arrive within seconds, while the background is awake.
 */
export function createUnseenWatcher(d: UnseenWatcherDeps) {
  const reports = new Map<string, number[]>();

  function prune(at: number) {
    for (const [key, times] of reports) {
      const kept = times.filter((t) => at - t <= MATCH_WINDOW_MS);
      if (kept.length) reports.set(key, kept);
      else reports.delete(key);
    }
  }

  function pay(key: string, at: number): boolean {
    const times = reports.get(key);
    const i = times?.findIndex((t) => Math.abs(t - at) <= MATCH_WINDOW_MS) ?? -1;
    if (!times || i < 0) return false;
    times.splice(i, 1);
    if (!times.length) reports.delete(key);
    return true;
  }

  return {
    /** The hook reported an upload request (whatever its answer); `url` as the hook saw it. */
    reported(method: string, url: string): void {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return;
      }
      const at = d.now();
      prune(at);
      const key = seenKey(method, withoutHash(parsed));
      reports.set(key, [...(reports.get(key) ?? []), at]);
    },

    /** The browser finished a request to an upload endpoint. Resolves once it is paired or recorded. */
    async finished(req: FinishedRequest): Promise<void> {
      const upload = classify(req);
      if (!upload) return;
      const at = d.now();
      const key = seenKey(req.method, upload.url);
      if (pay(key, at)) return;
      await d.wait(REPORT_GRACE_MS);
      if (pay(key, at)) return;
      await d.found(upload, at);
    },
  };
}
export type UnseenWatcher = ReturnType<typeof createUnseenWatcher>;

export interface TellDeps {
  /** The tabs showing a page of `origin` (for a service worker's upload, which serves them all). */
  tabsOf(origin: string): Promise<number[]>;
  /** Sends the notice to a tab's top frame; rejects when no Takeback bridge is there to show it. */
  toTop(tabId: number, notice: UnseenNotice): Promise<unknown>;
  /** No page could show it (the tab closed, a page Takeback cannot run in): the browser's own notification. */
  fallback(notice: UnseenNotice): Promise<void>;
}

/** Tells the user, in the page the upload came from, that it left unseen; never silently nowhere. */
export async function tellUnseen(u: UnseenUpload, d: TellDeps): Promise<void> {
  const notice: UnseenNotice = { type: 'unseen-upload', host: new URL(u.instanceOrigin).host, via: u.via };
  const tabs = u.tabId >= 0 ? [u.tabId] : u.pageOrigin === 'null' ? [] : await d.tabsOf(u.pageOrigin).catch(() => []);
  const told = await Promise.all(tabs.map((tab) => d.toTop(tab, notice).then(() => true, () => false)));
  if (!told.includes(true)) await d.fallback(notice);
}
