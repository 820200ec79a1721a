// One browser's test environment: fixture servers on 127.0.0.1, two UI origins on localhost, the driver.
import { startLemmy } from '../servers/lemmy.mjs';
import { startMatrix } from '../servers/matrix.mjs';
import { startStatic } from '../servers/http-util.mjs';
import { PAGES_OUT } from './pages.mjs';
import { sleep } from '../browsers/common.mjs';

export async function startServers() {
  const staticDir = PAGES_OUT;
  const [v018, v0190, v0194, v1, matrix, ui, evil, guarded, asked] = await Promise.all([
    startLemmy({ version: '0.18', staticDir }),
    startLemmy({ version: '0.19.0', staticDir }),
    startLemmy({ version: '0.19.4', staticDir }),
    startLemmy({ version: '1.0', staticDir }),
    startMatrix({ staticDir, maxBytes: 24 * 1024 * 1024 }),
    startStatic({ dir: staticDir }), // an Element / Alexandrite-style UI on its own origin (localhost)
    startStatic({ dir: staticDir }), // a hostile site (another localhost port)
    startLemmy({ version: '0.19.4', staticDir, prefix: 'grd' }), // a site the upload-policy scenarios set to "never" (its own counters)
    startLemmy({ version: '0.19.4', staticDir, prefix: 'ask' }), // a site left on "Ask": the warning-dialog scenarios
  ]);
  const all = [v018, v0190, v0194, v1, matrix, ui, evil, guarded, asked];
  return {
    lemmy: { '0.18': v018, '0.19.0': v0190, '0.19.4': v0194, '1.0': v1 },
    matrix,
    ui: { origin: ui.localhostOrigin },
    evil: { origin: evil.localhostOrigin },
    guarded,
    asked,
    close: () => Promise.all(all.map((s) => s.close())),
  };
}

/** URL of the Lemmy test page served by the instance itself (same origin, like lemmy-ui). */
export function lemmyPage(server, { client = '0194', auth = 'bearer', jwt = server.jwt, instance, origin = server.origin } = {}) {
  const q = new URLSearchParams({ client, auth, jwt, ...(instance && { instance }) });
  return `${origin}/e2e/lemmy.html?${q}`;
}

export function matrixPage(matrix, origin, { token = matrix.token } = {}) {
  const q = new URLSearchParams({ hs: matrix.origin, ...(token && { token }), user: '@alice:e2e.test' });
  return `${origin}/e2e/matrix.html?${q}`;
}

/** Polls the ledger until pred(records) is truthy; returns the records (or the last read, if it never was). */
export async function waitForLedger(driver, pred, timeoutMs = 6_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const records = await driver.readLedger();
    if (pred(records) || Date.now() > until) return records;
    await sleep(150);
  }
}

export const byKey = (records, key) => records.filter((r) => r.key === key);

const localhost = (origin) => origin.replace('127.0.0.1', 'localhost');

/**
 * The capture scenarios expect uploads to go straight through, so their sites are set to "Allow" (no warning) up
 * front. Left on the default "Ask": the guarded site's 127.0.0.1 origin and both origins of the asked site.
 */
export function capturedOrigins(servers) {
  const served = [...Object.values(servers.lemmy), servers.matrix, servers.guarded].flatMap((s) => [s.origin, localhost(s.origin)]);
  return [...served, servers.ui.origin, servers.evil.origin].filter((o) => o !== servers.guarded.origin);
}

/** In an extension page: merges `change` into the object stored under storage.local[key]. */
const MERGE_STORED = `(key, change) => {
  const area = (globalThis.browser ?? globalThis.chrome).storage.local;
  return area.get(key).then((r) => area.set({ [key]: { ...(r[key] ?? {}), ...change } })).then(() => true);
}`;
async function mergeStored(driver, key, change) {
  const page = await driver.openPopupPage('http://127.0.0.1/');
  try {
    await page.evaluate(MERGE_STORED, key, change);
  } finally {
    await page.close();
  }
}
/** Stores per-site policies ({origin: 'allow' | 'never'}) as the popup or the warning would. */
export const setPolicies = (driver, policies) => mergeStored(driver, 'sitePolicies', policies);
export const allowSites = (driver, origins) => setPolicies(driver, Object.fromEntries(origins.map((o) => [o, 'allow'])));
/** Changes settings (e.g. {askDelayMs: 3000}) as the settings page would. */
export const setSettings = (driver, change) => mergeStored(driver, 'settings', change);
