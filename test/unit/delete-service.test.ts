// The delete service (plan → request with the session → answer → probe → saved status) against the fixture Lemmy
// servers over real HTTP, and against a fake Element client for Matrix.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeleteService, INTERRUPTED, RECHECK_AFTER_MS, type DeleteDeps, type HttpAnswer, type HttpRequest } from '@/utils/delete-service';
import { cacheLetsGoAt } from '@/utils/http-cache';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import type { LemmyBand } from '@/utils/platforms/lemmy-version';
import type { InstanceInfo, UploadRecord } from '@/utils/records';
import { startLemmy } from '../e2e/servers/lemmy.mjs';
import { uploadRecord } from './helpers';

type Server = Awaited<ReturnType<typeof startLemmy>>;
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let ledger: Ledger;
let clock: number;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  ledger = createLedger(openLedger());
  clock = 1_000_000;
});

async function http(req: HttpRequest, cookie: string | null): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (req.contentType) headers['Content-Type'] = req.contentType;
  if (cookie) headers.Cookie = `jwt=${cookie}`;
  const res = await fetch(req.url, { method: req.method, headers, ...(req.body !== undefined && { body: req.body }), redirect: 'manual' });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
}

const BANDS: Record<string, LemmyBand> = { '0.18': '0.18', '0.19.0': '0.19.0-0.19.11', '0.19.4': '0.19.0-0.19.11', '1.0': '1.0' };

/** Deps as the background builds them, with "the tab" being a cookie for the instance's login (or none). */
function deps(session: { cookie: string | null } | null, facts: Partial<InstanceInfo> = {}, inPage?: DeleteDeps['inPage']): DeleteDeps & { seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  return {
    seen,
    ledger,
    instances: { facts: async (origin, platform) => ({ origin, platform, checkedAt: 0, ...facts }) },
    publicRequest: (req) => (seen.push(req), http(req, null)),
    probe: async (url) => {
      const res = await fetch(url, { cache: 'no-store' });
      const h = (name: string) => res.headers.get(name);
      return { status: res.status, cachedUntil: cacheLetsGoAt({ cacheControl: h('cache-control'), age: h('age'), expires: h('expires'), date: h('date') }, clock) };
    },
    inSession: async (_origin, req) => (session ? (seen.push(req), http(req, session.cookie)) : null),
    inPage: inPage ?? (async () => null),
    now: () => clock,
    changed: vi.fn(),
  };
}

async function instance(version: string, opts: Parameters<typeof startLemmy>[0] = { version }): Promise<Server> {
  const s = await startLemmy({ ...opts, version });
  servers.push(s);
  return s;
}

/** Uploads one PNG as lemmy-ui does and stores the record Takeback would have captured. */
async function captured(s: Server): Promise<UploadRecord> {
  const form = new FormData();
  form.append('images[]', new Blob([new Uint8Array([137, 80, 78, 71, 9, 9])], { type: 'image/png' }), 'id-card.png');
  const v4 = s.version === '1.0';
  const res = await fetch(`${s.origin}${v4 ? '/api/v4/image' : '/pictrs/image'}`, { method: 'POST', body: form, headers: { Cookie: `jwt=${s.jwt}` } });
  const body = await res.json();
  const alias: string = v4 ? body.filename : body.files[0].file;
  const record = uploadRecord({
    id: alias,
    api: v4 ? 'lemmy-v3' : 'lemmy-v3',
    instanceOrigin: s.origin,
    pageOrigin: s.origin,
    key: alias,
    url: v4 ? body.image_url : `${s.origin}/pictrs/image/${alias}`,
    deleteToken: v4 ? undefined : body.files[0].delete_token,
  });
  await ledger.insert([record]);
  return record;
}

