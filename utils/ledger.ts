import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { UploadRecord } from './records';

export const LEDGER_DB = 'takeback';

interface LedgerSchema extends DBSchema {
  uploads: {
    key: string;
    value: UploadRecord;
    indexes: {
      byInstance: string;
      byPlatform: string;
      byStatus: string;
      byUploadedAt: number;
      byPage: [string, number];
      byKey: [string, string];
    };
  };
}

type Db = IDBPDatabase<LedgerSchema>;
type UpgradeTx = IDBPTransaction<LedgerSchema, 'uploads'[], 'versionchange'>;

/** migrations[n] upgrades a database from version n to n + 1. Append; never edit a shipped step. */
export const migrations: Array<(db: Db, tx: UpgradeTx) => void> = [
  (db) => {
    const uploads = db.createObjectStore('uploads', { keyPath: 'id' });
    uploads.createIndex('byInstance', 'instanceOrigin');
    uploads.createIndex('byPlatform', 'platform');
    uploads.createIndex('byStatus', 'status');
    uploads.createIndex('byUploadedAt', 'uploadedAt');
    uploads.createIndex('byPage', ['pageOrigin', 'uploadedAt']);
    uploads.createIndex('byKey', ['platform', 'key']);
  },
];

export type Ledger = ReturnType<typeof createLedger>;

export function openLedger(name = LEDGER_DB): Promise<Db> {
  return openDB<LedgerSchema>(name, migrations.length, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < migrations.length; v++) migrations[v]!(db, tx);
    },
    blocking(_current, _blocked, event) {
      // A newer version of Takeback wants to upgrade: let it.
      (event.target as IDBDatabase).close();
    },
  });
}

/** The one place that reads and writes upload records. Every write resolves only once committed. */
export function createLedger(dbPromise: Promise<Db>) {
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

    async get(id: string): Promise<UploadRecord | undefined> {
      return (await dbPromise).get('uploads', id);
    },

    async findByKey(platform: string, key: string): Promise<UploadRecord[]> {
      return (await dbPromise).getAllFromIndex('uploads', 'byKey', IDBKeyRange.only([platform, key]));
    },

    /** Newest first. */
    async listByPage(pageOrigin: string, since = 0, limit = 500): Promise<UploadRecord[]> {
      const db = await dbPromise;
      const range = IDBKeyRange.bound([pageOrigin, since], [pageOrigin, Infinity]);
      const out: UploadRecord[] = [];
      let cursor = await db.transaction('uploads').store.index('byPage').openCursor(range, 'prev');
      while (cursor && out.length < limit) {
        out.push(cursor.value);
        cursor = await cursor.continue();
      }
      return out;
    },

    async countSince(since: number): Promise<number> {
      return (await dbPromise).countFromIndex('uploads', 'byUploadedAt', IDBKeyRange.lowerBound(since));
    },

    async all(): Promise<UploadRecord[]> {
      return (await dbPromise).getAll('uploads');
    },
  };
}
