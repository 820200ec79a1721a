import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { readEnvelope, openBackup, writeBackup, backupFileName, type ReadProblem } from '@/utils/backup/file';
import { conflictCopyId, planMerge } from '@/utils/backup/merge';
import { BackupPayloadSchema, type BackupPayload } from '@/utils/backup/schema';
import { ChoicesNotSaved, loadBackedUp, makeBackup, noteBackup, notBackedUp, loadBackupState, previewRestore, reminderDue, restoreBackup } from '@/utils/backup/service';
import { unseenRecord } from '@/utils/unseen-uploads';
import { platformById } from '@/utils/platforms';
import type { ErasureRequest } from '@/utils/erasure/types';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import type { UploadRecord } from '@/utils/records';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { matrixUploadRecord, uploadRecord } from './helpers';
import { memoryArea } from './kv-fake';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** A backup made long after these records changed, restored now: no status time is capped (see the clock tests). */
const CLOCK = { madeAt: 1e15, now: 1e15 };
const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2w==';
const plain = ({ thumb: _t, ...r }: UploadRecord & { thumb?: string }): UploadRecord => r;

function request(id: string, overrides: Partial<ErasureRequest> = {}): ErasureRequest {
  return {
    id, createdAt: 5, updatedAt: 5, state: 'sent', language: 'de', itemIds: ['m1'], instanceOrigins: ['https://matrix.example.org'],
    requester: { name: 'Alex', accounts: { 'https://matrix.example.org': '@alex:example.org' } }, sentOn: '2026-11-02', sentVia: 'email',
    dueOn: '2026-12-02', letterText: 'Sehr geehrte …', ...overrides,
  };
}

/** A ledger with one of everything a backup carries: Lemmy, Matrix with its thumbnail, an import, a proof, a request. */
async function fullLedger(): Promise<{ ledger: Ledger; records: UploadRecord[] }> {
  const ledger = createLedger(openLedger());
  const records = [
    plain(uploadRecord({ id: 'l1', deleteToken: 'tok-l1', apiBase: 'https://lemmy.example', postId: 7 })),
    plain(uploadRecord({ id: 'l2', status: 'verified-gone', statusAt: 9, deletedAt: 8, proofUrl: 'https://lemmy.example/api/v4/image/x', proofStatus: 404 })),
    plain(uploadRecord({ id: 'imp', source: 'import', deleteToken: undefined, pageOrigin: 'https://lemmy.example' })),
    plain(matrixUploadRecord({ id: 'm1', account: '@alex:example.org', roomId: '!r:example.org', eventId: '$e', status: 'needs-admin', reason: 'no-user-delete' })),
    plain(matrixUploadRecord({ id: 'm1t', kind: 'thumbnail', thumbnailOf: 'm1' })),
    plain(uploadRecord({ id: 'n1', pageOrigin: 'null', status: 'key-unknown', transport: 'network', sentTo: 'https://lemmy.example/pictrs/image', unseenVia: 'form', deleteToken: undefined })),
  ];
  await ledger.insert(records);
  await ledger.setThumb('l1', JPEG, () => true);
  await ledger.requests.put(request('req-1'));
  return { ledger, records };
}

async function settled(ledger: Ledger) {
  const s = await ledger.snapshot(true);
  const byId = <T extends { id: string }>(a: T[]) => [...a].sort((x, y) => x.id.localeCompare(y.id));
  return { uploads: byId(s.uploads), thumbs: byId(s.thumbs ?? []), requests: byId(s.requests) };
}

const area0 = () =>
  memoryArea({
    sitePolicies: { 'https://lemmy.example': 'allow', 'https://photos.example': 'never' },
    frontEnds: { 'https://lemmy.example': ['https://photon.example'] },
    settings: { ...DEFAULT_SETTINGS, askDelayMs: 3000 },
  });

const payloadOf = (uploads: UploadRecord[], requests: ErasureRequest[] = []): BackupPayload => ({ uploads, requests, sitePolicies: {}, settings: {}, frontEnds: {} });

async function readAll(text: string, passphrase: string | null) {
  const envelope = readEnvelope(text);
  if (!envelope.ok) return envelope;
  return openBackup(envelope.value, passphrase);
}