describe.each(Object.keys(BANDS))('Lemmy %s', (version) => {
  const band = BANDS[version]!;

  it('one delete → the file answers 404 → verified gone, with re-checks scheduled from the delete', async () => {
    const s = await instance(version);
    const r = await captured(s);
    const d = deps({ cookie: s.jwt }, { band });
    expect(await createDeleteService(d).deleteOne(r.id)).toEqual({ status: 'verified-gone' });
    const saved = await ledger.get(r.id);
    expect(saved).toMatchObject({ status: 'verified-gone', deletedAt: clock, checkedAt: clock, rechecks: 0, nextCheckAt: clock + RECHECK_AFTER_MS[0]! });
    expect(saved).not.toHaveProperty('reason');
    // The Gone line names the address the check asked and its answer: on 1.0 the v4 route (there is no /pictrs/).
    expect(saved).toMatchObject({ proofUrl: `${s.origin}${version === '1.0' ? '/api/v4/image' : '/pictrs/image'}/${r.key}`, proofStatus: 404 });
    expect(s.files.has(r.key)).toBe(false);
    // 0.18 needs no login: sent from the extension itself, no tab. Later versions go through the instance's tab.
    expect(d.seen).toHaveLength(1);
    expect(d.changed).toHaveBeenCalledWith([r.id]);
  });

  if (version !== '1.0') {
    it('a wrong token: failed, said plainly, and the file is still there', async () => {
      const s = await instance(version);
      const r = await captured(s);
      await ledger.modify([r.id], (x) => ({ ...x, deleteToken: 'wrong' }));
      expect(await createDeleteService(deps({ cookie: s.jwt }, { band })).deleteOne(r.id)).toMatchObject({ status: 'failed', reason: 'wrong-token' });
      const saved = await ledger.get(r.id);
      expect(saved).toMatchObject({ status: 'failed', reason: 'wrong-token' });
      expect(saved?.serverRecordDropped ?? false).toBe(version !== '0.18');
      expect(saved).not.toHaveProperty('nextCheckAt');
      expect(s.files.has(r.key)).toBe(true);
    });
  }

  if (version !== '0.18') {
    it('logged out (no cookie in the tab) or no tab at all: "log in, then retry", nothing deleted', async () => {
      const s = await instance(version);
      const r = await captured(s);
      expect(await createDeleteService(deps({ cookie: null }, { band })).deleteOne(r.id)).toMatchObject({ status: 'failed', reason: 'logged-out' });
      expect(await createDeleteService(deps(null, { band })).deleteOne(r.id)).toMatchObject({ status: 'failed', reason: 'logged-out' });
      expect(await ledger.get(r.id)).toMatchObject({ status: 'failed', reason: 'logged-out' });
      expect(s.files.has(r.key)).toBe(true);
    });
  }
});

describe('a private Lemmy 1.0 instance (issue 12 §4)', () => {
  it('anonymous checks get 401, which proves nothing: the check is made signed in from a tab of the instance, and says so', async () => {
    const s = await instance('1.0', { version: '1.0', privateInstance: true });
    const r = await captured(s);
    const probed: number[] = [];
    const base = deps({ cookie: s.jwt }, { band: '1.0' });
    const d = { ...base, probe: async (url: string) => base.probe(url).then((a) => (probed.push(a.status), a)) };
    expect(await createDeleteService(d).deleteOne(r.id)).toEqual({ status: 'verified-gone' });
    expect(probed).toEqual([401]);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'verified-gone', proofUrl: `${s.origin}/api/v4/image/${r.key}`, proofStatus: 404, proofSignedIn: true });
  });

  it('signed out as well: never gone, the delete stays unconfirmed', async () => {
    const s = await instance('1.0', { version: '1.0', privateInstance: true });
    const r = await captured(s);
    s.files.delete(r.key); // gone, but nobody signed in can see that
    await ledger.modify([r.id], (x) => ({ ...x, status: 'deleted-unverified', deletedAt: clock }));
    expect(await createDeleteService(deps(null, { band: '1.0' })).recheck([r.id])).toEqual([{ id: r.id, checked: false }]);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'deleted-unverified' });
  });

  it('a front end\'s report is never looked at with the login (its 401 stays unknown)', async () => {
    const s = await instance('1.0', { version: '1.0', privateInstance: true });
    const r = await captured(s);
    await ledger.modify([r.id], (x) => ({ ...x, pageOrigin: 'https://photon.example', status: 'deleted-unverified', deletedAt: clock }));
    const d = deps({ cookie: s.jwt }, { band: '1.0' });
    expect(await createDeleteService(d).recheck([r.id])).toEqual([{ id: r.id, checked: false }]);
    expect(d.seen).toEqual([]);
  });
});

