// Footprint (issue 13): what Takeback costs pages that are not Lemmy or Matrix, side by side in one run with no
// extension and with the "floor" extension (bench/floor-extension: one one-line script per world at document_start in
// every frame, the least an extension of this kind can cost). Headless Debian Chromium, three profiles, rounds that
// rotate which profile goes first, every page served no-store from 127.0.0.1.
//   pages: a plain article; the article with 20 same-origin iframes; with 20 cross-origin iframes; with 2 MB of script
//   per profile and page: load event and first contentful paint (median, p95), and Takeback against the floor paired
//   by round (the median of per-round differences and ratios: what the targets are judged on); per-frame cost (20-frame page less the
//   article, over 20); JS heap per frame (same-origin frames, after a GC: Runtime.getHeapUsage, which counts the
//   content scripts' isolated worlds too); bytes of script each frame evaluates at document_start (from the manifest).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FLOOR_EXTENSION = path.join(HERE, 'floor-extension');
const FRAMES = 20;
const PAGES = ['article', 'same', 'cross', 'script'];
const PAGE_LABEL = { article: 'plain article', same: `${FRAMES} same-origin iframes`, cross: `${FRAMES} cross-origin iframes`, script: 'page with 2 MB of script' };

export const FOOTPRINT_TARGETS = {
  plainOverFloorMs: 3, // plain page: load event <= floor + 3 ms (medians)
  framesOverFloor: 1.05, // 20-iframe pages: load event <= 1.05 x floor (medians)
  startBytesPerFrame: 12 * 1024, // bytes evaluated at document_start per frame, in total
  heapPerFrameOverFloorBytes: 200 * 1024, // JS heap per frame <= floor + 200 KB
};

const PARAGRAPH =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ' +
  'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';
