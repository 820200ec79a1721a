// Bulk delete benchmark (part "bulk" of bench/run.mjs).
//   B1  one delete job of 500 records against a fixture Lemmy 0.19.4 whose every delete request takes `delayMs` (50 ms),
//       at the default concurrency (4): wall time from sending {type:'delete'} to the job's final 'job-changed' notice,
//       measured in an extension page; versus the ideal ceil(500 / 4) × the time of a single-item delete job on the
//       same server (median of 7 before and 7 after, following a warm-up that caches the instance's version). Target
//       ratio <= 1.2. The reference includes a job's fixed costs (start, final save, release), which favours the ratio a
//       little; the per-item time is reported too.
// The job runs as a user's would: from a tab of the instance, logged in through lemmy-ui's `jwt` cookie; every delete
// is proven by the no-store probe of the file's URL (so a "single-item job" includes its probe and saves).
import { capturedLemmyRecords, PUT_RECORDS } from '../test/e2e/browsers/common.mjs';
import { startLemmy } from '../test/e2e/servers/lemmy.mjs';

/** In an extension page: the stored statuses of these records. */
const STATUSES = (ids) =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open('takeback');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction('uploads');
      const got = ids.map((id) => tx.objectStore('uploads').get(id));
      tx.oncomplete = () => {
        db.close();
        const tally = {};
        for (const g of got) tally[g.result?.status ?? 'missing'] = (tally[g.result?.status ?? 'missing'] ?? 0) + 1;
        resolve(tally);
      };
      tx.onerror = () => (db.close(), reject(tx.error));
    };
  });

/**
 * In an extension page: starts a delete job of `ids` and resolves when the background broadcasts it finished;
 * ms from sending the message to that notice (both read with this page's clock).
 */
const RUN_JOB = async (ids) => {
  const api = globalThis.chrome;
  const ends = new Map();
  let wake = () => {};
  const listener = (msg) => {
    if (msg?.type === 'job-changed' && msg.job?.state !== 'running') {
      ends.set(msg.job.id, { at: performance.now(), job: msg.job });
      wake();
    }
  };
  api.runtime.onMessage.addListener(listener);
  const t0 = performance.now();
  const { jobId } = await api.runtime.sendMessage({ type: 'delete', ids });
  const give = performance.now() + 120_000;
  while (!ends.has(jobId) && performance.now() < give) await new Promise((r) => ((wake = r), setTimeout(r, 1000)));
  api.runtime.onMessage.removeListener(listener);
  const end = ends.get(jobId);
  return end ? { ms: end.at - t0, state: end.job.state, done: end.job.done.length } : { ms: NaN, state: 'timeout', done: 0 };
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * ctx: a Playwright persistent context with the production build loaded (fresh profile); base: chrome-extension://<id>/.
 * Returns { items, concurrency, delayMs, singleMs: {median, all}, idealMs, measuredMs, ratio, statuses, server }.
 */
export async function benchBulk(ctx, base, { items = 500, concurrency = 4, delayMs = 50, singles = 7, log = () => {} } = {}) {
  const s = await startLemmy({ version: '0.19.4', prefix: 'benchbulk', delayMs });
  try {
    // Logged in as lemmy-ui leaves it, and a tab of the instance open for Takeback to delete from.
    await ctx.addCookies([{ name: 'jwt', value: s.jwt, url: s.origin }]);
    const tab = await ctx.newPage();
    const front = await tab.goto(`${s.origin}/`);
    if (!front?.ok()) throw new Error(`the fixture's front page answered ${front?.status()}: Takeback needs a scriptable tab of the instance`);
    const control = await ctx.newPage();
    await control.goto(`${base}welcome.html`); // a quiet extension page (the popup re-lists on every change)
    const inPage = (fn, ...args) => control.evaluate(fn, ...args);

    // Single-item jobs: a warm-up (learns the instance's version), then `singles` measured ones before the bulk job and
    // as many after it (the machine's speed drifts; the median of both sets is the reference).
    const single = capturedLemmyRecords(s, s.seedUploads(2 * singles + 1), { tag: 'single' });
    await inPage(PUT_RECORDS, single);
    const singleRuns = [];
    const singleJobs = async (records) => {
      for (const r of records) {
        const run = await inPage(RUN_JOB, [r.id]);
        if (run.state !== 'done' || run.done !== 1) throw new Error(`single-item job ended ${JSON.stringify(run)}`);
        singleRuns.push(run.ms);
      }
    };
    await singleJobs(single.slice(0, singles + 1));
    singleRuns.shift(); // the warm-up

    const bulk = capturedLemmyRecords(s, s.seedUploads(items), { tag: 'bulk' });
    await inPage(PUT_RECORDS, bulk);
    s.stats.maxInFlight = 0;
    const run = await inPage(RUN_JOB, bulk.map((r) => r.id));
    if (run.state !== 'done' || run.done !== items) throw new Error(`bulk job ended ${JSON.stringify(run)}`);
    const statuses = await inPage(STATUSES, bulk.map((r) => r.id));
    await singleJobs(single.slice(singles + 1));
    const singleMs = median(singleRuns);
    log(`bulk: single-item delete job ${singleMs.toFixed(1)} ms (median of ${singleRuns.length}, before and after; delete request held ${delayMs} ms by the server)`);
    const repeated = [...s.stats.perAlias.values()].filter((c) => c.attempts > 1 || c.removed > 1).length;
    const maxInFlight = s.stats.maxInFlight;
    const idealMs = Math.ceil(items / concurrency) * singleMs;
    log(`bulk: ${items} items in ${(run.ms / 1000).toFixed(2)} s; ideal ${(idealMs / 1000).toFixed(2)} s; ratio ${(run.ms / idealMs).toFixed(3)}`);
    await control.close();
    await tab.close();
    return {
      items,
      concurrency,
      delayMs,
      singleMs: { median: singleMs, all: singleRuns.map((x) => Number(x.toFixed(1))) },
      idealMs,
      measuredMs: run.ms,
      perItemMs: run.ms / items,
      ratio: run.ms / idealMs,
      statuses,
      server: { maxInFlight, deletes: s.stats.deletes.length, repeatedAliases: repeated },
    };
  } finally {
    await s.close();
  }
}
