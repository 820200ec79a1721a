#!/usr/bin/env node
// End-to-end tests of the PRODUCTION builds in real browsers (Chromium, then Firefox), offline.
//   prerequisite: npx wxt build && npx wxt zip -b firefox
//   node test/e2e/run.mjs [--browser chromium|firefox] [--grep <text>] [--grep-re <regexp>]
// Builds the test pages, starts fixture servers on 127.0.0.1, runs every scenario per browser, kills every browser
// it started (also on failure), prints `e2e: N passed, M failed` and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Node 20 has no global WebSocket without this flag (Firefox is driven over WebDriver BiDi).
if (typeof WebSocket === 'undefined' && !process.execArgv.includes('--experimental-websocket')) {
  const r = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings=ExperimentalWarning', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// The production builds must exist; the run uses a snapshot of them (others may rebuild meanwhile).
const { BUILT_CHROME_EXT, BUILT_FIREFOX_XPI, sleep } = await import('./browsers/common.mjs');
// A shard run (see below) uses the snapshot its parent made.
const isShard = process.argv.includes('--shard');
const snapshot = isShard ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'takeback-e2e-build-'));
if (snapshot) process.on('exit', () => fs.rmSync(snapshot, { recursive: true, force: true }));
if (snapshot) {
  const missing = [
    !fs.existsSync(path.join(BUILT_CHROME_EXT, 'manifest.json')) && `${BUILT_CHROME_EXT} (npx wxt build)`,
    !fs.existsSync(BUILT_FIREFOX_XPI) && `${BUILT_FIREFOX_XPI} (npx wxt zip -b firefox)`,
  ].filter(Boolean);
  if (missing.length) {
    console.error(`# e2e: the production builds are missing; run \`npx wxt build && npx wxt zip -b firefox\` first.\n#   missing: ${missing.join('\n#   missing: ')}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  fs.cpSync(BUILT_CHROME_EXT, path.join(snapshot, 'chrome-mv3'), { recursive: true });
  fs.copyFileSync(BUILT_FIREFOX_XPI, path.join(snapshot, 'takeback-firefox-mv3.xpi'));
  process.env.TAKEBACK_E2E_CHROME_EXT = path.join(snapshot, 'chrome-mv3');
  process.env.TAKEBACK_E2E_FIREFOX_XPI = path.join(snapshot, 'takeback-firefox-mv3.xpi');
  const age = (f) => `${((Date.now() - fs.statSync(f).mtimeMs) / 60_000).toFixed(0)} min old`;
  console.log(`# using production builds: ${BUILT_CHROME_EXT} (${age(path.join(BUILT_CHROME_EXT, 'manifest.json'))}), ${BUILT_FIREFOX_XPI} (${age(BUILT_FIREFOX_XPI)})`);
}

const { buildPages } = await import('./lib/pages.mjs');
const { allowSites, capturedOrigins, startServers } = await import('./lib/env.mjs');
const { scenarios: captureScenarios, runProbes } = await import('./scenarios.mjs');
const { scenarios: warningScenarios } = await import('./scenarios-warning.mjs');
const { scenarios: guardScenarios } = await import('./scenarios-warning-guard.mjs');
const { scenarios: deleteScenarios } = await import('./scenarios-delete.mjs');
const { scenarios: bulkScenarios } = await import('./scenarios-bulk.mjs');
const { scenarios: dashboardScenarios } = await import('./scenarios-dashboard.mjs');
const { scenarios: erasureScenarios } = await import('./scenarios-erasure.mjs');
const { scenarios: truthScenarios } = await import('./scenarios-truth.mjs');
const { scenarios: thumbnailScenarios } = await import('./scenarios-thumbnails.mjs');
const { scenarios: lazyScenarios } = await import('./scenarios-lazy.mjs');
const { scenarios: backupScenarios } = await import('./scenarios-backup.mjs');
const attackScenarios = (await Promise.all(['hook', 'deputy', 'flood', 'unseen'].map((f) => import(`./scenarios-attack-${f}.mjs`)))).flatMap((m) => m.scenarios);
const scenarios = [...captureScenarios, ...lazyScenarios, ...warningScenarios, ...guardScenarios, ...deleteScenarios, ...dashboardScenarios, ...truthScenarios, ...thumbnailScenarios, ...erasureScenarios, ...backupScenarios, ...attackScenarios, ...bulkScenarios];
const { withTimeout } = await import('./browsers/common.mjs');
const browsers = { chromium: await import('./browsers/chromium.mjs'), firefox: await import('./browsers/firefox.mjs') };

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = opt('--browser');
const grep = opt('--grep');
const grepRe = opt('--grep-re') && new RegExp(opt('--grep-re'));
// Firefox ESR, after about 65 of these tests in one run, stops answering (the bridge's start-up in every new page then
// ends in "Script terminated by timeout") and no Firefox started by the same run takes a WebDriver BiDi session after
// that; a fresh browser from the same process does not help, a fresh process does. So each browser's scenarios run in
// contiguous shards, each its own Node process with its own fixture servers and browser: SHARDS per browser.
const SHARDS = { chromium: 1, firefox: 3 };
const shardArg = opt('--shard'); // "k/n": run the k-th (1-based) of n contiguous parts of this browser's scenarios
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
if (!shardArg) {
  const { spawn } = await import('node:child_process');
  const t = Date.now();
  let passed = 0;
  let failed = 0;
  for (const name of Object.keys(browsers)) {
    if (only && only !== name) continue;
    for (let k = 1; k <= SHARDS[name]; k++) {
      const rest = args.filter((a, i) => a !== '--browser' && args[i - 1] !== '--browser');
      const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, ...rest, '--browser', name, '--shard', `${k}/${SHARDS[name]}`], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        process.stdout.write(String(chunk).replace(/^e2e: (\d+) passed, (\d+) failed$/m, `# ${name} shard ${k}/${SHARDS[name]}: $1 passed, $2 failed`));
      });
      const code = await new Promise((resolve) => child.on('close', resolve));
      const m = /^e2e: (\d+) passed, (\d+) failed$/m.exec(out);
      if (m) {
        passed += Number(m[1]);
        failed += Number(m[2]);
      } else failed += 1;
      // It failed without saying which test (a shard with nothing to run, under --grep, is not a failure).
      if (code !== 0 && m && Number(m[2]) === 0 && Number(m[1]) > 0) failed += 1;
    }
  }
  console.log(`# e2e run took ${secs(Date.now() - t)} (${path.relative(process.cwd(), import.meta.filename ?? 'run.mjs')})`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
}
const TEST_TIMEOUT_MS = 90_000;
const TOTAL_TIMEOUT_MS = 12 * 60_000;

