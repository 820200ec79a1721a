// The dashboard (options_ui): all uploads, filters, search, keyboard, accessibility; the popup's links to it.
import assert from 'node:assert/strict';
import { makeRecords, seedLedger } from '../../bench/dashboard.mjs';
import { sleep } from './browsers/common.mjs';
import { axeViolations } from './lib/axe.mjs';
import { byKey, lemmyPage, waitForLedger } from './lib/env.mjs';
import { typeText, waitFor } from './lib/options-page.mjs';
import { ok, open, PNG } from './scenarios.mjs';

/** In the dashboard: what the list shows now. */
const LIST = `() => {
  const main = document.querySelector('main.dashboard');
  const grid = document.querySelector('[role="grid"]');
  const rows = [...document.querySelectorAll('[data-testid="dashboard-row"]')];
  return {
    state: document.documentElement.dataset.dashboard ?? null,
    total: Number(main?.dataset.total ?? NaN),
    count: Number(main?.dataset.count ?? NaN),
    query: main?.dataset.query ?? null,
    rowcount: grid ? Number(grid.getAttribute('aria-rowcount')) : 0,
    rendered: rows.length,
    ids: rows.map((r) => r.dataset.id),
    statuses: rows.map((r) => r.dataset.status),
  };
}`;

/** Sets a filter select as the page's own change handler expects (the control itself is checked by keyboard below). */
const CHOOSE = `(name, value) => {
  const el = document.querySelector('select[name="' + name + '"]');
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return el.value;
}`;

/** The row (aria-rowindex) and control that has focus. */
const FOCUS = `() => {
  const el = document.activeElement;
  const row = el?.closest?.('[role="row"]');
  return { name: el?.getAttribute?.('name') ?? el?.nodeName ?? null, rowindex: row ? Number(row.getAttribute('aria-rowindex')) : null, selected: row?.getAttribute('aria-selected') ?? null, id: row?.dataset.id ?? null };
}`;

/**
 * Tabs through the page with trusted key presses; returns the Tab stops there should be (every enabled, visible control
 * with tabIndex >= 0: outside the grid all of them, inside it the active row's) and the order focus visited them.
 */
