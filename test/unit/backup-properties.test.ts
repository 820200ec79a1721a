import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openBackup, readEnvelope, writeBackup } from '@/utils/backup/file';
import { planMerge } from '@/utils/backup/merge';
import type { BackupPayload } from '@/utils/backup/schema';
import { restoreBackup } from '@/utils/backup/service';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import type { UploadRecord } from '@/utils/records';
import { memoryArea } from './kv-fake';

/*
 * Property tests of restore (issue 14): over generated files and ledgers, a restore never throws uncaught, never
 * writes partially, never replaces a key, is idempotent, and a backup of a ledger restored into an empty one gives the
 * same ledger. Small alphabets on purpose, so ids, files and tokens collide often.
 */

const KNOWN_PROBLEMS = new Set(['too-large', 'not-backup', 'truncated', 'newer-version', 'too-many', 'passphrase-needed', 'wrong-passphrase', 'invalid']);

const record: fc.Arbitrary<UploadRecord> = fc
  .record(
    {
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      platform: fc.constantFrom('lemmy' as const, 'matrix' as const),
      key: fc.constantFrom('k1', 'k2', 'k3'),
      deleteToken: fc.option(fc.constantFrom('t1', 't2'), { nil: undefined }),
      status: fc.constantFrom('captured' as const, 'verified-gone' as const, 'failed' as const, 'needs-admin' as const),
      statusAt: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      uploadedAt: fc.integer({ min: 0, max: 100 }),
      roomId: fc.option(fc.constantFrom('!r1', '!r2'), { nil: undefined }),
      thumbnailOf: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      fileName: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
      pageOrigin: fc.constantFrom('https://lemmy.example', 'https://photon.example', 'null'),
    },
    { requiredKeys: ['id', 'platform', 'key', 'status', 'uploadedAt', 'fileName', 'pageOrigin'] },
  )
  .map((r) => ({
    api: 'lemmy-v3',
    kind: 'image' as const,
    instanceOrigin: 'https://lemmy.example',
    url: `https://lemmy.example/pictrs/image/${r.key}`,
    mime: 'image/png',
    size: 10,
    transport: 'fetch' as const,
    responseAt: r.uploadedAt,
    ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)),
  }) as UploadRecord);

/** Records with distinct ids, as a ledger (and a backup) holds them. */
const records = fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 6 });
const payloadOf = (uploads: UploadRecord[]): BackupPayload => ({ uploads, requests: [], sitePolicies: {}, settings: {}, frontEnds: {} });

async function freshLedger(): Promise<Ledger> {
  globalThis.indexedDB = new IDBFactory();
  return createLedger(openLedger());
}
const sorted = (rs: UploadRecord[]) => [...rs].sort((x, y) => x.id.localeCompare(y.id));

describe('backup properties', () => {
  it('reading never throws, whatever the file holds (10,000 generated files: cut, changed, or arbitrary JSON)', async () => {
    const valid = await writeBackup(payloadOf([{ ...fc.sample(record, { numRuns: 1, seed: 1 })[0]!, id: 'x' }]), null, 1);
    const file = fc.oneof(
      fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
      fc.tuple(fc.nat({ max: valid.length - 1 }), fc.string({ minLength: 1, maxLength: 3 })).map(([i, s]) => valid.slice(0, i) + s + valid.slice(i + 1)),
      fc.jsonValue().map((payload) => JSON.stringify({ format: 'takeback-backup', version: 1, createdAt: 1, uploads: 0, requests: 0, previews: false, encryption: null, payload })),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        const env = readEnvelope(text);
        if (!env.ok) return KNOWN_PROBLEMS.has(env.problem.kind);
        const opened = await openBackup(env.value, null);
        return opened.ok || KNOWN_PROBLEMS.has(opened.problem.kind);
      }),
      { numRuns: 10_000 },
    );
  }, 60_000);

  it('a restore is idempotent, never replaces a key, and fails whole or not at all (6,000 generated ledgers and backups)', async () => {
    await fc.assert(
      fc.asyncProperty(records, records, fc.boolean(), async (here, backup, breakIt) => {
        const ledger = await freshLedger();
        await ledger.insert(here);
        const area = memoryArea();
        const before = sorted((await ledger.snapshot(false)).uploads);
        // A record IndexedDB refuses (no id) makes the transaction fail after other writes were queued.
        const uploads = breakIt ? [...backup, { ...backup[0], ...here[0], id: undefined } as unknown as UploadRecord] : backup;
        const attempt = restoreBackup(ledger, area, payloadOf(uploads), 1e15).then(() => 'done' as const, () => 'failed' as const);
        const outcome = await attempt;
        const after = sorted((await ledger.snapshot(false)).uploads);
        if (outcome === 'failed') {
          expect(breakIt).toBe(true);
          expect(after).toEqual(before);
          expect(area.data.size).toBe(0);
          return;
        }
        for (const r of before) {
          const now = after.find((a) => a.id === r.id)!;
          expect(now.key).toBe(r.key);
          if (r.deleteToken !== undefined) expect(now.deleteToken).toBe(r.deleteToken);
        }
        // Every key the backup had is now in the ledger, under its own record or a conflict copy.
        for (const b of backup) if (b.deleteToken) expect(after.some((a) => a.key === b.key && a.deleteToken === b.deleteToken)).toBe(true);
        await restoreBackup(ledger, area, payloadOf(backup), 1e15);
        expect(sorted((await ledger.snapshot(false)).uploads)).toEqual(after);
        expect(planMerge(await ledger.snapshot(false), payloadOf(backup), { madeAt: 1e15, now: Date.now() }).puts).toEqual([]);
      }),
      { numRuns: Number(process.env.BACKUP_RUNS ?? 6_000) },
    );
  }, 120_000);

  it('a backup of a ledger, restored into an empty one, gives the same ledger (4,000 generated ledgers)', async () => {
    await fc.assert(
      fc.asyncProperty(records, async (here) => {
        const ledger = await freshLedger();
        await ledger.insert(here);
        const text = await writeBackup(payloadOf((await ledger.snapshot(false)).uploads), null, 1);
        const env = readEnvelope(text);
        if (!env.ok) throw new Error(env.problem.kind);
        const opened = await openBackup(env.value, null);
        if (!opened.ok) throw new Error(JSON.stringify(opened.problem));
        const empty = await freshLedger();
        await restoreBackup(empty, memoryArea(), opened.value, 1e15);
        expect(sorted((await empty.snapshot(false)).uploads)).toEqual(sorted(here));
      }),
      { numRuns: Number(process.env.BACKUP_RUNS ?? 4_000) },
    );
  }, 120_000);
});
