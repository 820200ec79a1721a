// Shared pieces of the attack scenarios (issue 11): fixture servers of their own, the attack page, notices and the
// dashboard as a person uses them.
import assert from 'node:assert/strict';
import { sleep } from '../browsers/common.mjs';
import { startStatic } from '../servers/http-util.mjs';
import { startLemmy } from '../servers/lemmy.mjs';
import { startMatrix } from '../servers/matrix.mjs';
import { allowSites } from './env.mjs';
import { PAGES_OUT } from './pages.mjs';

let count = 0;
/** Every login secret the attack fixtures accepted, for the storage scan at the end of the run (scenarios-bulk.mjs). */
export const attackSecrets = new Set();
/**
 * Starts the servers `specs` names ({lemmy: version, ...opts} | {matrix: {...opts}} | {site: true}, a static site on its
 * own localhost origin), sets the origins in `allow` to "Allow" (the rest stay on "Ask"), runs fn(...servers), closes all.
 */
export async function withServers(driver, specs, fn, { allow = [] } = {}) {
  const servers = await Promise.all(
    specs.map((spec) => {
      const n = ++count;
      if (spec.lemmy) return startLemmy({ staticDir: PAGES_OUT, prefix: `atk${n}x`, version: spec.lemmy, jwt: `e2e-attack-jwt-${n}`, ...spec.opts });
      if (spec.matrix) return startMatrix({ staticDir: PAGES_OUT, ...spec.matrix });
      return startStatic({ dir: PAGES_OUT }).then((s) => ({ ...s, origin: s.localhostOrigin }));
    }),
  );
  for (const s of servers) for (const secret of [s.jwt, s.token, ...Object.keys(s.users ?? {})]) if (secret) attackSecrets.add(secret);
  try {
    const origins = allow.map((i) => servers[i].origin);
    if (origins.length) await allowSites(driver, origins);
    return await fn(...servers);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

/** The attack page (pages/attack.js) served from `origin`, logged in on a Lemmy fixture with `jwt`. */
export const attackPage = (origin, jwt = '') => `${origin}/e2e/attack.html?${new URLSearchParams({ jwt })}`;

/** Waits until pred(value of fn()) holds; returns the value (fails with `what` after timeoutMs). */
export async function eventually(fn, pred, what, timeoutMs = 10_000, everyMs = 100) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (pred(last)) return last;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(last)?.slice(0, 600)}`);
    await sleep(everyMs);
  }
}

/** The texts of Takeback's in-page notices (closed shadow roots, read through the driver). */
export const noticeTexts = (page) => page.shadowTexts('takeback-notice');

/** Waits for an in-page notice whose text matches `re`; returns every notice text. */
export const noticeMatching = (page, re, what = `a notice matching ${re}`, timeoutMs = 10_000) =>
  eventually(() => noticeTexts(page), (texts) => texts.some((t) => re.test(t)), what, timeoutMs);

/** In the dashboard: what a row and the detail pane say. */
export const ROW_TEXT = (id) => document.querySelector(`[role=row][data-id="${CSS.escape(id)}"]`)?.textContent ?? null;
export const DETAIL = () => {
  const d = document.querySelector('.detail');
  return d ? { id: d.dataset.id, text: d.textContent } : null;
};

/** Opens the dashboard and waits for the row of record `id`. */
export async function dashboardWith(driver, id) {
  const dash = await driver.openDashboard();
  await eventually(() => dash.evaluate(ROW_TEXT, id), Boolean, `the dashboard row ${id}`);
  return dash;
}

/** Chooses a value in one of the dashboard's filter selects, as its change handler expects. */
export const CHOOSE = (name, value) => {
  const el = document.querySelector(`select[name="${name}"]`);
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return el.value;
};

/** Every record of `server` (by instance origin), as stored now. */
export const recordsOn = async (driver, server) => (await driver.readLedger()).filter((r) => r.instanceOrigin === server.origin);