async function tabWalk(page) {
  const controls = await page.evaluate(() => {
    const all = [...document.querySelectorAll('input, select, textarea, button, a[href], [tabindex]')].filter(
      (el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0 && !el.closest('dialog'),
    );
    all.forEach((el, i) => (el.dataset.e2eTab = String(i)));
    window.__e2eFocused = [];
    document.addEventListener('focusin', (e) => window.__e2eFocused.push(e.target.dataset?.e2eTab ?? e.target.nodeName));
    // Start from the top of the page: a focus anchor before everything (blur alone leaves Chromium's starting point where it was).
    const anchor = document.createElement('span');
    anchor.tabIndex = -1;
    anchor.id = 'e2e-tab-anchor';
    document.body.prepend(anchor);
    anchor.focus();
    window.__e2eFocused = [];
    return all.map((el) => `${el.nodeName.toLowerCase()}[name=${el.getAttribute('name')}]`);
  });
  // More presses than controls: a date field takes one Tab per part (day, month, year), and Firefox also stops on the
  // scrolling grid itself. Stops once the last control has had focus.
  const last = String(controls.length - 1);
  for (let i = 0; i < controls.length * 4 + 4; i++) {
    await page.press('Tab');
    if (await page.evaluate((l) => window.__e2eFocused.includes(l), last)) break;
  }
  const focused = await page.evaluate(() => {
    document.getElementById('e2e-tab-anchor')?.remove();
    return window.__e2eFocused;
  });
  return { controls, order: [...new Set(focused)].map(Number).filter((n) => !Number.isNaN(n)) };
}

export const scenarios = [
  {
    name: 'dashboard: lists captured uploads, filter + search narrow the list, axe-core 0 violations, keyboard reaches every control',
    async run({ driver, servers }) {
      const s = servers.lemmy['0.19.4'];
      // Chromium reports the manifest's path, Firefox the full moz-extension:// address.
      assert.equal((await driver.optionsUiPage())?.split('/').at(-1), 'dashboard.html', 'the options entry opens the dashboard');

      // A real capture, and 60 older records of other instances seeded into the ledger.
      const page = await open(driver, lemmyPage(s));
      const name = `dash-${driver.name}-${Date.now().toString(36)}.png`;
      // Two fresh captures are the newest rows, so the rows the keyboard part selects can be deleted (earlier
      // scenarios leave deleted files at the top).
      ok((await page.evaluate((spec) => window.e2e.upload(spec), PNG(`prev-${driver.name}-${Date.now().toString(36)}.png`))).result, 'upload');
      ok((await page.evaluate((spec) => window.e2e.upload(spec), PNG(name))).result, 'upload');
      const file = s.stats.uploads.at(-1).file;
      await page.close();
      const records = await waitForLedger(driver, (rs) => byKey(rs, file).length === 1);
      const captured = byKey(records, file)[0];
      assert.ok(captured, 'the upload was captured');

      const seeded = makeRecords(60, { tag: `e2edash${driver.name}`, now: Date.now() - 3 * 86_400_000 });
      const helper = await driver.openPopupPage('http://127.0.0.1/');
      try {
        await seedLedger((src, arg) => helper.evaluate(src, arg), { records: seeded });
      } finally {
        await helper.close();
      }

      const dash = await driver.openDashboard();
      try {
        let list = await dash.evaluate(LIST);
        assert.equal(list.state, 'ready');
        assert.ok(list.total >= 61, `dashboard lists every record: ${list.total}`);
        assert.equal(list.rowcount, list.count, 'aria-rowcount is the number of matching records');
        assert.ok(list.rendered > 3 && list.rendered < list.count, `only a window of rows is rendered: ${list.rendered} of ${list.count}`);
        assert.equal(list.ids[0], captured.id, 'newest first: the capture just made');
        assert.equal(list.statuses[0], 'captured');
        assert.deepEqual(await axeViolations(dash), [], 'as opened');

        // Filter: one seeded instance, then Matrix only.
        const lemmyTwo = seeded.filter((r) => r.instanceOrigin === 'https://lemmy-two.example');
        await dash.evaluate(CHOOSE, 'instance', 'https://lemmy-two.example');
        list = await waitFor(() => dash.evaluate(LIST), (l) => l.count === lemmyTwo.length);
        assert.equal(list.count, lemmyTwo.length, 'instance filter');
        assert.ok(list.ids.every((id) => lemmyTwo.some((r) => r.id === id)), 'only that instance');
        assert.deepEqual(await axeViolations(dash), [], 'with an instance filter (its actions shown)');
        await dash.evaluate(CHOOSE, 'instance', '');
        // Other scenarios' Matrix captures are in the ledger too: count them all, as items (a thumbnail whose file is
        // there is part of that file's row, utils/items.ts).
        const ledger = await driver.readLedger();
        const present = new Set(ledger.map((r) => r.id));
        const matrixCount = ledger.filter((r) => r.platform === 'matrix' && !(r.thumbnailOf && present.has(r.thumbnailOf))).length;
        assert.ok(matrixCount >= seeded.filter((r) => r.platform === 'matrix').length);
        await dash.evaluate(CHOOSE, 'platform', 'matrix');
        list = await waitFor(() => dash.evaluate(LIST), (l) => l.count === matrixCount);
        assert.equal(list.count, matrixCount, 'platform filter');
        assert.ok(list.statuses.length > 0, 'Matrix rows shown');
        await dash.evaluate(CHOOSE, 'platform', '');

        // Search by trusted typing: the capture's file name, then the capture's instance host.
        await dash.click('input[name="search"]');
        await typeText(dash, name.slice(0, 14));
        list = await waitFor(() => dash.evaluate(LIST), (l) => l.query === name.slice(0, 14) && l.count === 1);
        assert.deepEqual(list.ids, [captured.id], `search for ${name.slice(0, 14)}: ${JSON.stringify(list)}`);
        assert.deepEqual(await axeViolations(dash), [], 'with a search');
        await dash.evaluate(() => {
          const input = document.querySelector('input[name="search"]');
          input.select();
        });
        await dash.press('Backspace');
        list = await waitFor(() => dash.evaluate(LIST), (l) => l.query === '');
        assert.equal(list.count, list.total, 'search cleared');

        // Keyboard: Tab reaches every control in order, including the grid's one Tab stop.
        const { controls, order } = await tabWalk(dash);
        assert.ok(controls.includes('input[name=search]') && controls.includes('input[name=select]') && controls.includes('a[name=null]'), JSON.stringify(controls));
        assert.deepEqual(order, controls.map((_, i) => i), `Tab visited ${JSON.stringify(order.map((i) => controls[i]))} of ${JSON.stringify(controls)}`);

        // In the grid: arrows, End, Home move a roving focus; Space selects.
        await dash.evaluate(() => document.querySelector('[role="row"][aria-rowindex="1"] input[name="select"]').focus());
        await dash.press('ArrowDown');
        let focus = await dash.evaluate(FOCUS);
        assert.deepEqual([focus.name, focus.rowindex], ['select', 2], `ArrowDown: ${JSON.stringify(focus)}`);
        await dash.press('End');
        focus = await waitFor(() => dash.evaluate(FOCUS), (f) => f.rowindex === list.count);
        assert.equal(focus.rowindex, list.count, `End reaches the last of ${list.count} rows: ${JSON.stringify(focus)}`);
        await dash.press('PageUp');
        focus = await dash.evaluate(FOCUS);
        assert.ok(focus.rowindex < list.count && focus.rowindex > 1, `PageUp: ${JSON.stringify(focus)}`);
        await dash.press('Home');
        focus = await waitFor(() => dash.evaluate(FOCUS), (f) => f.rowindex === 1);
        assert.equal(focus.rowindex, 1, 'Home');
        await dash.press('ArrowDown');
        await dash.press('Space');
        focus = await waitFor(() => dash.evaluate(FOCUS), (f) => f.selected === 'true');
        assert.deepEqual([focus.rowindex, focus.selected], [2, 'true'], `Space selects the row: ${JSON.stringify(focus)}`);
        const detail = await dash.evaluate(() => document.querySelector('.detail')?.dataset.id ?? null);
        assert.equal(detail, focus.id, 'the detail shows the focused row');

        // Delete selected opens the confirmation (modal, axe-clean); Escape closes it without deleting.
        await dash.click('button[name="delete-selected"]');
        const dialog = await waitFor(() => dash.evaluate(() => {
          const d = document.querySelector('dialog.confirm');
          return d ? { open: d.open, title: d.querySelector('h2')?.textContent, focus: document.activeElement?.getAttribute('name'), live: !!d.querySelector('figure.live-file') } : null;
        }), Boolean);
        const focusedName = (await driver.readLedger()).find((r) => r.id === focus.id)?.fileName;
        // One file: the dialog names it and shows it as its instance serves it now.
        assert.deepEqual(dialog, { open: true, title: `Delete ${focusedName}?`, focus: 'confirm-cancel', live: true });
        assert.deepEqual(await axeViolations(dash), [], 'with the confirmation open');
        await dash.press('Escape');
        assert.equal(await waitFor(() => dash.evaluate(() => !!document.querySelector('dialog.confirm')), (v) => !v), false, 'Escape closes it');
        const after = (await driver.readLedger()).find((r) => r.id === focus.id);
        assert.ok(after && after.status !== 'deleting', 'nothing was deleted');
      } finally {
        await dash.close();
      }

      // The popup links to the dashboard ("All uploads") and to Settings.
      const popup = await driver.openPopupPage(lemmyPage(s));
      try {
        const before = await driver.tabs();
        await popup.click('button[name="open-dashboard"]');
        await popup.click('button[name="open-options"]').catch(() => {}); // Chromium may close a popup losing focus; here it is a tab
        const until = Date.now() + 5_000;
        let tabs = await driver.tabs();
        while (Date.now() < until && !(tabs.some((u) => u.endsWith('/dashboard.html')) && tabs.some((u) => u.endsWith('/settings.html')))) {
          await sleep(100);
          tabs = await driver.tabs();
        }
        assert.ok(tabs.filter((u) => u.endsWith('/dashboard.html')).length > before.filter((u) => u.endsWith('/dashboard.html')).length, `All uploads opened the dashboard: ${JSON.stringify(tabs)}`);
        assert.ok(tabs.some((u) => u.endsWith('/settings.html')), `Settings opened settings.html: ${JSON.stringify(tabs)}`);
      } finally {
        await popup.close();
      }

      // Leave the ledger as the other scenarios expect it.
      const cleanup = await driver.openPopupPage('http://127.0.0.1/');
      try {
        await seedLedger((src, arg) => cleanup.evaluate(src, arg), { remove: seeded.map((r) => r.id) });
      } finally {
        await cleanup.close();
      }
    },
  },
];
