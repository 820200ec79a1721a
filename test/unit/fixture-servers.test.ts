// The fixture servers' issue-4/5 semantics over real HTTP (node fetch on 127.0.0.1): what the delete, bulk and backfill
// tests rely on. Numbers refer to the brief's list (Lemmy 1–6, Matrix 8–12); facts are cited in each server's header.
import { describe, expect, it } from 'vitest';
import { bandFromNodeinfo, bandFromSite, nodeinfoUrl } from '@/utils/platforms/lemmy-version';
import { interpretLemmyDelete } from '@/utils/platforms/lemmy-delete';
import { isMediaRepoVersion, interpretMatrixDelete } from '@/utils/platforms/matrix-delete';
import { parseFederationVersion } from '@/utils/platforms/matrix-admin';
import { LEMMY_VERSIONS, type LemmyFixture } from '../e2e/servers/lemmy.mjs';
import type { MatrixFixture } from '../e2e/servers/matrix.mjs';
import { fixtureServers } from './fixture-lifecycle';

const { lemmy, matrix } = fixtureServers();

const bearerOf = (jwt: string | null): Record<string, string> => (jwt ? { Authorization: `Bearer ${jwt}` } : {});

async function get(url: string, jwt: string | null = null) {
  const res = await fetch(url, { headers: bearerOf(jwt), redirect: 'manual', cache: 'no-store' });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json, headers: res.headers };
}

const served = async (url: string) => (await fetch(url, { cache: 'no-store' })).status;
const v3Delete = (s: LemmyFixture, token: string, alias: string, jwt: string | null = s.jwt) =>
  get(`${s.origin}/pictrs/image/delete/${encodeURIComponent(token)}/${encodeURIComponent(alias)}`, jwt);
async function v4Delete(s: LemmyFixture, alias: string, jwt: string | null = s.jwt) {
  const res = await fetch(`${s.origin}/api/v4/account/media`, {
    method: 'DELETE',
    headers: { 'Content-Type': 'application/json', ...bearerOf(jwt) },
    body: JSON.stringify({ filename: alias }),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function uploadPng(s: LemmyFixture, jwt = s.jwt) {
  const form = new FormData();
  form.append('images[]', new Blob([new Uint8Array([137, 80, 78, 71, 9, 9])], { type: 'image/png' }), 'a.png');
  const res = await fetch(`${s.origin}${s.version === '1.0' ? '/api/v4/image' : '/pictrs/image'}`, { method: 'POST', body: form, headers: bearerOf(jwt) });
  return { status: res.status, json: (await res.json()) as any };
}

describe('Lemmy 1: 0.19.12 (token ignored, uploader or admin only, always 204)', () => {
  it('is a known version whose uploads answer like 0.19.4', async () => {
    expect(LEMMY_VERSIONS).toContain('0.19.12');
    const s = await lemmy({ version: '0.19.12' });
    const up = await uploadPng(s);
    expect(up.status).toBe(201);
    expect(Object.keys(up.json)).toEqual(['files', 'msg']);
    expect(up.json.files[0]).toMatchObject({ file: expect.stringMatching(/-01912\.png$/), delete_token: expect.any(String), details: { content_type: 'image/png' } });
  });

  it('requires a login (401 incorrect_login) and deletes nothing without one', async () => {
    const s = await lemmy({ version: '0.19.12' });
    const [f] = s.seedUploads(1);
    const r = await v3Delete(s, f!.token!, f!.alias, null);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'incorrect_login' });
    expect(await served(f!.url)).toBe(200);
  });

  it('ignores the token: the owner deletes with a made-up one, 204 with an empty body', async () => {
    const s = await lemmy({ version: '0.19.12' });
    const [f] = s.seedUploads(1);
    const r = await v3Delete(s, 'not-the-token', f!.alias);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect(await served(f!.url)).toBe(404);
    expect(interpretLemmyDelete('0.19.12+', r.status, r.text)).toEqual({ status: 'deleted-unverified' });
  });

  it('another logged-in user gets 404 Record not found, with the right token too; an admin may delete', async () => {
    const s = await lemmy({ version: '0.19.12', users: { 'jwt-bob': { name: 'bob' }, 'jwt-root': { name: 'root', admin: true } } });
    const [a, b] = s.seedUploads(2);
    const r = await v3Delete(s, a!.token!, a!.alias, 'jwt-bob');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: 'unknown', message: 'Record not found' });
    expect(interpretLemmyDelete('0.19.12+', r.status, r.text)).toMatchObject({ status: 'failed', reason: 'not-owner' });
    expect(await served(a!.url)).toBe(200);
    expect(s.files.get(a!.alias)?.row).toBe(true);
    expect((await v3Delete(s, 'x', b!.alias, 'jwt-root')).status).toBe(204);
    expect(await served(b!.url)).toBe(404);
  });

  it('no row (already deleted, or an upload from before 0.19) is a 404 as well', async () => {
    const s = await lemmy({ version: '0.19.12' });
    const [old] = s.seedUploads(1, { row: false });
    expect((await v3Delete(s, old!.token!, old!.alias)).status).toBe(404);
    expect(await served(old!.url)).toBe(200);
    const [f] = s.seedUploads(1);
    expect((await v3Delete(s, 'x', f!.alias)).status).toBe(204);
    expect((await v3Delete(s, 'x', f!.alias)).json).toEqual({ error: 'unknown', message: 'Record not found' });
  });

  it('answers 204 even when pict-rs did not delete (keepServing): only the probe can tell', async () => {
    const s = await lemmy({ version: '0.19.12', keepServing: true });
    const [f] = s.seedUploads(1);
    expect((await v3Delete(s, 'x', f!.alias)).status).toBe(204);
    expect(await served(f!.url)).toBe(200);
    expect(s.files.get(f!.alias)).toMatchObject({ row: false, deleted: true });
  });

  it('0.19.4 (caveat 2): with no row left, pict-rs still deletes but Lemmy answers 404 Record not found', async () => {
    const s = await lemmy({ version: '0.19.4' });
    const [f] = s.seedUploads(1);
    const wrong = await v3Delete(s, 'wrong', f!.alias);
    expect(wrong.json).toMatchObject({ code: 'invalid-delete-token' }); // the row is dropped anyway
    const right = await v3Delete(s, f!.token!, f!.alias);
    expect(right.status).toBe(404);
    expect(right.json).toEqual({ error: 'unknown', message: 'Record not found' });
    expect(await served(f!.url)).toBe(404);
    // 0.19.0 deletes rows with execute(): no 404 there.
    const s0 = await lemmy({ version: '0.19.0' });
    const [h] = s0.seedUploads(1);
    await v3Delete(s0, 'wrong', h!.alias);
    expect((await v3Delete(s0, h!.token!, h!.alias)).status).toBe(204);
  });
});

