import { decodeSegment, safeUrl } from './shared';
import type { Destination, FileMeta, HeldUpload, InPagePlatform, PickContext, WatchRule } from './types';

// What the bridge in the page needs of Matrix, zod-free: the document_start part carries the rules, the injected rest
// describes held uploads and knows when Element asks itself (issue 13). The rest of Matrix is ./matrix.ts.
/**
 * Matrix media: POST /_matrix/media/{v3,r0,v1}/upload answers {content_uri}; the async flow
 * (POST /_matrix/media/v1/create, then PUT /_matrix/media/v3/upload/{server}/{id}) names the mxc in the URL.
 * Sends, profile and room-avatar updates that follow tell where the upload ended up.
 */
export const UPLOAD = '/_matrix/media/(?:v3|r0|v1)/upload/?$';
export const UPLOAD_ASYNC = '/_matrix/media/v3/upload/([^/]+)/([^/]+)/?$';
export const SEND = '/_matrix/client/(?:v3|r0)/rooms/([^/]+)/send/([^/]+)/[^/]+$';
export const PROFILE_AVATAR = '/_matrix/client/(?:v3|r0)/profile/[^/]+/avatar_url$';
export const ROOM_AVATAR = '/_matrix/client/(?:v3|r0)/rooms/([^/]+)/state/m\\.room\\.avatar(?:/[^/]*)?$';

export const matrixRules: WatchRule[] = [
  { id: 'matrix-upload', methods: ['POST'], path: UPLOAD, role: 'upload' },
  { id: 'matrix-upload-async', methods: ['PUT'], path: UPLOAD_ASYNC, role: 'upload' },
  { id: 'matrix-send', methods: ['PUT'], path: SEND, role: 'link' },
  { id: 'matrix-avatar', methods: ['PUT'], path: PROFILE_AVATAR, role: 'link' },
  { id: 'matrix-room-avatar', methods: ['PUT'], path: ROOM_AVATAR, role: 'link' },
];

/** The file name an upload's URL carries (?filename=, which Element encodes once or twice). */
export function nameFromQuery(url: URL): string | null {
  let name = url.searchParams.get('filename');
  if (name === null) return null;
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(name); i++) name = decodeSegment(name) ?? name;
  return name;
}

// Element uploads encrypted attachments (and thumbnails) as a nameless Blob of ciphertext: `new Blob([data])`, so
// its own type is '' and application/octet-stream only travels in the request header (uploadContent's opts.type).
export function isCiphertext(file: FileMeta | undefined, url: URL): boolean {
  const octet = file?.type === '' || file?.type === 'application/octet-stream';
  return !!file && file.name === null && nameFromQuery(url) === null && octet;
}

function describeMatrixHold(hold: HeldUpload): Destination {
  const url = safeUrl(hold.url);
  const encrypted = !!url && isCiphertext(hold.files[0], url);
  return {
    label: encrypted ? 'matrix-encrypted' : 'matrix-file',
    host: url?.host ?? '',
    exposure: encrypted ? 'matrix-encrypted' : 'matrix',
  };
}

/**
 * Element Web opens its own UploadConfirmDialog for a file picked, pasted or dropped in a room, but not for avatars and
 * room avatars (picked inside its settings dialogs), voice messages or widgets (no pick at all). Several files at once
 * are not counted on: Element's gallery sending (MSC4274, 2-10 files) skips its dialog.
 */
function matrixAppConfirms(_hold: HeldUpload, pick: PickContext | null, doc: Document): boolean {
  return !!pick && pick.fileCount === 1 && !pick.inDialog && doc.getElementById('matrixchat') !== null;
}

export const matrixInPage: InPagePlatform = { rules: matrixRules, describeHold: describeMatrixHold, appConfirms: matrixAppConfirms };
