import { z } from 'zod';
import type { LinkFact, Observation, Platform, ServerCopies, UploadDraft, UploadKind } from './types';
import { lemmyDeletion, recordApiBase } from './lemmy-delete';
import { fileAt, isSuccess, parseJson, safeUrl } from './shared';
import { V4_KINDS, V4_UPLOAD, describeLemmyHold as describeHold, lemmyInPage } from './lemmy-in-page';

// pict-rs aliases look like "6a0d…-….png"; anything with a slash, odd characters or a dot path
// ("." / "..", which would climb out of /pictrs/image/ once the URL is resolved) is not one.
const alias = z.string().regex(/^(?!\.)(?!.*\.\.)[A-Za-z0-9._-]{1,255}$/);
const deleteToken = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/);

export const V3ResponseSchema = z.object({
  msg: z.string().max(1024),
  files: z
    .array(
      z.object({
        file: alias,
        delete_token: deleteToken,
        details: z
          .object({
            width: z.number().int().nonnegative().optional(),
            height: z.number().int().nonnegative().optional(),
            content_type: z.string().max(256).optional(),
          })
          .loose()
          .nullish(),
      }),
    )
    // One request per file in lemmy-ui; a page may send more at once, and every key is kept.
    .max(1024)
    .nullable(),
});

export const V4ResponseSchema = z.object({
  image_url: z.string().max(4096),
  filename: alias,
});

/**
 * The API base of the request the browser sent: its origin and whatever path comes before the upload route (usually
 * nothing; "/lemmy" for an instance served under a path). Response bodies never decide it.
 */
function requestBase(url: URL, route: RegExp): string {
  return url.origin + url.pathname.replace(route, '');
}

function parseV3(obs: Observation, url: URL): UploadDraft[] {
  const body = V3ResponseSchema.safeParse(parseJson(obs.response));
  if (!body.success || !body.data.files) return [];
  const base = requestBase(url, /\/pictrs\/image\/?$/);
  return body.data.files.map((f, i): UploadDraft => {
    const file = fileAt(obs, i);
    return {
      platform: 'lemmy',
      api: 'lemmy-v3',
      kind: 'image',
      instanceOrigin: url.origin,
      apiBase: base,
      key: f.file,
      url: `${base}/pictrs/image/${f.file}`,
      deleteToken: f.delete_token,
      fileIndex: file ? i : null,
      fileName: file?.name ?? null,
      mime: file?.type || f.details?.content_type || null,
      size: file?.size ?? null,
      ...(f.details?.width !== undefined && { width: f.details.width }),
      ...(f.details?.height !== undefined && { height: f.details.height }),
    };
  });
}

function parseV4(obs: Observation, url: URL): UploadDraft[] {
  const body = V4ResponseSchema.safeParse(parseJson(obs.response));
  if (!body.success || !safeUrl(body.data.image_url)) return [];
  const route = url.pathname.match(new RegExp(V4_UPLOAD))?.[1] ?? 'image';
  const base = requestBase(url, new RegExp(V4_UPLOAD));
  const file = fileAt(obs, 0);
  return [
    {
      platform: 'lemmy',
      api: 'lemmy-v4',
      kind: V4_KINDS[route] ?? 'image',
      instanceOrigin: url.origin,
      apiBase: base,
      key: body.data.filename,
      // Where 1.0 serves every upload (GET /api/v4/image/{filename}), on the API the request went to; the body's own
      // image_url is not used: a page's service worker can answer with any address.
      url: `${base}/api/v4/image/${body.data.filename}`,
      fileIndex: file ? 0 : null,
      fileName: file?.name ?? null,
      mime: file?.type || null,
      size: file?.size ?? null,
    },
  ];
}

const PostViewSchema = z.object({
  post_view: z.object({
    post: z.object({
      id: z.number().int().positive(),
      url: z.string().max(8192).nullish(),
      thumbnail_url: z.string().max(8192).nullish(),
    }),
  }),
});