describe('Lemmy 2: version detection (site, nodeinfo)', () => {
  const expected: Record<string, [string, string]> = {
    '0.18': ['0.18.5', '0.18'],
    '0.19.0': ['0.19.0', '0.19.0-0.19.11'],
    '0.19.4': ['0.19.4', '0.19.0-0.19.11'],
    '0.19.12': ['0.19.12', '0.19.12+'],
    '1.0': ['1.0.0-beta.1', '1.0'],
  };

  it.each(Object.entries(expected))('%s: /api/v3/site has the version and two admins', async (version, [site, band]) => {
    const s = await lemmy({ version });
    const r = await get(`${s.origin}/api/v3/site`);
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(site);
    expect(s.siteVersion).toBe(site);
    expect(bandFromSite(r.text)).toBe(band);
    expect(r.json.site_view.site).toMatchObject({ id: 1, actor_id: `${s.origin}/` });
    expect(r.json).toMatchObject({ all_languages: expect.any(Array), discussion_languages: expect.any(Array), taglines: [], custom_emojis: [] });
    expect(r.json.admins).toHaveLength(2);
    expect(r.json.admins[0].person).toMatchObject({ name: 'admin', actor_id: `${s.origin}/u/admin`, matrix_user_id: '@admin:e2e.test', local: true });
    expect(r.json.admins[1].person.matrix_user_id).toBeUndefined();
    if (version === '0.18') expect(r.json.admins[0].person.admin).toBe(true);
    else expect(r.json.admins[0].is_admin).toBe(true);
    expect('blocked_urls' in r.json).toBe(version !== '0.18' && version !== '0.19.0');
  });

  it('1.0 also has /api/v4/site (v4 field names); earlier versions have no v4', async () => {
    const s = await lemmy({ version: '1.0' });
    const r = await get(`${s.origin}/api/v4/site`);
    expect(r.json.version).toBe('1.0.0-beta.1');
    expect(r.json.admins[0]).toMatchObject({ is_admin: true, person: { name: 'admin', ap_id: `${s.origin}/u/admin`, matrix_user_id: '@admin:e2e.test' } });
    expect(bandFromSite(r.text)).toBe('1.0');
    const old = await lemmy({ version: '0.19.4' });
    expect((await get(`${old.origin}/api/v4/site`)).status).toBe(404);
  });

  it('admins and the version string can be overridden; admin accounts are listed', async () => {
    const s = await lemmy({ version: '0.19.4', siteVersion: '0.19.12-beta.3', admins: [{ name: 'solo', matrix_user_id: '@solo:m.test' }], users: { j2: { name: 'ops', admin: true } } });
    const r = await get(`${s.origin}/api/v3/site`);
    expect(r.json.version).toBe('0.19.12-beta.3');
    expect(r.json.admins.map((a: any) => a.person.name)).toEqual(['solo', 'ops']);
  });

  it.each([
    ['0.18', '2.0', '/nodeinfo/2.0.json'],
    ['0.19.0', '2.0', '/nodeinfo/2.0.json'],
    ['0.19.4', '2.1', '/nodeinfo/2.1'],
    ['0.19.12', '2.1', '/nodeinfo/2.1'],
    ['1.0', '2.1', '/nodeinfo/2.1'],
  ])('%s: nodeinfo %s at %s names lemmy and its version', async (version, schema, path) => {
    const s = await lemmy({ version });
    const wk = await get(`${s.origin}/.well-known/nodeinfo`);
    expect(wk.json.links).toEqual([{ rel: `http://nodeinfo.diaspora.software/ns/schema/${schema}`, href: `${s.origin}${path}` }]);
    const url = nodeinfoUrl(wk.text, s.origin);
    expect(url).toBe(`${s.origin}${path}`);
    const doc = await get(url!);
    expect(doc.json).toMatchObject({ version: schema, software: { name: 'lemmy', version: s.siteVersion } });
    expect(bandFromNodeinfo(doc.text)).toBe(expected[version]![1]);
    if (schema === '2.1') {
      const old = await get(`${s.origin}/nodeinfo/2.0.json`);
      expect(old.status).toBe(307);
      expect(old.headers.get('location')).toBe('/nodeinfo/2.1');
    }
  });
});

