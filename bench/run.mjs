#!/usr/bin/env node
// Takeback benchmark tier: `npm run bench` (not part of `npm test`).
//
// Builds the production extension (`npx wxt build`), serves a local site on 127.0.0.1 (random port) and
// measures in headless Debian Chromium, with the extension loaded and in a profile without it:
//   P1  overhead of the MAIN-world wrapper on ordinary (non-upload) fetch / XHR traffic
//   P2  size and evaluation time of the minified hook (content-scripts/hook.js), and of all of document_start (+ bridge.js)
//   P3  upload capture latency: ledger commit after the response (uploadedAt - responseAt),
//       and the extra delay a page sees on fetch uploads (the hook holds the Response until the key is saved)
//   D   the dashboard with 10,000 records (bench/dashboard.mjs, its own fresh profile): open -> first rows painted,
//       and a filter keystroke -> rows updated
//   F   the dashboard after a flood (issue 11 §3): 50,000 records, open -> first rows, and -> every record in (filters
//       and actions usable); the keystroke figure of D is reported alongside, its target is D's (10,000 records)
//   B   bulk delete (bench/bulk.mjs, its own fresh profile): 500 records, concurrency 4, fixture Lemmy 0.19.4 holding each
//       delete 50 ms -> wall time vs ideal = ceil(500/4) x a single-item delete job on the same server
//   E   erasure pack (bench/erasure.mjs, Node only): buildErasurePack for 10,000 items over three instances, median ms
//   BK  back up and restore 50,000 records, previews off (bench/backup.mjs, fresh profiles): click -> file ready, and
//       unlock -> preview + merge -> done into an empty ledger; peak JS heap of the page while each runs
//   FP  footprint on pages that are not Lemmy or Matrix (bench/footprint.mjs): no extension, the floor extension
//       (bench/floor-extension) and Takeback side by side, rounds rotating the order; load event and FCP of a plain
//       article, 20 same-origin and 20 cross-origin iframes, 2 MB of script; per-frame cost, JS heap and
//       document_start bytes per frame
// Parts that need no browser run first; the extension is built and browsers launched only for the parts that need them.
// Prints a table and writes bench/results.json (gitignored).
// Exit code: 0 all targets met, 1 a target missed (figures still reported), 2 the bench itself failed.
//
// Knobs (environment):
//   BENCH_ROUNDS         P1 paired rounds (default 100)
//   BENCH_REQUESTS       P1 requests per transport per browser (default 5000, split evenly over the rounds)
//   BENCH_P1_DEADLINE_S  P1 starts no new round once it has run this long (default 225; reported if hit)
//   BENCH_UPLOADS        P3 uploads per transport (default 100, at least 100)
//   BENCH_UPLOAD_GAP_MS  P3 pause between uploads (default 30)
//   BENCH_IFRAMES        P2 samples per mode (default 30)
//   BENCH_FIRST_UPLOADS  P3 fresh pages with one upload each, per browser (default 12)
//   BENCH_ONLY           run only some parts, e.g. BENCH_ONLY=p3 or p1,dash (default p1,p2,p3,dash,flood,bulk,backup,erasure,footprint)
//   BENCH_FOOTPRINT_ROUNDS  FP rounds per profile and page (default 21)
//   BENCH_DASH_RECORDS   D records seeded (default 10000)
//   BENCH_SKIP_BUILD=1   reuse .output/chrome-mv3 instead of running `npx wxt build`
//   CHROMIUM             browser binary (default /usr/bin/chromium; nothing is ever downloaded)

import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { benchDashboard } from './dashboard.mjs';
import { benchBulk } from './bulk.mjs';
import { benchBackupMake, benchBackupRestore } from './backup.mjs';
import { benchErasure } from './erasure.mjs';
import { benchFootprint, footprintRows, footprintSummary } from './footprint.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(ROOT, '.output', 'chrome-mv3');
const RESULTS = path.join(ROOT, 'bench', 'results.json');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const int = (name, fallback) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const ROUNDS = int('BENCH_ROUNDS', 100);
const REQUESTS = int('BENCH_REQUESTS', 5000);
const PER_ROUND = Math.max(2, Math.round(REQUESTS / ROUNDS / 2) * 2); // even: half GET, half POST
const P1_WARMUP = 100;
const UPLOADS = Math.max(100, int('BENCH_UPLOADS', 100));
const UPLOAD_BLOCKS = 4; // P3 interleaves extension / plain browser in this many blocks
const UPLOAD_WARMUP = 6;
// Pause between uploads (a quick burst; the previous upload's thumbnail has mostly finished).
const UPLOAD_GAP_MS = int('BENCH_UPLOAD_GAP_MS', 30);
const PARTS = ['p1', 'p2', 'p3', 'dash', 'flood', 'bulk', 'backup', 'erasure', 'footprint'];
const ONLY = new Set((process.env.BENCH_ONLY || PARTS.join(',')).toLowerCase().split(',').map((x) => x.trim()));
const UNKNOWN_PARTS = [...ONLY].filter((p) => !PARTS.includes(p));
const DASH_RECORDS = int('BENCH_DASH_RECORDS', 10_000);
const IFRAMES = int('BENCH_IFRAMES', 30);
// P3: fresh pages, one upload each (the first upload pays for injecting the rest of the bridge, issue 13).
const FIRST_UPLOADS = int('BENCH_FIRST_UPLOADS', 12);
const WATCHDOG_MS = 10 * 60 * 1000;
// P1 stops adding rounds after running this long: timed from P1's own start, so the parts before it (the footprint, the
// dashboards, the bulk delete) cannot starve it of rounds.
const P1_DEADLINE_MS = int('BENCH_P1_DEADLINE_S', 225) * 1000;

