import { z } from 'zod';
import type { UploadRecord } from '../records';
import { commonFailure, detailOf, errorBody, interpretProbe, MAX_ERROR_BODY_CHARS, MAX_RETRY_AFTER_MS, pathSegment } from '../deletion';
import type { CheckResult, DeleteOutcome, Deletion, DeletionContext, HttpDeletePlan, NeedsAdminPlan, RedactPlan, UnavailablePlan } from '../deletion';
import { parseFederationVersion } from './matrix-admin';
import { parseMxc } from './matrix-ids';
import { parseJson, safeUrl } from './shared';

export interface MatrixDeletePlans {
  /** What removes the file itself: matrix-media-repo's uploader delete where it runs, otherwise only an admin. */
  file: HttpDeletePlan | NeedsAdminPlan | UnavailablePlan;
  /** Hides the message that carried the file. The file stays on the server (Synapse never deletes media on redaction). */
  redactMessage: RedactPlan | null;
}

/** The homeserver origin and the encoded mxc parts, or null for a record we cannot build a request from. */
function target(record: UploadRecord): { origin: string; server: string; mediaId: string } | null {
  const origin = safeUrl(record.instanceOrigin);
  if (record.platform !== 'matrix' || !origin || origin.origin !== record.instanceOrigin) return null;
  const mxc = parseMxc(record.mxc ?? record.key);
  const server = pathSegment(mxc?.server);
  const mediaId = pathSegment(mxc?.mediaId);
  return server && mediaId ? { origin: origin.origin, server, mediaId } : null;
}

// Only messages are redacted: avatars have no event, and redacting a room's m.room.avatar state changes the room for everyone.
const MESSAGE_KINDS = new Set(['attachment', 'thumbnail']);

export function planMatrixDelete(record: UploadRecord, { mediaRepo }: { mediaRepo: boolean }): MatrixDeletePlans {
  const { roomId, eventId } = record;
  const redactMessage =
    MESSAGE_KINDS.has(record.kind) && roomId?.startsWith('!') && eventId?.startsWith('$') ? { kind: 'redact' as const, roomId, eventId } : null;
  const at = target(record);
  if (!at) return { file: { kind: 'unavailable', reason: 'invalid-record' }, redactMessage };
  if (!mediaRepo) return { file: { kind: 'needs-admin', reason: 'no-user-delete' }, redactMessage };
  const url = `${at.origin}/_matrix/media/unstable/download/${at.server}/${at.mediaId}`;
  return { file: { kind: 'http', method: 'DELETE', url, auth: 'session' }, redactMessage };
}

/**
 * The authenticated download URL; it needs the session (the page's client). The legacy /_matrix/media/v3/download
 * path is no proof: Synapse 1.120+ answers 404 there for new media that still exists.
 */
export function matrixProofUrl(record: UploadRecord): string | null {
  const at = target(record);
  return at && `${at.origin}/_matrix/client/v1/media/download/${at.server}/${at.mediaId}`;
}

const MediaRepoVersionSchema = z.object({ Version: z.string().max(128) });

/** GET /_matrix/media/version: only matrix-media-repo has it (Synapse answers M_UNRECOGNIZED). */
export function isMediaRepoVersion(status: number, body: string | null | undefined): boolean {
  if (status !== 200 || typeof body !== 'string' || body.length > MAX_ERROR_BODY_CHARS) return false;
  return MediaRepoVersionSchema.safeParse(parseJson(body)).success;
}