describe('Lemmy: posts and the thumbnail copy of their image (issue 12 §3)', () => {
  it.each(['0.19.4', '1.0'])('%s: a moment after a post links an image, thumbnail_url names a new alias (0.19: nobody\'s; 1.0: the creator\'s)', async (version) => {
    const s = await lemmy({ version, thumbnailDelayMs: 20 });
    const up = await uploadPng(s);
    const alias: string = version === '1.0' ? up.json.filename : up.json.files[0].file;
    const v = version === '1.0' ? 'v4' : 'v3';
    const url = `${s.origin}/${version === '1.0' ? 'api/v4/image' : 'pictrs/image'}/${alias}`;
    const post = (body: unknown, jwt: string | null = s.jwt, method = 'POST') =>
      fetch(`${s.origin}/api/${v}/post`, { method, headers: { 'Content-Type': 'application/json', ...bearerOf(jwt) }, body: JSON.stringify(body) });
    expect((await post({ name: 'x', community_id: 1, url }, null)).status).toBe(401);
    const made = (await (await post({ name: 'x', community_id: 1, url })).json()) as any;
    expect(made.post_view.post).toMatchObject({ url, thumbnail_url: null });
    await new Promise((r) => setTimeout(r, 60));
    const looked = await get(`${s.origin}/api/${v}/post?id=${made.post_view.post.id}`);
    const thumb: string = looked.json.post_view.post.thumbnail_url;
    const copy = thumb.split('/').pop()!;
    expect(copy).not.toBe(alias);
    expect(await served(thumb)).toBe(200);
    expect(s.files.get(copy)?.owner).toBe(version === '1.0' ? s.jwt : null);
    expect((await get(`${s.origin}/api/${v}/post?id=999`)).status).toBe(404);
    s.purgeFile(copy);
    expect(await served(thumb)).toBe(404);
  });
});

describe('Lemmy 3: keepServing', () => {
  it.each(['0.18', '0.19.4', '1.0'])('%s: the delete succeeds, the image stays online; switchable at run time', async (version) => {
    const s = await lemmy({ version });
    const [a, b] = s.seedUploads(2);
    s.mode.keepServing = true;
    const del = (f: typeof a) => (version === '1.0' ? v4Delete(s, f!.alias) : v3Delete(s, f!.token!, f!.alias));
    expect((await del(a)).status).toBe(version === '1.0' ? 200 : 204);
    expect(await served(a!.url)).toBe(200);
    s.mode.keepServing = false;
    expect((await del(b)).status).toBe(version === '1.0' ? 200 : 204);
    expect(await served(b!.url)).toBe(404);
  });
});

describe('Lemmy 4: rate limiting, failure injection, concurrency', () => {
  it('every Nth delete is a 429 with Retry-After and the rate_limit_error body, and nothing is deleted', async () => {
    const s = await lemmy({ version: '0.19.4', rateLimit: { every: 2, retryAfterSeconds: 7 } });
    const [a, b] = s.seedUploads(2);
    expect((await v3Delete(s, a!.token!, a!.alias)).status).toBe(204);
    const limited = await v3Delete(s, b!.token!, b!.alias);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json).toEqual({ error: 'rate_limit_error' });
    expect(interpretLemmyDelete('0.19.0-0.19.11', limited.status, limited.text, limited.headers.get('retry-after'))).toMatchObject({
      status: 'failed',
      reason: 'rate-limited',
      retryAfterMs: 7000,
    });
    expect(s.files.get(b!.alias)?.row).toBe(true); // not even the 0.19.4 row drop
    expect(await served(b!.url)).toBe(200);
    // An immediate retry is too early (recorded); it is the 3rd request, so it passes.
    expect((await v3Delete(s, b!.token!, b!.alias)).status).toBe(204);
    expect(s.stats.earlyRetries).toBe(1);
    expect(s.stats.perAlias.get(b!.alias)).toEqual({ attempts: 2, ok: 1, removed: 1, rateLimited: 1, failed: 0 });
    expect(s.stats.deletes.map((d) => d.result)).toEqual(['deleted', 'rate-limited', 'deleted']);
  });

  it("status 400 without Retry-After is Lemmy's own limiter", async () => {
    const s = await lemmy({ version: '1.0' });
    s.mode.rateLimit = { every: 1, status: 400, retryAfterSeconds: null };
    const [a] = s.seedUploads(1);
    const r = await v4Delete(s, a!.alias);
    expect(r.status).toBe(400);
    expect(r.headers.get('retry-after')).toBeNull();
    expect(JSON.parse(r.text)).toEqual({ error: 'rate_limit_error' });
    expect(await served(a!.url)).toBe(200);
  });

  it('a seeded probability is reproducible: two servers with the same seed limit the same requests', async () => {
    const pattern = async () => {
      const s = await lemmy({ version: '0.19.12', rateLimit: { probability: 0.3, seed: 42 } });
      const out: number[] = [];
      for (const f of s.seedUploads(40)) out.push((await v3Delete(s, 'x', f.alias)).status);
      return out;
    };
    const [p1, p2] = [await pattern(), await pattern()];
    expect(p1).toEqual(p2);
    const limited = p1.filter((x) => x === 429).length;
    expect(limited).toBeGreaterThan(3);
    expect(limited).toBeLessThan(25);
  });

  it('failRate answers 500 and deletes nothing (no row dropped); off again, the same alias deletes once', async () => {
    const s = await lemmy({ version: '0.19.0', failRate: { probability: 1, seed: 3 } });
    const [a] = s.seedUploads(1);
    const r = await v3Delete(s, a!.token!, a!.alias);
    expect(r.status).toBe(500);
    expect(interpretLemmyDelete('0.19.0-0.19.11', r.status, r.text)).toMatchObject({ status: 'failed', reason: 'server-error' });
    expect(s.files.get(a!.alias)).toMatchObject({ row: true });
    expect(await served(a!.url)).toBe(200);
    s.mode.failRate = null;
    expect((await v3Delete(s, a!.token!, a!.alias)).status).toBe(204);
    expect(s.stats.injectedFailures).toBe(1);
    expect(s.stats.perAlias.get(a!.alias)).toMatchObject({ attempts: 2, removed: 1, failed: 1 });
  });

  it('failRate with a probability fails about that share, deterministically', async () => {
    const s = await lemmy({ version: '1.0', failRate: { probability: 0.05, seed: 7 } });
    const results = [];
    for (const f of s.seedUploads(200)) results.push((await v4Delete(s, f.alias)).status);
    const failed = results.filter((x) => x === 500).length;
    expect(failed).toBe(s.stats.injectedFailures);
    expect(failed).toBeGreaterThan(2);
    expect(failed).toBeLessThan(25);
    expect([...s.stats.perAlias.values()].every((c) => c.removed + c.failed === 1)).toBe(true);
  });

  it('delayMs makes deletes overlap; maxInFlight is the peak concurrency', async () => {
    const s = await lemmy({ version: '0.19.12', delayMs: 60 });
    const files = s.seedUploads(10);
    const run = async (batch: typeof files) => Promise.all(batch.map((f) => v3Delete(s, 'x', f.alias)));
    await run(files.slice(0, 4));
    expect(s.stats.maxInFlight).toBe(4);
    await Promise.all([run(files.slice(4, 10))]);
    expect(s.stats.maxInFlight).toBe(6);
    expect(s.stats.inFlight).toBe(0);
  });
});