describe('a front end on its own origin (issue 12 §2b)', () => {
  it('logged out on the instance for a Photon report: "signed in through the front end only", nothing deleted', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    await ledger.modify([r.id], (x) => ({ ...x, pageOrigin: 'https://photon.example' }));
    expect(await createDeleteService(deps({ cookie: null }, { band: '0.19.0-0.19.11' })).deleteOne(r.id)).toMatchObject({ status: 'failed', reason: 'front-end-login' });
    expect(await ledger.get(r.id)).toMatchObject({ status: 'failed', reason: 'front-end-login' });
    expect(s.files.has(r.key)).toBe(true);
    // Once signed in on the instance itself, the retry works.
    expect(await createDeleteService(deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' })).deleteOne(r.id)).toEqual({ status: 'verified-gone' });
  });
});

describe('proof and re-checks', () => {
  it('a file that comes back (another alias, a cache) turns a verified delete into "still online"; re-checks step 1 h → 24 h → 7 d → none', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    const kept = s.files.get(r.key)!;
    const service = createDeleteService(deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' }));
    await service.deleteOne(r.id);
    const deletedAt = clock;
    clock += RECHECK_AFTER_MS[0]!;
    s.files.set(r.key, kept);
    await service.recheck([r.id], true);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'still-online', reason: 'still-served', rechecks: 1, nextCheckAt: deletedAt + RECHECK_AFTER_MS[1]! });
    s.files.delete(r.key);
    await service.recheck([r.id], true);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'verified-gone', rechecks: 2, nextCheckAt: deletedAt + RECHECK_AFTER_MS[2]! });
    await service.recheck([r.id], true);
    const last = await ledger.get(r.id);
    expect(last).toMatchObject({ status: 'verified-gone', rechecks: 3 });
    expect(last).not.toHaveProperty('nextCheckAt');
  });

  // Issue 12 §4: lemmy-ansible's nginx caches images and ignores no-cache (updates-2026-12.md, "Caches in front of the proof").
  it('behind a cache: a file the server deleted but the cache still serves is "still online (cached)" until the cache lets go, checked again then, and Gone only once the public address stops', async () => {
    const s = await instance('0.19.4', { version: '0.19.4', proxyCache: { seconds: 1 } });
    const r = await captured(s);
    expect((await fetch(r.url)).status).toBe(200); // someone looked: the cache keeps it
    const service = createDeleteService(deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' }));
    expect(await service.deleteOne(r.id)).toEqual({ status: 'still-online', reason: 'cached', cachedUntil: clock + 1000 });
    expect(s.files.has(r.key)).toBe(false);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'still-online', reason: 'cached', cachedUntil: clock + 1000, nextCheckAt: clock + 1000 + 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the cache's own clock
    clock += 61_000;
    await service.recheck([r.id], true);
    const gone = await ledger.get(r.id);
    expect(gone).toMatchObject({ status: 'verified-gone', proofUrl: r.url, proofStatus: 404 });
    expect(gone).not.toHaveProperty('cachedUntil');
  });

  it('behind a cache, a server that kept the file is "still online", not "cached": the address past the cache answers too', async () => {
    const s = await instance('0.19.4', { version: '0.19.4', proxyCache: { seconds: 60 } });
    const r = await captured(s);
    const kept = s.files.get(r.key)!;
    expect((await fetch(r.url)).status).toBe(200);
    const service = createDeleteService(deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' }));
    await service.deleteOne(r.id);
    s.files.set(r.key, kept);
    await service.recheck([r.id]);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'still-online', reason: 'still-served' });
  });

  it('a record never deleted is not probed by a re-check (an online file is not "still online" before any delete)', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    await createDeleteService(deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' })).recheck([r.id]);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'captured' });
  });

  it('"Check the files again" on an erasure request: a needs-admin file the admin erased becomes verified gone (and is re-checked later); one still served stays with the admin', async () => {
    const s = await instance('0.19.4');
    const erased = await captured(s);
    const kept = await captured(s);
    for (const r of [erased, kept]) await ledger.modify([r.id], (x) => ({ ...x, status: 'needs-admin', reason: 'no-server-record' }));
    s.files.delete(erased.key);
    const service = createDeleteService(deps(null, { band: '0.19.0-0.19.11' }));
    expect(await service.recheck([erased.id, kept.id])).toEqual([
      { id: erased.id, checked: true },
      { id: kept.id, checked: true },
    ]);
    expect(await ledger.get(erased.id)).toMatchObject({ status: 'verified-gone', checkedAt: clock, deletedAt: clock, rechecks: 0, nextCheckAt: clock + RECHECK_AFTER_MS[0]! });
    expect(await ledger.get(kept.id)).toMatchObject({ status: 'needs-admin', reason: 'no-server-record', checkedAt: clock });
    // The automatic re-check alarm never probes files that wait for an admin.
    clock += 1000;
    await service.recheck([kept.id], true);
    expect(await ledger.get(kept.id)).toMatchObject({ checkedAt: clock - 1000 });
  });

  it('a check whose address gives no answer it can trust is reported as not checked, never as checked (issue 12 §2)', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    await ledger.modify([r.id], (x) => ({ ...x, status: 'needs-admin', reason: 'no-server-record' }));
    const d = { ...deps(null, { band: '0.19.0-0.19.11' }), probe: async () => ({ status: 401, cachedUntil: null }) };
    expect(await createDeleteService(d).recheck([r.id])).toEqual([{ id: r.id, checked: false }]);
    expect(await ledger.get(r.id)).toMatchObject({ status: 'needs-admin' });
  });

  it('interrupted mid-delete: a file already gone is verified without sending the delete again', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    s.files.delete(r.key);
    await ledger.modify([r.id], (x) => ({ ...x, status: 'deleting' }));
    const d = deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' });
    expect(await createDeleteService(d).deleteOne(r.id)).toEqual({ status: 'verified-gone' });
    expect(d.seen).toEqual([]);
  });

  it('an unknown version sends nothing and says why', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    const d = deps({ cookie: s.jwt }, { band: 'unknown' });
    expect(await createDeleteService(d).deleteOne(r.id)).toEqual({ status: 'failed', reason: 'unknown-version' });
    expect(d.seen).toEqual([]);
  });

  it('no delete token (an upload from before Takeback): needs an admin, nothing sent', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    await ledger.modify([r.id], ({ deleteToken: _t, ...x }) => x);
    const d = deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' });
    expect(await createDeleteService(d).deleteOne(r.id)).toEqual({ status: 'needs-admin', reason: 'no-delete-token' });
    expect(d.seen).toEqual([]);
  });

  it('Lemmy 1.0 without the pict-rs API key: needs an admin, and the file is still served', async () => {
    const s = await instance('1.0', { version: '1.0', apiKey: false });
    const r = await captured(s);
    expect(await createDeleteService(deps({ cookie: s.jwt }, { band: '1.0' })).deleteOne(r.id)).toMatchObject({ status: 'needs-admin', reason: 'no-api-key' });
    expect(s.files.has(r.key)).toBe(true);
  });
});