/** Reads the answer to matrix-media-repo's uploader delete. Never throws, whatever the body. */
export function interpretMatrixDelete(status: number, body: string | null | undefined, retryAfter?: string | null): DeleteOutcome {
  const err = errorBody(body);
  const detail = detailOf(err?.errcode, err?.error);
  const withDetail = detail ? { detail } : {};
  if (status >= 200 && status < 300) return { status: 'deleted-unverified' };
  // No such route after all: the server is not matrix-media-repo.
  if (err?.errcode === 'M_UNRECOGNIZED' || ((status === 404 || status === 405) && !err)) {
    return { status: 'needs-admin', reason: 'no-user-delete', ...withDetail };
  }
  // matrix-media-repo answers a request from someone other than the uploader with 401 M_UNKNOWN_TOKEN.
  if ((status === 401 && err?.errcode === 'M_UNKNOWN_TOKEN') || status === 403) {
    return { status: 'failed', reason: 'not-owner', ...withDetail };
  }
  if (status === 404) return { status: 'deleted-unverified', reason: 'no-server-record', ...withDetail };
  if (status === 429 && retryAfter == null && err?.retry_after_ms !== undefined) {
    return { status: 'failed', reason: 'rate-limited', retryAfterMs: Math.min(err.retry_after_ms, MAX_RETRY_AFTER_MS) };
  }
  const common = commonFailure(status, retryAfter);
  return common ? { ...common, ...withDetail } : { status: 'failed', reason: 'unexpected-response', detail: detail ?? `HTTP ${status}` };
}

/** What a page-world call is asked to do, and on whose behalf. */
export interface ClientCall {
  op: 'redact' | 'GET' | 'DELETE';
  /** redact: the room; GET/DELETE: the URL, on `homeserver`. */
  a: string;
  /** redact: the event. */
  b: string;
  /** The page the upload was made from: the function does nothing anywhere else. */
  page: string;
  /** The record's homeserver origin: the client must be signed in there, or nothing is sent. */
  homeserver: string;
  /** The account that uploaded the file, when known: the client must be signed in as it. */
  account: string | null;
  maxChars: number;
}
export type ClientAnswer =
  | { status: number; body: string | null; retryAfter: string | null }
  | { refused: 'wrong-page' | 'other-homeserver' | 'other-account'; user: string | null };

/**
 * Runs in the page's own world of an Element tab and uses Element's signed-in client, so the access token never leaves
 * the page; only the status and a short error body come back. It acts only in the page the upload came from, only
 * when the client is signed in to the record's homeserver, and (when the record knows it) as the account that
 * uploaded the file: otherwise that account's token would go to a server it does not belong to. Serialised into the
 * tab by scripting.executeScript: it may use nothing from outside. (Element puts its client on the page as
 * mxMatrixClientPeg; see the research notes.)
 */
