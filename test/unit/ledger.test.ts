import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLedger, migrations, openLedger, LEDGER_DB } from '@/utils/ledger';
import { uploadRecord } from './helpers';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const INDEXES = {
  byInstance: 'instanceOrigin',
  byUploadedAt: 'uploadedAt',
  byPage: ['pageOrigin', 'uploadedAt'],
  byKey: ['platform', 'key'],
  byNextCheck: 'nextCheckAt',
  byThumbnailOf: 'thumbnailOf',
};

describe('ledger migrations', () => {
  it('opening from version 0 creates the uploads store and every index', async () => {
    const db = await openLedger('fresh');
    expect(db.version).toBe(migrations.length);
    expect([...db.objectStoreNames].sort()).toEqual(['instances', 'jobs', 'requests', 'thumbs', 'uploads']);
    const store = db.transaction('uploads').store;
    expect(store.keyPath).toBe('id');
    expect([...store.indexNames].sort()).toEqual(Object.keys(INDEXES).sort());
    for (const [name, keyPath] of Object.entries(INDEXES)) {
      expect(store.index(name as keyof typeof INDEXES).keyPath, name).toEqual(keyPath);
    }
    db.close();
  });

  it('uses the takeback database by default', async () => {
    const db = await openLedger();
    expect(db.name).toBe(LEDGER_DB);
    expect(LEDGER_DB).toBe('takeback');
    db.close();
  });

  it('opening a version-1 database keeps its records and moves their thumbnails to their own store (v2)', async () => {
    // A database as version 1 of Takeback left it, written without the ledger code.
    const v1 = await openDB('existing', 1, {
      upgrade(db) {
        const s = db.createObjectStore('uploads', { keyPath: 'id' });
        s.createIndex('byInstance', 'instanceOrigin');
        s.createIndex('byPlatform', 'platform');
        s.createIndex('byStatus', 'status');
        s.createIndex('byUploadedAt', 'uploadedAt');
        s.createIndex('byPage', ['pageOrigin', 'uploadedAt']);
        s.createIndex('byKey', ['platform', 'key']);
      },
    });
    await v1.put('uploads', uploadRecord({ id: 'old.0@https://lemmy.example', uploadedAt: 5, thumb: 'data:image/jpeg;base64,AAAA' }));
    await v1.put('uploads', uploadRecord({ id: 'old.1@https://lemmy.example', uploadedAt: 6 }));
    v1.close();

    const db = await openLedger('existing');
    expect(db.version).toBe(migrations.length);
    const ledger = createLedger(Promise.resolve(db));
    const old = await ledger.get('old.0@https://lemmy.example');
    expect(old).toMatchObject({ uploadedAt: 5, deleteToken: 'token-1', status: 'captured' });
    expect(old).not.toHaveProperty('thumb');
    expect(await ledger.thumbs(['old.0@https://lemmy.example', 'old.1@https://lemmy.example'])).toEqual({
      'old.0@https://lemmy.example': 'data:image/jpeg;base64,AAAA',
    });
    expect(await ledger.get('old.1@https://lemmy.example')).toMatchObject({ uploadedAt: 6 });
    expect((await ledger.listByPage('https://lemmy.example'))[0]).toBeDefined();
    expect(await ledger.findByKey('lemmy', 'old.0@https://lemmy.example-alias.png')).toHaveLength(1);
    db.close();
  });

  it("a version-3 database gains the thumbnails index (v4): a file's thumbnails are found by it, records before it too", async () => {
    const v3 = await openDB('v3-existing', 3, {
      async upgrade(db, _old, _new, tx) {
        for (const step of migrations.slice(0, 3)) await step(db as never, tx as never);
      },
    });
    await v3.put('uploads', uploadRecord({ id: 'file', platform: 'matrix', key: 'mxc://m.example/file' }));
    await v3.put('uploads', uploadRecord({ id: 'thumb', platform: 'matrix', kind: 'thumbnail', key: 'mxc://m.example/thumb', thumbnailOf: 'file' }));
    await v3.put('uploads', uploadRecord({ id: 'other', platform: 'matrix', key: 'mxc://m.example/other' }));
    v3.close();
    const ledger = createLedger(openLedger('v3-existing'));
    expect((await ledger.thumbnailsOf(['file'])).map((r) => r.id)).toEqual(['thumb']);
    expect(await ledger.thumbnailsOf(['other', 'thumb', 'missing'])).toEqual([]);
    expect((await ledger.thumbnailsOf(['file', 'file'])).map((r) => r.id)).toEqual(['thumb']);
  });

  it('a version-2 database gains the requests store (v3) and keeps its uploads and jobs', async () => {
    const v2 = await openDB('v2-existing', 2, {
      async upgrade(db, _old, _new, tx) {
        for (const step of migrations.slice(0, 2)) await step(db as never, tx as never);
      },
    });
    await v2.put('uploads', uploadRecord({ id: 'kept.0@https://lemmy.example' }));
    await v2.put('jobs', { id: 'j1', kind: 'delete', state: 'done', createdAt: 1, ids: [], done: [] });
    v2.close();
    const ledger = createLedger(openLedger('v2-existing'));
    expect(await ledger.get('kept.0@https://lemmy.example')).toBeDefined();
    expect(await ledger.jobs.get('j1')).toMatchObject({ state: 'done' });
    const request = { id: 'r1', createdAt: 1, updatedAt: 1, state: 'sent' as const, language: 'de' as const, itemIds: ['kept.0@https://lemmy.example'], instanceOrigins: ['https://lemmy.example'], requester: {} };
    await ledger.requests.put(request);
    expect(await ledger.requests.byState('sent')).toEqual([request]);
    expect(await ledger.requests.byState('draft')).toEqual([]);
    await ledger.requests.delete('r1');
    expect(await ledger.requests.all()).toEqual([]);
  });

  it('an open connection steps aside when a newer version upgrades (else the upgrade would be blocked)', async () => {
    await openLedger('blocking');
    let blocked = false;
    const newer = await openDB('blocking', migrations.length + 1, { blocked: () => (blocked = true) });
    expect(newer.version).toBe(migrations.length + 1);
    expect(blocked).toBe(false);
    newer.close();
  });
});