/**
 * An Element tab: the real page-world function (matrixClientCall) runs against a stand-in for Element's client peg,
 * `location` and `fetch`, as scripting.executeScript would run it there. `calls` logs what reached the network, with
 * whose token.
 */
function elementTab(tab: { page: string; homeserver: string; user: string }, answer: (method: string, url: string) => { status: number; body: string }) {
  const calls: string[] = [];
  const client = {
    getHomeserverUrl: () => tab.homeserver,
    getUserId: () => tab.user,
    getAccessToken: () => `token-of-${tab.user}`,
    redactEvent: async (room: string, event: string) => void calls.push(`redact ${room} ${event} as ${tab.user}`),
  };
  const inPage: DeleteDeps['inPage'] = async (pageOrigin, func, args) => {
    if (pageOrigin !== tab.page) return null;
    const g = globalThis as Record<string, unknown>;
    const saved = { location: g.location, peg: g.mxMatrixClientPeg, fetch: g.fetch };
    g.location = { origin: tab.page };
    g.mxMatrixClientPeg = { get: () => client };
    g.fetch = async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url} ${(init.headers as Record<string, string>).Authorization}`);
      const a = answer(String(init.method), url);
      return new Response(a.body, { status: a.status });
    };
    try {
      return (await func(...args)) as never;
    } finally {
      Object.assign(g, { location: saved.location, mxMatrixClientPeg: saved.peg, fetch: saved.fetch });
    }
  };
  return { inPage, calls };
}

/** Runs `ready` with Element's client peg on the page answering `client` (null: Element before login). */
function withPeg(client: object | null, ready: () => boolean): boolean {
  const g = globalThis as Record<string, unknown>;
  const saved = g.mxMatrixClientPeg;
  g.mxMatrixClientPeg = { get: () => client };
  try {
    return ready();
  } finally {
    g.mxMatrixClientPeg = saved;
  }
}

describe('Matrix', () => {
  const matrixRecord = (over: Partial<UploadRecord> = {}) =>
    uploadRecord({
      id: 'm1',
      platform: 'matrix',
      api: 'matrix-media',
      kind: 'attachment',
      instanceOrigin: 'https://matrix.example',
      pageOrigin: 'https://element.example',
      key: 'mxc://example.org/abc',
      mxc: 'mxc://example.org/abc',
      url: 'https://matrix.example/_matrix/media/v3/download/example.org/abc',
      deleteToken: undefined,
      roomId: '!room:example.org',
      eventId: '$event',
      account: '@alice:example.org',
      ...over,
    });
  const alice = { page: 'https://element.example', homeserver: 'https://matrix.example', user: '@alice:example.org' };
  const gone = (method: string) => (method === 'DELETE' ? { status: 200, body: '{}' } : { status: 404, body: '{"errcode":"M_NOT_FOUND"}' });

  it('Synapse: the message is redacted through the page client, and the file needs an admin', async () => {
    await ledger.insert([matrixRecord()]);
    const tab = elementTab(alice, gone);
    const service = createDeleteService(deps(null, { mediaRepo: false }, tab.inPage));
    expect(await service.deleteOne('m1')).toEqual({ status: 'needs-admin', reason: 'no-user-delete' });
    expect(tab.calls).toEqual(['redact !room:example.org $event as @alice:example.org']);
    expect(await ledger.get('m1')).toMatchObject({ status: 'needs-admin', reason: 'no-user-delete', redactedAt: clock });
    // A second try does not redact again.
    await service.deleteOne('m1');
    expect(tab.calls).toHaveLength(1);
  });

  // Issue 12 §2: Element's thumbnail of an image is part of the item: deleted with it, under the same redaction.
  const thumbnailRecord = () =>
    matrixRecord({ id: 'm1-thumb', kind: 'thumbnail', key: 'mxc://example.org/thumb', mxc: 'mxc://example.org/thumb', thumbnailOf: 'm1' });

  it('an image with its thumbnail: one redaction, both need an admin; the item is gone only once both are', async () => {
    await ledger.insert([matrixRecord(), thumbnailRecord()]);
    const tab = elementTab(alice, gone);
    const service = createDeleteService(deps(null, { mediaRepo: false }, tab.inPage));
    expect(await service.deleteOne('m1')).toEqual({ status: 'needs-admin', reason: 'no-user-delete' });
    expect(tab.calls).toEqual(['redact !room:example.org $event as @alice:example.org']);
    expect(await ledger.get('m1-thumb')).toMatchObject({ status: 'needs-admin', redactedAt: clock });

    // The admin erased the file only: a check of the item looks at both; the file is gone, its copy is not.
    const served = new Set(['thumb']);
    const erased = elementTab(alice, (method, url) => (served.has(url.split('/').pop()!) ? { status: 200, body: '' } : gone(method)));
    const checking = createDeleteService(deps(null, { mediaRepo: false }, erased.inPage));
    expect(await checking.recheck(['m1'])).toEqual([{ id: 'm1', checked: true }]);
    expect(erased.calls.map((c) => c.split(' ')[1]?.split('/').pop())).toEqual(['abc', 'thumb']);
    expect((await ledger.get('m1'))?.status).toBe('verified-gone');
    expect((await ledger.get('m1-thumb'))?.status).toBe('needs-admin');
    served.clear();
    await checking.recheck(['m1']);
    expect((await ledger.get('m1-thumb'))?.status).toBe('verified-gone');
  });

  it("a delete's outcome is the item's: the file gone and its thumbnail not is not gone", async () => {
    await ledger.insert([matrixRecord({ kind: 'avatar', roomId: undefined, eventId: undefined }), { ...thumbnailRecord(), roomId: undefined, eventId: undefined, kind: 'thumbnail' }]);
    const tab = elementTab(alice, (method, url) => (url.endsWith('/thumb') && method === 'GET' ? { status: 200, body: '' } : gone(method)));
    expect(await createDeleteService(deps(null, { mediaRepo: true }, tab.inPage)).deleteOne('m1')).toMatchObject({ status: 'still-online' });
    expect((await ledger.get('m1'))?.status).toBe('verified-gone');
  });

  it('no Element tab: "open the Element page, signed in" (never "log in to the homeserver"), nothing done', async () => {
    await ledger.insert([matrixRecord()]);
    expect(await createDeleteService(deps(null, { mediaRepo: false })).deleteOne('m1')).toMatchObject({ status: 'failed', reason: 'no-app-page' });
    expect(await ledger.get('m1')).not.toHaveProperty('redactedAt');
  });

  it("the user's delete and Check again may open the Element page the upload came from (used once Element is signed in); an automatic re-check never opens one", async () => {
    await ledger.insert([matrixRecord({ kind: 'avatar', roomId: undefined, eventId: undefined })]);
    const tab = elementTab(alice, gone);
    const asked: Array<{ origin: string; opens: boolean }> = [];
    const opening: DeleteDeps['inPage'] = (origin, func, args, open) => {
      asked.push({ origin, opens: !!open });
      // The readiness check is Element's: a page with no client peg, or one not yet signed in, is not ready.
      if (open) expect([open.ready(), withPeg(null, open.ready), withPeg({}, open.ready)]).toEqual([false, false, true]);
      return tab.inPage(origin, func, args);
    };
    const service = createDeleteService(deps(null, { mediaRepo: true }, opening));
    expect(await service.deleteOne('m1')).toEqual({ status: 'verified-gone' });
    expect(asked).toEqual([
      { origin: 'https://element.example', opens: true },
      { origin: 'https://element.example', opens: true },
    ]);
    asked.length = 0;
    await service.recheck(['m1'], true);
    await service.recheck(['m1']);
    expect(asked).toEqual([
      { origin: 'https://element.example', opens: false },
      { origin: 'https://element.example', opens: true },
    ]);
  });

  it('matrix-media-repo: the uploader delete, then an authenticated download answering 404 → verified gone', async () => {
    await ledger.insert([matrixRecord({ kind: 'avatar', roomId: undefined, eventId: undefined })]);
    const tab = elementTab(alice, gone);
    expect(await createDeleteService(deps(null, { mediaRepo: true }, tab.inPage)).deleteOne('m1')).toEqual({ status: 'verified-gone' });
    expect(tab.calls).toEqual([
      'DELETE https://matrix.example/_matrix/media/unstable/download/example.org/abc Bearer token-of-@alice:example.org',
      'GET https://matrix.example/_matrix/client/v1/media/download/example.org/abc Bearer token-of-@alice:example.org',
    ]);
  });

  // Issue 11 §1: one Element origin serves any homeserver; the token of whoever is signed in now must never go to the
  // homeserver of a file another account uploaded.
  it.each([
    ['another homeserver', { ...alice, homeserver: 'https://h.example', user: '@bob:h.example' }],
    ['another account on the same homeserver', { ...alice, user: '@bob:example.org' }],
  ])('Element signed in to %s: Delete, Check again and the automatic re-checks send nothing; the file says who to sign in as', async (_label, now) => {
    await ledger.insert([matrixRecord({ kind: 'avatar', roomId: undefined, eventId: undefined, status: 'deleted-unverified', deletedAt: 1, checkedAt: 1 })]);
    await ledger.insert([matrixRecord({ id: 'm2' })]);
    const tab = elementTab(now, gone);
    const service = createDeleteService(deps(null, { mediaRepo: true }, tab.inPage));
    expect(await service.deleteOne('m2')).toMatchObject({ status: 'failed', reason: 'wrong-account', detail: `signed in as ${now.user}` });
    await service.recheck(['m1'], true);
    await service.recheck(['m1']);
    expect(tab.calls).toEqual([]);
    expect(await ledger.get('m1')).toMatchObject({ status: 'deleted-unverified', reason: 'wrong-account' });
  });

  it('a record without a known account still needs the client on its own homeserver', async () => {
    await ledger.insert([matrixRecord({ account: undefined })]);
    const tab = elementTab({ ...alice, homeserver: 'https://h.example', user: '@bob:h.example' }, gone);
    expect(await createDeleteService(deps(null, { mediaRepo: true }, tab.inPage)).deleteOne('m1')).toMatchObject({ reason: 'wrong-account' });
    expect(tab.calls).toEqual([]);
  });

  it('the page-world function acts only in the page the upload came from', async () => {
    await ledger.insert([matrixRecord()]);
    const tab = elementTab(alice, gone);
    const elsewhere: DeleteDeps['inPage'] = (_o, func, args) => tab.inPage('https://element.example', func, [{ ...(args[0] as object), page: 'https://evil.example' }] as never);
    expect(await createDeleteService(deps(null, { mediaRepo: true }, elsewhere)).deleteOne('m1')).toMatchObject({ status: 'failed', reason: 'no-app-page' });
    expect(tab.calls).toEqual([]);
  });
});

describe('cut off mid-request (the tab closed, the browser quit)', () => {
  const cutOff = (s: Server): DeleteDeps['inSession'] => async (_origin, req) => {
    await http(req, s.jwt); // the request left and the server acted…
    return INTERRUPTED; // …but the answer never came back
  };

  it('a file the server did delete is verified by looking, not reported as a failure', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    const d = { ...deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' }), inSession: cutOff(s) };
    expect(await createDeleteService(d).deleteOne(r.id)).toEqual({ status: 'verified-gone' });
  });

  it('when the file is still there (the server may still be acting), the record stays "deleting" once; cut off again, it fails', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    const d = { ...deps(null, { band: '0.19.0-0.19.11' }), inSession: async () => INTERRUPTED };
    const service = createDeleteService(d);
    expect(await service.deleteOne(r.id)).toMatchObject({ status: 'deleting' });
    expect(await ledger.get(r.id)).toMatchObject({ status: 'deleting' });
    expect(await service.deleteOne(r.id)).toMatchObject({ status: 'failed', reason: 'network' });
    expect(s.files.has(r.key)).toBe(true);
  });

  it('resumed after the cut-off: the next run looks first, and a file the server deleted meanwhile is verified without a second request', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    const service = createDeleteService({ ...deps(null, { band: '0.19.0-0.19.11' }), inSession: async () => INTERRUPTED });
    await service.deleteOne(r.id);
    s.files.delete(r.key); // the delayed request landed
    const d = deps({ cookie: s.jwt }, { band: '0.19.0-0.19.11' });
    expect(await createDeleteService(d).deleteOne(r.id)).toEqual({ status: 'verified-gone' });
    expect(d.seen).toEqual([]);
  });

  it('an error in Takeback itself (the browser shutting down) is treated the same: "deleting" once, then failed', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    const d = { ...deps(null, { band: '0.19.0-0.19.11' }), inSession: async () => Promise.reject(new Error('The browser is shutting down.')) };
    const service = createDeleteService(d);
    expect(await service.deleteOne(r.id)).toMatchObject({ status: 'deleting' });
    expect(await service.deleteOne(r.id)).toMatchObject({ status: 'failed', reason: 'network' });
  });

  it('no tab, and the file is still served: "log in, then retry" at once', async () => {
    const s = await instance('0.19.4');
    const r = await captured(s);
    expect(await createDeleteService(deps(null, { band: '0.19.0-0.19.11' })).deleteOne(r.id)).toMatchObject({ status: 'failed', reason: 'logged-out' });
  });
});
