// Helpers for the options page (Settings) scenarios: what it shows, what is stored, trusted typing and Tab walks.
import { sleep } from '../browsers/common.mjs';

/** In an extension page: the stored per-site policies ({} when none). */
const READ_POLICIES = `() => (globalThis.browser ?? globalThis.chrome).storage.local.get('sitePolicies').then((r) => r.sitePolicies ?? {})`;
/** In an extension page: sets or (policy null) removes the stored policies of the given origins, keeping the rest. */
const WRITE_POLICIES = `(changes) => {
  const area = (globalThis.browser ?? globalThis.chrome).storage.local;
  return area.get('sitePolicies').then((r) => {
    const next = { ...(r.sitePolicies ?? {}) };
    for (const [origin, policy] of Object.entries(changes)) if (policy) next[origin] = policy; else delete next[origin];
    return area.set({ sitePolicies: next });
  });
}`;

export const storedPolicies = (page) => page.evaluate(READ_POLICIES);
export const writePolicies = (page, changes) => page.evaluate(WRITE_POLICIES, changes);

/** The page's select for origin: its value, or null when the site is not listed. */
export const policyShown = (page, origin) =>
  page.evaluate((o) => document.querySelector(`select[name="policy"][data-origin="${o}"]`)?.value ?? null, origin);

/** Polls read() until accept(value) holds (or timeoutMs passes); returns the last value read. */
export async function waitFor(read, accept, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > until) return value;
    await sleep(50);
  }
}

/** Types text into the focused element one trusted key press at a time. */
export async function typeText(page, text) {
  for (const ch of text) await page.press(ch);
}

/**
 * Walks the page with trusted Tab presses from the top; returns the enabled form controls in document order and the
 * order Tab focused them in (indexes into the first list, first visit only).
 */
export async function tabWalk(page) {
  const controls = await page.evaluate(() => {
    const all = [...document.querySelectorAll('input, select, textarea, button, a[href], [tabindex]:not([tabindex="-1"])')].filter((el) => !el.disabled);
    all.forEach((el, i) => (el.dataset.e2eTab = String(i)));
    window.__e2eFocused = [];
    document.addEventListener('focusin', (e) => window.__e2eFocused.push(e.target.dataset?.e2eTab ?? e.target.nodeName));
    document.activeElement?.blur();
    return all.map((el) => `${el.nodeName.toLowerCase()}[name=${el.getAttribute('name')}]`);
  });
  for (let i = 0; i <= controls.length; i++) await page.press('Tab');
  const focused = await page.evaluate(() => window.__e2eFocused);
  return { controls, order: [...new Set(focused)].map(Number).filter((n) => !Number.isNaN(n)) };
}