/** The alias of an image this instance serves at `address` (/pictrs/image/<alias>, 1.0: /api/v4/image/<alias>), or null. */
function localAlias(address: string | null | undefined, base: string): string | null {
  const url = safeUrl(address ?? '');
  const at = safeUrl(base);
  if (!url || !at || url.origin !== at.origin || url.search || url.hash) return null;
  const m = /^(.*)\/(?:pictrs\/image|api\/v4\/image)\/([^/]+)$/.exec(url.pathname);
  if (!m || m[1] !== at.pathname.replace(/\/+$/, '')) return null;
  const parsed = alias.safeParse(decodeURIComponent(m[2]!));
  return parsed.success ? parsed.data : null;
}

/**
 * A post created or edited (POST/PUT …/api/v3/post, 1.0 /api/v4/post) whose url is one of this instance's images: that
 * upload is the post's image. The answer is the page's claim; it only says which post to look up (serverCopies).
 */
function parsePost(obs: Observation): LinkFact | null {
  const url = safeUrl(obs.url);
  if (!url || !isSuccess(obs)) return null;
  const body = PostViewSchema.safeParse(parseJson(obs.response));
  if (!body.success) return null;
  const base = requestBase(url, /\/api\/v[34]\/post\/?$/);
  const key = localAlias(body.data.post_view.post.url, base);
  if (!key) return null;
  return { platform: 'lemmy', instanceOrigin: url.origin, keys: [key], thumbnailKeys: [], kind: 'post-image', encrypted: false, postId: body.data.post_view.post.id };
}

/**
 * Lemmy's link-metadata task stores a thumbnail of a post's image under a new alias a moment after the post is saved
 * (post_view.post.thumbnail_url; updates-2026-12.md §1): a copy that stays online when the upload is deleted. Takeback
 * looks the post up itself, without credentials, and believes a copy only when that post's url is the upload.
 */
const serverCopies: ServerCopies = {
  delaysMs: [2_000, 8_000, 30_000],
  lookupUrl(file) {
    const base = recordApiBase(file);
    if (!base || !file.postId) return null;
    return `${base}/api/${file.api === 'lemmy-v4' ? 'v4' : 'v3'}/post?id=${file.postId}`;
  },
  parse(text, file) {
    const base = recordApiBase(file);
    const body = PostViewSchema.safeParse(parseJson(text));
    if (!base || !body.success || body.data.post_view.post.id !== file.postId) return [];
    const { url, thumbnail_url } = body.data.post_view.post;
    if (localAlias(url, base) !== file.key) return [];
    const copy = localAlias(thumbnail_url, base);
    if (!copy || copy === file.key) return [];
    return [{ key: copy, url: `${base}${file.api === 'lemmy-v4' ? '/api/v4/image/' : '/pictrs/image/'}${copy}` }];
  },
};

export const lemmy: Platform = {
  ...lemmyInPage,
  id: 'lemmy',
  deletion: lemmyDeletion,
  parseUpload(obs) {
    const url = safeUrl(obs.url);
    if (!url || !isSuccess(obs)) return [];
    if (obs.rule === 'lemmy-v3-upload') return parseV3(obs, url);
    if (obs.rule === 'lemmy-v4-upload') return parseV4(obs, url);
    return [];
  },
  parseLink: (obs) => (obs.rule === 'lemmy-post' ? parsePost(obs) : null),
  serverCopies,
  unseen: {
    // Chrome and Firefox match patterns: '*' in a path matches anything, a prefix such as /lemmy/ included.
    patterns: ['*://*/*pictrs/image*', ...Object.keys(V4_KINDS).map((route) => `*://*/*api/v4/${route}*`)],
    describe: (ruleId, url) => ({
      api: ruleId === 'lemmy-v4-upload' ? 'lemmy-v4' : 'lemmy-v3',
      kind: describeHold({ rule: ruleId, url: url.href }).label as UploadKind,
    }),
  },
};

export { interpretLemmyDelete, lemmyDeletion, lemmyProofUrl, planLemmyDelete, recordApiBase } from './lemmy-delete';
export { bandFromNodeinfo, bandFromSite, lemmyBand, nodeinfoUrl, type LemmyBand } from './lemmy-version';
