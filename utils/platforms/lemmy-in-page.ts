import { safeUrl } from './shared';
import type { Destination, DestinationLabel, HeldUpload, InPagePlatform, UploadKind, WatchRule } from './types';

// What the bridge in the page needs of Lemmy, zod-free: the document_start part carries the rules, the injected rest
// describes held uploads (issue 13). The rest of Lemmy is ./lemmy.ts.
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

/** Lemmy 1.0's upload routes and what each stores. */
export const V4_KINDS: Record<string, UploadKind> = {
  image: 'image',
  'account/avatar': 'avatar',
  'account/banner': 'banner',
  'community/icon': 'community-icon',
  'community/banner': 'community-banner',
  'site/icon': 'site-icon',
  'site/banner': 'site-banner',
};

// Lemmy 0.19's single /pictrs/image route serves post images, avatars and banners alike: only 1.0 tells them apart.
export function describeLemmyHold(hold: Pick<HeldUpload, 'rule' | 'url'>): Destination {
  const url = safeUrl(hold.url);
  const route = hold.rule === 'lemmy-v4-upload' ? url?.pathname.match(new RegExp(V4_UPLOAD))?.[1] : undefined;
  const kind = (route && V4_KINDS[route]) || 'image';
  return { label: kind as DestinationLabel, host: url?.host ?? '', exposure: 'lemmy' };
}

export const lemmyInPage: InPagePlatform = { rules: lemmyRules, describeHold: describeLemmyHold };
