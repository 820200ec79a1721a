import type { WatchRule } from './types';

// Zod-free and import-free (types aside): the document_start bridge in every frame carries these (issue 13).
/**
 * Lemmy 0.18 / 0.19.x: POST …/pictrs/image answers with pict-rs' aliases and delete tokens.
 * Lemmy 1.0 (API v4): POST /api/v4/image (and avatar, banner, icon routes) answers with a filename, no token.
 */
export const V3_UPLOAD = '/pictrs/image/?$';
export const V4_UPLOAD = '/api/v4/(image|account/avatar|account/banner|community/icon|community/banner|site/icon|site/banner)/?$';

// Creating or editing a post: its url may be one of the user's images, of which Lemmy then makes a thumbnail copy.
export const POST = '/api/v[34]/post/?$';

export const lemmyRules: WatchRule[] = [
  { id: 'lemmy-v3-upload', methods: ['POST'], path: V3_UPLOAD, role: 'upload' },
  { id: 'lemmy-v4-upload', methods: ['POST'], path: V4_UPLOAD, role: 'upload' },
  { id: 'lemmy-post', methods: ['POST', 'PUT'], path: POST, role: 'link' },
];
