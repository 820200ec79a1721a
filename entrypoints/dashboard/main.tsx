import { unwrap } from 'idb';
import { render } from 'preact';
import { Dashboard, FIRST_ROWS, type DashboardSource } from '@/components/Dashboard';
import { t } from '@/utils/i18n';
import { createLedger, openLedger } from '@/utils/ledger';
import type { UploadRecord } from '@/utils/records';
import '@/components/ui.css';

// Extension pages share the background's origin, so the dashboard reads the ledger directly (fast, no copies of
// 10,000 records over messaging); every write goes through the background, except a restore (components/backup).
const db = openLedger();

type AllRecords = (o: { direction: 'prev'; count: number }) => IDBRequest<Array<{ value: UploadRecord }>>;

/** Newest first through the uploadedAt index: a screenful of rows long before every record is read. */
async function newest(limit: number): Promise<UploadRecord[]> {
  const index = (await db).transaction('uploads').store.index('byUploadedAt');
  // One request instead of a round trip per row where the browser has getAllRecords (Chrome 141+).
  const native = unwrap(index) as IDBIndex & { getAllRecords?: AllRecords };
  if (typeof native.getAllRecords === 'function') {
    const request = native.getAllRecords({ direction: 'prev', count: limit });
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result.map((r) => r.value));
      request.onerror = () => reject(request.error);
    });
  }
  const out: UploadRecord[] = [];
  let cursor = await index.openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}
// Started before the first render, so the rows are on their way while the page renders its frame.
const firstRows = newest(FIRST_ROWS);

const ledger = createLedger(db);
const source: DashboardSource = {
  ...ledger,
  newest: (limit) => (limit === FIRST_ROWS ? firstRows : newest(limit)),
};

document.title = t('dashboardTitle');
render(<Dashboard source={source} ledger={ledger} />, document.getElementById('app')!);
