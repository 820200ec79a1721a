import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ErasureRequest } from './erasure/types';
import type { LedgerSnapshot, MergePlan } from './backup/merge';
import type { InstanceInfo, JobRecord, UploadRecord, UploadView } from './records';

export const LEDGER_DB = 'takeback';

interface LedgerSchema extends DBSchema {
  uploads: {
    key: string;
    value: UploadRecord;
    indexes: {
      byInstance: string;
      byUploadedAt: number;
      byPage: [string, number];
      byKey: [string, string];
      byNextCheck: number;
      byThumbnailOf: string;
    };
  };
  thumbs: { key: string; value: { id: string; dataUrl: string } };
  jobs: { key: string; value: JobRecord };
  instances: { key: string; value: InstanceInfo };
  requests: { key: string; value: ErasureRequest; indexes: { byState: string } };
}

type Db = IDBPDatabase<LedgerSchema>;
type UpgradeTx = IDBPTransaction<LedgerSchema, StoreNames<LedgerSchema>[], 'versionchange'>;

/** An upgrade's store, for indexes the schema no longer names (created by v1, removed by v5). */
const retired = (store: unknown) => store as Pick<IDBObjectStore, 'createIndex' | 'deleteIndex' | 'indexNames'>;

/** migrations[n] upgrades a database from version n to n + 1. Append; never edit a shipped step. */
export const migrations: Array<(db: Db, tx: UpgradeTx) => void | Promise<void>> = [
  (db) => {
    const uploads = db.createObjectStore('uploads', { keyPath: 'id' });
    uploads.createIndex('byInstance', 'instanceOrigin');
    retired(uploads).createIndex('byPlatform', 'platform');
    retired(uploads).createIndex('byStatus', 'status');
    uploads.createIndex('byUploadedAt', 'uploadedAt');
    uploads.createIndex('byPage', ['pageOrigin', 'uploadedAt']);
    uploads.createIndex('byKey', ['platform', 'key']);
  },
  // v2 (delete): thumbnails move to their own store, so listing 10,000 uploads does not read 10,000 images;
  // re-checks get an index; bulk jobs and instance facts get stores.
  async (db, tx) => {
    db.createObjectStore('thumbs', { keyPath: 'id' });
    db.createObjectStore('jobs', { keyPath: 'id' });
    db.createObjectStore('instances', { keyPath: 'origin' });
    const uploads = tx.objectStore('uploads');
    uploads.createIndex('byNextCheck', 'nextCheckAt');
    const thumbs = tx.objectStore('thumbs');
    let cursor = await uploads.openCursor();
    while (cursor) {
      const { thumb, ...record } = cursor.value as UploadView;
      if (typeof thumb === 'string') {
        await thumbs.put({ id: record.id, dataUrl: thumb });
        await cursor.update(record);
      }
      cursor = await cursor.continue();
    }
  },
  // v3 (erasure requests): drafted, sent and tracked letters to instance admins.
  (db) => {
    db.createObjectStore('requests', { keyPath: 'id' }).createIndex('byState', 'state');
  },
  // v4 (a file and its thumbnail are one item, issue 12 §2): find a file's thumbnails without reading every record.
  (_db, tx) => {
    tx.objectStore('uploads').createIndex('byThumbnailOf', 'thumbnailOf');
  },
  // v5 (restoring a backup, issue 14): nothing reads these two, and every write paid for them. In Chromium each index
  // adds about 0.6 s to writing 50,000 records (bench/backup.mjs); every record has both fields, so both cost in full.
  (_db, tx) => {
    const uploads = retired(tx.objectStore('uploads'));
    for (const name of ['byPlatform', 'byStatus']) if (uploads.indexNames.contains(name)) uploads.deleteIndex(name);
  },
];

export type Ledger = ReturnType<typeof createLedger>;

export function openLedger(name = LEDGER_DB): Promise<Db> {
  return openDB<LedgerSchema>(name, migrations.length, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < migrations.length; v++) await migrations[v]!(db, tx);
    },
    blocking(_current, _blocked, event) {
      // A newer version of Takeback wants to upgrade: let it.
      (event.target as IDBDatabase).close();
    },
  });
}

