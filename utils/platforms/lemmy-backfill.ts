import { z } from 'zod';
import { commonFailure, errorBody, parseRetryAfter } from '../deletion';
import type { JobRecord, UploadRecord } from '../records';
import type { LemmyBand } from './lemmy-version';
import { parseJson, safeUrl } from './shared';

/**
 * Backfill: the instance lists the user's own uploads (research Q3/Q4).
 * 0.19.4+: GET /api/v3/account/list_media?page=N&limit=L, page ≥ 1, limit 1..50, {"images":[…]} newest first, with
 * pictrs_delete_token. 1.0: GET /api/v4/account/media/list?page_cursor=&limit=, {"items":[…],"next_page"}, no token.
 */
export type ListBand = Exclude<LemmyBand, '0.18' | 'unknown'>;

export type ImportError =
  /** 0.18 and 0.19.0–0.19.3 have no list endpoint (list_media came with 0.19.4); a 404 from the route says the same. */
  | 'list-unsupported'
  | 'unknown-version'
  | 'invalid-instance'
  | 'logged-out'
  | 'rate-limited'
  | 'server-error'
  | 'network'
  | 'unexpected-response';

export type ListRequest = { url: string; band: ListBand } | { url: null; reason: ImportError };

export interface ListedMedia {
  alias: string;
  deleteToken?: string;
  publishedAt?: number;
  url: string;
}

export type ListPage = { items: ListedMedia[]; next: string | null } | { error: ImportError };

/** FETCH_LIMIT_MAX in 0.19.4; the research gives no other maximum for API v4. */
export const LIST_LIMIT = 50;
export const MAX_LIST_BODY_CHARS = 4 * 1024 * 1024;
const MAX_ITEMS = 1000;
const MAX_CURSOR_CHARS = 1024;
const MAX_PAGE = 100_000;

/** The API base (origin plus any path prefix), without a trailing slash; null when it is not a plain http(s) URL. */
function apiBase(instanceBase: string): string | null {
  const url = safeUrl(instanceBase);
  if (!url || url.search || url.hash || url.username || url.password) return null;
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** The band alone cannot tell 0.19.0–0.19.3 (no list_media) from 0.19.4–0.19.11. */
function hasListMedia(band: LemmyBand, version: string): boolean | null {
  if (band === '0.19.12+' || band === '1.0') return true;
  if (band !== '0.19.0-0.19.11') return band === 'unknown' ? null : false;
  const patch = /^v?0\.19\.(\d{1,6})(?![\d.])/.exec(version.trim())?.[1];
  return patch === undefined ? null : Number(patch) >= 4;
}

function page(cursor: string | null): number {
  const n = cursor !== null && /^\d{1,6}$/.test(cursor) ? Number(cursor) : 1;
  return Math.min(Math.max(n, 1), MAX_PAGE);
}

export function listMediaRequest(instanceBase: string, band: LemmyBand, version: string, cursor: string | null): ListRequest {
  const base = apiBase(instanceBase);
  if (!base) return { url: null, reason: 'invalid-instance' };
  const supported = hasListMedia(band, version);
  if (supported === null) return { url: null, reason: 'unknown-version' };
  if (!supported || band === '0.18' || band === 'unknown') return { url: null, reason: 'list-unsupported' };
  if (band === '1.0') {
    const after = cursor ? `&page_cursor=${encodeURIComponent(cursor.slice(0, MAX_CURSOR_CHARS))}` : '';
    return { url: `${base}/api/v4/account/media/list?limit=${LIST_LIMIT}${after}`, band };
  }
  return { url: `${base}/api/v3/account/list_media?page=${page(cursor)}&limit=${LIST_LIMIT}`, band };
}

// Same shapes the upload parser accepts: an alias never climbs out of /pictrs/image/, a token is one path segment.
const Alias = z.string().regex(/^(?!\.)(?!.*\.\.)[A-Za-z0-9._-]{1,255}$/);
const Token = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/);
const Time = z.string().max(64).optional().catch(undefined);

const V3ItemSchema = z.object({
  local_image: z.object({ pictrs_alias: Alias, pictrs_delete_token: Token, published: Time }),
});
// 1.0 alphas answered {images, next_page}; the betas a PagedResponse {items, next_page, prev_page}.
const V4ItemSchema = z.object({
  local_image: z.object({ pictrs_alias: Alias, published_at: Time, published: Time }),
});
const ListSchema = z.object({
  images: z.array(z.unknown()).max(MAX_ITEMS).optional(),
  items: z.array(z.unknown()).max(MAX_ITEMS).optional(),
  next_page: z.string().max(MAX_CURSOR_CHARS).nullish(),
});