describe('ledger operations', () => {
  let n = 0;
  const ledgerFor = () => createLedger(openLedger(`ops-${++n}`));

  it('insert stores records and resolves once committed', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a' }), uploadRecord({ id: 'b' })]);
    expect((await ledger.all()).map((r) => r.id).sort()).toEqual(['a', 'b']);
  });

  it('insert is idempotent: same id twice → one record, original uploadedAt and later fields kept', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a', uploadedAt: 100 })]);
    await ledger.modify(['a'], (r) => ({ ...r, roomId: '!r:x', eventId: '$e', thumbnailOf: 'b' }));
    await ledger.setThumb('a', 'data:image/jpeg;base64,AAAA', () => true);
    await ledger.insert([uploadRecord({ id: 'a', uploadedAt: 999 })]);
    const all = await ledger.all();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: 'a', uploadedAt: 100, roomId: '!r:x', eventId: '$e', thumbnailOf: 'b' });
    expect(await ledger.thumbs(['a'])).toEqual({ a: 'data:image/jpeg;base64,AAAA' });
  });

  it('insert keeps the kind a later step set', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a', kind: 'attachment' })]);
    await ledger.modify(['a'], (r) => ({ ...r, kind: 'thumbnail', thumbnailOf: 'b' }));
    await ledger.insert([uploadRecord({ id: 'a', kind: 'attachment' })]);
    expect(await ledger.get('a')).toMatchObject({ kind: 'thumbnail', thumbnailOf: 'b' });
  });

  it('insert never overwrites a stored delete token (first write wins)', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a', deleteToken: 'original' })]);
    await ledger.insert([uploadRecord({ id: 'a', deleteToken: 'replayed' })]);
    expect((await ledger.get('a'))?.deleteToken).toBe('original');
  });

  it('insert of a batch with the same id twice keeps one record', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a' }), uploadRecord({ id: 'a' })]);
    expect(await ledger.all()).toHaveLength(1);
  });

  it('modify is a read-modify-write that returns what changed and leaves null results alone', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a', size: 1 }), uploadRecord({ id: 'b', size: 2 })]);
    const changed = await ledger.modify(['a', 'b', 'missing'], (r) => (r.id === 'a' ? { ...r, size: r.size! + 10 } : null));
    expect(changed.map((r) => [r.id, r.size])).toEqual([['a', 11]]);
    expect((await ledger.get('a'))?.size).toBe(11);
    expect((await ledger.get('b'))?.size).toBe(2);
    expect(await ledger.get('missing')).toBeUndefined();
  });

  it('concurrent modifies of the same record do not lose updates', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a', size: 0 })]);
    await Promise.all(Array.from({ length: 5 }, () => ledger.modify(['a'], (r) => ({ ...r, size: r.size! + 1 }))));
    expect((await ledger.get('a'))?.size).toBe(5);
  });

  it('findByKey matches platform and key', async () => {
    const ledger = ledgerFor();
    await ledger.insert([
      uploadRecord({ id: 'a', key: 'k' }),
      uploadRecord({ id: 'b', key: 'k', platform: 'matrix' }),
      uploadRecord({ id: 'c', key: 'other' }),
    ]);
    expect((await ledger.findByKey('lemmy', 'k')).map((r) => r.id)).toEqual(['a']);
    expect((await ledger.findByKey('matrix', 'k')).map((r) => r.id)).toEqual(['b']);
    expect(await ledger.findByKey('matrix', 'other')).toEqual([]);
  });

  it('listByPage returns only that origin, newest first, from `since`, up to `limit`', async () => {
    const ledger = ledgerFor();
    await ledger.insert([
      uploadRecord({ id: 'a1', pageOrigin: 'https://a.example', uploadedAt: 10 }),
      uploadRecord({ id: 'a3', pageOrigin: 'https://a.example', uploadedAt: 30 }),
      uploadRecord({ id: 'a2', pageOrigin: 'https://a.example', uploadedAt: 20 }),
      uploadRecord({ id: 'b1', pageOrigin: 'https://b.example', uploadedAt: 25 }),
      uploadRecord({ id: 'sub', pageOrigin: 'https://a.example.evil', uploadedAt: 40 }),
      uploadRecord({ id: 'port', pageOrigin: 'https://a.example:8443', uploadedAt: 40 }),
    ]);
    expect((await ledger.listByPage('https://a.example')).map((r) => r.id)).toEqual(['a3', 'a2', 'a1']);
    expect((await ledger.listByPage('https://a.example', 20)).map((r) => r.id)).toEqual(['a3', 'a2']);
    expect((await ledger.listByPage('https://a.example', 0, 2)).map((r) => r.id)).toEqual(['a3', 'a2']);
    expect((await ledger.listByPage('https://b.example')).map((r) => r.id)).toEqual(['b1']);
    expect(await ledger.listByPage('https://c.example')).toEqual([]);
  });

  it('countSince counts records uploaded at or after the time, across origins', async () => {
    const ledger = ledgerFor();
    await ledger.insert([
      uploadRecord({ id: 'a', uploadedAt: 99 }),
      uploadRecord({ id: 'b', uploadedAt: 100 }),
      uploadRecord({ id: 'c', uploadedAt: 150, pageOrigin: 'https://other.example' }),
    ]);
    expect(await ledger.countSince(100)).toBe(2);
    expect(await ledger.countSince(0)).toBe(3);
    expect(await ledger.countSince(151)).toBe(0);
  });

  it('countSince counts a file and its thumbnails (or the copy a server made of it) as one item, as the badge shows them', async () => {
    const ledger = ledgerFor();
    await ledger.insert([
      uploadRecord({ id: 'photo', uploadedAt: 100 }),
      uploadRecord({ id: 'photo-thumb', uploadedAt: 100, kind: 'thumbnail', thumbnailOf: 'photo' }),
      uploadRecord({ id: 'post-copy', uploadedAt: 140, kind: 'thumbnail', thumbnailOf: 'photo', serverCopy: true }),
      uploadRecord({ id: 'other', uploadedAt: 150 }),
    ]);
    expect(await ledger.countSince(0)).toBe(2);
  });
});

