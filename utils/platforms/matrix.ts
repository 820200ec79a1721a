import { z } from 'zod';
import type { UploadRecord } from '../records';
import type { Claim, LinkFact, Observation, Platform, UploadDraft } from './types';
import { matrixDeletion } from './matrix-delete';
import { isUserId, mxcSchema, parseMxc, type Mxc } from './matrix-ids';
import { decodeSegment, fileAt, isSuccess, parseJson, safeUrl } from './shared';
import { ROOM_AVATAR, SEND, UPLOAD_ASYNC, isCiphertext, matrixInPage, nameFromQuery } from './matrix-in-page';


export { mxcSchema };
const roomIdSchema = z.string().regex(/^![^\s/]{1,255}$/);

const UploadResponseSchema = z.object({ content_uri: mxcSchema });
const EventResponseSchema = z.object({ event_id: z.string().max(512) });
const FileRefSchema = z.object({ url: mxcSchema });
const MessageContentSchema = z.object({
  url: mxcSchema.optional(),
  file: FileRefSchema.optional(),
  info: z
    .object({ thumbnail_url: mxcSchema.optional(), thumbnail_file: FileRefSchema.optional() })
    .loose()
    .optional(),
});

/** The parts of an mxc URI already validated by mxcSchema. */
export function mxcParts(mxc: string): Mxc {
  return parseMxc(mxc) ?? { server: '', mediaId: '' };
}

/** matrix-js-sdk encodes the query name twice; the File's own name is preferred over this. */
function draft(obs: Observation, url: URL, mxc: string): UploadDraft {
  const file = fileAt(obs, 0);
  const { server, mediaId } = mxcParts(mxc);
  const name = file?.name ?? nameFromQuery(url);
  const encrypted = isCiphertext(file, url);
  return {
    platform: 'matrix',
    api: 'matrix-media',
    kind: 'attachment',
    instanceOrigin: url.origin,
    key: mxc,
    mxc,
    url: `${url.origin}/_matrix/client/v1/media/download/${encodeURIComponent(server)}/${encodeURIComponent(mediaId)}`,
    fileIndex: file ? 0 : null,
    fileName: name,
    mime: file?.type || (encrypted ? 'application/octet-stream' : null),
    size: file?.size ?? null,
    encrypted,
  };
}

function parseUpload(obs: Observation): UploadDraft[] {
  const url = safeUrl(obs.url);
  if (!url || !isSuccess(obs)) return [];
  if (obs.rule === 'matrix-upload') {
    const body = UploadResponseSchema.safeParse(parseJson(obs.response));
    return body.success ? [draft(obs, url, body.data.content_uri)] : [];
  }
  if (obs.rule === 'matrix-upload-async') {
    const [, rawServer, rawMediaId] = url.pathname.match(new RegExp(UPLOAD_ASYNC)) ?? [];
    const server = decodeSegment(rawServer);
    const mediaId = decodeSegment(rawMediaId);
    // Without this check a non-matching path or a malformed escape became "mxc://null/null".
    if (server === null || mediaId === null) return [];
    const mxc = mxcSchema.safeParse(`mxc://${server}/${mediaId}`);
    return mxc.success ? [draft(obs, url, mxc.data)] : [];
  }
  return [];
}