describe('backup: a round trip keeps everything', () => {
  it('an encrypted backup of every store restores into an empty profile as the same ledger, policies, front ends and settings', async () => {
    const { ledger } = await fullLedger();
    const area = area0();
    const made = await makeBackup(ledger, area, { passphrase: 'correct horse battery', previews: true, now: Date.UTC(2026, 11, 4) });
    expect(made.items).toBe(5); // m1t is m1's thumbnail: one item
    expect(made.text).not.toContain('tok-l1'); // encrypted: no key in the clear
    const before = await settled(ledger);

    globalThis.indexedDB = new IDBFactory();
    const fresh = createLedger(openLedger());
    const freshArea = memoryArea();
    const payload = await readAll(made.text, 'correct horse battery');
    expect(payload.ok).toBe(true);
    if (!payload.ok) return;
    const result = await restoreBackup(fresh, freshArea, payload.value, Date.UTC(2026, 11, 4));
    expect(result.counts).toMatchObject({ items: 5, new: 5, alreadyHere: 0, conflicts: 0, newRequests: 1 });
    expect(await settled(fresh)).toEqual(before);
    expect(freshArea.data.get('sitePolicies')).toEqual(area.data.get('sitePolicies'));
    expect(freshArea.data.get('frontEnds')).toEqual(area.data.get('frontEnds'));
    expect((freshArea.data.get('settings') as { askDelayMs: number }).askDelayMs).toBe(3000);
    expect(result.settingsTaken).toBe(true);
  });

  it('without previews the file holds no preview, and says so outside', async () => {
    const { ledger } = await fullLedger();
    const made = await makeBackup(ledger, memoryArea(), { passphrase: null, previews: false, now: 1 });
    const env = readEnvelope(made.text);
    expect(env.ok && env.value.previews).toBe(false);
    expect(made.text).not.toContain('data:image');
    const payload = await readAll(made.text, null);
    expect(payload.ok && payload.value.thumbs).toBeUndefined();
  });

  it('names the file takeback-backup-YYYY-MM-DD.takeback', () => {
    expect(backupFileName(new Date(2026, 0, 9, 12).getTime())).toBe('takeback-backup-2026-01-09.takeback');
  });
});

