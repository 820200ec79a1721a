import { z } from 'zod';
import { parseJson } from './platforms/shared';
import type { InstanceInfo, UploadRecord } from './records';

export interface HttpAnswer {
  status: number;
  body: string | null;
  retryAfter: string | null;
}
export type HttpRequest = Pick<HttpDeletePlan, 'method' | 'url' | 'body' | 'contentType'>;
/** The request was handed to a tab that went away before answering: it may or may not have reached the server. */
export const INTERRUPTED = { interrupted: true } as const;
export type Interrupted = typeof INTERRUPTED;

/** A GET without credentials, as anyone on the internet would make it; status 0 when it failed. */
export type PublicGet = (url: string) => Promise<{ status: number; body: string | null }>;

/**
 * What a platform's delete and check may use. Every one of these acts on a place the record names and Takeback
 * checked: the instance's own origin for session requests, the reporting page's own origin for page-world calls.
 */
export interface DeletionContext {
  facts: InstanceInfo;
  /** A request without credentials, from the extension itself. */
  publicRequest(req: HttpRequest): Promise<HttpAnswer>;
  /** A no-store GET of a public URL, without credentials: its status (0: no answer), and how long caches may keep it. */
  probe(url: string): Promise<ProbeAnswer>;
  /** The request made from a tab of `origin`, so the user's live session there goes along; null when no tab could be used. */
  inSession(origin: string, req: HttpRequest): Promise<HttpAnswer | Interrupted | null>;
  /**
   * A self-contained function run in the page's own world of a tab of `pageOrigin` (that exact document, checked
   * again by the function itself); null when no such tab is open or the call did not come back. With `open`, when the
   * user asked for this (never for an automatic re-check), a page of `pageOrigin` is opened in the background if none
   * is, and used once `open.ready` (a self-contained function, run in its page world) says its app is signed in.
   */
  inPage<A extends unknown[], R>(pageOrigin: string, func: (...args: A) => R, args: A, open?: { ready: () => boolean }): Promise<Awaited<R> | null>;
  /** Records that the message that carried the file was redacted. */
  redacted(): Promise<void>;
  /**
   * Status of a GET of the record's file made from a tab of its instance, signed in (0: no answer): for instances
   * that show files only to signed-in users. Only for the instance's own reports (a front end's report could make
   * Takeback look with the user's login where the user did not upload); otherwise 0.
   */
  sessionProbe(url: string): Promise<number>;
}

/** A public probe's answer: its status (0: none), and until when a shared cache may keep serving it (null: not said). */
export interface ProbeAnswer {
  status: number;
  cachedUntil: number | null;
}

/** A check that could not be made as asked, with what the user must do (e.g. sign in as the uploader). */
export type CheckRefused = { refused: DeleteOutcome };
/**
 * The server no longer has the file (an address no cache has seen answers 404), but its public address still serves
 * a cached copy, until about `until` (null: the cache did not say). Online, for anyone who looks: not gone.
 */
export type CheckCached = { cached: { until: number | null } };
export type CheckResult = ProbeVerdict | CheckRefused | CheckCached;

/** How a platform deletes what it captured and proves it gone; the delete service runs these for every platform. */
export interface Deletion {
  /** What the instance says about itself (its version, its media server), without credentials. */
  learnFacts(origin: string, get: PublicGet): Promise<Omit<InstanceInfo, 'checkedAt'>>;
  /** Whether a fact-finding answered enough to be kept (an unknown version is asked again next time). */
  factsKnown(info: InstanceInfo): boolean;
  delete(record: UploadRecord, ctx: DeletionContext): Promise<DeleteOutcome | Interrupted>;
  /** Looks at the file's address now: gone, online, or unknown; or why the look could not be made. */
  check(record: UploadRecord, ctx: DeletionContext): Promise<CheckResult>;
  /** Checks use the user's login (and so are left out of bulk runs for front ends the user has not confirmed). */
  checksUseSession: boolean;
  /** The file's public address as the instance serves it now, for the confirmation before a delete; null if none. */
  liveUrl(record: UploadRecord, facts: InstanceInfo): string | null;
  /** Where the user signs in so that Takeback's next try acts with their login (a deletes-with-session platform). */
  signInUrl(record: UploadRecord): string;
  /**
   * Deletes carry the login of the instance's own origin (a cookie there), so a front end on another origin being
   * signed in does not help: a 'logged-out' for its report says so.
   */
  loginLivesOnInstance: boolean;
}

/** captured → deleting → deleted-unverified → verified-gone | still-online; or failed (reason) | needs-admin. */
export type DeleteStatus =
  | 'captured'
  | 'deleting'
  | 'deleted-unverified'
  | 'verified-gone'
  | 'still-online'
  | 'failed'
  | 'needs-admin'
  /** Takeback saw the upload leave, never its answer: it has no key (utils/unseen-uploads.ts). Nothing to send. */
  | 'key-unknown';

export type ReasonCode =
  | 'wrong-token'
  | 'logged-out'
  | 'not-owner'
  | 'no-api-key'
  | 'no-delete-token'
  /** A copy the server made (a Lemmy 0.19 post thumbnail): it belongs to no account, so only the admin can erase it. */
  | 'server-copy'
  | 'no-user-delete'
  /** The server has no record of the upload (made before Lemmy 0.19.0, or dropped by an earlier attempt); the probe decides. */
  | 'no-server-record'
  | 'rate-limited'
  | 'server-error'
  | 'network'
  | 'unknown-version'
  | 'invalid-record'
  | 'unexpected-response'
  | 'still-served'
  | 'probe-inconclusive'
  /** The page's client is signed in as another account, or to another homeserver: nothing was sent (detail: who). */
  | 'wrong-account'
  /**
   * Logged out on the instance's own origin, for an upload a front end on another origin reported (Photon keeps its
   * login in its own storage): the user must sign in on the instance itself once (issue 12 §2b).
   */
  | 'front-end-login'
  /** The app page the upload came from (Element) is not open with a signed-in client there: nothing was sent. */
  | 'no-app-page'
  /** Still served, but only by a cache in front of the server, which no longer has the file (CheckCached). */
  | 'cached';