function parseLink(obs: Observation): LinkFact | null {
  const url = safeUrl(obs.url);
  if (!url || !isSuccess(obs)) return null;
  const request = parseJson(obs.request);
  const base = { platform: 'matrix' as const, instanceOrigin: url.origin, thumbnailKeys: [], encrypted: false };

  if (obs.rule === 'matrix-send') {
    const [, rawRoom, rawType] = url.pathname.match(new RegExp(SEND)) ?? [];
    const roomId = roomIdSchema.safeParse(decodeSegment(rawRoom));
    const eventType = decodeSegment(rawType);
    if (!roomId.success) return null;
    const eventId = EventResponseSchema.safeParse(parseJson(obs.response));
    const ids = { roomId: roomId.data, ...(eventId.success && { eventId: eventId.data.event_id }) };
    if (eventType === 'm.room.encrypted') return { ...base, ...ids, keys: [], encrypted: true };
    if (eventType !== 'm.room.message') return null;
    const content = MessageContentSchema.safeParse(request);
    if (!content.success) return null;
    const main = content.data.url ?? content.data.file?.url;
    const thumb = content.data.info?.thumbnail_url ?? content.data.info?.thumbnail_file?.url;
    if (!main) return null;
    return { ...base, ...ids, keys: [main], thumbnailKeys: thumb ? [thumb] : [], kind: 'attachment' };
  }
  if (obs.rule === 'matrix-avatar') {
    const body = z.object({ avatar_url: mxcSchema }).safeParse(request);
    return body.success ? { ...base, keys: [body.data.avatar_url], kind: 'avatar' } : null;
  }
  if (obs.rule === 'matrix-room-avatar') {
    const [, rawRoom] = url.pathname.match(new RegExp(ROOM_AVATAR)) ?? [];
    const roomId = roomIdSchema.safeParse(decodeSegment(rawRoom));
    const body = z.object({ url: mxcSchema }).safeParse(request);
    if (!roomId.success || !body.success) return null;
    const eventId = EventResponseSchema.safeParse(parseJson(obs.response));
    return {
      ...base,
      keys: [body.data.url],
      kind: 'room-avatar',
      roomId: roomId.data,
      ...(eventId.success && { eventId: eventId.data.event_id }),
    };
  }
  return null;
}

/** Encrypted sends name no mxc, so they claim the page's unlinked encrypted uploads from the last few minutes. */
export const ENCRYPTED_LINK_WINDOW_MS = 5 * 60 * 1000;

function claimEncrypted(recent: UploadRecord[]): Claim {
  const unlinked = recent.filter((r) => r.encrypted && !r.roomId).reverse(); // oldest first
  const main = unlinked.at(-1);
  // Element uploads an image's thumbnail (smaller) just before the image itself.
  const first = unlinked[0];
  const paired = unlinked.length === 2 && first && main && (first.size ?? 0) < (main.size ?? 0);
  return { ids: unlinked.map((r) => r.id), ...(paired && { thumbnail: { id: first.id, of: main.id } }) };
}

/** In the page's world: who Element's client is signed in as, and where (Element's mxMatrixClientPeg, research §2). */
function matrixSession(): { userId: unknown; homeserver: unknown } | null {
  try {
    const peg = (globalThis as { mxMatrixClientPeg?: { get?(): { getUserId(): unknown; getHomeserverUrl(): unknown } | null } }).mxMatrixClientPeg;
    const client = peg?.get?.();
    return client ? { userId: client.getUserId(), homeserver: client.getHomeserverUrl() } : null;
  } catch {
    return null;
  }
}

/** The account, when the page's client is the one that made the upload (signed in to that homeserver). */
function accountOf(answer: unknown, instanceOrigin: string): string | null {
  const a = answer as { userId?: unknown; homeserver?: unknown } | null;
  const home = typeof a?.homeserver === 'string' ? safeUrl(a.homeserver)?.origin : undefined;
  return home === instanceOrigin && isUserId(a?.userId) ? a.userId : null;
}

export const matrix: Platform = {
  ...matrixInPage,
  id: 'matrix',
  deletion: matrixDeletion,
  parseUpload,
  parseLink,
  claimUnnamed: { windowMs: ENCRYPTED_LINK_WINDOW_MS, claim: claimEncrypted },
  unseen: { patterns: ['*://*/*_matrix/media/*upload*'], describe: () => ({ api: 'matrix-media', kind: 'attachment' }) },
  signedIn: { probe: matrixSession, account: accountOf },
};

export { interpretMatrixDelete, isMediaRepoVersion, matrixDeletion, matrixProofUrl, planMatrixDelete, type MatrixDeletePlans } from './matrix-delete';