const TARGETS = {
  overhead: 1.03, // P1 wrapped / unwrapped
  size: 6144, // P2 bytes
  evalMs: 1, // P2
  commitP95: 30, // P3 ms
  delayP95: 30, // P3 ms
  dashOpenMs: 300, // D1: open -> first rows painted (median of the opens)
  dashKeyMs: 50, // D2: filter keystroke -> rows updated (p95)
  floodOpenMs: 300, // F1: 50,000 records, open -> first rows (median)
  floodAllMs: 2000, // F2: 50,000 records, open -> every record in (median)
  bulkRatio: 1.2, // B: bulk delete wall time / ideal
  erasurePackMs: 1000, // E: erasure pack for 10,000 items (median)
  backupMs: 3000, // BK: back up 50,000 records (median), and restore them (unlock + merge, median)
};

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s]`, ...a);

// ---------------------------------------------------------------------------------------------- stats

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank percentile (p in 0..100). */
function pct(xs, p) {
  if (!xs.length) return NaN;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
function median(xs) {
  if (!xs.length) return NaN;
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const round = (x, d = 3) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);
const summary = (xs) => ({
  n: xs.length,
  min: round(Math.min(...xs)),
  p50: round(median(xs)),
  p95: round(pct(xs, 95)),
  max: round(Math.max(...xs)),
});

// ---------------------------------------------------------------------------------------------- build

function build() {
  if (process.env.BENCH_SKIP_BUILD === '1') {
    log('BENCH_SKIP_BUILD=1: reusing', path.relative(ROOT, OUTPUT));
  } else {
    log('building production extension: npx wxt build');
    const r = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    if (r.status !== 0) {
      process.stdout.write(r.stdout ?? '');
      process.stderr.write(r.stderr ?? '');
      throw new Error(`npx wxt build failed (exit ${r.status})`);
    }
  }
  // Work on a private copy: others may rebuild .output while the bench runs.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'takeback-bench-ext-'));
  fs.cpSync(OUTPUT, copy, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(copy, 'manifest.json'), 'utf8'));
  const hook = manifest.content_scripts?.find((c) => c.world === 'MAIN');
  if (!hook || hook.js?.[0] !== 'content-scripts/hook.js') throw new Error('manifest has no MAIN-world hook.js');
  return copy;
}

// ---------------------------------------------------------------------------------------------- server

/** Runs in the page: helpers the bench drives with page.evaluate. Serialised with Function#toString. */
function pageHelpers() {
  const now = () => performance.now();
  const PNG = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );
  const COMMENT = JSON.stringify({ content: 'Nice picture!', post_id: 42, language_id: 0 });

  function xhr(method, url, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const x = new XMLHttpRequest();
      x.open(method, url);
      for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
      x.onload = () => resolve(x);
      x.onerror = () => reject(new Error(`xhr ${method} ${url} failed`));
      x.send(body);
    });
  }

  window.__bench = {
    /** n sequential non-upload requests of one method; returns the elapsed ms. Bodies are always read. */
    async requests(transport, method, n) {
      let bad = 0;
      const start = now();
      for (let i = 0; i < n; i++) {
        if (transport === 'fetch') {
          const r =
            method === 'GET'
              ? await fetch(`/api/v3/post/list?page=${i}`)
              : await fetch('/api/v3/comment', { method: 'POST', headers: { 'content-type': 'application/json' }, body: COMMENT });
          await r.text();
          if (r.status !== 200) bad++;
        } else {
          const x =
            method === 'GET'
              ? await xhr('GET', `/api/v3/post/list?page=${i}`)
              : await xhr('POST', '/api/v3/comment', COMMENT, { 'content-type': 'application/json' });
          if (x.status !== 200) bad++;
        }
      }
      const ms = now() - start;
      if (bad) throw new Error(`${bad} of ${n} ${transport} ${method} requests failed`);
      return ms;
    },

    /** One P1 batch: n/2 GETs then n/2 POSTs, timed separately. */
    async batch(transport, n) {
      const get = await this.requests(transport, 'GET', n / 2);
      const post = await this.requests(transport, 'POST', n / 2);
      return { get, post };
    },

    /**
     * The hook's own synchronous cost per call, without the network: the same calls in a hooked iframe
     * (hook evaluated, handshake answered with the production rules) and in a pristine one, interleaved.
     * fetch: called with an already-aborted signal (native fetch rejects at once, the wrapper's work is all done first).
     * XHR: open() on a fresh object; send() a second time on a sent one (native throws at once, after the wrapper's work).
     */
    async wrapperCost(src, rules, blocks, k) {
      const frame = () => {
        const f = document.createElement('iframe');
        document.body.appendChild(f);
        return f.contentWindow;
      };
      const pristine = frame();
      const hooked = frame();
      let secret = null;
      hooked.addEventListener('takeback:secret', (e) => (secret = e.detail));
      hooked.eval(src);
      hooked.dispatchEvent(new hooked.CustomEvent('takeback:hello-bridge'));
      if (!secret) throw new Error('wrapperCost: the hook did not answer the handshake');
      hooked.dispatchEvent(new hooked.CustomEvent(`${secret}:down`, { detail: JSON.stringify({ t: 'config', rules }) }));
      // Prove the rules took: a real watched upload from the hooked frame must be reported on the up channel.
      let reported = false;
      hooked.addEventListener(`${secret}:up`, (e) => {
        const json = typeof e.detail === 'string' ? e.detail : e.detail[0];
        const { t, obs, hold } = JSON.parse(json);
        // Uploads first wait for a verdict, as the real bridge gives it.
        if (t === 'hold') {
          hooked.dispatchEvent(new hooked.CustomEvent(`${secret}:down`, { detail: JSON.stringify({ t: 'verdict', reqId: hold.reqId, allow: true }) }));
          return;
        }
        reported = obs.rule === 'lemmy-v3-upload';
        hooked.dispatchEvent(new hooked.CustomEvent(`${secret}:down`, { detail: JSON.stringify({ t: 'ack', reqId: obs.reqId, ok: true }) }));
      });
      const form = new hooked.FormData();
      form.append('images[]', new hooked.File([PNG], 'probe.png', { type: 'image/png' }));
      await (await hooked.fetch('/pictrs/image?via=probe', { method: 'POST', body: form })).text();
      if (!reported) throw new Error('wrapperCost: the hooked frame did not report a watched upload');

      const ops = {
        'fetch GET': (w, i) => {
          const c = new w.AbortController();
          c.abort();
          const sig = c.signal;
          const ps = [];
          const s = now();
          for (let j = 0; j < k; j++) ps.push(w.fetch(`/api/v3/post/list?page=${i}`, { signal: sig }));
          const ms = now() - s;
          for (const p of ps) p.catch(() => {});
          return ms;
        },
        'fetch POST': (w) => {
          const c = new w.AbortController();
          c.abort();
          const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: COMMENT, signal: c.signal };
          const ps = [];
          const s = now();
          for (let j = 0; j < k; j++) ps.push(w.fetch('/api/v3/comment', init));
          const ms = now() - s;
          for (const p of ps) p.catch(() => {});
          return ms;
        },
        'xhr open': (w) => {
          const xs = Array.from({ length: k }, () => new w.XMLHttpRequest());
          const s = now();
          for (const x of xs) x.open('POST', '/api/v3/comment');
          return now() - s;
        },
        'xhr send (POST, wrapper part)': (w) => {
          const xs = Array.from({ length: k }, () => {
            const x = new w.XMLHttpRequest();
            x.open('POST', '/api/v3/comment');
            x.send(COMMENT);
            return x;
          });
          let threw = 0;
          const s = now();
          for (const x of xs) {
            try {
              x.send(COMMENT);
            } catch {
              threw++;
            }
          }
          const ms = now() - s;
          for (const x of xs) x.abort();
          if (threw !== k) throw new Error('wrapperCost: a second send() did not throw');
          return ms;
        },
      };
      const out = {};
      for (const [name, op] of Object.entries(ops)) {
        op(pristine, 0);
        op(hooked, 0);
        const diffs = [];
        const base = [];
        for (let b = 0; b < blocks; b++) {
          const first = b % 2 ? hooked : pristine;
          const second = b % 2 ? pristine : hooked;
          const a = op(first, b);
          const c = op(second, b);
          const [h, p] = b % 2 ? [a, c] : [c, a];
          diffs.push(((h - p) / k) * 1000);
          base.push((p / k) * 1000);
          await new Promise((r) => setTimeout(r, 0));
        }
        diffs.sort((x, y) => x - y);
        base.sort((x, y) => x - y);
        out[name] = { extraUs: diffs[diffs.length >> 1], nativeUs: base[base.length >> 1] };
      }
      return out;
    },

    /** n sequential Lemmy-style uploads; per upload: ms until the page got its response, alias, clock stamps. */
    async uploads(transport, n, gapMs, tag, who) {
      const url = `/pictrs/image?via=${who}`;
      const out = [];
      for (let i = 0; i < n; i++) {
        const form = new FormData();
        form.append('images[]', new File([PNG], `bench-${tag}-${i}.png`, { type: 'image/png' }));
        let ms, status, text, resolvedAt;
        const startedAt = Date.now();
        const start = now();
        if (transport === 'fetch') {
          const r = await fetch(url, { method: 'POST', body: form, credentials: 'include' });
          ms = now() - start;
          resolvedAt = Date.now();
          status = r.status;
          text = await r.text();
        } else {
          const x = await xhr('POST', url, form);
          ms = now() - start;
          resolvedAt = Date.now();
          status = x.status;
          text = x.responseText;
        }
        if (status !== 201) throw new Error(`upload answered ${status}`);
        out.push({ ms, startedAt, resolvedAt, alias: JSON.parse(text).files[0].file });
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      return out;
    },

    /**
     * P2: evaluation time of `src` in fresh same-origin iframes, timed with performance.now around
     *   eval:    contentWindow.eval(source), an indirect (global) eval: compile + run, like an injected content script.
     *            The source gets a unique tail, so V8's compilation cache never hits: a cold compile every time.
     *   script:  a <script> element with the source (unique tail, cold compile), which adds the DOM's script-element cost
     *   cached:  <script> with the same source every time: V8's compilation cache hits, as for the later frames of a tab
     * and, to show where the time goes (both by eval, unique tails):
     *   parse:   the source wrapped in an uncalled function (parsing only)
     *   globals: touching just the globals the hook captures (the realm's lazily built Web IDL interfaces)
     * Every hook sample checks that the hook really installed (fetch replaced).
     */
    async evaluate(src, n) {
      const GLOBALS =
        'void [Reflect.apply, JSON.stringify, CustomEvent, URL, Blob, File, FormData.prototype.entries, Date.now,' +
        ' Promise.prototype.then, EventTarget.prototype.addEventListener, setTimeout, crypto.getRandomValues, TextDecoder,' +
        " XMLHttpRequest.prototype.open, Request, document.baseURI]; dispatchEvent(new CustomEvent('x'));";
      const modes = ['eval', 'script', 'cached', 'parse', 'globals'];
      const out = Object.fromEntries(modes.map((m) => [m, []]));
      let notWrapped = 0;
      for (let i = 0; i < n * modes.length; i++) {
        const mode = modes[i % modes.length];
        const frame = document.createElement('iframe');
        document.body.appendChild(frame);
        const w = frame.contentWindow;
        const before = w.fetch;
        const tail = `\n//# bench-sample-${i}-${Math.random()}`;
        const code = {
          eval: src + tail, script: src + tail, cached: src,
          parse: `(function () {\n${src}\n})${tail}`, globals: GLOBALS + tail,
        }[mode];
        let ms;
        if (mode === 'script' || mode === 'cached') {
          const el = w.document.createElement('script');
          el.textContent = code;
          const s = now();
          w.document.head.appendChild(el);
          ms = now() - s;
        } else {
          const s = now();
          w.eval(code);
          ms = now() - s;
        }
        out[mode].push(ms);
        if ((mode === 'eval' || mode === 'script' || mode === 'cached') && w.fetch === before) notWrapped++;
        frame.remove();
        await new Promise((r) => setTimeout(r, 5));
      }
      return { ...out, notWrapped, isolated: self.crossOriginIsolated };
    },
  };
}