export async function matrixClientCall(call: ClientCall): Promise<ClientAnswer | null> {
  type Client = {
    redactEvent(roomId: string, eventId: string): Promise<unknown>;
    getAccessToken(): string | null;
    getHomeserverUrl(): string;
    getUserId(): string | null;
  };
  if (location.origin !== call.page) return { refused: 'wrong-page', user: null };
  const peg = (globalThis as { mxMatrixClientPeg?: { get?(): Client | null } }).mxMatrixClientPeg;
  const client = peg?.get?.();
  if (!client) return null;
  let homeserver: string | null = null;
  let user: string | null = null;
  try {
    homeserver = new URL(client.getHomeserverUrl()).origin;
    user = client.getUserId();
  } catch {
    /* not a client we can read */
  }
  if (homeserver !== call.homeserver) return { refused: 'other-homeserver', user };
  if (call.account && user !== call.account) return { refused: 'other-account', user };
  try {
    if (call.op === 'redact') {
      await client.redactEvent(call.a, call.b);
      return { status: 200, body: null, retryAfter: null };
    }
    if (!call.a.startsWith(`${call.homeserver}/`)) return { refused: 'other-homeserver', user };
    const res = await fetch(call.a, { method: call.op, cache: 'no-store', headers: { Authorization: `Bearer ${client.getAccessToken()}` } });
    const text = call.op === 'GET' && res.ok ? null : (await res.text()).slice(0, call.maxChars);
    return { status: res.status, body: text, retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    const e = error as { httpStatus?: number; errcode?: string; message?: string };
    const body = JSON.stringify({ errcode: e.errcode, error: String(e.message ?? '').slice(0, 500) });
    return { status: typeof e.httpStatus === 'number' ? e.httpStatus : 0, body, retryAfter: null };
  }
}

/**
 * Whether the Element page has a signed-in client yet: mxMatrixClientPeg is there from page load and its get() is null
 * until a session is restored or a login made (updates-2026-12.md §2, Element Web 1.12.7). Serialised into the tab.
 */
export function elementSignedIn(): boolean {
  const peg = (globalThis as { mxMatrixClientPeg?: { get?(): unknown } }).mxMatrixClientPeg;
  try {
    return !!peg?.get?.();
  } catch {
    return false;
  }
}

/** Short error bodies are all a delete needs. */
const MAX_CLIENT_BODY_CHARS = 64 * 1024;

// Not "log in to the homeserver": what is missing is a signed-in Element on the page the upload came from, which
// Takeback opened (or, for an automatic re-check, found no tab of) (issue 12 §2).
const NO_CLIENT: DeleteOutcome = { status: 'failed', reason: 'no-app-page' };

/** Why nothing was sent, as the file shows it: sign in to Element as the uploader (or on its homeserver). */
function refusal(r: UploadRecord, answer: Extract<ClientAnswer, { refused: unknown }>): DeleteOutcome {
  if (answer.refused === 'wrong-page') return NO_CLIENT;
  return { status: 'failed', reason: 'wrong-account', ...(answer.user && { detail: `signed in as ${answer.user.slice(0, 200)}` }) };
}

function client(r: UploadRecord, ctx: DeletionContext, op: ClientCall['op'], a: string, b = ''): Promise<ClientAnswer | null> {
  const call: ClientCall = { op, a, b, page: r.pageOrigin, homeserver: r.instanceOrigin, account: r.account ?? null, maxChars: MAX_CLIENT_BODY_CHARS };
  return ctx.inPage(r.pageOrigin, matrixClientCall, [call], { ready: elementSignedIn });
}

export const matrixDeletion: Deletion = {
  async learnFacts(origin, get) {
    // The federation API is often served on the client origin too; where it is not, the software stays unknown.
    const [media, federation] = await Promise.all([get(`${origin}/_matrix/media/version`), get(`${origin}/_matrix/federation/v1/version`)]);
    const server = parseFederationVersion(federation.status, federation.body);
    const software = server && { software: server.name, ...(server.version && { version: server.version }) };
    return { origin, platform: 'matrix', mediaRepo: isMediaRepoVersion(media.status, media.body), ...software };
  },
  factsKnown: () => true,

  async delete(r, ctx) {
    const { file, redactMessage } = planMatrixDelete(r, { mediaRepo: !!ctx.facts.mediaRepo });
    if (redactMessage && !r.redactedAt) {
      const answer = await client(r, ctx, 'redact', redactMessage.roomId, redactMessage.eventId);
      if (!answer) return NO_CLIENT;
      if ('refused' in answer) return refusal(r, answer);
      if (answer.status >= 200 && answer.status < 300) await ctx.redacted();
      else if (answer.status !== 404) return { ...interpretMatrixDelete(answer.status, answer.body, answer.retryAfter), detail: 'redaction refused' };
    }
    if (file.kind === 'unavailable') return { status: 'failed', reason: file.reason };
    if (file.kind === 'needs-admin') return { status: 'needs-admin', reason: file.reason };
    const answer = await client(r, ctx, 'DELETE', file.url);
    if (!answer) return NO_CLIENT;
    if ('refused' in answer) return refusal(r, answer);
    return interpretMatrixDelete(answer.status, answer.body, answer.retryAfter);
  },

  async check(r, ctx): Promise<CheckResult> {
    const url = matrixProofUrl(r);
    const answer = url ? await client(r, ctx, 'GET', url) : null;
    if (!answer) return 'unknown';
    if ('refused' in answer) return { refused: refusal(r, answer) };
    return interpretProbe(answer.status);
  },
  // A Matrix download needs a token (authenticated media): every check goes through the page's client.
  checksUseSession: true,
  liveUrl: () => null,
  // Takeback acts through the Element page the upload came from (its real origin, from the browser), signed in there.
  signInUrl: (r) => (/^https?:\/\//.test(r.pageOrigin) ? r.pageOrigin : r.instanceOrigin),
  // Element's own client acts (its token, in the page): where the page is does not matter.
  loginLivesOnInstance: false,
};
