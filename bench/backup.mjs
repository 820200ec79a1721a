// BK: back up and restore 50,000 records (issue 14), previews off, in the production build, driven as a person would:
// the dashboard's form, the passphrase typed, the buttons clicked. Times are taken in the page (from the click to the
// form's state change); peak memory is the page's JS heap, sampled over CDP while the work runs.
import { makeRecords, seedLedger } from './dashboard.mjs';

const PASSPHRASE = 'bench passphrase 2026';

/** In the page: resolves with ms from the next click on `button` until the element `sel`'s data-state becomes `state`. */
const ARM = `({ button, sel, state }) => {
  window.__bkDone = new Promise((resolve) => {
    let clickedAt = null;
    document.addEventListener('click', (e) => { if (e.target.closest(button)) clickedAt = performance.now(); }, { capture: true, once: false });
    const check = () => {
      const el = document.querySelector(sel);
      if (clickedAt !== null && el?.dataset.state === state) { observer.disconnect(); resolve(performance.now() - clickedAt); }
      if (el?.dataset.state === 'error') { observer.disconnect(); resolve(-1); }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { attributes: true, subtree: true, childList: true, attributeFilter: ['data-state'] });
  });
  return true;
}`;

/** Samples the page's JS heap every 20 ms until `done` settles; returns the peak in bytes. */
async function peakHeap(cdp, done) {
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { value: await done, peak };
  } finally {
    running = false;
    await sampler;
  }
}

async function timed(page, cdp, arm, click) {
  await page.evaluate(`(${ARM})(${JSON.stringify(arm)})`);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const before = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  await page.click(click);
  const { value: ms, peak } = await peakHeap(cdp, page.evaluate(() => window.__bkDone));
  if (ms < 0) throw new Error(`backup bench: the form reported an error after ${click}: ${await page.textContent('[role=alert]').catch(() => '?')}`);
  return { ms, heapBeforeMB: before / 2 ** 20, heapPeakMB: peak / 2 ** 20 };
}

async function openDashboard(ctx, base) {
  const page = await ctx.newPage();
  await page.goto(`${base}dashboard.html`);
  await page.waitForFunction(() => document.documentElement.dataset.dashboard === 'ready', null, { timeout: 60_000 });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.click('button[name="show-backup"]');
  return { page, cdp };
}

/** Backs up `records` seeded records `runs` times; returns the timings and the last file's text. */
export async function benchBackupMake(ctx, base, { records = 50_000, runs = 3, log = () => {} } = {}) {
  const seedPage = await ctx.newPage();
  await seedPage.goto(`${base}settings.html`);
  await seedLedger((src, arg) => seedPage.evaluate(`(${src})(${JSON.stringify(arg)})`), { records: makeRecords(records), previews: false }, 60_000);
  await seedPage.close();
  log(`backup: seeded ${records} records`);
  const out = [];
  let file = null;
  for (let i = 0; i < runs; i++) {
    const { page, cdp } = await openDashboard(ctx, base);
    await page.fill('input[name="passphrase"]', PASSPHRASE);
    await page.fill('input[name="passphrase-again"]', PASSPHRASE);
    out.push(await timed(page, cdp, { button: 'button[name="make-backup"]', sel: 'form.backup-form', state: 'saved' }, 'button[name="make-backup"]'));
    file = await page.evaluate(async () => {
      const a = document.querySelector('a[name="backup-link"]');
      return { name: a.getAttribute('download'), text: await (await fetch(a.href)).text() };
    });
    await page.close();
  }
  return { records, runs: out, file, fileBytes: file.text.length };
}

/** Restores the file into the (empty) ledger of a fresh profile: unlock → preview, then merge → done. */
export async function benchBackupRestore(ctx, base, file, { log = () => {} } = {}) {
  const { page, cdp } = await openDashboard(ctx, base);
  await page.setInputFiles('input[name="backup-file"]', { name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) });
  await page.waitForSelector('input[name="restore-passphrase"]', { timeout: 60_000 });
  await page.fill('input[name="restore-passphrase"]', PASSPHRASE);
  const open = await timed(page, cdp, { button: 'button[name="open-backup"]', sel: 'section.restore-form', state: 'preview' }, 'button[name="open-backup"]');
  const counts = await page.textContent('[data-field="restore-counts"]');
  const merge = await timed(page, cdp, { button: 'button[name="merge-backup"]', sel: 'section.restore-form', state: 'done' }, 'button[name="merge-backup"]');
  const restored = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('takeback');
        req.onsuccess = () => {
          const count = req.result.transaction('uploads').objectStore('uploads').count();
          count.onsuccess = () => (req.result.close(), resolve(count.result));
          count.onerror = () => reject(count.error);
        };
      }),
  );
  await page.close();
  log(`backup: restored ${restored} records (${counts})`);
  return { open, merge, counts, restored };
}