describe('backup: merge rules', () => {

  it('new, identical, a newer status, a token the ledger lacked, and a conflicting token are told apart', () => {
    const here = [
      uploadRecord({ id: 'same' }),
      uploadRecord({ id: 'older', status: 'captured', statusAt: 1 }),
      uploadRecord({ id: 'untokened', deleteToken: undefined }),
      uploadRecord({ id: 'clash', deleteToken: 'ours' }),
    ].map(plain);
    const backup = payloadOf([
      uploadRecord({ id: 'same' }),
      uploadRecord({ id: 'older', status: 'verified-gone', statusAt: 50, proofUrl: 'https://lemmy.example/p', proofStatus: 404 }),
      uploadRecord({ id: 'untokened', deleteToken: 'found' }),
      uploadRecord({ id: 'clash', deleteToken: 'theirs' }),
      uploadRecord({ id: 'fresh' }),
    ].map(plain));
    const plan = planMerge({ uploads: here, thumbIds: new Set(), requests: [] }, backup, CLOCK);
    expect(plan.counts).toMatchObject({ items: 5, new: 1, alreadyHere: 3, updated: 2, conflicts: 1 });
    const put = new Map(plan.puts.map((r) => [r.id, r]));
    expect(put.get('older')).toMatchObject({ status: 'verified-gone', proofStatus: 404, deleteToken: 'token-1' });
    expect(put.get('untokened')?.deleteToken).toBe('found');
    expect(put.has('clash')).toBe(false); // the ledger's key is never replaced…
    const copy = put.get(conflictCopyId(backup.uploads[3]!));
    expect(copy).toMatchObject({ deleteToken: 'theirs', conflictOf: 'clash' }); // …and the backup's is kept beside it
    expect(plan.conflicts).toEqual([{ id: 'clash', copyId: copy!.id, fileName: 'cat.png', instanceOrigin: 'https://lemmy.example' }]);
  });

  it('an older status in the backup changes nothing, and a later fact is only added where missing', () => {
    const here = [plain(uploadRecord({ id: 'a', status: 'verified-gone', statusAt: 90, roomId: undefined }))];
    const plan = planMerge({ uploads: here, thumbIds: new Set(), requests: [] }, payloadOf([plain(uploadRecord({ id: 'a', status: 'captured', statusAt: 10, postId: 3 }))]), CLOCK);
    expect(plan.puts).toEqual([{ ...here[0], postId: 3 }]);
  });

  it('the same file under another id (an import of it) changes nothing of the ledger\'s record; a key it brings is kept beside it, as a conflict', () => {
    const here = [plain(uploadRecord({ id: 'import-1', source: 'import', key: 'k.png', deleteToken: undefined, status: 'captured' }))];
    const sameFile = (overrides: Partial<UploadRecord>) => plain(uploadRecord({ id: 'cap-1', key: 'k.png', ...overrides }));
    // Anyone can know a file's public key: a record matched only by it takes no status, room or thumbnail link in.
    const quiet = planMerge({ uploads: here, thumbIds: new Set(), requests: [] }, payloadOf([sameFile({ deleteToken: undefined, status: 'verified-gone', statusAt: 50, roomId: '!r', thumbnailOf: 'x' })]), CLOCK);
    expect(quiet.puts).toEqual([]);
    expect(quiet.counts).toMatchObject({ new: 0, alreadyHere: 0, conflicts: 0 }); // (a thumbnail-of record is not an item)
    const keyed = planMerge({ uploads: here, thumbIds: new Set(), requests: [] }, payloadOf([sameFile({ deleteToken: 't' })]), CLOCK);
    expect(keyed.counts).toMatchObject({ new: 0, conflicts: 1 });
    expect(keyed.puts).toEqual([{ ...sameFile({ deleteToken: 't' }), id: conflictCopyId(sameFile({ deleteToken: 't' })), conflictOf: 'import-1' }]);
  });

  it('a status is dated at most when the backup was made (and now); one the re-checks probe is checked again at once', () => {
    const here = [plain(uploadRecord({ id: 'a', status: 'captured', statusAt: 100 }))];
    const future = plain(uploadRecord({ id: 'a', status: 'verified-gone', statusAt: 8.64e15, proofStatus: 404 }));
    const plan = planMerge({ uploads: here, thumbIds: new Set(), requests: [] }, payloadOf([future]), { madeAt: 500, now: 900 });
    expect(plan.puts[0]).toMatchObject({ status: 'verified-gone', statusAt: 500, nextCheckAt: 900 });
    // Made before the ledger's own status changed: the ledger's stays.
    expect(planMerge({ uploads: here, thumbIds: new Set(), requests: [] }, payloadOf([future]), { madeAt: 50, now: 900 }).puts).toEqual([]);
  });

  it('a request is added when new, replaced only by a newer copy', () => {
    const plan = planMerge(
      { uploads: [], thumbIds: new Set(), requests: [request('r1', { updatedAt: 10 }), request('r2', { updatedAt: 10 })] },
      payloadOf([], [request('r1', { updatedAt: 20, state: 'resolved' }), request('r2', { updatedAt: 5, state: 'draft' }), request('r3')]),
      CLOCK,
    );
    expect(plan.requests.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(plan.counts).toMatchObject({ newRequests: 1, updatedRequests: 1 });
  });

  it('a second restore of the same file adds nothing (conflict copies included)', async () => {
    const ledger = createLedger(openLedger());
    await ledger.insert([plain(uploadRecord({ id: 'clash', deleteToken: 'ours' }))]);
    const backup = payloadOf([plain(uploadRecord({ id: 'clash', deleteToken: 'theirs' })), plain(uploadRecord({ id: 'x' }))], [request('r')]);
    const area = memoryArea();
    const first = await restoreBackup(ledger, area, backup, 1);
    expect(first.counts).toMatchObject({ new: 1, conflicts: 1 });
    const after = await settled(ledger);
    const second = await restoreBackup(ledger, area, backup, 1);
    expect(second.counts).toMatchObject({ new: 0, conflicts: 0, alreadyHere: 2, updated: 0, newRequests: 0 });
    expect(second.changedIds).toEqual([]);
    expect(await settled(ledger)).toEqual(after);
  });

  it('the preview says what the restore then does, and writes nothing', async () => {
    const { ledger, records } = await fullLedger();
    const backup = payloadOf([...records.slice(0, 2), plain(uploadRecord({ id: 'new-1' }))]);
    const before = await settled(ledger);
    const preview = await previewRestore(ledger, memoryArea(), backup, 1);
    expect(await settled(ledger)).toEqual(before);
    const done = await restoreBackup(ledger, memoryArea(), backup, 1);
    expect(done.counts).toEqual(preview.counts);
    expect(preview.counts).toMatchObject({ items: 3, new: 1, alreadyHere: 2 });
  });

  it('policies set here are kept; sites the backup adds are added; settings are taken only into a profile that never saved any', async () => {
    const ledger = createLedger(openLedger());
    const area = memoryArea({ sitePolicies: { 'https://a.example': 'allow' }, settings: { ...DEFAULT_SETTINGS } });
    const done = await restoreBackup(ledger, area, { ...payloadOf([]), sitePolicies: { 'https://a.example': 'never', 'https://b.example': 'allow' }, settings: { askDelayMs: 0 } }, 1);
    expect(area.data.get('sitePolicies')).toEqual({ 'https://a.example': 'allow', 'https://b.example': 'allow' });
    expect(done).toMatchObject({ policiesKept: 1, settingsTaken: false, policiesAddedList: [{ origin: 'https://b.example', policy: 'allow' }] });
    expect((area.data.get('settings') as { askDelayMs: number }).askDelayMs).toBe(DEFAULT_SETTINGS.askDelayMs);
  });

  it('a long restore says how far its write has got, every 1,000 records', async () => {
    const ledger = createLedger(openLedger());
    const seen: Array<[number, number]> = [];
    const many = Array.from({ length: 2500 }, (_, i) => plain(uploadRecord({ id: `r${i}` })));
    await restoreBackup(ledger, memoryArea(), payloadOf(many), 1, (written, total) => seen.push([written, total]));
    expect(seen).toEqual([[1000, 2500], [2000, 2500]]);
    expect(await ledger.countSince(0)).toBe(2500);
  });

  it('all or nothing: a write that fails inside the transaction leaves the ledger and the stored choices as they were', async () => {
    const { ledger } = await fullLedger();
    const area = area0();
    const storedBefore = structuredClone([...area.data]);
    const before = await settled(ledger);
    const bad = { ...plain(uploadRecord({ id: 'ok-1' })) };
    const broken = { ...plain(uploadRecord({ id: 'ok-2' })), id: undefined as unknown as string }; // no key: IndexedDB refuses it
    await expect(restoreBackup(ledger, area, { ...payloadOf([bad, broken]), sitePolicies: { 'https://z.example': 'allow' } }, 99)).rejects.toThrow();
    expect(await settled(ledger)).toEqual(before);
    expect([...area.data]).toEqual(storedBefore);
  });
});

describe('backup: bad input gets a clear answer and changes nothing', () => {
  async function attempt(text: string, passphrase: string | null = 'pw-pw-pw-pw'): Promise<ReadProblem | 'restored'> {
    const read = await readAll(text, passphrase);
    return read.ok ? 'restored' : read.problem;
  }
  const base = async () => (await makeBackup((await fullLedger()).ledger, area0(), { passphrase: null, previews: true, now: 1000 })).text;
  const withPayload = (text: string, change: (p: Record<string, unknown>) => void) => {
    const json = JSON.parse(text);
    change(json.payload);
    return JSON.stringify(json);
  };
  type Rows = Array<Record<string, unknown>>;
  /** The file with one record changed; records are in id order (imp, l1, l2, m1, m1t, n1). */
  const withRecord = (text: string, id: string, change: (r: Record<string, unknown>) => void) =>
    withPayload(text, (p) => change((p.uploads as Rows).find((r) => r.id === id)!));

  it('a wrong passphrase, a missing one, and an encrypted file cut short', async () => {
    const { text } = await makeBackup((await fullLedger()).ledger, area0(), { passphrase: 'right one', previews: false, now: 1 });
    expect(await attempt(text, 'wrong one')).toEqual({ kind: 'wrong-passphrase' });
    expect(await attempt(text, null)).toEqual({ kind: 'passphrase-needed' });
    expect(await attempt(text.slice(0, text.length - 40), 'right one')).toEqual({ kind: 'truncated' });
    const json = JSON.parse(text);
    json.uploads = 4; // the outside changed: the ciphertext is bound to it
    expect(await attempt(JSON.stringify(json), 'right one')).toEqual({ kind: 'wrong-passphrase' });
  });

  it('a file cut anywhere is "truncated" or not a backup, never half read', async () => {
    const text = await base();
    for (const cut of [10, 100, text.length / 2, text.length - 1].map(Math.floor)) {
      expect(['truncated', 'not-backup']).toContain(((await attempt(text.slice(0, cut))) as ReadProblem).kind);
    }
    expect(await attempt(text.slice(0, text.length - 1))).toEqual({ kind: 'truncated' });
  });

  it('a newer Takeback\'s file, another file type, and JSON that is not a backup', async () => {
    const text = await base();
    expect(await attempt(text.replace('"version":1', '"version":2'))).toEqual({ kind: 'newer-version', version: 2 });
    expect(await attempt('\x89PNG\r\n\x1a\n\0\0\0\rIHDR')).toEqual({ kind: 'not-backup' });
    expect(await attempt('{"uploads": []}')).toEqual({ kind: 'not-backup' });
    expect(await attempt('[]')).toEqual({ kind: 'not-backup' });
  });

  it('hostile JSON: __proto__ keys, javascript: URLs, origins that are not http(s), 10 MB strings, too many records', async () => {
    const text = await base();
    const problem = async (t: string) => (await attempt(t)) as ReadProblem;
    // A __proto__ key is dropped wherever it is (zod reads only own, known keys) and pollutes nothing.
    const policies = await readAll(text.replace('"sitePolicies":{', '"sitePolicies":{"__proto__":{"polluted":"allow"},'), null);
    expect(policies.ok && Object.keys(policies.value.sitePolicies)).toEqual(['https://lemmy.example', 'https://photos.example']);
    expect(policies.ok && Object.getPrototypeOf(policies.value.sitePolicies)).toBe(Object.prototype);
    expect(await problem(text.replace('"sitePolicies":{', '"sitePolicies":{"constructor":"allow",'))).toMatchObject({ kind: 'invalid', where: expect.stringContaining('sitePolicies') });
    const proto = await readAll(text.replace('{"id":"l1"', '{"__proto__":{"polluted":true},"id":"l1"'), null);
    expect(proto.ok).toBe(true);
    expect(proto.ok && (proto.value.uploads.find((r) => r.id === 'l1') as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await problem(withRecord(text, 'l1', (r) => (r.url = 'javascript:alert(1)')))).toMatchObject({ kind: 'invalid', where: 'uploads #2 (l1), url' });
    expect(await problem(withRecord(text, 'l2', (r) => (r.instanceOrigin = 'file:///etc')))).toMatchObject({ kind: 'invalid', where: 'uploads #3 (l2), instanceOrigin' });
    expect(await problem(withRecord(text, 'l1', (r) => (r.apiBase = 'data:text/html,x')))).toMatchObject({ where: 'uploads #2 (l1), apiBase' });
    expect(await problem(withRecord(text, 'l1', (r) => (r.fileName = 'x'.repeat(10 * 1024 * 1024))))).toMatchObject({ where: 'uploads #2 (l1), fileName' });
    expect(await problem(withPayload(text, (p) => ((p.thumbs as Array<Record<string, unknown>>)[0]!.dataUrl = 'data:text/html;base64,PHNjcmlwdD4=')))).toMatchObject({ where: expect.stringContaining('thumbs #1') });
    const million = text.replace('"uploads":[', `"uploads":[${'{},'.repeat(1_000_000)}`);
    expect(await problem(million)).toMatchObject({ kind: 'too-many', uploads: 1_000_006 });
    expect(await problem(text.replace('"uploads":5', '"uploads":1000000'))).toMatchObject({ kind: 'too-many' });
  });

  it('records that fail today\'s schemas, a count that does not match, the same id twice', async () => {
    const text = await base();
    const problem = async (t: string) => (await attempt(t)) as ReadProblem;
    expect(await problem(withRecord(text, 'imp', (r) => (r.status = 'exploded')))).toMatchObject({ kind: 'invalid', where: 'uploads #1 (imp), status' });
    expect(await problem(withPayload(text, (p) => (p.uploads as unknown[]).pop()))).toMatchObject({ kind: 'invalid', where: 'the file' });
    expect(await problem(withRecord(text, 'l2', (r) => (r.id = 'l1')))).toMatchObject({ kind: 'invalid', what: 'the same id twice' });
    expect(await problem(withPayload(text, (p) => (p.requests as Rows).push({ ...(p.requests as Rows)[0] })))).toMatchObject({ kind: 'invalid', where: 'the file' });
    const twoRequests = withPayload(text, (p) => (p.requests as Rows).push({ ...(p.requests as Rows)[0] })).replace('"requests":1', '"requests":2');
    expect(await problem(twoRequests)).toMatchObject({ kind: 'invalid', where: 'requests #2 (req-1)', what: 'the same id twice' });
    expect(await problem(withPayload(text, (p) => ((p.requests as Array<Record<string, unknown>>)[0]!.language = 'xx')))).toMatchObject({ where: 'requests #1 (req-1), language' });
  });

  it('after any of them the ledger is byte for byte what it was', async () => {
    const { ledger } = await fullLedger();
    const area = area0();
    const before = JSON.stringify([await settled(ledger), [...area.data]]);
    for (const text of ['', 'garbage', (await base()).slice(0, 200), (await base()).replace('"version":1', '"version":7')]) {
      const read = await readAll(text, null);
      if (read.ok) await restoreBackup(ledger, area, read.value, 1);
      expect(read.ok).toBe(false);
    }
    expect(JSON.stringify([await settled(ledger), [...area.data]])).toBe(before);
  });
});

describe('backup: reminders', () => {
  it('counts the items in no backup by id (the last backup\'s and what restores brought), and reminds after 20 of them or 30 days (or never, when turned off)', async () => {
    const area = memoryArea();
    expect(await loadBackupState(area)).toBeNull();
    const records = [{ id: 'a' }, { id: 'b' }, { id: 'c', thumbnailOf: 'b' }];
    expect(notBackedUp(records, await loadBackedUp(area))).toBe(2);
    await noteBackup(area, { lastAt: 10, items: 1, encrypted: true }, ['a']);
    expect(notBackedUp(records, await loadBackedUp(area))).toBe(1);
    const state = await loadBackupState(area);
    const day = 86_400_000;
    expect(reminderDue(DEFAULT_SETTINGS, state, 19, null, 10 + 29 * day)).toBe(false);
    expect(reminderDue(DEFAULT_SETTINGS, state, 20, null, 11)).toBe(true);
    expect(reminderDue(DEFAULT_SETTINGS, state, 1, null, 10 + 30 * day)).toBe(true);
    expect(reminderDue(DEFAULT_SETTINGS, state, 0, null, 10 + 300 * day)).toBe(false);
    expect(reminderDue({ ...DEFAULT_SETTINGS, backupReminder: false }, state, 500, null, 10 + 300 * day)).toBe(false);
    expect(reminderDue(DEFAULT_SETTINGS, null, 1, 0, 30 * day)).toBe(true); // never backed up: counted from the first upload
  });

  it('a backup notes every record it holds; a restore adds what the file held, an import dated years ago included', async () => {
    const { ledger } = await fullLedger();
    const area = memoryArea();
    const made = await makeBackup(ledger, area, { passphrase: null, previews: false, now: 5 });
    await noteBackup(area, made.note, made.ids);
    expect(notBackedUp(await ledger.all(), await loadBackedUp(area))).toBe(0);
    const other = createLedger(openLedger('other'));
    const restored = await restoreBackup(other, area, { ...payloadOf([plain(uploadRecord({ id: 'old-import', source: 'import', uploadedAt: 1 }))]) }, 99);
    expect(restored.counts.new).toBe(1);
    expect((await loadBackedUp(area)).has('old-import')).toBe(true);
    expect(await loadBackupState(area)).toEqual(made.note); // a restore does not claim a backup was made here
  });
});

describe('backup: every record the ledger can hold backs up and restores', () => {
  it('an upload whose key Takeback never saw (no key, no address), a 5,000-character Matrix file name, a page clock before 1970', async () => {
    const ledger = createLedger(openLedger());
    const unseen = unseenRecord(
      { platform: platformById('lemmy')!, rule: platformById('lemmy')!.rules.find((r) => r.role === 'upload')!, url: 'https://lemmy.example/pictrs/image', instanceOrigin: 'https://lemmy.example', pageOrigin: 'https://lemmy.example', requestId: '77', via: 'form' } as unknown as Parameters<typeof unseenRecord>[0],
      1000,
    );
    await ledger.insert([unseen, plain(matrixUploadRecord({ id: 'long', fileName: 'x'.repeat(5000), responseAt: -5 }))]);
    const made = await makeBackup(ledger, memoryArea(), { passphrase: null, previews: false, now: 1 });
    const read = await readAll(made.text, null);
    expect(read.ok).toBe(true);
    expect(unseen).toMatchObject({ key: '', url: '', status: 'key-unknown' });
  });

  it('a record no schema takes (a broken one) is named, and no file is made', async () => {
    const ledger = createLedger(openLedger());
    await ledger.insert([{ ...plain(uploadRecord({ id: 'bad' })), instanceOrigin: 'ftp://nope' }]);
    await expect(makeBackup(ledger, memoryArea(), { passphrase: null, previews: false, now: 1 })).rejects.toThrow('uploads #1 (bad), instanceOrigin: an http(s) origin');
  });
});

describe('backup: stored choices', () => {
  it('front ends the backup confirms are listed and added, up to the store\'s limit; a corrupt front-end list does not empty the policies', async () => {
    const ledger = createLedger(openLedger());
    const area = memoryArea({ sitePolicies: { 'https://a.example': 'allow' }, frontEnds: 'corrupt' });
    const backup = { ...payloadOf([]), frontEnds: { 'https://lemmy.example': ['https://photon.example'] } };
    const preview = await previewRestore(ledger, area, backup, 1);
    expect(preview.frontEndsAdded).toEqual([{ instance: 'https://lemmy.example', page: 'https://photon.example' }]);
    expect(area.data.get('frontEnds')).toBe('corrupt'); // the preview wrote nothing
    await restoreBackup(ledger, area, backup, 1);
    expect(area.data.get('frontEnds')).toEqual({ 'https://lemmy.example': ['https://photon.example'] });
    expect(area.data.get('sitePolicies')).toEqual({ 'https://a.example': 'allow' });
    const full = Array.from({ length: 1000 }, (_, i) => `https://f${i}.example`);
    const capped = await previewRestore(ledger, memoryArea({ frontEnds: { 'https://lemmy.example': full } }), backup, 1);
    expect(capped.frontEndsAdded).toEqual([]);
  });

  it('when the choices cannot be saved after the records came in, it says so (the records stay)', async () => {
    const ledger = createLedger(openLedger());
    const area = memoryArea();
    area.set = async () => {
      throw new Error('quota');
    };
    const error = await restoreBackup(ledger, area, payloadOf([plain(uploadRecord({ id: 'x' }))]), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChoicesNotSaved);
    expect((error as ChoicesNotSaved).changedIds).toEqual(['x']);
    expect(await ledger.get('x')).toBeDefined();
  });
});

it('the payload schema accepts what writeBackup writes for an empty ledger', async () => {
  const text = await writeBackup({ uploads: [], requests: [], sitePolicies: {}, settings: {}, frontEnds: {} }, null, 1);
  const read = await readAll(text, null);
  expect(read.ok && BackupPayloadSchema.safeParse(read.value).success).toBe(true);
});

describe('backup: base64', () => {
  it('encodes and decodes every length and byte as Node does (the fallback where the browser has no toBase64)', async () => {
    const { toBase64, fromBase64 } = await import('@/utils/backup/crypto');
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const expected = Buffer.from(bytes).toString('base64');
      expect(toBase64(bytes), `length ${n}`).toBe(expected);
      expect([...fromBase64(expected)]).toEqual([...bytes]);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
    expect(() => fromBase64('not base64!')).toThrow();
  });
});