describe('ledger: delete support (v2)', () => {
  let n = 0;
  const ledgerFor = () => createLedger(openLedger(`v2-${++n}`));

  it('setThumb stores only for an existing record that passes the check; lists join thumbnails, all() does not', async () => {
    const ledger = ledgerFor();
    await ledger.insert([uploadRecord({ id: 'a', uploadedAt: 1 }), uploadRecord({ id: 'b', uploadedAt: 2 })]);
    expect(await ledger.setThumb('a', 'data:image/png;base64,AA', (r) => r.id === 'a')).toBe(true);
    expect(await ledger.setThumb('b', 'data:image/png;base64,BB', (r) => r.id === 'a')).toBe(false);
    expect(await ledger.setThumb('zz', 'data:image/png;base64,CC', () => true)).toBe(false);
    const listed = await ledger.listByPage('https://lemmy.example');
    expect(listed.map((r) => [r.id, r.thumb])).toEqual([['b', undefined], ['a', 'data:image/png;base64,AA']]);
    expect((await ledger.all()).some((r) => 'thumb' in r)).toBe(false);
  });

  it('merge adds only files not known on that instance, and fills a missing delete token without touching anything else', async () => {
    const ledger = ledgerFor();
    await ledger.insert([
      uploadRecord({ id: 'seen', key: 'k1', deleteToken: 'mine', status: 'still-online' }),
      uploadRecord({ id: 'seen-no-token', key: 'k2', deleteToken: undefined }),
      uploadRecord({ id: 'other-instance', key: 'k3', instanceOrigin: 'https://other.example' }),
    ]);
    const imported = ['k1', 'k2', 'k3', 'k4'].map((key) => uploadRecord({ id: `import:${key}`, key, deleteToken: `listed-${key}`, source: 'import' }));
    expect(await ledger.merge(imported)).toBe(2);
    expect(await ledger.get('seen')).toMatchObject({ deleteToken: 'mine', status: 'still-online' });
    expect(await ledger.get('seen-no-token')).toMatchObject({ deleteToken: 'listed-k2' });
    expect(await ledger.get('import:k3')).toMatchObject({ key: 'k3', source: 'import' });
    expect(await ledger.get('import:k4')).toBeDefined();
    expect(await ledger.get('import:k1')).toBeUndefined();
    expect(await ledger.merge(imported)).toBe(0);
    expect(await ledger.all()).toHaveLength(5);
  });

  it('dueForCheck returns records due now and the next time after them; records without nextCheckAt never appear', async () => {
    const ledger = ledgerFor();
    await ledger.insert([
      uploadRecord({ id: 'due', nextCheckAt: 100 }),
      uploadRecord({ id: 'also-due', nextCheckAt: 200 }),
      uploadRecord({ id: 'later', nextCheckAt: 900 }),
      uploadRecord({ id: 'never' }),
    ]);
    const { due, next } = await ledger.dueForCheck(200);
    expect(due.map((r) => r.id).sort()).toEqual(['also-due', 'due']);
    expect(next).toBe(900);
    expect(await ledger.dueForCheck(50)).toEqual({ due: [], next: 100 });
    expect((await ledger.dueForCheck(1000)).next).toBeNull();
  });

  it('jobs and instances round-trip', async () => {
    const ledger = ledgerFor();
    await ledger.jobs.put({ id: 'j1', kind: 'delete', state: 'running', createdAt: 1, ids: ['a'], done: [] });
    await ledger.jobs.put({ id: 'j1', kind: 'delete', state: 'done', createdAt: 1, ids: ['a'], done: ['a'] });
    expect(await ledger.jobs.all()).toEqual([{ id: 'j1', kind: 'delete', state: 'done', createdAt: 1, ids: ['a'], done: ['a'] }]);
    await ledger.instances.put({ origin: 'https://lemmy.example', platform: 'lemmy', band: '0.19.12+', checkedAt: 5 });
    expect(await ledger.instances.get('https://lemmy.example')).toMatchObject({ band: '0.19.12+' });
    expect(await ledger.getMany(['nope'])).toEqual([]);
  });
});