export interface DeleteOutcome {
  status: DeleteStatus;
  reason?: ReasonCode;
  /** The server's own error code or message, trimmed: for diagnostics, never the explanation shown. */
  detail?: string;
  /** For 'rate-limited': how long the server asked us to wait. */
  retryAfterMs?: number;
  /**
   * Lemmy 0.19.0–0.19.11 drops its own record of the upload even when pict-rs refused the delete: the image stays
   * online but leaves the user's Uploads list, so the attempt must be reported plainly, never silently retried.
   */
  serverRecordDropped?: true;
  /** For 'cached': when the cache should stop serving the file, if it said. */
  cachedUntil?: number;
}

export type HttpDeletePlan = {
  kind: 'http';
  method: 'GET' | 'DELETE' | 'POST';
  url: string;
  body?: string;
  contentType?: string;
  /** 'session': the user's live login on that instance, taken at the moment of deleting; never stored. */
  auth: 'none' | 'session';
};
export type RedactPlan = { kind: 'redact'; roomId: string; eventId: string };
export type NeedsAdminPlan = { kind: 'needs-admin'; reason: ReasonCode };
/** Nothing can be sent now, and it is not an admin's job either (unknown version, a record we cannot read). */
export type UnavailablePlan = { kind: 'unavailable'; reason: ReasonCode };
export type DeletePlan = HttpDeletePlan | RedactPlan | NeedsAdminPlan | UnavailablePlan;

export type ProbeVerdict = 'gone' | 'online' | 'unknown';

/**
 * Reads the status of a no-store GET of the file's public URL.
 * 404/410: pict-rs (through Lemmy) and Synapse answer 404 for a deleted alias or media id, also when an admin
 * configured a "not found" image. 2xx/3xx: still served (pict-rs on object storage answers 303 to the bucket).
 * Everything else proves nothing: 401/403 (a private Lemmy 0.19.0–0.19.3 instance, or Matrix media without a
 * session), 429, 5xx (Synapse's 504 M_NOT_YET_UPLOADED, pict-rs down), 0 (network error or opaque response).
 */
export function interpretProbe(status: number): ProbeVerdict {
  if (!Number.isInteger(status)) return 'unknown';
  if (status === 404 || status === 410) return 'gone';
  if (status >= 200 && status < 400) return 'online';
  return 'unknown';
}

/** A delete is never shown as done without a probe: only 'gone' makes it verified. */
export function outcomeAfterProbe(verdict: ProbeVerdict): DeleteOutcome {
  if (verdict === 'gone') return { status: 'verified-gone' };
  if (verdict === 'online') return { status: 'still-online', reason: 'still-served' };
  return { status: 'deleted-unverified', reason: 'probe-inconclusive' };
}

/** Failures worth retrying on their own later; everything else needs the user, an admin, or nothing. */
export function isTransient(outcome: DeleteOutcome): boolean {
  return outcome.status === 'failed' && (outcome.reason === 'rate-limited' || outcome.reason === 'server-error' || outcome.reason === 'network');
}

export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Retry-After as delay-seconds or an HTTP date; capped so a hostile server cannot park a bulk run. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const text = value.trim();
  const ms = /^\d{1,10}$/.test(text) ? Number(text) * 1000 : /[A-Za-z]/.test(text) ? Date.parse(text) - now : NaN;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** Error bodies are small; anything bigger is not an API answer and is not parsed. */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;

const text = (max: number) => z.string().max(max).optional().catch(undefined);
// Lemmy: {error, message}; pict-rs: {msg, code}; Matrix: {errcode, error, retry_after_ms}. Each field is read on its own,
// so one of the wrong type does not hide the others.
const ErrorBodySchema = z.object({
  error: text(256),
  message: text(2048),
  code: text(256),
  msg: text(2048),
  errcode: text(256),
  retry_after_ms: z.number().nonnegative().optional().catch(undefined),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The JSON object of a response body, or null when there is none (empty, not JSON, too big, not an object). */
export function errorBody(body: string | null | undefined): ErrorBody | null {
  if (typeof body !== 'string' || body.length > MAX_ERROR_BODY_CHARS) return null;
  const json = parseJson(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const parsed = ErrorBodySchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** A short, printable excerpt for `detail`. */
export function detailOf(...parts: (string | undefined)[]): string | undefined {
  const joined = parts.filter((p) => p).join(': ').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return joined ? joined.slice(0, 200) : undefined;
}

/** The answers every platform reads the same way; null for those the platform must read itself. */
export function commonFailure(status: number, retryAfter?: string | null): DeleteOutcome | null {
  if (!Number.isInteger(status) || status < 100 || status > 599) return { status: 'failed', reason: 'network' };
  if (status === 401) return { status: 'failed', reason: 'logged-out' };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return { status: 'failed', reason: 'rate-limited', ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  if (status >= 500) return { status: 'failed', reason: 'server-error' };
  if (status >= 300 && status < 400) return { status: 'failed', reason: 'unexpected-response', detail: `HTTP ${status}` };
  return null;
}

/** A value for one URL path segment; '.' and '..' are refused because URL parsing would climb out of the path. */
export function pathSegment(value: string | undefined): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 255 || value === '.' || value === '..') return null;
  return encodeURIComponent(value);
}
