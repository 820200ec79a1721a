// Issue 12 §3: Lemmy makes a thumbnail copy of a post's image under a new alias a moment after the post is saved
// (updates-2026-12.md §1). The post create is the page's claim; only Takeback's own look-up of the post is believed.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import { lemmy } from '@/utils/platforms/lemmy';
import { planLemmyDelete } from '@/utils/platforms/lemmy-delete';
import type { UploadRecord } from '@/utils/records';
import { copyRecord, createCopyFinder } from '@/utils/server-copies';
import { observation, uploadRecord } from './helpers';

const HOST = 'https://lemmy.example';
const postView = (id: number, url: string | null, thumbnail_url: string | null = null) => ({ post_view: { post: { id, url, thumbnail_url } } });
const created = (body: unknown, url = `${HOST}/api/v3/post`) => observation('lemmy-post', 'POST', url, 200, body);
const file = (over: Partial<UploadRecord> = {}) =>
  uploadRecord({ id: 'up.0@https://lemmy.example', key: 'abc.png', url: `${HOST}/pictrs/image/abc.png`, instanceOrigin: HOST, pageOrigin: HOST, apiBase: HOST, postId: 7, ...over });

describe('lemmy: a post that links an upload', () => {
  it("names the upload by the alias in the post's url, on this instance and API base only", () => {
    expect(lemmy.parseLink(created(postView(7, `${HOST}/pictrs/image/abc.png`)))).toMatchObject({ keys: ['abc.png'], kind: 'post-image', postId: 7 });
    expect(lemmy.parseLink(created(postView(8, `${HOST}/api/v4/image/abc.png`), `${HOST}/api/v4/post`))).toMatchObject({ keys: ['abc.png'], postId: 8 });
    for (const url of ['https://elsewhere.example/pictrs/image/abc.png', `${HOST}/pictrs/image/abc.png?x=1`, `${HOST}/other/pictrs/image/abc.png`, `${HOST}/pictrs/image/..`, null, 'not a url']) {
      expect(lemmy.parseLink(created(postView(7, url))), String(url)).toBeNull();
    }
    expect(lemmy.parseLink(observation('lemmy-post', 'POST', `${HOST}/api/v3/post`, 400, { error: 'x' }))).toBeNull();
  });

  it('looks the post up at the API it was made on, without anything the page said but the post id', () => {
    expect(lemmy.serverCopies!.lookupUrl(file())).toBe(`${HOST}/api/v3/post?id=7`);
    expect(lemmy.serverCopies!.lookupUrl(file({ api: 'lemmy-v4', apiBase: `${HOST}/lemmy` }))).toBe(`${HOST}/lemmy/api/v4/post?id=7`);
    expect(lemmy.serverCopies!.lookupUrl(file({ postId: undefined }))).toBeNull();
  });

  it("believes a copy only when the post looked up is that post and its url is the upload", () => {
    const parse = (body: unknown) => lemmy.serverCopies!.parse(JSON.stringify(body), file());
    expect(parse(postView(7, `${HOST}/pictrs/image/abc.png`, `${HOST}/pictrs/image/copy.webp`))).toEqual([{ key: 'copy.webp', url: `${HOST}/pictrs/image/copy.webp` }]);
    expect(parse(postView(7, `${HOST}/pictrs/image/abc.png`, null))).toEqual([]);
    expect(parse(postView(8, `${HOST}/pictrs/image/abc.png`, `${HOST}/pictrs/image/copy.webp`))).toEqual([]);
    expect(parse(postView(7, `${HOST}/pictrs/image/other.png`, `${HOST}/pictrs/image/copy.webp`))).toEqual([]);
    expect(parse(postView(7, `${HOST}/pictrs/image/abc.png`, 'https://cdn.example/pictrs/image/copy.webp'))).toEqual([]);
    expect(parse(postView(7, `${HOST}/pictrs/image/abc.png`, `${HOST}/pictrs/image/abc.png`))).toEqual([]);
    expect(lemmy.serverCopies!.parse('not json', file())).toEqual([]);
  });

  it("0.19: the copy belongs to no account, so only the admin can erase it; 1.0: the creator's delete removes it", () => {
    const copy = copyRecord(file(), { key: 'copy.webp', url: `${HOST}/pictrs/image/copy.webp` }, 1);
    expect(copy).toMatchObject({ kind: 'thumbnail', thumbnailOf: file().id, serverCopy: true, pageOrigin: HOST, status: 'captured' });
    expect(copy.deleteToken).toBeUndefined();
    expect(planLemmyDelete(copy, '0.19.0-0.19.11')).toEqual({ kind: 'needs-admin', reason: 'server-copy' });
    expect(planLemmyDelete({ ...copy, api: 'lemmy-v4' }, '1.0')).toMatchObject({ kind: 'http', method: 'DELETE', body: JSON.stringify({ filename: 'copy.webp' }) });
  });
});

describe('createCopyFinder', () => {
  let ledger: Ledger;
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    ledger = createLedger(openLedger());
  });

  it('looks at each delay until the copy is there, records it once, credential-less GETs to the instance only', async () => {
    await ledger.insert([file()]);
    const asked: string[] = [];
    const waited: number[] = [];
    const added: string[][] = [];
    let made = false;
    const finder = createCopyFinder({
      ledger,
      get: async (url) => {
        asked.push(url);
        const body = postView(7, `${HOST}/pictrs/image/abc.png`, made ? `${HOST}/pictrs/image/copy.webp` : null);
        made = true; // the server makes it after the first look
        return { status: 200, body: JSON.stringify(body) };
      },
      wait: async (ms) => void waited.push(ms),
      now: () => 5,
      added: (ids) => added.push(ids),
    });
    await finder.lookFor(file().id);
    expect(asked).toEqual([`${HOST}/api/v3/post?id=7`, `${HOST}/api/v3/post?id=7`]);
    expect(waited).toEqual(lemmy.serverCopies!.delaysMs.slice(0, 2));
    expect(added).toEqual([[`${file().id}#copy:copy.webp`]]);
    expect((await ledger.thumbnailsOf([file().id])).map((r) => r.key)).toEqual(['copy.webp']);
    // Looking again finds nothing new.
    expect(await finder.lookOnce(file().id)).toEqual([]);
  });

  it('a record without a post, or an answer that is not 200, records nothing', async () => {
    await ledger.insert([file({ postId: undefined, id: 'np' })]);
    const finder = createCopyFinder({ ledger, get: async () => ({ status: 500, body: 'x' }), wait: async () => {}, now: () => 1, added: () => {} });
    expect(await finder.lookOnce('np')).toBeNull();
    await ledger.insert([file()]);
    expect(await finder.lookOnce(file().id)).toEqual([]);
  });
});