describe('Lemmy 5: seedUploads', () => {
  it('inserts 500 distinct uploads, served and deletable, without HTTP', async () => {
    const s = await lemmy({ version: '0.19.4' });
    const seeded = s.seedUploads(500);
    expect(seeded).toHaveLength(500);
    expect(new Set(seeded.map((f) => f.alias)).size).toBe(500);
    expect(new Set(seeded.map((f) => f.token)).size).toBe(500);
    const times = seeded.map((f) => s.files.get(f.alias)!.published);
    expect(new Set(times).size).toBe(500);
    expect([...times].sort()).toEqual(times);
    const bytes = new Set(seeded.map((f) => Buffer.from(s.files.get(f.alias)!.data).toString('base64')));
    expect(bytes.size).toBe(500);
    expect(seeded[0]!.url).toBe(`${s.origin}/pictrs/image/${seeded[0]!.alias}`);
    const img = await fetch(seeded[499]!.url);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect((await v3Delete(s, seeded[0]!.token!, seeded[0]!.alias)).status).toBe(204);
    expect(s.stats.uploads).toEqual([]); // seeding is not a browser upload
  });

  it('owner is another JWT on request; 1.0 seeds have no token and a v4 URL', async () => {
    const s = await lemmy({ version: '1.0', users: { 'jwt-bob': { name: 'bob' } } });
    const [f] = s.seedUploads(1, { owner: 'jwt-bob' });
    expect(f!.token).toBeNull();
    expect(f!.url).toBe(`${s.origin}/api/v4/image/${f!.alias}`);
    expect((await v4Delete(s, f!.alias)).status).toBe(404); // not the uploader
    expect((await v4Delete(s, f!.alias, 'jwt-bob')).status).toBe(200);
  });
});

