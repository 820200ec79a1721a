import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  backfillRecords,
  LIST_LIMIT,
  listMediaRequest,
  MAX_IMPORT_RATE_LIMIT_RETRIES,
  MAX_LIST_BODY_CHARS,
  parseListMedia,
  runImportJob,
  type ImportDeps,
  type ListBand,
  type ListRequest,
} from '@/utils/platforms/lemmy-backfill';
import type { LemmyBand } from '@/utils/platforms/lemmy-version';
import { createLedger, openLedger } from '@/utils/ledger';
import type { JobRecord, UploadRecord } from '@/utils/records';
import { uploadRecord } from './helpers';

const HOST = 'https://lemmy.example';
const NOW = 1_750_000_000_000;

// Bodies shaped as the research describes them (Q3, Q4): 0.19.4+ ListMediaResponse{images: LocalImageView[]}, newest
// first, with local_user_id omitted when null; 1.0 betas a PagedResponse{items, next_page, prev_page}; 1.0 alphas
// {images, next_page, prev_page}.
const alias = (i: number) => `${(0x10000000 + i).toString(16)}-8f7e-4d6c-b5a4-938271605f4e.${i % 2 ? 'png' : 'jpeg'}`;
const token = (i: number) => `${(0x7d000000 + i).toString(16)}-3f2e-4d1c-9b0a-8f7e6d5c4b3a`;
const published = (i: number) => new Date(Date.UTC(2024, 5, 1) + i * 60_000).toISOString().replace('Z', '123Z');
const person0194 = {
  id: 2,
  name: 'alice',
  avatar: null,
  banned: false,
  published: '2024-01-02T03:04:05.678901Z',
  actor_id: `${HOST}/u/alice`,
  local: true,
  deleted: false,
  bot_account: false,
  instance_id: 1,
};
const person0195 = { ...person0194, display_name: 'Alice', bio: 'hi', matrix_user_id: null, ban_expires: null };
const v3Item = (i: number, person: object = person0194) => ({
  local_image: { local_user_id: 2, pictrs_alias: alias(i), pictrs_delete_token: token(i), published: published(i) },
  person,
});
const v4Item = (i: number) => ({
  local_image: { pictrs_alias: alias(i), published_at: published(i), person_id: 2, thumbnail_for_post_id: i % 5 ? null : 17 },
  person: { ...person0195, ap_id: `${HOST}/u/alice` },
  ...(i % 5 === 0 && { post: { id: 17, name: 'A post' } }),
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('listMediaRequest', () => {
  it.each<[string, LemmyBand, string, string | null, ListRequest]>([
    ['0.19.4: first page, the largest limit', '0.19.0-0.19.11', '0.19.4', null, { url: `${HOST}/api/v3/account/list_media?page=1&limit=50`, band: '0.19.0-0.19.11' }],
    ['0.19.11: a later page', '0.19.0-0.19.11', '0.19.11', '3', { url: `${HOST}/api/v3/account/list_media?page=3&limit=50`, band: '0.19.0-0.19.11' }],
    ['0.19.4 prerelease (a GET cannot harm)', '0.19.0-0.19.11', '0.19.4-rc.2', null, { url: `${HOST}/api/v3/account/list_media?page=1&limit=50`, band: '0.19.0-0.19.11' }],
    ['0.19.20', '0.19.12+', '0.19.20', '2', { url: `${HOST}/api/v3/account/list_media?page=2&limit=50`, band: '0.19.12+' }],
    ['garbage page cursor: page 1', '0.19.12+', '0.19.13', '../x', { url: `${HOST}/api/v3/account/list_media?page=1&limit=50`, band: '0.19.12+' }],
    ['1.0: first page', '1.0', '1.0.0-beta.1', null, { url: `${HOST}/api/v4/account/media/list?limit=50`, band: '1.0' }],
    ['1.0: cursor encoded', '1.0', '1.0.0-beta.1', 'Pa+b/c=&x', { url: `${HOST}/api/v4/account/media/list?limit=50&page_cursor=Pa%2Bb%2Fc%3D%26x`, band: '1.0' }],
    ['0.19.3: no list_media before 0.19.4', '0.19.0-0.19.11', '0.19.3', null, { url: null, reason: 'list-unsupported' }],
    ['0.19.3 build after the tag', '0.19.0-0.19.11', '0.19.3-5-gabc1234', null, { url: null, reason: 'list-unsupported' }],
    ['0.19.0', '0.19.0-0.19.11', 'v0.19.0', null, { url: null, reason: 'list-unsupported' }],
    ['0.18', '0.18', '0.18.5', null, { url: null, reason: 'list-unsupported' }],
    ['unknown band', 'unknown', '2.0.0', null, { url: null, reason: 'unknown-version' }],
    ['band without a readable version', '0.19.0-0.19.11', '', null, { url: null, reason: 'unknown-version' }],
  ])('%s', (_name, band, version, cursor, expected) => {
    expect(listMediaRequest(HOST, band, version, cursor)).toEqual(expected);
  });

  it('keeps an API path prefix and refuses what is not an http(s) base', () => {
    expect(listMediaRequest('https://example.org/lemmy/', '1.0', '1.0.0', null)).toMatchObject({ url: 'https://example.org/lemmy/api/v4/account/media/list?limit=50' });
    expect(listMediaRequest('javascript:alert(1)', '1.0', '1.0.0', null)).toEqual({ url: null, reason: 'invalid-instance' });
    expect(listMediaRequest(`${HOST}/?x=1`, '1.0', '1.0.0', null)).toEqual({ url: null, reason: 'invalid-instance' });
  });
});

describe('parseListMedia', () => {
  it('0.19.4: a full page of 50 has a next page, with alias, token, time and URL', () => {
    const body = JSON.stringify({ images: range(0, LIST_LIMIT).map((i) => v3Item(i)) });
    const page = parseListMedia('0.19.0-0.19.11', body, HOST, null);
    if (!('items' in page)) throw new Error(page.error);
    expect(page.next).toBe('2');
    expect(page.items).toHaveLength(50);
    expect(page.items[7]).toEqual({
      alias: alias(7),
      deleteToken: token(7),
      publishedAt: Date.UTC(2024, 5, 1) + 7 * 60_000,
      url: `${HOST}/pictrs/image/${alias(7)}`,
    });
  });

  it('0.19.5+: a short page is the last one', () => {
    const body = JSON.stringify({ images: range(100, 120).map((i) => v3Item(i, person0195)) });
    expect(parseListMedia('0.19.12+', body, HOST, '3')).toMatchObject({ next: null, items: expect.arrayContaining([expect.objectContaining({ deleteToken: token(119) })]) });
    expect(parseListMedia('0.19.12+', '{"images":[]}', HOST, '4')).toEqual({ items: [], next: null });
  });

  it('1.0 beta: PagedResponse items and next_page, no token, /api/v4/image URL', () => {
    const body = JSON.stringify({ items: range(0, 3).map(v4Item), next_page: 'Pa+b/c', prev_page: null });
    const page = parseListMedia('1.0', body, `${HOST}/`, null);
    expect(page).toEqual({
      items: range(0, 3).map((i) => ({ alias: alias(i), publishedAt: Date.parse(published(i)), url: `${HOST}/api/v4/image/${alias(i)}` })),
      next: 'Pa+b/c',
    });
  });

  it('1.0: last page (no next_page), an alpha {images} body, and an empty page that names a cursor', () => {
    expect(parseListMedia('1.0', JSON.stringify({ items: [v4Item(1)], prev_page: 'Pz' }), HOST, 'Pa')).toMatchObject({ next: null });
    expect(parseListMedia('1.0', JSON.stringify({ images: [v4Item(1)], next_page: null }), HOST, null)).toMatchObject({ items: [{ alias: alias(1) }], next: null });
    expect(parseListMedia('1.0', JSON.stringify({ items: [], next_page: 'Pa' }), HOST, 'Pa')).toEqual({ items: [], next: null });
  });

  it('skips hostile or malformed items, and counts them for the page size', () => {
    const bad = [
      { local_image: { pictrs_alias: '../../api/v3/user/delete', pictrs_delete_token: 't' } },
      { local_image: { pictrs_alias: 'a/b.png', pictrs_delete_token: 't' } },
      { local_image: { pictrs_alias: '..', pictrs_delete_token: 't' } },
      { local_image: { pictrs_alias: '.hidden', pictrs_delete_token: 't' } },
      { local_image: { pictrs_alias: 'x.png', pictrs_delete_token: 42 } },
      { local_image: { pictrs_alias: 'y.png', pictrs_delete_token: null } },
      { local_image: { pictrs_alias: 'z.png', pictrs_delete_token: { toString: 'x' } } },
      { local_image: { pictrs_alias: 'w.png', pictrs_delete_token: 'to/ken' } },
      { local_image: { pictrs_alias: 7, pictrs_delete_token: 't' } },
      { local_image: { pictrs_alias: 'x'.repeat(300), pictrs_delete_token: 't' } },
      { local_image: null },
      'string',
      null,
      [],
    ];
    const images = [...bad, v3Item(1), { ...v3Item(1) }, v3Item(2), ...range(3, 3 + LIST_LIMIT - bad.length - 3).map((i) => v3Item(i))];
    const page = parseListMedia('0.19.0-0.19.11', JSON.stringify({ images }), HOST, '1');
    if (!('items' in page)) throw new Error(page.error);
    expect(page.items.map((i) => i.alias)).toEqual([alias(1), alias(2), ...range(3, 3 + LIST_LIMIT - bad.length - 3).map(alias)]);
    expect(page.next).toBe('2');
  });

  it('a bad time is dropped, the item kept', () => {
    const item = { local_image: { pictrs_alias: 'a.png', pictrs_delete_token: 't', published: 'yesterday' } };
    expect(parseListMedia('0.19.12+', JSON.stringify({ images: [item] }), HOST, null)).toEqual({
      items: [{ alias: 'a.png', deleteToken: 't', url: `${HOST}/pictrs/image/a.png` }],
      next: null,
    });
  });

  it.each<[string, ListBand, string | null]>([
    ['not JSON', '0.19.12+', '<html>502</html>'],
    ['no body', '0.19.12+', null],
    ['a JSON array', '0.19.12+', '[]'],
    ['images not an array', '0.19.12+', '{"images":{"0":{}}}'],
    ['no images', '0.19.12+', '{"error":"incorrect_login"}'],
    ['v3 body read as v4 of a PagedResponse-less answer', '1.0', '{"files":[]}'],
    ['too many items', '0.19.12+', JSON.stringify({ images: Array(1001).fill(0) })],
    ['too big', '0.19.12+', `{"images":[],"pad":"${'x'.repeat(MAX_LIST_BODY_CHARS)}"}`],
    ['next_page not a string', '1.0', '{"items":[],"next_page":{"page":2}}'],
    ['next_page huge', '1.0', JSON.stringify({ items: [], next_page: 'P'.repeat(5000) })],
  ])('error, never a crash: %s', (_name, band, body) => {
    expect(parseListMedia(band, body, HOST, null)).toEqual({ error: 'unexpected-response' });
  });

  it('__proto__ keys are only data', () => {
    const body = '{"images":[{"local_image":{"pictrs_alias":"a.png","pictrs_delete_token":"t","__proto__":{"polluted":1}}}],"__proto__":{"x":1}}';
    expect(parseListMedia('0.19.12+', body, HOST, null)).toMatchObject({ items: [{ alias: 'a.png' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('backfillRecords', () => {
  it('turns listed items into import records for the ledger', () => {
    const [v3, v4] = [
      backfillRecords([{ alias: 'a.png', deleteToken: 'tok', publishedAt: 5, url: `${HOST}/pictrs/image/a.png` }], { instanceOrigin: HOST, band: '0.19.12+', now: NOW }),
      backfillRecords([{ alias: 'b.png', url: `${HOST}/api/v4/image/b.png` }], { instanceOrigin: HOST, band: '1.0', now: NOW }),
    ];
    expect(v3).toEqual<UploadRecord[]>([
      {
        id: `import:${HOST}:a.png`,
        platform: 'lemmy',
        api: 'lemmy-v3',
        kind: 'image',
        instanceOrigin: HOST,
        key: 'a.png',
        url: `${HOST}/pictrs/image/a.png`,
        deleteToken: 'tok',
        fileName: null,
        mime: null,
        size: null,
        pageOrigin: HOST,
        transport: 'fetch',
        status: 'captured',
        source: 'import',
        uploadedAt: 5,
        responseAt: 5,
      },
    ]);
    expect(v4[0]).toMatchObject({ id: `import:${HOST}:b.png`, api: 'lemmy-v4', url: `${HOST}/api/v4/image/b.png`, uploadedAt: NOW, responseAt: NOW });
    expect(v4[0]).not.toHaveProperty('deleteToken');
  });
});

/** A 0.19.4+ or 1.0 instance listing `count` uploads, newest first; `hook` may answer a request itself. */
function fakeInstance(count: number, v4 = false, hook?: (url: URL, n: number) => Awaited<ReturnType<ImportDeps['fetchPage']>> | undefined) {
  const requests: string[] = [];
  const fetchPage: ImportDeps['fetchPage'] = async (raw) => {
    requests.push(raw);
    const url = new URL(raw);
    const hooked = hook?.(url, requests.length);
    if (hooked) return hooked;
    const limit = Number(url.searchParams.get('limit'));
    const newest = range(0, count).reverse();
    if (v4) {
      const from = Number(url.searchParams.get('page_cursor')?.slice(1) ?? 0);
      const items = newest.slice(from, from + limit);
      const next = from + limit < count ? `P${from + limit}` : undefined;
      return { status: 200, body: JSON.stringify({ items: items.map(v4Item), ...(next && { next_page: next }), prev_page: from ? `P${from}` : null }) };
    }
    const page = Number(url.searchParams.get('page'));
    const items = newest.slice((page - 1) * limit, page * limit);
    return { status: 200, body: JSON.stringify({ images: items.map((i) => v3Item(i)) }) };
  };
  return { requests, fetchPage };
}

describe('runImportJob', () => {
  let ledger: ReturnType<typeof createLedger>;
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    ledger = createLedger(openLedger());
  });

  const newJob = (extra: Partial<JobRecord> = {}): JobRecord => ({
    id: 'imp1',
    kind: 'import',
    state: 'running',
    createdAt: NOW,
    ids: [],
    done: [],
    instanceOrigin: HOST,
    listed: 0,
    imported: 0,
    ...extra,
  });

  function deps(fetchPage: ImportDeps['fetchPage'], band: LemmyBand = '0.19.0-0.19.11', version = '0.19.4') {
    const saved: JobRecord[] = [];
    const waits: number[] = [];
    const d: ImportDeps = {
      request: async (cursor) => listMediaRequest(HOST, band, version, cursor),
      fetchPage,
      merge: (items, b) => ledger.merge(backfillRecords(items, { instanceOrigin: HOST, band: b, now: NOW })),
      saveJob: async (job) => void saved.push(structuredClone(job)),
      sleep: async (ms) => void waits.push(ms),
      now: () => NOW,
    };
    return { d, saved, waits };
  }

  it('0.19.4: 120 uploads over 3 pages → 120 records with tokens; importing again adds none', async () => {
    const server = fakeInstance(120);
    const { d, saved } = deps(server.fetchPage);
    const job = newJob();
    await runImportJob(job, d);
    expect(server.requests).toEqual([1, 2, 3].map((p) => `${HOST}/api/v3/account/list_media?page=${p}&limit=50`));
    expect(job).toMatchObject({ state: 'done', listed: 120, imported: 120, finishedAt: NOW });
    expect(job).not.toHaveProperty('cursor');
    expect(job).not.toHaveProperty('error');
    expect(saved.map((j) => [j.cursor, j.listed, j.state])).toEqual([['2', 50, 'running'], ['3', 100, 'running'], [undefined, 120, 'done']]);
    const records = await ledger.all();
    expect(records).toHaveLength(120);
    expect(records.every((r) => r.source === 'import' && r.deleteToken === token(Number.parseInt(r.key.slice(0, 8), 16) - 0x10000000))).toBe(true);

    const again = newJob({ id: 'imp2' });
    await runImportJob(again, deps(fakeInstance(120).fetchPage).d);
    expect(again).toMatchObject({ state: 'done', listed: 120, imported: 0 });
    expect(await ledger.all()).toHaveLength(120);
  });

  it('a file Takeback captured without a token gains the listed token instead of a duplicate', async () => {
    await ledger.insert([uploadRecord({ id: 'cap.0@https://lemmy.example', key: alias(3), deleteToken: undefined })]);
    const job = newJob();
    await runImportJob(job, deps(fakeInstance(5).fetchPage).d);
    expect(job.imported).toBe(4);
    expect(await ledger.findByKey('lemmy', alias(3))).toEqual([expect.objectContaining({ id: 'cap.0@https://lemmy.example', deleteToken: token(3) })]);
  });

  it('1.0: follows next_page to the end', async () => {
    const server = fakeInstance(120, true);
    const job = newJob();
    await runImportJob(job, deps(server.fetchPage, '1.0', '1.0.0-beta.1').d);
    expect(server.requests).toEqual([
      `${HOST}/api/v4/account/media/list?limit=50`,
      `${HOST}/api/v4/account/media/list?limit=50&page_cursor=P50`,
      `${HOST}/api/v4/account/media/list?limit=50&page_cursor=P100`,
    ]);
    expect(job).toMatchObject({ state: 'done', listed: 120, imported: 120 });
    expect((await ledger.all()).every((r) => r.api === 'lemmy-v4' && r.deleteToken === undefined)).toBe(true);
  });

  it('resumes from a saved cursor', async () => {
    const server = fakeInstance(120);
    const job = newJob({ cursor: '2', listed: 50, imported: 50 });
    await runImportJob(job, deps(server.fetchPage).d);
    expect(server.requests.map((u) => new URL(u).searchParams.get('page'))).toEqual(['2', '3']);
    expect(job).toMatchObject({ state: 'done', listed: 120, imported: 120 });
  });

  it('401 (logged out) stops with the cursor kept, so a retry after logging in resumes there', async () => {
    const server = fakeInstance(120, false, (url) => (url.searchParams.get('page') === '2' ? { status: 401, body: '{"error":"incorrect_login"}' } : undefined));
    const job = newJob();
    await runImportJob(job, deps(server.fetchPage).d);
    expect(job).toMatchObject({ state: 'done', error: 'logged-out', cursor: '2', listed: 50 });

    await runImportJob(job, deps(fakeInstance(120).fetchPage).d);
    expect(job).toMatchObject({ state: 'done', listed: 120, imported: 120 });
    expect(job).not.toHaveProperty('error');
  });

  it('429 waits for Retry-After and asks for the same page again', async () => {
    const server = fakeInstance(60, false, (_url, n) => (n === 2 || n === 3 ? { status: 429, body: '', retryAfter: n === 2 ? '7' : null } : undefined));
    const { d, waits } = deps(server.fetchPage);
    const job = newJob();
    await runImportJob(job, d);
    expect(waits).toEqual([7000, 5000]);
    expect(server.requests.map((u) => new URL(u).searchParams.get('page'))).toEqual(['1', '2', '2', '2']);
    expect(job).toMatchObject({ state: 'done', listed: 60 });
  });

  it('gives up after 6 retries of a rate-limited page', async () => {
    const server = fakeInstance(60, false, () => ({ status: 429, body: null, retryAfter: '1' }));
    const { d, waits } = deps(server.fetchPage);
    const job = newJob();
    await runImportJob(job, d);
    expect(waits).toHaveLength(MAX_IMPORT_RATE_LIMIT_RETRIES);
    expect(server.requests).toHaveLength(MAX_IMPORT_RATE_LIMIT_RETRIES + 1);
    expect(job).toMatchObject({ state: 'done', error: 'rate-limited', listed: 0 });
  });

  it.each<[string, Awaited<ReturnType<ImportDeps['fetchPage']>> | 'throw', string]>([
    ['hostile body', { status: 200, body: '{"images":"lots"}' }, 'unexpected-response'],
    ['HTML', { status: 200, body: '<!doctype html>' }, 'unexpected-response'],
    ['missing route', { status: 404, body: '' }, 'list-unsupported'],
    ['server error', { status: 502, body: '<html>Bad gateway</html>' }, 'server-error'],
    ['not logged in (400 from an older build)', { status: 400, body: '{"error":"not_logged_in"}' }, 'logged-out'],
    ['no answer', { status: 0, body: null }, 'network'],
    ['fetch throws', 'throw', 'network'],
  ])('%s stops the job with a reason', async (_name, answer, error) => {
    const fetchPage: ImportDeps['fetchPage'] = async () => {
      if (answer === 'throw') throw new TypeError('Failed to fetch');
      return answer;
    };
    const job = newJob();
    await runImportJob(job, deps(fetchPage).d);
    expect(job).toMatchObject({ state: 'done', error, listed: 0, imported: 0 });
    expect(await ledger.all()).toEqual([]);
  });

  it('an instance without list_media fails at once, without a request', async () => {
    const server = fakeInstance(10);
    const job = newJob();
    await runImportJob(job, deps(server.fetchPage, '0.19.0-0.19.11', '0.19.3').d);
    expect(server.requests).toEqual([]);
    expect(job).toMatchObject({ state: 'done', error: 'list-unsupported' });
  });

  it('a 1.0 cursor that does not move stops the job', async () => {
    const fetchPage: ImportDeps['fetchPage'] = async () => ({ status: 200, body: JSON.stringify({ items: [v4Item(1)], next_page: 'Psame' }) });
    const job = newJob();
    await runImportJob(job, deps(fetchPage, '1.0', '1.0.0-beta.1').d);
    expect(job).toMatchObject({ state: 'done', error: 'unexpected-response', cursor: 'Psame', listed: 2, imported: 1 });
  });

  it('cancel stops before the next page, with the cursor saved', async () => {
    const control = new AbortController();
    const server = fakeInstance(120, false, (_url, n) => {
      if (n === 1) control.abort();
      return undefined;
    });
    const { d, saved } = deps(server.fetchPage);
    const job = newJob();
    await runImportJob(job, d, { signal: control.signal });
    expect(server.requests).toHaveLength(1);
    expect(job).toMatchObject({ state: 'cancelled', cursor: '2', listed: 50, imported: 50 });
    expect(saved.at(-1)).toEqual(job);
  });
});
