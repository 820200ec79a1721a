// Posts, as far as the images they use go (updates-2026-12.md §1, "Post thumbnails are separate copies"):
//   POST /api/v3/post (1.0: /api/v4/post) {name, community_id, url?, body?}: login required (401 incorrect_login);
//        200 {post_view:{post:{id, name, url, thumbnail_url:null, creator_id, ap_id, published}, creator, community}}.
//   PUT  /api/v3/post (1.0: /api/v4/post) {post_id, url?, …}: the creator only (403 no_post_edit_allowed); 200, as above.
//   GET  /api/v3/post?id= (1.0: /api/v4/post?id=): anyone; {post_view, community_view, moderators:[], cross_posts:[]};
//        404 {"error":"not_found"} (1.0) / {"error":"couldnt_find_post"} (0.19).
// A moment (`thumbnailDelayMs`) after a post is created or its url edited, when the url is one of this instance's
// images, Lemmy's link-metadata task stores a thumbnail through pict-rs under a NEW alias and sets thumbnail_url. On
// 0.19 that copy belongs to no account (no local_user_id: in no list_media, no one's to delete); on 1.0 it is the post
// creator's (thumbnail_for_post_id), so the creator's DELETE /api/v4/account/media removes it.
// `purge(alias)` is the admin's pict-rs purge of one alias (what an erasure letter asks for).

const IMAGE_PATH = /^\/(?:pictrs\/image|api\/v4\/image)\/([^/]+)$/;

export function createPosts({ origin, files, store, v4, caller, personOf, thumbnailDelayMs = 300 }) {
  const posts = new Map();
  let seq = 0;

  const view = (p) => ({
    post: { id: p.id, name: p.name, url: p.url, thumbnail_url: p.thumbnail_url, creator_id: p.creator.id, ap_id: `${origin}/post/${p.id}`, [v4() ? 'published_at' : 'published']: p.published },
    creator: { id: p.creator.id, name: p.creator.name },
    community: { id: 1, name: 'main' },
  });

  /** What the link-metadata task does once the post is saved: a thumbnail copy of a local image, under a new alias. */
  function makeThumbnail(p) {
    const at = URL.canParse(p.url ?? '') ? new URL(p.url) : null;
    const alias = at?.origin === origin ? IMAGE_PATH.exec(at.pathname)?.[1] : undefined;
    const f = alias && files.get(decodeURIComponent(alias));
    if (!f) return;
    setTimeout(() => {
      if (posts.get(p.id) !== p) return;
      const copy = store(f.data, f.type, v4() ? p.owner : null, v4());
      p.thumbnail_url = `${origin}${v4() ? '/api/v4/image/' : '/pictrs/image/'}${copy.file}`;
      p.thumbnail = copy.file;
    }, thumbnailDelayMs);
  }

  async function handle(req, res, url, h, { readJson, send }) {
    const route = v4() ? '/api/v4/post' : '/api/v3/post';
    if (url.pathname !== route) return false;
    const json = (status, body) => (send(res, status, body, h), true);
    if (req.method === 'GET') {
      const p = posts.get(Number(url.searchParams.get('id')));
      if (!p) return json(404, { error: v4() ? 'not_found' : 'couldnt_find_post' });
      return json(200, { post_view: view(p), community_view: { community: { id: 1, name: 'main' } }, moderators: [], cross_posts: [] });
    }
    if (req.method !== 'POST' && req.method !== 'PUT') return false;
    const user = caller(req);
    if (!user) return json(401, { error: 'incorrect_login' });
    const form = (await readJson(req)) ?? {};
    if (req.method === 'POST') {
      const p = { id: ++seq, name: String(form.name ?? ''), url: form.url ?? null, thumbnail_url: null, owner: user, creator: personOf(user), published: new Date().toISOString() };
      posts.set(p.id, p);
      makeThumbnail(p);
      return json(200, { post_view: view(p) });
    }
    const p = posts.get(Number(form.post_id));
    if (!p) return json(404, { error: v4() ? 'not_found' : 'couldnt_find_post' });
    if (p.owner !== user) return json(403, { error: 'no_post_edit_allowed' });
    if (form.url !== undefined && form.url !== p.url) {
      p.url = form.url;
      p.thumbnail_url = null;
      makeThumbnail(p);
    }
    return json(200, { post_view: view(p) });
  }

  return {
    posts,
    handle,
    /** The admin's pict-rs purge of one alias. */
    purge: (alias) => files.delete(alias),
  };
}