function startServer() {
  const uploads = { ext: 0, plain: 0 };
  const page = `<!doctype html><meta charset="utf-8"><title>Takeback bench</title><body><h1>bench</h1>
<script>(${pageHelpers.toString()})();</script>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const json = (status, body) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          'cache-control': 'no-store',
        });
        res.end(text);
      };
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/isolated')) {
        const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
        // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs (P2).
        if (url.pathname === '/isolated') {
          headers['cross-origin-opener-policy'] = 'same-origin';
          headers['cross-origin-embedder-policy'] = 'require-corp';
        }
        res.writeHead(200, headers);
        res.end(page);
      } else if (req.method === 'GET' && url.pathname === '/api/v3/post/list') {
        json(200, { posts: [{ post: { id: 42, name: 'A post', url: null }, counts: { comments: 3, score: 7 } }] });
      } else if (req.method === 'POST' && url.pathname === '/api/v3/comment') {
        json(200, { comment_view: { comment: { id: 7, content: 'Nice picture!' } }, recipient_ids: [] });
      } else if (req.method === 'POST' && url.pathname === '/pictrs/image') {
        const via = url.searchParams.get('via');
        if (via in uploads) uploads[via]++;
        const alias = `${randomUUID()}.png`;
        json(201, { msg: 'ok', files: [{ file: alias, delete_token: randomBytes(12).toString('hex') }] });
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, uploads, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

// ---------------------------------------------------------------------------------------------- browsers

const contexts = [];
const tmpDirs = [];

async function launch(ext) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), ext ? 'takeback-bench-with-' : 'takeback-bench-without-'));
  tmpDirs.push(profile);
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
  ];
  if (ext) args.unshift(`--disable-extensions-except=${ext}`, `--load-extension=${ext}`);
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...(ext && { ignoreDefaultArgs: ['--disable-extensions'] }),
    args,
  });
  contexts.push(ctx);
  return ctx;
}

async function serviceWorker(ctx) {
  return ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }));
}

/** All ledger records, read straight from the extension's IndexedDB inside its service worker. */
async function readLedger(ctx) {
  const sw = await serviceWorker(ctx);
  return sw.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('takeback');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('uploads').objectStore('uploads').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((r) => ({ key: r.key, transport: r.transport, pageOrigin: r.pageOrigin,
              uploadedAt: r.uploadedAt, responseAt: r.responseAt })));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

async function openPage(ctx, url) {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => !!window.__bench);
  return page;
}

// ---------------------------------------------------------------------------------------------- P1

/** The production watch rules (what the bridge sends the hook), bundled from source with esbuild. */
async function productionRules() {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [path.join(ROOT, 'utils', 'platforms', 'index.ts')],
    bundle: true, write: false, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'],
    alias: { '@': ROOT }, logLevel: 'silent',
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return mod.watchRules;
}

async function benchP1(pages, plainCtx, origin, extDir, deadline) {
  const { ext, plain } = pages;

  // In-page microbenchmark of the wrapper itself (no network): where P1's time would go if the hook cost any.
  const src = fs.readFileSync(path.join(extDir, 'content-scripts', 'hook.js'), 'utf8');
  const rules = await productionRules();
  const micro = await openPage(plainCtx, `${origin}/isolated`);
  const wrapperCost = await micro.evaluate(([s, r]) => window.__bench.wrapperCost(s, r, 100, 40), [src, rules]);
  await micro.close();
  for (const [k, v] of Object.entries(wrapperCost)) wrapperCost[k] = { extraUs: round(v.extraUs, 2), nativeUs: round(v.nativeUs, 2) };
  log(`P1: hook CPU per call (in-page, no network): ${Object.entries(wrapperCost).map(([k, v]) => `${k} +${v.extraUs} µs`).join(', ')}`);

  log(`P1: warm-up (${P1_WARMUP} requests per transport per browser)`);
  for (const page of [ext, plain]) {
    for (const transport of ['fetch', 'xhr']) await page.evaluate(([t, n]) => window.__bench.batch(t, n), [transport, P1_WARMUP]);
  }
  const rounds = { fetch: [], xhr: [] };
  let stoppedEarly = false;
  log(`P1: up to ${ROUNDS} interleaved rounds x ${PER_ROUND} requests (half GET, half POST JSON) per transport per browser`);
  for (let r = 0; r < ROUNDS; r++) {
    if (Date.now() > deadline && r >= 10) {
      stoppedEarly = true;
      log(`P1: time budget reached after ${r} rounds; reporting what was measured`);
      break;
    }
    for (const [ti, transport] of ['fetch', 'xhr'].entries()) {
      // Alternate which browser goes first (ABBA), so drift on the box does not favour one side.
      const order = (r + ti) % 2 === 0 ? ['ext', 'plain'] : ['plain', 'ext'];
      const row = {};
      for (const who of order) {
        const { get, post } = await pages[who].evaluate(([t, n]) => window.__bench.batch(t, n), [transport, PER_ROUND]);
        row[who] = { get, post, total: get + post };
      }
      rounds[transport].push(row);
    }
    if ((r + 1) % Math.max(1, Math.round(ROUNDS / 5)) === 0) {
      const so = (t) => median(rounds[t].map((x) => x.ext.total / x.plain.total)).toFixed(3);
      log(`P1: ${r + 1}/${ROUNDS} rounds: median ratio so far fetch ${so('fetch')}, xhr ${so('xhr')}`);
    }
  }
  const out = { wrapperCostUs: wrapperCost, stoppedEarly };
  for (const transport of ['fetch', 'xhr']) {
    const rs = rounds[transport];
    const us = (ms) => round((ms * 1000) / PER_ROUND, 1);
    const field = (k) => ({
      ext: median(rs.map((x) => x.ext[k])),
      plain: median(rs.map((x) => x.plain[k])),
      pairedRatio: median(rs.map((x) => x.ext[k] / x.plain[k])),
    });
    const total = field('total');
    const sum = (who) => rs.reduce((a, x) => a + x[who].total, 0);
    const ratios = rs.map((x) => x.ext.total / x.plain.total);
    const hookUs = transport === 'fetch'
      ? (wrapperCost['fetch GET'].extraUs + wrapperCost['fetch POST'].extraUs) / 2
      : wrapperCost['xhr open'].extraUs + wrapperCost['xhr send (POST, wrapper part)'].extraUs / 2; // GET send skips match()
    out[transport] = {
      rounds: rs.length,
      requestsPerBrowser: rs.length * PER_ROUND,
      ratio: round(total.pairedRatio, 4), // median over rounds of (wrapped / unwrapped): the reported figure
      ratioIqr: [round(pct(ratios, 25), 4), round(pct(ratios, 75), 4)],
      ratioOfMedians: round(total.ext / total.plain, 4),
      ratioOfSums: round(sum('ext') / sum('plain'), 4),
      ratioGet: round(field('get').pairedRatio, 4),
      ratioPost: round(field('post').pairedRatio, 4),
      perRequestUs: { ext: us(total.ext), plain: us(total.plain), difference: us(total.ext - total.plain) },
      // What the wrapper's own CPU time predicts: 1 + hook µs per request / native µs per request.
      predictedRatioFromHookCpu: round(1 + hookUs / us(total.plain), 4),
      roundRatios: ratios.map((x) => round(x, 3)),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- P2

async function benchP2(plainCtx, origin, extDir) {
  const file = path.join(extDir, 'content-scripts', 'hook.js');
  const src = fs.readFileSync(file, 'utf8');
  const bytes = fs.statSync(file).size;
  const gzip = (await import('node:zlib')).gzipSync(src).length;
  log(`P2: hook.js ${bytes} B (${gzip} B gzipped); evaluating in ${5 * IFRAMES} fresh iframes (+ baseline)`);
  const page = await openPage(plainCtx, `${origin}/isolated`);
  // One throwaway pass so the page itself (iframe machinery, the helper) is warm.
  await page.evaluate((s) => window.__bench.evaluate(s, 3), src);
  const r = await page.evaluate(([s, n]) => window.__bench.evaluate(s, n), [src, IFRAMES]);
  // Baseline: the same harness evaluating a trivial script, i.e. what the measurement itself costs.
  const empty = await page.evaluate((n) => window.__bench.evaluate('window.fetch = function () {}', n), Math.ceil(IFRAMES / 2));
  // Everything a frame evaluates at document_start (issue 13): the hook and the bridge's document_start part, cold,
  // one after the other in one fresh frame (in a real frame they run in two worlds; the sum is what the frame pays).
  const isolated = JSON.parse(fs.readFileSync(path.join(extDir, 'manifest.json'), 'utf8')).content_scripts.filter((c) => c.run_at === 'document_start' && c.world !== 'MAIN');
  const startSrc = [src, ...isolated.flatMap((c) => c.js).map((js) => fs.readFileSync(path.join(extDir, js), 'utf8'))].join('\n;');
  // A bridge that needs the extension API at start-up (Takeback before issue 13) cannot be timed here: n/a.
  const start = await page.evaluate(([s, n]) => window.__bench.evaluate(s, n), [startSrc, IFRAMES]).catch(() => null);
  await page.close();
  if (r.notWrapped) throw new Error(`P2: hook did not wrap fetch in ${r.notWrapped} iframes`);
  // Everything every page loads at document_start (the warning dialog is not among it: it is framed on demand).
  const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'manifest.json'), 'utf8'));
  const startScripts = manifest.content_scripts.filter((c) => c.run_at === 'document_start').flatMap((c) => c.js);
  const documentStart = Object.fromEntries(startScripts.map((js) => [js, fs.statSync(path.join(extDir, js)).size]));
  return {
    bytes,
    documentStart,
    gzipBytes: gzip,
    crossOriginIsolated: r.isolated,
    evalColdMs: summary(r.eval),
    startColdMs: start ? summary(start.eval) : null,
    scriptColdMs: summary(r.script),
    scriptCachedMs: summary(r.cached),
    breakdown: {
      harnessEvalMs: round(median(empty.eval)),
      harnessScriptMs: round(median(empty.script)),
      parseOnlyMs: round(median(r.parse)),
      touchGlobalsMs: round(median(r.globals)),
    },
  };
}

// ---------------------------------------------------------------------------------------------- P3

async function benchP3(pages, ctxExt, origin, server) {
  const { ext, plain } = pages;
  log(`P3: warming up the service worker (${UPLOAD_WARMUP} uploads per transport)`);
  const warm = [];
  for (const transport of ['fetch', 'xhr']) {
    warm.push(...(await ext.evaluate(([t, n]) => window.__bench.uploads(t, n, 50, 'warm', 'ext'), [transport, UPLOAD_WARMUP])));
  }
  for (const transport of ['fetch', 'xhr']) {
    await plain.evaluate(([t, n]) => window.__bench.uploads(t, n, 50, 'warm', 'plain'), [transport, UPLOAD_WARMUP]);
  }
  // Wait until the warm-up records are in, so the measured uploads start on a warm, idle worker.
  await waitForRecords(ctxExt, new Set(warm.map((u) => u.alias)), 10_000);

  const per = Math.ceil(UPLOADS / UPLOAD_BLOCKS);
  const got = { ext: { fetch: [], xhr: [] }, plain: { fetch: [], xhr: [] } };
  log(`P3: ${per * UPLOAD_BLOCKS} uploads per transport per browser, ${UPLOAD_BLOCKS} interleaved blocks, ${UPLOAD_GAP_MS} ms apart`);
  const run = (who, transport, b) =>
    pages[who].evaluate(([t, n, g, tg, w]) => window.__bench.uploads(t, n, g, tg, w), [transport, per, UPLOAD_GAP_MS, `${who}-${transport}-${b}`, who]);
  for (let b = 0; b < UPLOAD_BLOCKS; b++) {
    for (const [ti, transport] of ['fetch', 'xhr'].entries()) {
      const order = (b + ti) % 2 === 0 ? ['ext', 'plain'] : ['plain', 'ext'];
      for (const who of order) got[who][transport].push(...(await run(who, transport, b)));
    }
  }

  const measured = [...got.ext.fetch, ...got.ext.xhr];
  const records = await waitForRecords(ctxExt, new Set(measured.map((u) => u.alias)), 10_000);
  const byKey = new Map();
  for (const r of records) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const ourRecords = records.filter((r) => r.pageOrigin === origin).length;
  const missing = measured.filter((u) => (byKey.get(u.alias) ?? []).length !== 1);

  const out = { uploadsPerTransport: per * UPLOAD_BLOCKS, gapMs: UPLOAD_GAP_MS };
  out.landed = {
    extensionUploadsServerSaw: server.uploads.ext,
    ledgerRecordsForOrigin: ourRecords,
    measuredUploads: measured.length,
    measuredWithExactlyOneRecord: measured.length - missing.length,
    ok: missing.length === 0 && ourRecords === server.uploads.ext,
  };

  for (const transport of ['fetch', 'xhr']) {
    const ups = got.ext[transport];
    const commit = [];
    const toPage = [];
    const responseToPage = [];
    const requestPhase = [];
    for (const u of ups) {
      const [rec] = byKey.get(u.alias) ?? [];
      if (!rec) continue;
      if (rec.transport !== transport) throw new Error(`P3: record for ${u.alias} says transport ${rec.transport}`);
      commit.push(rec.uploadedAt - rec.responseAt);
      toPage.push(u.resolvedAt - rec.uploadedAt);
      responseToPage.push(u.resolvedAt - rec.responseAt);
      requestPhase.push(rec.responseAt - u.startedAt);
    }
    const plainMs = got.plain[transport].map((u) => u.ms);
    const plainMedian = median(plainMs);
    out[transport] = {
      commitMs: summary(commit), // uploadedAt - responseAt, from the ledger (1 ms clock resolution)
      pageDurationMs: { ext: summary(ups.map((u) => u.ms)), plain: summary(plainMs) },
      // Per upload: duration with the extension minus the median without it. The fetch figure is the target;
      // the XHR one (never held) shows how much of it is the extension's work slowing the browser in general.
      pageDelayMs: summary(ups.map((u) => u.ms - plainMedian)),
    };
    if (transport === 'fetch') {
      // The hold itself (1 ms Date.now clocks): uploadedAt -> page's fetch resolved, and response -> page resolved.
      // uploadedAt is stamped when the background starts the capture (before parsing and the IndexedDB commit),
      // so response -> page resolved is also the upper bound of the true response -> commit time on this path.
      out.fetch.uploadedAtToPageMs = summary(toPage);
      out.fetch.responseToPageMs = summary(responseToPage);
      // The rest of the delay: the request itself (page's fetch call -> the hook sees the response) took longer
      // than without the extension (a busier renderer / browser: the previous upload's thumbnail, badge, ...).
      out.fetch.requestPhaseMs = summary(requestPhase);
      out.fetch.extraRequestPhaseMs = summary(requestPhase.map((x) => x - plainMedian));
    }
  }
  out.firstUpload = await firstUploads(ctxExt, pages.plain.context(), origin);
  out.serviceWorker = await swDiagnostics(ctxExt);
  out.messagingRoundTripMs = await messagingRoundTrip(ctxExt);
  return out;
}

/**
 * P3 for the first upload of a fresh page (issue 13): on that upload the background injects the rest of the bridge,
 * so it pays for that. Fresh pages with and without the extension in alternating order; per pair, the extension's
 * duration minus the plain one; every upload must have its record, committed before the page saw the response.
 */
async function firstUploads(ctxExt, ctxPlain, origin) {
  const ms = { ext: [], plain: [] };
  const ext = [];
  for (let i = 0; i < FIRST_UPLOADS; i++) {
    for (const who of i % 2 ? ['plain', 'ext'] : ['ext', 'plain']) {
      const page = await openPage(who === 'ext' ? ctxExt : ctxPlain, `${origin}/`);
      const [u] = await page.evaluate(([tag, w]) => window.__bench.uploads('fetch', 1, 0, tag, w), [`first-${i}`, who]);
      await page.close();
      ms[who].push(u.ms);
      if (who === 'ext') ext.push(u);
    }
  }
  const records = await waitForRecords(ctxExt, new Set(ext.map((u) => u.alias)), 10_000);
  const committedFirst = ext.filter((u) => records.some((r) => r.key === u.alias && r.uploadedAt <= u.resolvedAt)).length;
  return {
    n: FIRST_UPLOADS,
    pageDurationMs: { ext: summary(ms.ext), plain: summary(ms.plain) },
    pageDelayMs: summary(ms.ext.map((m, i) => m - ms.plain[i])),
    recordedBeforeResponse: committedFirst,
  };
}

/** Runs fn(ctx, extension base URL) in a fresh profile of its own (closed afterwards), once the welcome tab is gone. */
async function inFreshProfile(extDir, fn) {
  const ctx = await launch(extDir);
  try {
    const sw = await serviceWorker(ctx);
    const base = `chrome-extension://${new URL(sw.url()).host}/`;
    await new Promise((r) => setTimeout(r, 500)); // the welcome tab opens on install
    for (const p of ctx.pages()) await p.close();
    return await fn(ctx, base);
  } finally {
    contexts.splice(contexts.indexOf(ctx), 1);
    await Promise.race([ctx.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
}

/** D: the dashboard with DASH_RECORDS records. */
function benchDash(extDir) {
  return inFreshProfile(extDir, (ctx, base) => {
    log(`dashboard: ${DASH_RECORDS} records`);
    return benchDashboard(ctx, base, { records: DASH_RECORDS, log });
  });
}

/** F: the dashboard with 50,000 records (what a flooding page could leave before the capture limits). */
function benchFlood(extDir) {
  return inFreshProfile(extDir, (ctx, base) => {
    log('dashboard after a flood: 50000 records');
    return benchDashboard(ctx, base, { records: 50_000, log });
  });
}

/** BK: back up 50,000 records in one profile, restore the file into fresh ones. */
async function benchBackup(extDir, runs = 3) {
  const made = await inFreshProfile(extDir, (ctx, base) => benchBackupMake(ctx, base, { records: 50_000, runs, log }));
  const restores = [];
  for (let i = 0; i < runs; i++) restores.push(await inFreshProfile(extDir, (ctx, base) => benchBackupRestore(ctx, base, made.file, { log })));
  const med = (xs) => sorted(xs)[xs.length >> 1];
  return {
    records: made.records,
    fileMB: round(made.fileBytes / 2 ** 20, 1),
    backupMs: made.runs.map((r) => round(r.ms, 0)),
    backupPeakMB: round(Math.max(...made.runs.map((r) => r.heapPeakMB)), 0),
    backupHeapBeforeMB: round(med(made.runs.map((r) => r.heapBeforeMB)), 0),
    openMs: restores.map((r) => round(r.open.ms, 0)),
    mergeMs: restores.map((r) => round(r.merge.ms, 0)),
    restoreMs: restores.map((r) => round(r.open.ms + r.merge.ms, 0)),
    restorePeakMB: round(Math.max(...restores.flatMap((r) => [r.open.heapPeakMB, r.merge.heapPeakMB])), 0),
    restored: restores.map((r) => r.restored),
    counts: restores[0]?.counts,
    median: { backupMs: round(med(made.runs.map((r) => r.ms)), 0), restoreMs: round(med(restores.map((r) => r.open.ms + r.merge.ms)), 0) },
  };
}

/** B: a bulk delete job. */
function benchBulkDelete(extDir) {
  return inFreshProfile(extDir, (ctx, base) => benchBulk(ctx, base, { items: 500, concurrency: 4, delayMs: 50, log }));
}

async function waitForRecords(ctx, aliases, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const records = await readLedger(ctx);
    const have = records.filter((r) => aliases.has(r.key)).length;
    if (have >= aliases.size || Date.now() > until) return records;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Costs of the steps on the background's critical path, measured inside the service worker (a scratch database). */
async function swDiagnostics(ctx) {
  const sw = await serviceWorker(ctx);
  const r = await sw.evaluate(async () => {
    const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const storage = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      await chrome.storage.local.get('settings');
      storage.push(performance.now() - s);
    }
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('takeback-bench-scratch', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('x', { keyPath: 'id' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const idb = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      await new Promise((resolve, reject) => {
        const tx = db.transaction('x', 'readwrite');
        const store = tx.objectStore('x');
        store.get(`r${i}`).onsuccess = () => store.put({ id: `r${i}`, payload: 'x'.repeat(600) });
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      idb.push(performance.now() - s);
    }
    db.close();
    indexedDB.deleteDatabase('takeback-bench-scratch');
    return { storageLocalGetMs: med(storage), idbGetPutCommitMs: med(idb) };
  });
  return { storageLocalGetMs: round(r.storageLocalGetMs), idbGetPutCommitMs: round(r.idbGetPutCommitMs) };
}

/**
 * Round trip of one runtime.sendMessage from an extension page to the background and back (the router rejects the
 * message at once): the cost of the kind of hop the fetch hold needs twice (bridge -> background -> bridge).
 */
async function messagingRoundTrip(ctx) {
  const sw = await serviceWorker(ctx);
  const page = await ctx.newPage();
  try {
    await page.goto(new URL('/popup.html', sw.url()).href);
    const times = await page.evaluate(async () => {
      const out = [];
      for (let i = 0; i < 40; i++) {
        const s = performance.now();
        await chrome.runtime.sendMessage({ type: 'takeback-bench-ping' }).catch(() => {});
        out.push(performance.now() - s);
      }
      return out;
    });
    return summary(times.slice(5));
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------- main

function table(rows) {
  const head = ['metric', 'measured', 'target', 'result'];
  const cells = rows.map((r) => [r.metric, r.measured, r.target, r.pass ? 'PASS' : 'FAIL']);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(w[i])).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...cells.map(line)].join('\n');
}

/** The local site and the two browsers P1-P3 share (with and without the extension), each on the site's front page. */
async function startMain(extDir) {
  const { server, uploads, origin } = await startServer();
  cleanups.push(() => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }));
  log(`server on ${origin}`);

  // allSettled: if one launch fails, the other browser is still registered for cleanup before we throw.
  const launched = await Promise.allSettled([launch(extDir), launch(null)]);
  for (const r of launched) if (r.status === 'rejected') throw r.reason;
  const [ctxExt, ctxPlain] = launched.map((r) => r.value);
  const sw = await serviceWorker(ctxExt);
  log(`extension service worker up: ${sw.url()}`);
  // P3 measures capture, not the person reading the warning: the bench site is set to "Allow", as a user would.
  // Its 200+ uploads in a minute are one site's: above the per-site capture limit (issue 11 §3), which is for floods.
  await sw.evaluate((site) => chrome.storage.local.set({ sitePolicies: { [site]: 'allow' }, settings: { thumbnails: true, askDelayMs: 1500, alwaysAsk: false, capturesPerHour: 100_000, capturesPerDay: 100_000 } }), origin);
  // Close the welcome tab the extension opens on install, and the initial blank tabs.
  await new Promise((r) => setTimeout(r, 500));
  for (const ctx of [ctxExt, ctxPlain]) for (const p of ctx.pages()) await p.close();

  const pages = { ext: await openPage(ctxExt, `${origin}/`), plain: await openPage(ctxPlain, `${origin}/`) };
  const userAgent = await pages.plain.evaluate(() => navigator.userAgent);
  return { uploads, origin, ctxExt, ctxPlain, pages, userAgent };
}

async function main() {
  if (UNKNOWN_PARTS.length) throw new Error(`BENCH_ONLY: unknown part ${UNKNOWN_PARTS.join(', ')} (parts: ${PARTS.join(', ')})`);
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  // Before any browser starts, on a quiet machine.
  const erasure = ONLY.has('erasure') ? await benchErasure({ items: 10_000, runs: 7, warmups: 2, log }) : null;

  const extDir = ['p1', 'p2', 'p3', 'dash', 'flood', 'bulk', 'backup', 'footprint'].some((p) => ONLY.has(p)) ? build() : null;
  if (extDir) tmpDirs.push(extDir);
  // Before any other browser starts: page loads are what it measures, on a machine as quiet as the bench can make it.
  const footprint = ONLY.has('footprint') ? await benchFootprint({ takebackDir: extDir, rounds: int('BENCH_FOOTPRINT_ROUNDS', 21), log }) : null;
  const { uploads, origin, ctxExt, ctxPlain, pages, userAgent } = ['p1', 'p2', 'p3'].some((p) => ONLY.has(p)) ? await startMain(extDir) : {};

  const p2 = ONLY.has('p2') ? await benchP2(ctxPlain, origin, extDir) : null;
  const p3 = ONLY.has('p3') ? await benchP3(pages, ctxExt, origin, { uploads }) : null;
  const dash = ONLY.has('dash') ? await benchDash(extDir) : null;
  const flood = ONLY.has('flood') ? await benchFlood(extDir) : null;
  const bulk = ONLY.has('bulk') ? await benchBulkDelete(extDir) : null;
  const backup = ONLY.has('backup') ? await benchBackup(extDir) : null;
  const p1 = ONLY.has('p1') ? await benchP1(pages, ctxPlain, origin, extDir, Date.now() + P1_DEADLINE_MS) : null;

  const f = (x, d = 2) => x.toFixed(d);
  const rows = [];
  if (p1) {
    for (const t of ['fetch', 'xhr']) {
      rows.push({
        id: `P1.${t}`, metric: `P1 ${t === 'xhr' ? 'XHR' : 'fetch'} overhead (wrapped/unwrapped)`, value: p1[t].ratio, target: `<= ${TARGETS.overhead}`,
        measured: `${f(p1[t].ratio, 3)} (n=${p1[t].requestsPerBrowser}, IQR ${f(p1[t].ratioIqr[0], 3)}-${f(p1[t].ratioIqr[1], 3)}; hook CPU => ${f(p1[t].predictedRatioFromHookCpu, 4)})`,
        pass: p1[t].ratio <= TARGETS.overhead,
      });
    }
  }
  if (p2) {
    rows.push(
      { id: 'P2.size', metric: 'P2 hook.js size (minified)', value: p2.bytes, target: `<= ${TARGETS.size} B`,
        measured: `${p2.bytes} B (${p2.gzipBytes} B gzip)`, pass: p2.bytes <= TARGETS.size },
      { id: 'P2.eval', metric: 'P2 hook.js evaluation, median (cold eval)', value: p2.evalColdMs.p50, target: `<= ${TARGETS.evalMs} ms`,
        measured: `${f(p2.evalColdMs.p50, 3)} ms (<script> ${f(p2.scriptColdMs.p50, 3)}, cached ${f(p2.scriptCachedMs.p50, 3)})`,
        pass: p2.evalColdMs.p50 <= TARGETS.evalMs },
      { id: 'P2.startEval', metric: 'P2 hook.js + bridge.js evaluation, median (cold eval: all of document_start)', value: p2.startColdMs?.p50 ?? null,
        target: `<= ${TARGETS.evalMs} ms`, measured: p2.startColdMs ? `${f(p2.startColdMs.p50, 3)} ms (p95 ${f(p2.startColdMs.p95, 3)})` : 'n/a (this bridge needs the extension API to start)',
        pass: !!p2.startColdMs && p2.startColdMs.p50 <= TARGETS.evalMs },
      { id: 'P2.start', metric: 'P2 bytes every page loads at document_start', value: Object.values(p2.documentStart).reduce((a, b) => a + b, 0),
        target: 'informational', measured: Object.entries(p2.documentStart).map(([js, b]) => `${js} ${b} B`).join(', '), pass: true },
    );
  }
  if (p3) {
    rows.push({ id: 'P3.landed', metric: 'P3 every upload recorded', value: p3.landed.ok, target: 'records = uploads',
      measured: `${p3.landed.measuredWithExactlyOneRecord}/${p3.landed.measuredUploads} measured, ${p3.landed.ledgerRecordsForOrigin}/${p3.landed.extensionUploadsServerSaw} all`,
      pass: p3.landed.ok });
    for (const t of ['fetch', 'xhr']) {
      rows.push({
        id: `P3.commit.${t}`, metric: `P3 ${t === 'xhr' ? 'XHR' : 'fetch'} uploadedAt-responseAt p50/p95`, value: p3[t].commitMs.p95,
        target: `p95 <= ${TARGETS.commitP95} ms`, measured: `${p3[t].commitMs.p50} / ${p3[t].commitMs.p95} ms`, pass: p3[t].commitMs.p95 <= TARGETS.commitP95,
      });
    }
    rows.push({ id: 'P3.delay.fetch', metric: 'P3 fetch upload delay seen by page p50/p95', value: p3.fetch.pageDelayMs.p95, target: `p95 <= ${TARGETS.delayP95} ms`,
      measured: `${f(p3.fetch.pageDelayMs.p50)} / ${f(p3.fetch.pageDelayMs.p95)} ms`, pass: p3.fetch.pageDelayMs.p95 <= TARGETS.delayP95 });
    const first = p3.firstUpload;
    rows.push({ id: 'P3.first', metric: 'P3 first fetch upload of a fresh page: delay seen by page p50/p95 (rest of the bridge injected)', value: first.pageDelayMs.p95,
      target: 'informational; recorded before the response', measured: `${f(first.pageDelayMs.p50)} / ${f(first.pageDelayMs.p95)} ms (n=${first.n}); ${first.recordedBeforeResponse}/${first.n} recorded before the page saw the response`,
      pass: first.recordedBeforeResponse === first.n });
  }

  if (flood) {
    rows.push(
      { id: 'F1.open', metric: 'F1 dashboard, 50000 records: open -> first rows, median', value: flood.openMs.p50, target: `<= ${TARGETS.floodOpenMs} ms`,
        measured: `${f(flood.openMs.p50, 1)} ms (p95 ${f(flood.openMs.p95, 1)}, n=${flood.openMs.n})`, pass: flood.openMs.p50 <= TARGETS.floodOpenMs },
      { id: 'F2.all', metric: 'F2 dashboard, 50000 records: open -> all rows, median', value: flood.allRowsMs.p50, target: `<= ${TARGETS.floodAllMs} ms`,
        measured: `${f(flood.allRowsMs.p50, 1)} ms (p95 ${f(flood.allRowsMs.p95, 1)}; keystroke p95 ${f(flood.keystroke.frameMs.p95, 1)} ms)`,
        pass: flood.allRowsMs.p50 <= TARGETS.floodAllMs },
    );
  }
  if (dash) {
    rows.push(
      { id: 'D1.open', metric: `D1 dashboard open -> first rows (${dash.records} records), median`, value: dash.openMs.p50, target: `<= ${TARGETS.dashOpenMs} ms`,
        measured: `${f(dash.openMs.p50, 1)} ms (first ${f(dash.firstOpenMs, 1)}, max ${f(dash.openMs.max, 1)}, n=${dash.openMs.n})`,
        pass: dash.openMs.p50 <= TARGETS.dashOpenMs },
      { id: 'D2.keystroke', metric: 'D2 dashboard filter keystroke -> rows updated p50/p95', value: dash.keystroke.frameMs.p95, target: `p95 <= ${TARGETS.dashKeyMs} ms`,
        measured: `${f(dash.keystroke.frameMs.p50, 1)} / ${f(dash.keystroke.frameMs.p95, 1)} ms (n=${dash.keystroke.keys})`,
        pass: dash.keystroke.frameMs.p95 <= TARGETS.dashKeyMs },
    );
  }
  if (bulk) {
    const allGone = bulk.statuses['verified-gone'] === bulk.items && !bulk.server.repeatedAliases;
    rows.push({ id: 'B.ratio', metric: `B bulk delete ${bulk.items} items, concurrency ${bulk.concurrency}: wall / ideal`, value: bulk.ratio,
      target: `<= ${TARGETS.bulkRatio}`, measured: `${f(bulk.ratio, 3)} (${f(bulk.measuredMs / 1000)} s vs ${f(bulk.idealMs / 1000)} s${allGone ? '' : '; NOT all verified gone'})`,
      pass: bulk.ratio <= TARGETS.bulkRatio && allGone });
  }
  if (backup) {
    const allIn = backup.restored.every((n) => n === backup.records);
    rows.push(
      { id: 'BK.backup', metric: `BK back up ${backup.records} records (encrypted, no previews): click -> file ready, median`, value: backup.median.backupMs,
        target: `<= ${TARGETS.backupMs} ms`, measured: `${backup.median.backupMs} ms (runs ${backup.backupMs.join(', ')}; ${backup.fileMB} MB file; peak JS heap ${backup.backupPeakMB} MB, ${backup.backupHeapBeforeMB} MB before)`,
        pass: backup.median.backupMs <= TARGETS.backupMs },
      { id: 'BK.restore', metric: `BK restore ${backup.records} records into an empty ledger: unlock -> preview, + merge -> done, median`, value: backup.median.restoreMs,
        target: `<= ${TARGETS.backupMs} ms`, measured: `${backup.median.restoreMs} ms (unlock ${backup.openMs.join(', ')}; merge ${backup.mergeMs.join(', ')}; peak JS heap ${backup.restorePeakMB} MB${allIn ? '' : `; NOT all restored: ${backup.restored.join(', ')}`})`,
        pass: backup.median.restoreMs <= TARGETS.backupMs && allIn },
    );
  }
  if (footprint) rows.push(...footprintRows(footprint));
  if (erasure) {
    rows.push({ id: 'E.pack', metric: `E erasure pack for ${erasure.items} items (letter, appendix, Markdown, JSON, CSV), median`, value: erasure.ms.median,
      target: `<= ${TARGETS.erasurePackMs} ms`, measured: `${f(erasure.ms.median, 1)} ms (min ${f(erasure.ms.min, 1)}, max ${f(erasure.ms.max, 1)}, n=${erasure.runs})`,
      pass: erasure.ms.median <= TARGETS.erasurePackMs });
  }

  const results = {
    when: new Date().toISOString(),
    durationS: round((Date.now() - t0) / 1000, 1),
    env: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavgBefore: loadBefore,
      loadavgAfter: os.loadavg().map((x) => round(x, 2)), userAgent },
    config: { only: [...ONLY], rounds: p1?.fetch.rounds, perRound: PER_ROUND, requestsPerTransportPerBrowser: p1?.fetch.requestsPerBrowser,
      uploadsPerTransport: p3?.uploadsPerTransport, uploadGapMs: UPLOAD_GAP_MS, iframesPerMode: IFRAMES },
    metrics: rows.map(({ id, metric, value, target, pass }) => ({ id, metric, value, target, pass })),
    details: { p1, p2, p3, dash, flood, bulk, backup, erasure, footprint },
  };
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');

  console.log('\n' + table(rows) + '\n');
  if (p1) {
    const w = p1.wrapperCostUs;
    console.log(`P1: ${p1.fetch.requestsPerBrowser} fetch + ${p1.xhr.requestsPerBrowser} XHR requests per browser in ${p1.fetch.rounds} paired rounds` +
      `${p1.stoppedEarly ? ' (stopped early: time budget)' : ''}; per request fetch ${p1.fetch.perRequestUs.plain} -> ${p1.fetch.perRequestUs.ext} µs, ` +
      `XHR ${p1.xhr.perRequestUs.plain} -> ${p1.xhr.perRequestUs.ext} µs (medians); ratio of sums fetch ${p1.fetch.ratioOfSums}, XHR ${p1.xhr.ratioOfSums}`);
    console.log(`P1: hook CPU per call, no network: ${Object.entries(w).map(([k, v]) => `${k} +${v.extraUs} µs (native ${v.nativeUs})`).join('; ')}`);
  }
  if (p2) {
    const bd = p2.breakdown;
    console.log(`P2: cold eval p95 ${p2.evalColdMs.p95} ms; of the median: harness (trivial script) ${bd.harnessEvalMs} ms, ` +
      `parsing alone ${bd.parseOnlyMs} ms, touching the captured globals alone ${bd.touchGlobalsMs} ms ` +
      `(<script> harness ${bd.harnessScriptMs} ms); performance.now cross-origin-isolated=${p2.crossOriginIsolated}`);
  }
  if (p3) {
    const d = (x) => `${x.p50}/${x.p95}`;
    console.log(`P3: upload duration p50/p95 without -> with the extension: fetch ${d(p3.fetch.pageDurationMs.plain)} -> ${d(p3.fetch.pageDurationMs.ext)} ms, ` +
      `XHR ${d(p3.xhr.pageDurationMs.plain)} -> ${d(p3.xhr.pageDurationMs.ext)} ms (XHR is never held: its delay ${d(p3.xhr.pageDelayMs)} ms is general slowdown)`);
    console.log(`P3: fetch delay ${d(p3.fetch.pageDelayMs)} ms = the hold (response -> page resolved ${d(p3.fetch.responseToPageMs)} ms: ` +
      `response -> uploadedAt ${d(p3.fetch.commitMs)} + uploadedAt -> page ${d(p3.fetch.uploadedAtToPageMs)} ms) ` +
      `+ a slower request phase (${d(p3.fetch.extraRequestPhaseMs)} ms over the median without the extension)`);
    console.log(`P3: costs on that path (medians): runtime message round trip ${p3.messagingRoundTripMs.p50} ms (p95 ${p3.messagingRoundTripMs.p95}), ` +
      `storage.local.get ${p3.serviceWorker.storageLocalGetMs} ms, IndexedDB get+put+commit ${p3.serviceWorker.idbGetPutCommitMs} ms`);
  }
  if (dash) {
    console.log(`D: ${dash.records} records, ${dash.renderedRows} rows in the DOM; open -> first rows p50/p95 ${dash.openMs.p50}/${dash.openMs.p95} ms, ` +
      `-> all records in (filters usable) p50/p95 ${dash.allRowsMs.p50}/${dash.allRowsMs.p95} ms; ` +
      `keystroke -> list committed p50/p95 ${dash.keystroke.commitMs.p50}/${dash.keystroke.commitMs.p95} ms, -> next frame ${dash.keystroke.frameMs.p50}/${dash.keystroke.frameMs.p95} ms ` +
      `(typing ${JSON.stringify(dash.keystroke.typed)} and erasing it: ${dash.keystroke.matchCounts.join(', ')} matches)`);
  }
  if (bulk) {
    console.log(`B: ${bulk.items} deletes (server holds each ${bulk.delayMs} ms) in ${f(bulk.measuredMs / 1000)} s = ${f(bulk.perItemMs, 1)} ms per item; ` +
      `single-item job ${f(bulk.singleMs.median, 1)} ms (median; all ${bulk.singleMs.all.join(', ')}) -> ideal ceil(${bulk.items}/${bulk.concurrency}) x that = ${f(bulk.idealMs / 1000)} s; ` +
      `statuses ${JSON.stringify(bulk.statuses)}; server max in flight ${bulk.server.maxInFlight}, ${bulk.server.repeatedAliases} aliases asked twice`);
  }
  if (erasure) {
    const z = erasure.sizes;
    console.log(`E: ${erasure.items} items over ${erasure.instances} instances, runs ${erasure.ms.all.join(', ')} ms; letter ${z.letterChars} chars, ` +
      `Markdown ${z.markdownChars} chars, ${z.appendixSteps} admin steps, JSON ${f(z.jsonBytes / 1e6)} MB, CSV ${f(z.csvBytes / 1e6)} MB`);
  }
  if (footprint) console.log(footprintSummary(footprint));
  console.log(`load average before/after: ${loadBefore.join(' ')} / ${results.env.loadavgAfter.join(' ')}`);
  console.log(`wrote ${path.relative(ROOT, RESULTS)} in ${results.durationS} s`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

const cleanups = [];
async function cleanup() {
  for (const ctx of contexts.splice(0)) await Promise.race([ctx.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  for (const fn of cleanups.splice(0)) await Promise.race([fn().catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

const watchdog = setTimeout(() => {
  console.error(`bench: watchdog: still running after ${WATCHDOG_MS / 1000} s, giving up`);
  cleanup().finally(() => process.exit(2));
}, WATCHDOG_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => cleanup().finally(() => process.exit(130)));

let code = 2;
try {
  code = await main();
} catch (error) {
  console.error('bench: FAILED:', error?.stack ?? error);
  code = 2;
} finally {
  await cleanup();
}
process.exit(code);
