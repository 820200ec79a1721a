// Dashboard benchmark (part "dash" of bench/run.mjs), and the ledger seeding the e2e dashboard scenario reuses.
//   D1  dashboard.html opened on a ledger of 10,000 records (+ previews) -> first rows painted:
//       the page's performance mark 'dashboard:first-rows' (set in the frame that paints them), ms since navigation start.
//       Also reported: 'dashboard:all-rows', when every record is in (filters, search and actions usable)
//   D2  one trusted keystroke in the search field -> the list updated and the next frame started (keydown -> rAF),
//       over 20 keystrokes (10 typed, 10 erased), each one changing the query
// Runs in its own fresh Chromium profile with the production build, so its 10,000 records touch no other part.

/** Six instances, four Lemmy and two Matrix; the seeded records spread over them. */
const INSTANCES = [
  ['lemmy', 'https://lemmy-one.example'],
  ['lemmy', 'https://lemmy-two.example'],
  ['lemmy', 'https://pics.example.social'],
  ['lemmy', 'https://beehaw.example'],
  ['matrix', 'https://matrix.example.org'],
  ['matrix', 'https://chat.example.net'],
];
const NAMES = ['IMG_', 'photo ', 'Screenshot ', 'scan-', 'meme_', 'holiday ', 'receipt ', 'cat '];
const STATUSES = [
  ['captured', 70],
  ['verified-gone', 10],
  ['deleted-unverified', 4],
  ['still-online', 4],
  ['failed', 6],
  ['needs-admin', 6],
];
const REASON = { failed: 'logged-out', 'still-online': 'still-served', 'deleted-unverified': 'probe-inconclusive' };

/**
 * n upload records shaped like the ledger's (utils/records.ts UploadRecord), deterministic. `tag` keeps ids apart
 * from real captures (and from other seedings).
 */
export function makeRecords(n, { tag = 'bench', now = Date.UTC(2026, 0, 1), pageOrigin = 'https://seeded.invalid' } = {}) {
  const out = [];
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const weights = STATUSES.flatMap(([s, w]) => Array(w).fill(s));
  for (let i = 0; i < n; i++) {
    const [platform, instanceOrigin] = INSTANCES[i % INSTANCES.length];
    const status = weights[Math.floor(rnd() * weights.length)];
    const uploadedAt = now - Math.floor(rnd() * 730 * 86_400_000);
    const year = new Date(uploadedAt).getUTCFullYear();
    const name = `${NAMES[i % NAMES.length]}${year} ${String(i).padStart(5, '0')}.${i % 5 ? 'jpg' : 'png'}`;
    const id = `${tag}${i}.0@${pageOrigin}`;
    const key = platform === 'lemmy' ? `${tag}-${i.toString(36)}-alias.jpg` : `mxc://${new URL(instanceOrigin).host}/${tag}${i.toString(36)}`;
    const url =
      platform === 'lemmy' ? `${instanceOrigin}/pictrs/image/${key}` : `${instanceOrigin}/_matrix/media/v3/download/${key.slice(6)}`;
    out.push({
      id,
      platform,
      api: platform === 'lemmy' ? 'lemmy-v3' : 'matrix-media',
      kind: platform === 'lemmy' ? (i % 7 ? 'post-image' : 'avatar') : 'attachment',
      instanceOrigin,
      key,
      url,
      ...(platform === 'lemmy' ? { deleteToken: `tok${i}` } : { mxc: key, roomId: `!room${i % 40}:example.org`, ...(i % 3 ? { eventId: `$ev${i}` } : {}) }),
      fileName: name,
      mime: i % 5 ? 'image/jpeg' : 'image/png',
      size: 10_000 + Math.floor(rnd() * 4_000_000),
      pageOrigin,
      transport: 'fetch',
      status,
      ...(REASON[status] && { reason: REASON[status] }),
      ...(status !== 'captured' && { statusAt: uploadedAt + 3_600_000 }),
      ...(status === 'verified-gone' && { checkedAt: uploadedAt + 3_600_000 }),
      uploadedAt,
      responseAt: uploadedAt,
    });
  }
  return out;
}

/**
 * Runs in an extension page (the extension's origin): writes records (and, with previews, one 96-pixel JPEG preview each,
 * drawn on a canvas) into the ledger the background already created; or, with `remove`, deletes those ids. Opens
 * 'takeback' at its current version, so whatever migrations exist now have run; if the background has not created the
 * ledger yet it answers 'not-ready' (and creates nothing).
 */
export const SEED_LEDGER = `async ({ records = [], previews = false, remove = [] }) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('takeback');
    let fresh = false;
    open.onupgradeneeded = () => { fresh = true; open.transaction.abort(); };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => (fresh ? resolve(null) : reject(open.error));
  });
  if (!db) return 'not-ready';
  if (!db.objectStoreNames.contains('uploads') || !db.objectStoreNames.contains('thumbs')) { db.close(); return 'not-ready'; }
  let dataUrl = null;
  if (previews) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 96;
    const g = canvas.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 96, 96);
    grad.addColorStop(0, '#3b4a6b');
    grad.addColorStop(1, '#e8b04a');
    g.fillStyle = grad;
    g.fillRect(0, 0, 96, 96);
    g.fillStyle = '#fff';
    g.beginPath();
    g.arc(48, 40, 18, 0, 7);
    g.fill();
    dataUrl = canvas.toDataURL('image/jpeg', 0.7);
  }
  const write = (chunk, fn) => new Promise((resolve, reject) => {
    const tx = db.transaction(['uploads', 'thumbs'], 'readwrite');
    for (const item of chunk) fn(tx, item);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  for (let i = 0; i < records.length; i += 1000) {
    await write(records.slice(i, i + 1000), (tx, r) => {
      tx.objectStore('uploads').put(r);
      if (dataUrl && r.mime && r.mime.startsWith('image/')) tx.objectStore('thumbs').put({ id: r.id, dataUrl });
    });
  }
  for (let i = 0; i < remove.length; i += 1000) {
    await write(remove.slice(i, i + 1000), (tx, id) => {
      tx.objectStore('uploads').delete(id);
      tx.objectStore('thumbs').delete(id);
    });
  }
  const count = await new Promise((resolve) => {
    const req = db.transaction('uploads').objectStore('uploads').count();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(-1);
  });
  db.close();
  return { count, preview: dataUrl ? dataUrl.length : 0 };
}`;