describe('Lemmy 6: backfill lists', () => {
  it.each(['0.19.4', '0.19.12'])('%s: list_media pages 120 uploads 50/50/20, newest first, with tokens, own uploads only', async (version) => {
    const s = await lemmy({ version, users: { 'jwt-bob': { name: 'bob' } } });
    const mine = s.seedUploads(60);
    s.seedUploads(5, { owner: 'jwt-bob' });
    s.seedUploads(3, { row: false }); // pre-0.19: no row, never listed
    mine.push(...s.seedUploads(60));
    const pages = [];
    for (let page = 1; page <= 4; page++) pages.push((await get(`${s.origin}/api/v3/account/list_media?page=${page}&limit=50`, s.jwt)).json.images);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20, 0]);
    const listed = pages.flat();
    expect(listed.map((i: any) => i.local_image.pictrs_alias)).toEqual(mine.map((f) => f.alias).reverse());
    const byAlias = new Map(mine.map((f) => [f.alias, f.token]));
    for (const item of listed) {
      expect(Object.keys(item)).toEqual(['local_image', 'person']);
      expect(Object.keys(item.local_image)).toEqual(['local_user_id', 'pictrs_alias', 'pictrs_delete_token', 'published']);
      expect(item.local_image.pictrs_delete_token).toBe(byAlias.get(item.local_image.pictrs_alias));
      expect(item.local_image.published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(item.person).toMatchObject({ name: 'e2e_user', local: true });
    }
    // defaults: page 1, limit 10
    expect((await get(`${s.origin}/api/v3/account/list_media`, s.jwt)).json.images).toHaveLength(10);
    // the other account sees only its own five
    expect((await get(`${s.origin}/api/v3/account/list_media?limit=50`, 'jwt-bob')).json.images).toHaveLength(5);
  });

  it('list_media errors: logged out 401, limit over 50 or page 0 are 400, and a deleted upload leaves the list', async () => {
    const s = await lemmy({ version: '0.19.4' });
    const [f] = s.seedUploads(2);
    expect((await get(`${s.origin}/api/v3/account/list_media`)).json).toEqual({ error: 'incorrect_login' });
    const tooMany = await get(`${s.origin}/api/v3/account/list_media?limit=51`, s.jwt);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual({ error: 'unknown', message: 'Fetch limit is > 50' });
    expect((await get(`${s.origin}/api/v3/account/list_media?page=0`, s.jwt)).json).toEqual({ error: 'unknown', message: 'Page is < 1' });
    expect((await get(`${s.origin}/api/v3/account/list_media?page=x`, s.jwt)).status).toBe(400);
    await v3Delete(s, f!.token!, f!.alias);
    expect((await get(`${s.origin}/api/v3/account/list_media`, s.jwt)).json.images).toHaveLength(1);
  });

  it.each(['0.18', '0.19.0', '1.0'])('%s has no /api/v3/account/list_media (404)', async (version) => {
    const s = await lemmy({ version });
    s.seedUploads(2);
    expect((await get(`${s.origin}/api/v3/account/list_media`, s.jwt)).status).toBe(404);
  });

  it('1.0: /api/v4/account/media/list pages by cursor, no delete token, own uploads only', async () => {
    const s = await lemmy({ version: '1.0', users: { 'jwt-bob': { name: 'bob' } } });
    const mine = s.seedUploads(120);
    s.seedUploads(4, { owner: 'jwt-bob' });
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    let first: any;
    for (let i = 0; i < 5; i++) {
      const r = await get(`${s.origin}/api/v4/account/media/list?limit=50${cursor ? `&page_cursor=${encodeURIComponent(cursor)}` : ''}`, s.jwt);
      expect(r.status).toBe(200);
      first ??= r.json;
      sizes.push(r.json.items.length);
      for (const item of r.json.items) {
        expect(Object.keys(item.local_image).sort()).toEqual(['person_id', 'pictrs_alias', 'published_at']);
        expect(item.person).toMatchObject({ name: 'e2e_user', ap_id: `${s.origin}/u/e2e_user` });
        seen.push(item.local_image.pictrs_alias);
      }
      cursor = r.json.next_page;
      if (!cursor) break;
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(first.prev_page).toBeUndefined();
    expect(seen).toEqual(mine.map((f) => f.alias).sort());
    // default limit 20; another account sees its own four
    expect((await get(`${s.origin}/api/v4/account/media/list`, s.jwt)).json.items).toHaveLength(20);
    expect((await get(`${s.origin}/api/v4/account/media/list`, 'jwt-bob')).json.items).toHaveLength(4);
  });

  it('1.0 list: a full last page still has next_page (then an empty page); prev_page goes back; errors', async () => {
    const s = await lemmy({ version: '1.0' });
    const all = s.seedUploads(4).map((f) => f.alias);
    const p1 = (await get(`${s.origin}/api/v4/account/media/list?limit=2`, s.jwt)).json;
    const p2 = (await get(`${s.origin}/api/v4/account/media/list?limit=2&page_cursor=${p1.next_page}`, s.jwt)).json;
    expect(p2.items.map((i: any) => i.local_image.pictrs_alias)).toEqual(all.slice(2));
    expect(p2.next_page).toBeDefined();
    const p3 = (await get(`${s.origin}/api/v4/account/media/list?limit=2&page_cursor=${p2.next_page}`, s.jwt)).json;
    expect(p3.items).toEqual([]);
    expect(p3.next_page).toBeUndefined();
    const back = (await get(`${s.origin}/api/v4/account/media/list?limit=2&page_cursor=${p2.prev_page}`, s.jwt)).json;
    expect(back.items.map((i: any) => i.local_image.pictrs_alias)).toEqual(all.slice(0, 2));
    expect((await get(`${s.origin}/api/v4/account/media/list`)).status).toBe(401);
    expect((await get(`${s.origin}/api/v4/account/media/list?limit=51`, s.jwt)).json).toEqual({ error: 'invalid_fetch_limit' });
    expect((await get(`${s.origin}/api/v4/account/media/list?page_cursor=%21%21`, s.jwt)).status).toBe(400);
  });
});

// --- Matrix ---------------------------------------------------------------------------------------------------------

const ALICE = 'e2e-matrix-token';
const BOB = 'bob-token';

async function mx(s: MatrixFixture, method: string, path: string, token: string | null = ALICE, body?: unknown) {
  const res = await fetch(`${s.origin}${path}`, {
    method,
    headers: { ...bearerOf(token), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const buf = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(buf);
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    /* bytes */
  }
  return { status: res.status, text, json, buf, headers: res.headers };
}

async function mxUpload(s: MatrixFixture, bytes: Uint8Array<ArrayBuffer>, token = ALICE, name = 'id-card.png') {
  const res = await fetch(`${s.origin}/_matrix/media/v3/upload?filename=${name}`, {
    method: 'POST',
    headers: { ...bearerOf(token), 'Content-Type': 'image/png' },
    body: bytes,
  });
  const { content_uri } = (await res.json()) as { content_uri: string };
  const [, server, id] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(content_uri)!;
  return { mxc: content_uri, server: server!, id: id! };
}

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3, 4]);

