// Pieces both browser drivers share.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
export const BUILT_CHROME_EXT = path.join(ROOT, '.output/chrome-mv3');
export const BUILT_FIREFOX_XPI = path.join(ROOT, '.output/takeback-0.1.0-firefox-mv3.zip');
// run.mjs points these at a snapshot of the build, so a rebuild during the run cannot pull files from under a browser.
export const CHROME_EXT = process.env.TAKEBACK_E2E_CHROME_EXT ?? BUILT_CHROME_EXT;
export const FIREFOX_XPI = process.env.TAKEBACK_E2E_FIREFOX_XPI ?? BUILT_FIREFOX_XPI;
export const GECKO_ID = 'takeback@takeback.invalid';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects after ms with a message naming what timed out. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** An expression that calls fn(...args) in the page and hands back its (awaited) result as a JSON string. */
export function callExpression(fn, args) {
  const src = typeof fn === 'function' ? fn.toString() : fn;
  return `(async () => { const v = await (${src})(...${JSON.stringify(args)}); return JSON.stringify(v === undefined ? null : v); })()`;
}

/** Reads the whole `uploads` store; runs inside an extension page (same origin as the background). */
export const READ_LEDGER = `() => new Promise((resolve, reject) => {
  const open = indexedDB.open('takeback');
  open.onerror = () => reject(open.error);
  open.onupgradeneeded = () => { open.transaction.abort(); resolve([]); };
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('uploads')) { db.close(); return resolve([]); }
    // Thumbnails live in their own store (ledger v2); joined here so scenarios see one record per upload.
    const stores = ['uploads', ...(db.objectStoreNames.contains('thumbs') ? ['thumbs'] : [])];
    const tx = db.transaction(stores);
    const all = tx.objectStore('uploads').getAll();
    const thumbs = stores.length > 1 ? tx.objectStore('thumbs').getAll() : null;
    tx.oncomplete = () => {
      db.close();
      const byId = new Map((thumbs?.result ?? []).map((t) => [t.id, t.dataUrl]));
      resolve(all.result.map((r) => (byId.has(r.id) ? { ...r, thumb: byId.get(r.id) } : r)));
    };
    tx.onerror = () => reject(tx.error);
  };
})`;

/**
 * The ledger records (utils/records.ts UploadRecord, status 'captured') a capture of files seeded on a Lemmy fixture
 * (`s.seedUploads(n)`) would have left; ids and file names carry `tag`, upload times count down from `at`.
 */
export function capturedLemmyRecords(s, seeded, { tag, at = Date.now() }) {
  return seeded.map((u, i) => ({
    id: `${tag}-${u.alias}.0@${s.origin}`,
    platform: 'lemmy',
    api: 'lemmy-v3',
    kind: 'image',
    instanceOrigin: s.origin,
    key: u.alias,
    url: u.url,
    deleteToken: u.token,
    fileName: `${tag}-${i}.png`,
    mime: 'image/png',
    size: 100,
    pageOrigin: s.origin,
    transport: 'fetch',
    status: 'captured',
    uploadedAt: at - i,
    responseAt: at - i,
  }));
}

/** In an extension page: writes records into the ledger's uploads store (raw IndexedDB at its current version). */
export const PUT_RECORDS = (records) =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open('takeback');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction('uploads', 'readwrite');
      for (const r of records) tx.objectStore('uploads').put(r);
      tx.oncomplete = () => (db.close(), resolve(records.length));
      tx.onerror = () => (db.close(), reject(tx.error));
    };
  });

/** Waits for the popup to finish loading, then describes what it shows. */
export const READ_POPUP = `() => {
  const main = document.querySelector('main');
  if (!main || main.dataset.state === 'loading') return null;
  const list = document.querySelector('ul.uploads');
  return {
    state: main.dataset.state,
    count: list ? Number(list.dataset.count) : 0,
    keys: [...document.querySelectorAll('li.upload')].map((li) => li.dataset.key),
    today: Number(document.querySelector('.today')?.dataset.today ?? NaN),
  };
}`;

/** Writes files handed over as [{name, base64}] to a fresh temporary folder (one subfolder each); returns their paths. */
export function writeTempFiles(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takeback-e2e-files-'));
  return files.map((f, i) => {
    const file = path.join(dir, String(i), f.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
    return file;
  });
}
