import { z } from 'zod';
import type { UploadRecord } from '../records';
import { commonFailure, detailOf, errorBody, MAX_ERROR_BODY_CHARS, MAX_RETRY_AFTER_MS, pathSegment } from '../deletion';
import type { DeleteOutcome, HttpDeletePlan, NeedsAdminPlan, RedactPlan, UnavailablePlan } from '../deletion';
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
  const [, rawServer, rawId] = /^mxc:\/\/([^/]+)\/([^/]+)$/.exec(record.mxc ?? record.key) ?? [];
  const server = pathSegment(rawServer);
  const mediaId = pathSegment(rawId);
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

/**
 * Runs in the page's own world of an Element tab and uses Element's signed-in client, so the access token never leaves
 * the page. Only the status and a short error body come back. Serialised into the tab by scripting.executeScript: it may
 * use nothing from outside. (Element puts its client on the page as mxMatrixClientPeg, see the research notes.)
 */
export async function matrixClientCall(op: 'redact' | 'GET' | 'DELETE', a: string, b: string, maxChars: number) {
  type Client = {
    redactEvent(roomId: string, eventId: string): Promise<unknown>;
    getAccessToken(): string | null;
  };
  const peg = (globalThis as { mxMatrixClientPeg?: { get?(): Client | null } }).mxMatrixClientPeg;
  const client = peg?.get?.();
  if (!client) return null;
  try {
    if (op === 'redact') {
      await client.redactEvent(a, b);
      return { status: 200, body: null, retryAfter: null };
    }
    const res = await fetch(a, { method: op, cache: 'no-store', headers: { Authorization: `Bearer ${client.getAccessToken()}` } });
    const text = op === 'GET' && res.ok ? null : (await res.text()).slice(0, maxChars);
    return { status: res.status, body: text, retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    const e = error as { httpStatus?: number; errcode?: string; message?: string };
    const body = JSON.stringify({ errcode: e.errcode, error: String(e.message ?? '').slice(0, 500) });
    return { status: typeof e.httpStatus === 'number' ? e.httpStatus : 0, body, retryAfter: null };
  }
}