describe('Matrix 8: matrix-media-repo vs Synapse', () => {
  it('mediaRepo: /_matrix/media/version answers the Version, without a token', async () => {
    const s = await matrix({ mediaRepo: true });
    const r = await mx(s, 'GET', '/_matrix/media/version', null);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ Version: 'v1.3.7', unstable_features: {} });
    expect(isMediaRepoVersion(r.status, r.text)).toBe(true);
  });

  it('Synapse: the version probe and the uploader delete are unknown endpoints (404 M_UNRECOGNIZED)', async () => {
    const s = await matrix();
    const v = await mx(s, 'GET', '/_matrix/media/version', null);
    expect(v.status).toBe(404);
    expect(v.json).toEqual({ errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
    expect(isMediaRepoVersion(v.status, v.text)).toBe(false);
    const up = await mxUpload(s, PNG);
    const d = await mx(s, 'DELETE', `/_matrix/media/unstable/download/${up.server}/${up.id}`);
    expect(d.json.errcode).toBe('M_UNRECOGNIZED');
    expect(interpretMatrixDelete(d.status, d.text)).toMatchObject({ status: 'needs-admin' });
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/${up.server}/${up.id}`)).status).toBe(200);
  });

  it('mediaRepo: the uploader deletes ({"purged":true}), the download is 404 M_NOT_FOUND afterwards', async () => {
    const s = await matrix({ mediaRepo: true });
    const up = await mxUpload(s, PNG);
    const d = await mx(s, 'DELETE', `/_matrix/media/unstable/download/${up.server}/${up.id}`);
    expect(d.status).toBe(200);
    expect(d.json).toEqual({ purged: true });
    expect(interpretMatrixDelete(d.status, d.text)).toEqual({ status: 'deleted-unverified' });
    const after = await mx(s, 'GET', `/_matrix/client/v1/media/download/${up.server}/${up.id}`);
    expect(after.status).toBe(404);
    expect(after.json.errcode).toBe('M_NOT_FOUND');
    expect(s.media.get(up.id)?.deleted).toBe(true);
    // purging again (or an unknown id) is still {"purged":true}; the io.t2bot.media prefix works too
    expect((await mx(s, 'DELETE', `/_matrix/media/unstable/io.t2bot.media/download/${up.server}/${up.id}`)).json).toEqual({ purged: true });
  });

  it('mediaRepo: another valid user gets 401 M_UNKNOWN_TOKEN and the file stays; no token is 401 M_MISSING_TOKEN', async () => {
    const s = await matrix({ mediaRepo: true, users: { [BOB]: '@bob:e2e.test' } });
    const up = await mxUpload(s, PNG);
    const d = await mx(s, 'DELETE', `/_matrix/media/unstable/download/${up.server}/${up.id}`, BOB);
    expect(d.status).toBe(401);
    expect(d.json).toEqual({ errcode: 'M_UNKNOWN_TOKEN', error: 'Authentication Failed', mr_errcode: 'M_UNKNOWN_TOKEN' });
    expect(interpretMatrixDelete(d.status, d.text)).toMatchObject({ status: 'failed', reason: 'not-owner' });
    expect((await mx(s, 'DELETE', `/_matrix/media/unstable/download/${up.server}/${up.id}`, null)).json.errcode).toBe('M_MISSING_TOKEN');
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/${up.server}/${up.id}`)).status).toBe(200);
    expect(s.stats.mediaDeletes.map((x) => [x.user, x.status])).toEqual([['@bob:e2e.test', 401]]);
  });

  it('mediaRepo can be switched at run time', async () => {
    const s = await matrix();
    s.mediaRepo = true;
    expect((await mx(s, 'GET', '/_matrix/media/version', null)).status).toBe(200);
  });
});