/** Seeds through `evaluate` (a page handle's evaluate(source, arg)), retrying while the background has not created the ledger. */
export async function seedLedger(evaluate, arg, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await evaluate(SEED_LEDGER, arg);
    if (r !== 'not-ready') return r;
    if (Date.now() > until) throw new Error('the extension has not created its ledger');
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** In the dashboard page: arms a watcher for the next search query; window.__dashNext resolves once it is painted. */
const ARM = `(expected) => {
  const main = document.querySelector('main.dashboard');
  window.__dashNext = new Promise((resolve) => {
    const done = () => {
      const committed = performance.now();
      requestAnimationFrame(() => resolve({
        frameMs: performance.now() - window.__dashKeyAt,
        commitMs: committed - window.__dashKeyAt,
        count: Number(main.dataset.count),
        rendered: document.querySelectorAll('[data-testid="dashboard-row"]').length,
      }));
    };
    const observer = new MutationObserver(() => {
      if (main.dataset.query === expected) {
        observer.disconnect();
        done();
      }
    });
    observer.observe(main, { attributes: true, attributeFilter: ['data-query'] });
  });
  if (!window.__dashKeyWatch) {
    window.__dashKeyWatch = true;
    document.addEventListener('keydown', () => (window.__dashKeyAt = performance.now()), true);
  }
  return true;
}`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const r2 = (x) => Number(x.toFixed(2));
const summary = (xs) => ({ n: xs.length, min: r2(Math.min(...xs)), p50: r2(median(xs)), p95: r2(pct(xs, 95)), max: r2(Math.max(...xs)) });

/**
 * The dashboard figures. `ctx` is a Playwright persistent context with the production build loaded (fresh profile);
 * `base` its chrome-extension://id/ address.
 */
export async function benchDashboard(ctx, base, { records = 10_000, opens = 7, typed = 'photo 2025', log = () => {} } = {}) {
  const seedPage = await ctx.newPage();
  await seedPage.goto(`${base}settings.html`);
  const list = makeRecords(records);
  const seeded = await seedLedger((src, arg) => seedPage.evaluate(`(${src})(${JSON.stringify(arg)})`), { records: list, previews: true });
  await seedPage.close();
  log(`dashboard: seeded ${records} records (${seeded.count} in the ledger, previews of ${seeded.preview} B)`);

  // D1: open -> first rows painted, several cold page loads (the first also pays the code cache).
  const openMs = [];
  const allMs = [];
  let rendered = 0;
  for (let i = 0; i < opens; i++) {
    const page = await ctx.newPage();
    await page.goto(`${base}dashboard.html`);
    await page.waitForFunction(() => document.documentElement.dataset.dashboard === 'ready', null, { timeout: 30_000 });
    const r = await page.evaluate(() => ({
      mark: performance.getEntriesByName('dashboard:first-rows')[0]?.startTime ?? NaN,
      all: performance.getEntriesByName('dashboard:all-rows')[0]?.startTime ?? NaN,
      total: Number(document.querySelector('main.dashboard')?.dataset.total),
      rendered: document.querySelectorAll('[data-testid="dashboard-row"]').length,
    }));
    if (r.total < records) throw new Error(`dashboard shows ${r.total} records, expected ${records}`);
    if (!Number.isFinite(r.mark)) throw new Error('dashboard: no performance mark dashboard:first-rows');
    openMs.push(r.mark);
    allMs.push(r.all);
    rendered = r.rendered;
    await page.close();
  }

  // D2: keystrokes in the search field: type `typed`, then erase it; every key changes the query.
  const page = await ctx.newPage();
  await page.goto(`${base}dashboard.html`);
  await page.waitForFunction(() => document.documentElement.dataset.dashboard === 'ready', null, { timeout: 30_000 });
  await page.click('input[name="search"]');
  await new Promise((r) => setTimeout(r, 300)); // let the idle work (search strings) run, as it would while a person reaches for the field
  const keys = [...typed, ...Array(typed.length).fill('Backspace')];
  const frames = [];
  const commits = [];
  const counts = [];
  let value = '';
  for (const key of keys) {
    value = key === 'Backspace' ? value.slice(0, -1) : value + key;
    await page.evaluate(`(${ARM})(${JSON.stringify(value)})`);
    await page.keyboard.press(key);
    const r = await page.evaluate(() => window.__dashNext);
    frames.push(r.frameMs);
    commits.push(r.commitMs);
    counts.push(r.count);
    if (r.rendered > 60) throw new Error(`dashboard rendered ${r.rendered} rows: not windowed`);
    await new Promise((res) => setTimeout(res, 30));
  }
  await page.close();
  return {
    records,
    renderedRows: rendered,
    openMs: summary(openMs),
    firstOpenMs: r2(openMs[0]),
    allRowsMs: summary(allMs),
    keystroke: { keys: keys.length, typed, frameMs: summary(frames), commitMs: summary(commits), matchCounts: counts },
  };
}