function time(text: string | undefined): number | undefined {
  if (!text) return undefined;
  // Lemmy writes RFC 3339 in UTC; a missing zone would otherwise be read as local time.
  const ms = Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Reads one page of the list. Never throws; malformed items are skipped, a malformed page is an error. */
export function parseListMedia(band: ListBand, body: string | null, instanceBase: string, cursor: string | null): ListPage {
  const base = apiBase(instanceBase);
  if (!base) return { error: 'invalid-instance' };
  if (typeof body !== 'string' || body.length > MAX_LIST_BODY_CHARS) return { error: 'unexpected-response' };
  const list = ListSchema.safeParse(parseJson(body));
  if (!list.success) return { error: 'unexpected-response' };
  const v4 = band === '1.0';
  const raw = v4 ? (list.data.items ?? list.data.images) : list.data.images;
  if (!raw) return { error: 'unexpected-response' };

  const seen = new Set<string>();
  const items: ListedMedia[] = [];
  for (const entry of raw) {
    const item = (v4 ? V4ItemSchema : V3ItemSchema).safeParse(entry);
    if (!item.success || seen.has(item.data.local_image.pictrs_alias)) continue;
    const image = item.data.local_image;
    seen.add(image.pictrs_alias);
    const publishedAt = time(('published_at' in image ? image.published_at : undefined) ?? image.published);
    items.push({
      alias: image.pictrs_alias,
      ...('pictrs_delete_token' in image && { deleteToken: image.pictrs_delete_token }),
      ...(publishedAt !== undefined && { publishedAt }),
      url: v4 ? `${base}/api/v4/image/${image.pictrs_alias}` : `${base}/pictrs/image/${image.pictrs_alias}`,
    });
  }
  // v3 has no cursor: a full page (counting skipped items) may have a successor. An empty v4 page ends the list
  // whatever it says, so a server cannot keep us paging through nothing.
  const next = v4
    ? raw.length > 0 && list.data.next_page ? list.data.next_page : null
    : raw.length >= LIST_LIMIT && page(cursor) < MAX_PAGE ? String(page(cursor) + 1) : null;
  return { items, next };
}

/** Records for ledger.merge, which keeps an already known file (by alias on that instance) and only adds its token. */
export function backfillRecords(items: ListedMedia[], opts: { instanceOrigin: string; band: ListBand; now: number }): UploadRecord[] {
  return items.map((item) => {
    const at = item.publishedAt ?? opts.now;
    return {
      id: `import:${opts.instanceOrigin}:${item.alias}`,
      platform: 'lemmy',
      api: opts.band === '1.0' ? 'lemmy-v4' : 'lemmy-v3',
      kind: 'image',
      instanceOrigin: opts.instanceOrigin,
      key: item.alias,
      url: item.url,
      ...(item.deleteToken && { deleteToken: item.deleteToken }),
      fileName: null,
      mime: null,
      size: null,
      pageOrigin: opts.instanceOrigin,
      transport: 'fetch',
      status: 'captured',
      source: 'import',
      uploadedAt: at,
      responseAt: at,
    };
  });
}

export interface ImportDeps {
  /** The request for a cursor, with the instance's current version: usually listMediaRequest. */
  request(cursor: string | null): Promise<ListRequest>;
  /** A GET with the user's live session; status 0 when there was no answer. */
  fetchPage(url: string): Promise<{ status: number; body: string | null; retryAfter?: string | null }>;
  /** Stores the listed items (see backfillRecords); returns how many were new. */
  merge(items: ListedMedia[], band: ListBand): Promise<number>;
  saveJob(job: JobRecord): Promise<void>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): number;
}

export const MAX_IMPORT_RATE_LIMIT_RETRIES = 6;
export const DEFAULT_IMPORT_RETRY_AFTER_MS = 5_000;
/** 100,000 uploads; a server that never ends its list stops here. */
export const MAX_IMPORT_PAGES = 2_000;

const LOGGED_OUT = new Set(['incorrect_login', 'not_logged_in']);

function failure(status: number, body: string | null): ImportError {
  const common = commonFailure(status);
  if (common?.reason === 'network' || common?.reason === 'logged-out' || common?.reason === 'server-error') return common.reason;
  if (LOGGED_OUT.has(errorBody(body)?.error ?? '')) return 'logged-out';
  // The route is missing: older than 0.19.4, or not Lemmy.
  if (status === 404) return 'list-unsupported';
  return 'unexpected-response';
}

/**
 * Lists pages until the end, merging each one and saving job.cursor/listed/imported after it, so a restart resumes at
 * the next page. A 429 waits for Retry-After and asks for the same page again. Stops with job.error set otherwise.
 */
export async function runImportJob(job: JobRecord, deps: ImportDeps, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const { signal } = opts;
  job.state = 'running';
  delete job.error;
  delete job.finishedAt;
  job.listed ??= 0;
  job.imported ??= 0;

  const stop = async (state: 'done' | 'cancelled', error?: ImportError) => {
    job.state = state;
    if (error) job.error = error;
    if (state === 'done') job.finishedAt = deps.now();
    await deps.saveJob(job);
  };

  const base = job.instanceOrigin ?? '';
  let rateLimited = 0;
  for (let pages = 0; ; ) {
    if (signal?.aborted) return stop('cancelled');
    if (pages >= MAX_IMPORT_PAGES) return stop('done', 'unexpected-response');
    const cursor = job.cursor ?? null;
    const req = await deps.request(cursor);
    if (req.url === null) return stop('done', req.reason);

    let res: Awaited<ReturnType<ImportDeps['fetchPage']>>;
    try {
      res = await deps.fetchPage(req.url);
    } catch {
      return stop('done', 'network');
    }
    if (res.status === 429) {
      if (++rateLimited > MAX_IMPORT_RATE_LIMIT_RETRIES) return stop('done', 'rate-limited');
      const wait = parseRetryAfter(res.retryAfter, deps.now()) ?? DEFAULT_IMPORT_RETRY_AFTER_MS;
      await deps.sleep(wait, signal).catch(() => undefined);
      continue;
    }
    if (res.status < 200 || res.status > 299) return stop('done', failure(res.status, res.body));

    const page = parseListMedia(req.band, res.body, base, cursor);
    if ('error' in page) return stop('done', page.error);
    rateLimited = 0;
    pages++;
    if (page.items.length) job.imported += await deps.merge(page.items, req.band);
    job.listed += page.items.length;
    if (page.next === null) {
      delete job.cursor;
      return stop('done');
    }
    // A cursor that does not move would list the same page forever.
    if (page.next === cursor) return stop('done', 'unexpected-response');
    job.cursor = page.next;
    await deps.saveJob(job);
  }
}