const STYLE = '<style>body{font:16px/1.5 serif;max-width:40em;margin:2em auto}iframe{width:300px;height:120px;border:1px solid #ccc}</style>';
const article = (extra = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Article</title>${STYLE}</head><body><h1>An ordinary article</h1>` +
  `${Array.from({ length: 30 }, (_, i) => `<p>${i + 1}. ${PARAGRAPH}</p>`).join('')}${extra}</body></html>`;
const frameDoc = (i) => `<!doctype html><html><head><meta charset="utf-8">${STYLE}</head><body><p>Embed ${i}: ${PARAGRAPH}</p></body></html>`;
const frames = (origin) => Array.from({ length: FRAMES }, (_, i) => `<iframe src="${origin}/frame?i=${i}"></iframe>`).join('');

/** About 2 MB of script that does a little work when it runs (a bundle a site might load). */
function bigScript() {
  const parts = [];
  let size = 0;
  for (let i = 0; size < 2 * 1024 * 1024; i++) {
    const fn = `function f${i}(a){var s=0;for(var j=0;j<3;j++){s+=(a*${i % 97}+j)%13}return s+"${'x'.repeat(40)}".length}\n`;
    parts.push(fn);
    size += fn.length;
  }
  parts.push(`var __total=0;for(var k=0;k<${parts.length};k+=50){__total+=window["f"+k](k)}document.documentElement.dataset.big=String(__total);\n`);
  return parts.join('');
}

async function listen(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function startSites() {
  const big = bigScript();
  const send = (res, body, type = 'text/html; charset=utf-8') => {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(body);
  };
  let crossOrigin = '';
  const handler = (origin) => (req, res) => {
    const url = new URL(req.url, origin);
    if (url.pathname === '/article') return send(res, article());
    if (url.pathname === '/same') return send(res, article(frames(origin)));
    if (url.pathname === '/cross') return send(res, article(frames(crossOrigin)));
    if (url.pathname === '/script') return send(res, article('<script src="/big.js"></script>'));
    if (url.pathname === '/big.js') return send(res, big, 'text/javascript');
    if (url.pathname === '/frame') return send(res, frameDoc(url.searchParams.get('i')));
    res.writeHead(404).end();
  };
  let siteOrigin = '';
  const site = await listen((req, res) => handler(siteOrigin)(req, res));
  siteOrigin = site.origin;
  // Another origin (another port of localhost: another site to the browser, so its frames are out of process).
  const other = await listen((req, res) => handler(crossOrigin)(req, res));
  crossOrigin = other.origin.replace('127.0.0.1', 'localhost');
  return { origin: site.origin, bigBytes: Buffer.byteLength(big), close: () => Promise.all([site.close(), other.close()]) };
}

/** Bytes of script every frame evaluates at document_start, per content script file, from the extension's manifest. */
export function documentStartBytes(extDir) {
  if (!extDir) return {};
  const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'manifest.json'), 'utf8'));
  const out = {};
  for (const cs of manifest.content_scripts ?? []) {
    if (cs.run_at !== 'document_start' || !cs.all_frames) continue;
    for (const js of cs.js ?? []) out[js] = fs.statSync(path.join(extDir, js)).size;
  }
  return out;
}

async function launch(extDir, dirs) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'takeback-bench-footprint-'));
  dirs.push(profile);
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  if (extDir) args.unshift(`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`);
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ...(extDir && { ignoreDefaultArgs: ['--disable-extensions'] }),
    args,
  });
  await new Promise((r) => setTimeout(r, extDir ? 1500 : 300)); // Takeback opens its welcome tab on install
  for (const p of ctx.pages()) await p.close().catch(() => {});
  return ctx;
}

const TIMING = () =>
  new Promise((resolve) => {
    const read = (tries) => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      if ((!fcp || !nav?.loadEventStart) && tries > 0) return setTimeout(() => read(tries - 1), 20);
      resolve({ load: nav?.loadEventStart ?? null, fcp: fcp?.startTime ?? null });
    };
    read(50);
  });

async function loadOnce(ctx, url, { heap = false } = {}) {
  const page = await ctx.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    const timing = await page.evaluate(TIMING);
    let heapBytes = null;
    if (heap) {
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      heapBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      await cdp.detach().catch(() => {});
    }
    return { ...timing, heapBytes };
  } finally {
    await page.close().catch(() => {});
  }
}

const sorted = (xs) => xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
const quantile = (xs, q) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] : null;
};
const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * Runs the footprint bench. configs: {label: extension directory or null}; the first two must be 'none' and 'floor'
 * for the targets. Returns per profile and page the medians and p95s, per-frame costs, heap per frame, start bytes.
 */
export async function benchFootprint({ takebackDir, rounds = 21, warmups = 2, heapRounds = 5, log = () => {} }) {
  const configs = { none: null, floor: FLOOR_EXTENSION, takeback: takebackDir };
  const names = Object.keys(configs);
  const dirs = [];
  const contexts = {};
  const sites = await startSites();
  try {
    for (const name of names) contexts[name] = await launch(configs[name], dirs);
    const samples = Object.fromEntries(names.map((n) => [n, Object.fromEntries(PAGES.map((p) => [p, { load: [], fcp: [] }]))]));
    const heap = Object.fromEntries(names.map((n) => [n, { article: [], same: [] }]));
    for (let round = 0; round < warmups + rounds; round++) {
      if (round % 5 === 0) log(`footprint: round ${round + 1}/${warmups + rounds}`);
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const page of PAGES) {
        for (const name of order) {
          const withHeap = round >= warmups && round < warmups + heapRounds && (page === 'article' || page === 'same');
          const t = await loadOnce(contexts[name], `${sites.origin}/${page}`, { heap: withHeap });
          if (round < warmups) continue;
          samples[name][page].load.push(t.load);
          samples[name][page].fcp.push(t.fcp);
          if (withHeap) heap[name][page].push(t.heapBytes);
        }
      }
    }
    // Paired by round (the same round loads every profile back to back): Takeback against the floor within each round,
    // then the median of those. Rounds differ more from each other (the machine's load) than the profiles do.
    const pairs = (page, f) => samples.takeback[page].load.map((t, i) => (typeof t === 'number' && typeof samples.floor[page].load[i] === 'number' ? f(t, samples.floor[page].load[i]) : null));
    const paired = {
      articleOverFloorMs: r2(quantile(pairs('article', (t, fl) => t - fl), 0.5)),
      sameOverFloor: r2(quantile(pairs('same', (t, fl) => t / fl), 0.5) * 1000) / 1000,
      crossOverFloor: r2(quantile(pairs('cross', (t, fl) => t / fl), 0.5) * 1000) / 1000,
    };
    const result = { rounds, frames: FRAMES, bigScriptBytes: sites.bigBytes, paired, profiles: {} };
    for (const name of names) {
      const byPage = {};
      for (const page of PAGES) {
        const s = samples[name][page];
        byPage[page] = { loadMs: { p50: r2(quantile(s.load, 0.5)), p95: r2(quantile(s.load, 0.95)) }, fcpMs: { p50: r2(quantile(s.fcp, 0.5)), p95: r2(quantile(s.fcp, 0.95)) } };
      }
      const perFrame = (p) => r2((byPage[p].loadMs.p50 - byPage.article.loadMs.p50) / FRAMES);
      const heapPerFrame = (quantile(heap[name].same, 0.5) - quantile(heap[name].article, 0.5)) / FRAMES;
      const start = documentStartBytes(configs[name]);
      result.profiles[name] = {
        pages: byPage,
        perFrameMs: { same: perFrame('same'), cross: perFrame('cross') },
        heapPerFrameBytes: Math.round(heapPerFrame),
        documentStart: start,
        documentStartBytesPerFrame: Object.values(start).reduce((a, b) => a + b, 0),
      };
    }
    return result;
  } finally {
    for (const ctx of Object.values(contexts)) await Promise.race([ctx.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    await sites.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The footprint's rows for the bench table: Takeback against the floor, with the targets of issue 13. */
export function footprintRows(fp) {
  const T = FOOTPRINT_TARGETS;
  const { none, floor, takeback } = fp.profiles;
  const f = (x, d = 1) => (x === null ? 'n/a' : x.toFixed(d));
  const rows = [];
  const plain = takeback.pages.article.loadMs.p50;
  rows.push({
    id: 'FP.plain', metric: 'FP plain article: load event, median (none / floor / Takeback)', value: fp.paired.articleOverFloorMs, target: `<= floor + ${T.plainOverFloorMs} ms`,
    measured: `${f(none.pages.article.loadMs.p50)} / ${f(floor.pages.article.loadMs.p50)} / ${f(plain)} ms (p95 ${f(takeback.pages.article.loadMs.p95)}); paired by round: floor + ${f(fp.paired.articleOverFloorMs)} ms`,
    pass: fp.paired.articleOverFloorMs <= T.plainOverFloorMs,
  });
  for (const page of ['same', 'cross']) {
    const ratio = takeback.pages[page].loadMs.p50 / floor.pages[page].loadMs.p50;
    const pairedRatio = fp.paired[`${page}OverFloor`];
    rows.push({
      id: `FP.${page}`, metric: `FP ${PAGE_LABEL[page]}: load event, median (none / floor / Takeback)`, value: pairedRatio, target: `<= ${T.framesOverFloor} x floor`,
      measured: `${f(none.pages[page].loadMs.p50)} / ${f(floor.pages[page].loadMs.p50)} / ${f(takeback.pages[page].loadMs.p50)} ms = ${f(ratio, 3)} x floor (paired by round ${f(pairedRatio, 3)}); per frame ${f(floor.perFrameMs[page], 2)} / ${f(takeback.perFrameMs[page], 2)} ms`,
      pass: pairedRatio <= T.framesOverFloor,
    });
  }
  rows.push({
    id: 'FP.script', metric: `FP ${PAGE_LABEL.script}: load event, median (none / floor / Takeback)`, value: takeback.pages.script.loadMs.p50, target: 'informational',
    measured: `${f(none.pages.script.loadMs.p50)} / ${f(floor.pages.script.loadMs.p50)} / ${f(takeback.pages.script.loadMs.p50)} ms`, pass: true,
  });
  rows.push({
    id: 'FP.bytes', metric: 'FP bytes evaluated at document_start per frame', value: takeback.documentStartBytesPerFrame, target: `<= ${T.startBytesPerFrame} B`,
    measured: `${Object.entries(takeback.documentStart).map(([js, b]) => `${js} ${b} B`).join(' + ')} (floor ${floor.documentStartBytesPerFrame} B)`,
    pass: takeback.documentStartBytesPerFrame <= T.startBytesPerFrame,
  });
  rows.push({
    id: 'FP.heap', metric: 'FP JS heap per frame (same-origin frames), none / floor / Takeback', value: takeback.heapPerFrameBytes, target: `<= floor + ${T.heapPerFrameOverFloorBytes / 1024} KB`,
    measured: `${f(none.heapPerFrameBytes / 1024)} / ${f(floor.heapPerFrameBytes / 1024)} / ${f(takeback.heapPerFrameBytes / 1024)} KB`,
    pass: takeback.heapPerFrameBytes <= floor.heapPerFrameBytes + T.heapPerFrameOverFloorBytes,
  });
  return rows;
}

/** The FCP line printed under the table (medians / p95 of every page, each profile). */
export function footprintSummary(fp) {
  return Object.entries(fp.profiles)
    .map(([name, p]) => `FP ${name}: ${PAGES.map((page) => `${page} load ${p.pages[page].loadMs.p50}/${p.pages[page].loadMs.p95} fcp ${p.pages[page].fcpMs.p50}/${p.pages[page].fcpMs.p95}`).join('; ')} ms (p50/p95)`)
    .join('\n');
}
