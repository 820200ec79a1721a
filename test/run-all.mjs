// `npm test`: everything a change must pass, in the order that fails fastest.
// Type check → unit tests → production builds → Firefox lint → end-to-end in Chromium and Firefox.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const started = Date.now();
let passed = 0;
let failed = 0;

function step(name, cmd, args, { env } = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✖'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

function finish(code) {
  console.log(`\nnpm test finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code);
}

const bin = (name) => join('node_modules', '.bin', name);

if (!step('type check', bin('tsc'), ['--noEmit', '-p', '.'])) finish(1);

const unitReport = join(tmpdir(), `takeback-vitest-${process.pid}.json`);
const unitOk = step('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${unitReport}`]);
try {
  const report = JSON.parse(readFileSync(unitReport, 'utf8'));
  passed += report.numPassedTests;
  // A file that fails to load runs no test but is a failure all the same.
  failed += report.numFailedTests + report.numFailedTestSuites;
  rmSync(unitReport);
} catch {
  failed += 1;
}
if (!unitOk) finish(1);

if (!step('build (Chrome MV3)', bin('wxt'), ['build'])) finish(1);
if (!step('build (Firefox MV3)', bin('wxt'), ['zip', '-b', 'firefox'])) finish(1);
if (!step('lint (web-ext, Firefox build)', process.execPath, ['test/lint-firefox.mjs'])) finish(1);
passed += 1;

// The e2e runner ends with a line "e2e: N passed, N failed"; its output is streamed while it runs.
console.log('\n▶ end-to-end (Chromium, Firefox): node test/e2e/run.mjs');
const e2eOutput = [];
const e2eOk = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--experimental-websocket', 'test/e2e/run.mjs'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    e2eOutput.push(chunk);
  });
  child.on('close', (code) => resolve(code === 0));
});
const counts = /^e2e: (\d+) passed, (\d+) failed/m.exec(Buffer.concat(e2eOutput).toString());
if (counts) {
  passed += Number(counts[1]);
  failed += Number(counts[2]);
} else {
  failed += 1;
}
console.log(`${e2eOk ? '✔' : '✖'} end-to-end (Chromium, Firefox)`);
finish(e2eOk && failed === 0 ? 0 : 1);