describe('Matrix 9: media serving', () => {
  it('stores the bytes; the authenticated download needs a token and returns them', async () => {
    const s = await matrix();
    const up = await mxUpload(s, PNG);
    expect(s.media.get(up.id)).toMatchObject({ uploader: '@alice:e2e.test', type: 'image/png', filename: 'id-card.png' });
    const none = await mx(s, 'GET', `/_matrix/client/v1/media/download/${up.server}/${up.id}`, null);
    expect(none.status).toBe(401);
    expect(none.json.errcode).toBe('M_MISSING_TOKEN');
    const ok = await mx(s, 'GET', `/_matrix/client/v1/media/download/${up.server}/${up.id}/id-card.png`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect([...ok.buf]).toEqual([...PNG]);
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/${up.server}/nope`)).json.errcode).toBe('M_NOT_FOUND');
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/other.example/${up.id}`)).status).toBe(404);
  });

  it('async create + PUT: 504 M_NOT_YET_UPLOADED before the bytes; another user may not fill the id (403)', async () => {
    const s = await matrix({ users: { [BOB]: '@bob:e2e.test' } });
    const { content_uri } = (await mx(s, 'POST', '/_matrix/media/v1/create')).json;
    const id = content_uri.split('/').pop();
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/e2e.test/${id}`)).status).toBe(504);
    const bob = await fetch(`${s.origin}/_matrix/media/v3/upload/e2e.test/${id}`, { method: 'PUT', headers: bearerOf(BOB), body: PNG });
    expect(bob.status).toBe(403);
    const put = await fetch(`${s.origin}/_matrix/media/v3/upload/e2e.test/${id}`, { method: 'PUT', headers: { ...bearerOf(ALICE), 'Content-Type': 'image/png' }, body: PNG });
    expect(put.status).toBe(200);
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/e2e.test/${id}`)).buf).toEqual(PNG);
  });

  it("the Synapse admin API erases a file (then 404 M_NOT_FOUND); a user who is not an admin is refused (issue 12 §2)", async () => {
    const s = await matrix();
    const a = await mxUpload(s, PNG);
    const path = `/_synapse/admin/v1/media/${a.server}/${a.id}`;
    const refused = await mx(s, 'DELETE', path);
    expect([refused.status, refused.json.errcode]).toEqual([403, 'M_FORBIDDEN']);
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/${a.server}/${a.id}`)).status).toBe(200);
    expect((await mx(s, 'DELETE', path, s.adminToken)).json).toEqual({ deleted_media: [a.id], total: 1 });
    const gone = await mx(s, 'GET', `/_matrix/client/v1/media/download/${a.server}/${a.id}`);
    expect([gone.status, gone.json.errcode]).toEqual([404, 'M_NOT_FOUND']);
    expect((await mx(s, 'DELETE', path, s.adminToken)).json).toEqual({ deleted_media: [], total: 0 });
  });

  it('legacy /_matrix/media/v3/download: Synapse 404s new media; matrix-media-repo serves it without a token', async () => {
    const syn = await matrix();
    const a = await mxUpload(syn, PNG);
    for (const v of ['v3', 'r0']) {
      const r = await mx(syn, 'GET', `/_matrix/media/${v}/download/${a.server}/${a.id}`);
      expect(r.status).toBe(404);
      expect(r.json.errcode).toBe('M_NOT_FOUND');
    }
    const repo = await matrix({ mediaRepo: true });
    const b = await mxUpload(repo, PNG);
    const r = await mx(repo, 'GET', `/_matrix/media/v3/download/${b.server}/${b.id}`, null);
    expect(r.status).toBe(200);
    expect(r.buf).toEqual(PNG);
    await mx(repo, 'DELETE', `/_matrix/media/unstable/download/${b.server}/${b.id}`);
    expect((await mx(repo, 'GET', `/_matrix/media/v3/download/${b.server}/${b.id}`, null)).status).toBe(404);
  });
});

describe('Matrix 10: redaction', () => {
  async function sent(s: MatrixFixture, token = ALICE, txn = 't1') {
    const up = await mxUpload(s, PNG, token);
    const room = '!room:e2e.test';
    const r = await mx(s, 'PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${txn}`, token, {
      msgtype: 'm.image',
      body: 'id-card.png',
      url: up.mxc,
    });
    return { room, eventId: r.json.event_id as string, up };
  }

  it('redacts the sender’s own event, idempotent per txn, and the event reads back redacted; the media stays', async () => {
    const s = await matrix();
    const { room, eventId, up } = await sent(s);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/redact/${encodeURIComponent(eventId)}/rd1`;
    const r1 = await mx(s, 'PUT', path, ALICE, { reason: 'mistake' });
    expect(r1.status).toBe(200);
    expect(r1.json.event_id).toMatch(/^\$/);
    const r2 = await mx(s, 'PUT', path, ALICE, { reason: 'mistake' });
    expect(r2.json.event_id).toBe(r1.json.event_id);
    expect(s.stats.redactions).toEqual([{ roomId: room, eventId, txnId: 'rd1', redactionId: r1.json.event_id, sender: '@alice:e2e.test' }]);
    const ev = await mx(s, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/event/${encodeURIComponent(eventId)}`);
    expect(ev.json).toMatchObject({ event_id: eventId, type: 'm.room.message', sender: '@alice:e2e.test', content: {} });
    expect(ev.json.content).toEqual({});
    expect(ev.json.unsigned.redacted_because).toMatchObject({ type: 'm.room.redaction', event_id: r1.json.event_id, redacts: eventId, content: { reason: 'mistake' } });
    // r0 works too; redaction never deletes the file
    expect((await mx(s, 'PUT', path.replace('/v3/', '/r0/').replace('rd1', 'rd2'), ALICE, {})).status).toBe(200);
    expect((await mx(s, 'GET', `/_matrix/client/v1/media/download/${up.server}/${up.id}`)).status).toBe(200);
  });

  it('an unread event is served unredacted; unknown events 404; others may not redact (403 M_FORBIDDEN)', async () => {
    const s = await matrix({ users: { [BOB]: '@bob:e2e.test' } });
    const { room, eventId } = await sent(s);
    const ev = await mx(s, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/event/${encodeURIComponent(eventId)}`);
    expect(ev.json.content).toMatchObject({ msgtype: 'm.image' });
    expect(ev.json.unsigned).toEqual({});
    const base = `/_matrix/client/v3/rooms/${encodeURIComponent(room)}`;
    const unknown = await mx(s, 'PUT', `${base}/redact/${encodeURIComponent('$nope:e2e.test')}/x1`, ALICE, {});
    expect(unknown.status).toBe(404);
    expect(unknown.json.errcode).toBe('M_NOT_FOUND');
    expect((await mx(s, 'GET', `${base}/event/${encodeURIComponent('$nope:e2e.test')}`)).json.errcode).toBe('M_NOT_FOUND');
    const bob = await mx(s, 'PUT', `${base}/redact/${encodeURIComponent(eventId)}/x2`, BOB, {});
    expect(bob.status).toBe(403);
    expect(bob.json).toEqual({ errcode: 'M_FORBIDDEN', error: "You don't have permission to redact events" });
    expect(s.stats.redactions).toEqual([]);
    expect((await mx(s, 'PUT', `${base}/redact/${encodeURIComponent(eventId)}/x3`, null, {})).status).toBe(401);
  });
});

describe('Matrix 11: whoami and several users', () => {
  it('whoami names the token’s user; uploads remember their uploader', async () => {
    const s = await matrix({ users: { [BOB]: '@bob:e2e.test' } });
    expect((await mx(s, 'GET', '/_matrix/client/v3/account/whoami')).json).toMatchObject({ user_id: '@alice:e2e.test', is_guest: false });
    expect((await mx(s, 'GET', '/_matrix/client/v3/account/whoami', BOB)).json.user_id).toBe('@bob:e2e.test');
    expect((await mx(s, 'GET', '/_matrix/client/v3/account/whoami', 'stolen')).json.errcode).toBe('M_UNKNOWN_TOKEN');
    expect((await mx(s, 'GET', '/_matrix/client/v3/account/whoami', null)).json.errcode).toBe('M_MISSING_TOKEN');
    const up = await mxUpload(s, PNG, BOB);
    expect(s.media.get(up.id)?.uploader).toBe('@bob:e2e.test');
    expect(s.users).toEqual({ [ALICE]: '@alice:e2e.test', [s.adminToken]: '@admin:e2e.test', [BOB]: '@bob:e2e.test' });
  });
});

describe('Matrix 12: /.well-known/matrix/support', () => {
  it('serves admin contacts without a token, and can be replaced, broken or removed at run time', async () => {
    const s = await matrix();
    const r = await mx(s, 'GET', '/.well-known/matrix/support', null);
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.json.contacts).toContainEqual({ matrix_id: '@admin:e2e.test', email_address: 'admin@e2e.test', role: 'm.role.admin' });
    expect(r.json.support_page).toMatch(/^https:\/\//);
    s.support = 'broken';
    const broken = await mx(s, 'GET', '/.well-known/matrix/support', null);
    expect(broken.status).toBe(200);
    expect(() => JSON.parse(broken.text)).toThrow();
    s.support = null;
    expect((await mx(s, 'GET', '/.well-known/matrix/support', null)).status).toBe(404);
    const custom = await matrix({ support: { contacts: [{ email_address: 'dpo@example.org', role: 'm.role.admin' }] } });
    expect((await mx(custom, 'GET', '/.well-known/matrix/support', null)).json).toEqual({ contacts: [{ email_address: 'dpo@example.org', role: 'm.role.admin' }] });
  });
});

describe('Lemmy 7: legal information and the site knob (contact discovery)', () => {
  it('legal_information appears in local_site of v3 and v4 only when set', async () => {
    const s = await lemmy({ version: '1.0', legal: 'Write to [dpo](mailto:dpo@e2e.test).' });
    for (const path of ['/api/v3/site', '/api/v4/site']) {
      expect((await get(`${s.origin}${path}`)).json.site_view.local_site.legal_information).toBe('Write to [dpo](mailto:dpo@e2e.test).');
    }
    const plain = await lemmy({ version: '0.19.4' });
    expect('legal_information' in (await get(`${plain.origin}/api/v3/site`)).json.site_view.local_site).toBe(false);
  });

  it('mode.site replaces both site documents: strings raw, anything else as JSON; null restores them', async () => {
    const s = await lemmy({ version: '1.0', site: '{"admins": [' });
    const raw = await get(`${s.origin}/api/v3/site`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/json');
    expect(raw.text).toBe('{"admins": [');
    s.mode.site = [1, 2];
    expect((await get(`${s.origin}/api/v4/site`)).json).toEqual([1, 2]);
    s.mode.site = null;
    expect((await get(`${s.origin}/api/v4/site`)).json.version).toBe('1.0.0-beta.1');
  });
});

describe('Matrix 13: /_matrix/federation/v1/version', () => {
  it('names the server software without a token; replaceable and removable at run time', async () => {
    const s = await matrix();
    const r = await mx(s, 'GET', '/_matrix/federation/v1/version', null);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ server: { name: 'Synapse', version: '1.140.0' } });
    expect(parseFederationVersion(r.status, r.text)).toEqual({ name: 'Synapse', version: '1.140.0' });
    s.software = 'missing';
    const gone = await mx(s, 'GET', '/_matrix/federation/v1/version', null);
    expect(gone.status).toBe(404);
    expect(gone.json.errcode).toBe('M_UNRECOGNIZED');
    expect(parseFederationVersion(gone.status, gone.text)).toBeNull();
    const conti = await matrix({ software: { name: 'continuwuity', version: '0.5.0' } });
    const c = await mx(conti, 'GET', '/_matrix/federation/v1/version', null);
    expect(parseFederationVersion(c.status, c.text)).toEqual({ name: 'continuwuity', version: '0.5.0' });
  });
});