/** The one place that reads and writes upload records. Every write resolves only once committed. */
export function createLedger(dbPromise: Promise<Db>) {
  async function withThumbs(records: UploadRecord[]): Promise<UploadView[]> {
    const tx = (await dbPromise).transaction('thumbs');
    const thumbs = await Promise.all(records.map((r) => tx.store.get(r.id)));
    return records.map((r, i) => (thumbs[i] ? { ...r, thumb: thumbs[i].dataUrl } : r));
  }

  return {
    /**
     * Inserts records; one already stored wins (first write wins). A retried report carries the same data,
     * and nothing may overwrite a delete token, or undo what a later link added (room, kind, thumbnail).
     */
    async insert(records: UploadRecord[]): Promise<void> {
      const tx = (await dbPromise).transaction('uploads', 'readwrite');
      const steps = records.map(async (r) => {
        if ((await tx.store.getKey(r.id)) === undefined) await tx.store.put(r);
      });
      await Promise.all([...steps, tx.done]);
    },

    /**
     * Adds records an instance listed (backfill) unless the same file is already known on that instance; a known
     * one only gains a delete token it lacked. Returns how many were new.
     */
    async merge(records: UploadRecord[]): Promise<number> {
      const tx = (await dbPromise).transaction('uploads', 'readwrite');
      let added = 0;
      const steps = records.map(async (r) => {
        const known = (await tx.store.index('byKey').getAll(IDBKeyRange.only([r.platform, r.key]))).filter(
          (k) => k.instanceOrigin === r.instanceOrigin,
        );
        if (!known.length) {
          added++;
          return tx.store.put(r);
        }
        for (const k of known) if (!k.deleteToken && r.deleteToken) await tx.store.put({ ...k, deleteToken: r.deleteToken });
      });
      await Promise.all([...steps, tx.done]);
      return added;
    },

    /** Read-modify-write of the given records in one transaction; `change` returns null to leave one alone. */
    async modify(ids: string[], change: (r: UploadRecord) => UploadRecord | null): Promise<UploadRecord[]> {
      const tx = (await dbPromise).transaction('uploads', 'readwrite');
      const changed: UploadRecord[] = [];
      const steps = ids.map(async (id) => {
        const old = await tx.store.get(id);
        const next = old && change(old);
        if (next) {
          changed.push(next);
          await tx.store.put(next);
        }
      });
      await Promise.all([...steps, tx.done]);
      return changed;
    },

    /** Stores a thumbnail for a record that exists and passes `allowed`; false otherwise. */
    async setThumb(id: string, dataUrl: string, allowed: (r: UploadRecord) => boolean): Promise<boolean> {
      const tx = (await dbPromise).transaction(['uploads', 'thumbs'], 'readwrite');
      const record = await tx.objectStore('uploads').get(id);
      const ok = !!record && allowed(record);
      if (ok) await tx.objectStore('thumbs').put({ id, dataUrl });
      await tx.done;
      return ok;
    },

    async thumbs(ids: string[]): Promise<Record<string, string>> {
      const tx = (await dbPromise).transaction('thumbs');
      const found = await Promise.all(ids.map((id) => tx.store.get(id)));
      return Object.fromEntries(found.filter((t) => t !== undefined).map((t) => [t.id, t.dataUrl]));
    },

    async get(id: string): Promise<UploadRecord | undefined> {
      return (await dbPromise).get('uploads', id);
    },

    async getMany(ids: string[]): Promise<UploadRecord[]> {
      const tx = (await dbPromise).transaction('uploads');
      return (await Promise.all(ids.map((id) => tx.store.get(id)))).filter((r) => r !== undefined);
    },

    /**
     * The records that belong to the given ones as their thumbnails (Element uploads an 800×600 copy with every image
     * over 32 KiB): a file and its thumbnail are one item, deleted, checked and listed together (utils/items.ts).
     */
    async thumbnailsOf(ids: readonly string[]): Promise<UploadRecord[]> {
      const index = (await dbPromise).transaction('uploads').store.index('byThumbnailOf');
      return (await Promise.all([...new Set(ids)].map((id) => index.getAll(IDBKeyRange.only(id))))).flat();
    },

    async findByKey(platform: string, key: string): Promise<UploadRecord[]> {
      return (await dbPromise).getAllFromIndex('uploads', 'byKey', IDBKeyRange.only([platform, key]));
    },

    async byInstance(instanceOrigin: string): Promise<UploadRecord[]> {
      return (await dbPromise).getAllFromIndex('uploads', 'byInstance', IDBKeyRange.only(instanceOrigin));
    },

    /** Newest first, with thumbnails. */
    async listByPage(pageOrigin: string, since = 0, limit = 500): Promise<UploadView[]> {
      const db = await dbPromise;
      const range = IDBKeyRange.bound([pageOrigin, since], [pageOrigin, Infinity]);
      const out: UploadRecord[] = [];
      let cursor = await db.transaction('uploads').store.index('byPage').openCursor(range, 'prev');
      while (cursor && out.length < limit) {
        out.push(cursor.value);
        cursor = await cursor.continue();
      }
      return withThumbs(out);
    },

    /**
     * Uploads reported by `pageOrigin` and recorded at or after `since`, not counting imports (the instance listing the
     * user's own files). Counted on the index when that is already at most `upTo`; records are read only above it.
     */
    async countReportedSince(pageOrigin: string, since: number, upTo = Infinity): Promise<number> {
      const db = await dbPromise;
      const range = IDBKeyRange.bound([pageOrigin, since], [pageOrigin, Infinity]);
      const all = await db.countFromIndex('uploads', 'byPage', range);
      if (all <= upTo) return all;
      let n = 0;
      for (let cursor = await db.transaction('uploads').store.index('byPage').openCursor(range); cursor; cursor = await cursor.continue()) {
        if (cursor.value.source !== 'import') n++;
      }
      return n;
    },

    /** Deletes every record (and preview) a reporting origin left; returns their ids. */
    async removeByPage(pageOrigin: string): Promise<string[]> {
      const tx = (await dbPromise).transaction(['uploads', 'thumbs'], 'readwrite');
      const range = IDBKeyRange.bound([pageOrigin, -Infinity], [pageOrigin, Infinity]);
      const ids: string[] = [];
      for (let cursor = await tx.objectStore('uploads').index('byPage').openCursor(range); cursor; cursor = await cursor.continue()) {
        ids.push(cursor.primaryKey);
        await cursor.delete();
      }
      await Promise.all([...ids.map((id) => tx.objectStore('thumbs').delete(id)), tx.done]);
      return ids;
    },

    /** Deletes those of the given records (and previews) that `allowed` accepts; returns their ids. */
    async removeWhere(ids: string[], allowed: (r: UploadRecord) => boolean): Promise<string[]> {
      const tx = (await dbPromise).transaction(['uploads', 'thumbs'], 'readwrite');
      const uploads = tx.objectStore('uploads');
      const removed: string[] = [];
      const steps = ids.map(async (id) => {
        const r = await uploads.get(id);
        if (!r || !allowed(r)) return;
        removed.push(id);
        await Promise.all([uploads.delete(id), tx.objectStore('thumbs').delete(id)]);
      });
      await Promise.all([...steps, tx.done]);
      return removed;
    },

    /** Items uploaded since `since` (counting stops at `upTo`): a file with its thumbnails (or a server's copy) counts once (utils/items.ts). */
    async countSince(since: number, upTo = Infinity): Promise<number> {
      let count = 0;
      const index = (await dbPromise).transaction('uploads').store.index('byUploadedAt');
      for (let cursor = await index.openCursor(IDBKeyRange.lowerBound(since)); cursor && count < upTo; cursor = await cursor.continue()) {
        if (cursor.value.thumbnailOf === undefined) count++;
      }
      return count;
    },

    /** The ids of the records that are files, not thumbnails of one (the items the dashboard counts), keys only. */
    async fileIds(): Promise<string[]> {
      const tx = (await dbPromise).transaction('uploads');
      const [all, thumbnails] = await Promise.all([tx.store.getAllKeys(), tx.store.index('byThumbnailOf').getAllKeys()]);
      const skip = new Set(thumbnails);
      return all.filter((id) => !skip.has(id));
    },

    /** When the first record at or after `since` was recorded, or null. */
    async firstSince(since: number): Promise<number | null> {
      const cursor = await (await dbPromise).transaction('uploads').store.index('byUploadedAt').openCursor(IDBKeyRange.lowerBound(since));
      return cursor?.value.uploadedAt ?? null;
    },

    /** Every record, without thumbnails. */
    async all(): Promise<UploadRecord[]> {
      return (await dbPromise).getAll('uploads');
    },

    /** Records whose re-check is due at `now`, and when the next one after them is. */
    async dueForCheck(now: number): Promise<{ due: UploadRecord[]; next: number | null }> {
      const db = await dbPromise;
      const due = await db.getAllFromIndex('uploads', 'byNextCheck', IDBKeyRange.upperBound(now));
      const later = await db.transaction('uploads').store.index('byNextCheck').openCursor(IDBKeyRange.lowerBound(now, true));
      return { due, next: later?.value.nextCheckAt ?? null };
    },

    /** What a backup holds and a restore merges into, read in one transaction. */
    async snapshot(withThumbs: boolean): Promise<LedgerSnapshot & { thumbs?: Array<{ id: string; dataUrl: string }> }> {
      const tx = (await dbPromise).transaction(['uploads', 'thumbs', 'requests']);
      const [uploads, thumbKeys, requests, thumbs] = await Promise.all([
        tx.objectStore('uploads').getAll(),
        tx.objectStore('thumbs').getAllKeys(),
        tx.objectStore('requests').getAll(),
        withThumbs ? tx.objectStore('thumbs').getAll() : undefined,
      ]);
      return { uploads, thumbIds: new Set(thumbKeys), requests, ...(thumbs && { thumbs }) };
    },

    /**
     * A restore, all or nothing: `plan` runs on the ledger as it is inside the write transaction (so nothing recorded
     * meanwhile is overwritten), and every write it asks for commits together or not at all.
     */
    async restore(plan: (now: LedgerSnapshot) => MergePlan, onProgress?: (written: number, total: number) => void): Promise<MergePlan> {
      const tx = (await dbPromise).transaction(['uploads', 'thumbs', 'requests'], 'readwrite');
      const [uploads, thumbKeys, requests] = await Promise.all([tx.objectStore('uploads').getAll(), tx.objectStore('thumbs').getAllKeys(), tx.objectStore('requests').getAll()]);
      const result = plan({ uploads, thumbIds: new Set(thumbKeys), requests });
      const writes: Array<Promise<unknown>> = [tx.done];
      const total = result.puts.length + result.thumbs.length + result.requests.length;
      let written = 0;
      // Requests complete in the order they were made: every 1,000th tells how far the write has got.
      const counted = (p: Promise<unknown>) => (onProgress ? p.then(() => ++written % 1000 === 0 && onProgress(written, total)) : p);
      try {
        // A put can also throw at once (a record without its key): the writes queued before it must not commit.
        for (const r of result.puts) writes.push(counted(tx.objectStore('uploads').put(r)));
        for (const t of result.thumbs) writes.push(counted(tx.objectStore('thumbs').put(t)));
        for (const r of result.requests) writes.push(counted(tx.objectStore('requests').put(r)));
        await Promise.all(writes);
      } catch (error) {
        for (const w of writes) w.catch(() => {}); // each rejects once the transaction aborts; the first error is the one to tell
        try {
          tx.abort();
        } catch {
          /* already aborted */
        }
        throw error;
      }
      return result;
    },

    requests: {
      async put(request: ErasureRequest): Promise<void> {
        await (await dbPromise).put('requests', request);
      },
      async get(id: string): Promise<ErasureRequest | undefined> {
        return (await dbPromise).get('requests', id);
      },
      async all(): Promise<ErasureRequest[]> {
        return (await dbPromise).getAll('requests');
      },
      async byState(state: ErasureRequest['state']): Promise<ErasureRequest[]> {
        return (await dbPromise).getAllFromIndex('requests', 'byState', state);
      },
      async delete(id: string): Promise<void> {
        await (await dbPromise).delete('requests', id);
      },
    },

    jobs: {
      async put(job: JobRecord): Promise<void> {
        await (await dbPromise).put('jobs', job);
      },
      async get(id: string): Promise<JobRecord | undefined> {
        return (await dbPromise).get('jobs', id);
      },
      async all(): Promise<JobRecord[]> {
        return (await dbPromise).getAll('jobs');
      },
    },

    instances: {
      async get(origin: string): Promise<InstanceInfo | undefined> {
        return (await dbPromise).get('instances', origin);
      },
      async put(info: InstanceInfo): Promise<void> {
        await (await dbPromise).put('instances', info);
      },
    },
  };
}