const t0 = Date.now();
const results = [];
const live = new Set(); // every driver launched and not yet closed

async function closeAll() {
  await Promise.all([...live].map((d) => withTimeout(d.close(), 30_000, `${d.name} close`).catch((e) => console.error(`# ${e.message}`))));
  live.clear();
}
function hardKill() {
  for (const d of live) {
    try {
      if (d.pid) process.kill(-d.pid(), 'SIGKILL'); // Firefox: its whole process group
    } catch {
      /* gone */
    }
  }
  // Chromium: playwright-core kills the browsers it launched when this process exits.
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (hardKill(), process.exit(130)));
const watchdog = setTimeout(() => {
  console.error(`# e2e: whole run exceeded ${secs(TOTAL_TIMEOUT_MS)}, killing browsers`);
  hardKill();
  console.log(`e2e: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

async function launch(browser, opts) {
  const d = await browser.launch(opts);
  live.add(d);
  const close = d.close;
  d.close = async () => {
    live.delete(d);
    await close();
  };
  return d;
}

async function runBrowser(browser) {
  const missing = browser.available();
  if (missing) {
    console.log(`not ok - ${browser.name}: cannot run: ${missing}`);
    results.push({ ok: false, name: `${browser.name} setup` });
    return;
  }
  const all = scenarios.filter((s) => (!s.only || s.only.includes(browser.name)) && (!grep || s.name.includes(grep)) && (!grepRe || grepRe.test(s.name)));
  const [k, n] = shardArg.split('/').map(Number);
  const selected = all.slice(Math.floor(((k - 1) * all.length) / n), Math.floor((k * all.length) / n));
  const skipped = scenarios.filter((s) => s.only && !s.only.includes(browser.name));
  const servers = await startServers();
  let driver;
  try {
    driver = await launch(browser, {});
    await allowSites(driver, capturedOrigins(servers));
    const state = {};
    let probeRun;
    // The "unchanged" baseline: the same calls in a browser WITHOUT the extension, against fresh servers.
    const probes = () =>
      (probeRun ??= (async () => {
        const baseServers = await startServers();
        const plain = await launch(browser, { extension: false });
        try {
          const without = await runProbes(plain, baseServers);
          const extServers = await startServers();
          try {
            await allowSites(driver, capturedOrigins(extServers));
            const withExt = await runProbes(driver, extServers);
            return { withExt, without, servers: extServers };
          } finally {
            await extServers.close();
          }
        } finally {
          await plain.close();
          await baseServers.close();
        }
      })());
    /** A fresh browser after one stopped answering: a new profile, the same sites allowed (a launch can fail once). */
    const relaunch = async () => {
      await withTimeout(driver.close(), 30_000, `${browser.name} close`).catch((e) => console.error(`# ${e.message}`));
      for (let attempt = 1; ; attempt++) {
        try {
          driver = await launch(browser, {});
          await allowSites(driver, capturedOrigins(servers));
          return;
        } catch (e) {
          if (attempt === 3) throw e;
          console.log(`# ${browser.name} relaunch failed (${String(e?.message ?? e).split('\n')[0]}); trying again`);
          await sleep(2_000);
        }
      }
    };
    for (const s of selected) {
      // A test whose browser stopped answering (a hung content process) runs once more in a fresh browser: a bug in
      // Takeback fails again there; the retry is reported, so a hang never passes unseen.
      for (let attempt = 1; attempt <= 2; attempt++) {
        const started = Date.now();
        const label = `${browser.name} › ${s.name}${attempt > 1 ? ' (retried in a fresh browser)' : ''}`;
        try {
          await withTimeout(s.run({ driver, servers, state, probes, browser: browser.name }), TEST_TIMEOUT_MS, s.name);
          results.push({ ok: true, name: label });
          console.log(`ok - ${label} (${secs(Date.now() - started)})`);
          break;
        } catch (error) {
          const healthy = await driver.healthy().catch(() => false);
          const last = healthy || attempt === 2;
          if (last) results.push({ ok: false, name: label });
          console.log(`${last ? 'not ok' : '# failed'} - ${label} (${secs(Date.now() - started)})`);
          console.log(String(error?.stack ?? error).split('\n').slice(0, 8).map((l) => `#   ${l}`).join('\n'));
          if (!healthy) {
            const out = driver.lastOutput?.().trim();
            console.log(`# ${browser.name} stopped answering during this test; relaunching it${out ? `. Its last output:\n${out.split('\n').slice(-15).map((l) => `#   ${l}`).join('\n')}` : ''}`);
            await relaunch();
          }
          if (last) break;
        }
      }
    }
    if (shardArg.startsWith('1/')) for (const s of skipped) console.log(`# ${browser.name} › ${s.name}: not applicable (${s.onlyWhy ?? `${browser.name} has no stoppable service worker`})`);
    if (state.hostileFrameSecret) console.log(`# ${browser.name}: note: a fresh about:blank frame let the page obtain a channel secret (records stay attributed to the page's own origin)`);
  } catch (error) {
    results.push({ ok: false, name: `${browser.name} setup` });
    console.log(`not ok - ${browser.name} setup: ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n#   ')}`);
  } finally {
    await closeAll();
    await servers.close();
  }
}

try {
  await buildPages();
  console.log(`# test pages built (${secs(Date.now() - t0)})`);
  for (const b of Object.values(browsers)) if (!only || only === b.name) await runBrowser(b);
} finally {
  await closeAll();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`# e2e run took ${secs(Date.now() - t0)} (${path.relative(process.cwd(), import.meta.filename ?? 'run.mjs')})`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed || !results.length ? 1 : 0);
