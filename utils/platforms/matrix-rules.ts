import type { WatchRule } from './types';

// Zod-free and import-free (types aside): the document_start bridge in every frame carries these (issue 13).
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
