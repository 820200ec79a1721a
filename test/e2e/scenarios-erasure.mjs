// Erasure requests, end to end in the production build (Chromium and Firefox): an Element-like page (matrix-js-sdk) uploads to a Synapse
// fixture, Takeback's delete ends in "needs admin", the dashboard drafts a request, the letter names the file and
// the Synapse admin command, the request is marked as sent, a month passes (the stored dates move back and the
// reminder alarm fires), the browser notification appears, and a follow-up letter is generated.
import assert from 'node:assert/strict';
import { sleep } from './browsers/common.mjs';
import { axeViolations } from './lib/axe.mjs';
import { allowSites, byKey, matrixPage, waitForLedger } from './lib/env.mjs';
import { PAGES_OUT } from './lib/pages.mjs';
import { startMatrix } from './servers/matrix.mjs';
import { ok, open, PNG } from './scenarios.mjs';

/** Polls fn() in the page until it returns something truthy. */
async function until(page, fn, arg, what, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    // A page that is navigating (the dashboard opening the requests page, a reload) has no context for a moment.
    const value = await page.evaluate(fn, arg).catch((e) => (/context was destroyed|navigat/i.test(String(e)) ? null : Promise.reject(e)));
    if (value) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Sets a form control's value as typing or picking would (input + change events, which preact listens to). */
const SET_VALUE = ([selector, value]) => {
  const el = document.querySelector(selector);
  if (!el) return false;
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
};

/** In an extension page: moves a request's dates `days` back, as if that much time had passed since it was sent. */
const AGE_REQUEST = ([id, days]) =>
  new Promise((resolve, reject) => {
    const shift = (date) => {
      const d = new Date(`${date}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() - days);
      return d.toISOString().slice(0, 10);
    };
    const open = indexedDB.open('takeback');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('requests', 'readwrite');
      const store = tx.objectStore('requests');
      const get = store.get(id);
      get.onsuccess = () => {
        const r = get.result;
        store.put({ ...r, sentOn: shift(r.sentOn), dueOn: shift(r.dueOn), extendedDueOn: shift(r.extendedDueOn) });
      };
      tx.oncomplete = () => (open.result.close(), resolve(true));
      tx.onerror = () => reject(tx.error);
    };
  });

/**
 * In an extension page: every erasure request that covers ledger record `itemId`, as stored (or only the named field of
 * each). Other scenarios in the same profile leave their own requests behind, so a test reads only its own.
 */
const READ_REQUESTS = ([itemId, field]) =>
  new Promise((resolve, reject) => {
    const open = indexedDB.open('takeback');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('requests').objectStore('requests').getAll();
      all.onsuccess = () => {
        open.result.close();
        const covering = all.result.filter((r) => r.itemIds.includes(itemId));
        resolve(field ? covering.map((r) => r[field] ?? null) : covering);
      };
      all.onerror = () => reject(all.error);
    };
  });

export const scenarios = [
  {
    name: 'erasure: Matrix upload → "needs admin" → draft request: letter and appendix name the mxc and the Synapse command → mark as sent → a month passes (alarm) → due notification → follow-up letter',
    async run({ driver, browser }) {
      const m = await startMatrix({ staticDir: PAGES_OUT });
      try {
        await allowSites(driver, [m.origin]);
        const element = await open(driver, `${matrixPage(m, m.origin)}&element=1`);
        const room = '!erase:e2e.test';
        const sent = await element.evaluate((roomId, spec) => window.e2e.sendImage(roomId, spec, { thumbnail: false }), room, PNG('passport-scan.png', 60, 40));
        const eventId = ok(sent.sent, 'send').event_id;
        const mxc = sent.main;
        const mediaId = mxc.split('/').pop();
        // Every Matrix fixture hands out mxc://e2e.test/m0001 first: this server's record is the one on its origin.
        const mine = (records) => byKey(records, mxc).filter((r) => r.instanceOrigin === m.origin);
        const [captured] = mine(await waitForLedger(driver, (rs) => mine(rs)[0]?.eventId));
        assert.ok(captured, 'captured with its event');

        // Delete from the dashboard: Synapse has no user delete, so the message is redacted and the file needs an admin.
        const dash = await driver.openDashboard();
        const row = `[role=row][data-id="${captured.id}"]`;
        await until(dash, (sel) => !!document.querySelector(sel), row, 'the row');
        await dash.click(`${row} input[name=select]`);
        await dash.click('button[name=delete-selected]');
        await dash.click('button[name=confirm-delete]');
        const [record] = mine(await waitForLedger(driver, (rs) => mine(rs)[0]?.status === 'needs-admin', 20_000));
        assert.equal(record?.status, 'needs-admin', `status ${record?.status} (${record?.reason})`);
        assert.equal(m.stats.redactions.length, 1, 'the message was redacted');
        const rowText = await until(dash, (sel) => document.querySelector(sel)?.dataset.status === 'needs-admin' && document.querySelector(sel).textContent, row, 'the row to show "needs admin"');
        assert.match(rowText, /admin/i, `the row says so: ${rowText}`);

        // Draft the request from the selection; the dashboard opens the requests page on it.
        const checked = await dash.evaluate((sel) => document.querySelector(`${sel} input[name=select]`)?.checked, row);
        if (!checked) await dash.click(`${row} input[name=select]`);
        await dash.click('button[name=draft-erasure]');
        await until(dash, () => location.pathname.endsWith('/requests.html') && document.documentElement?.dataset.requests === 'ready', null, 'the requests page');
        const letter = await until(dash, () => document.querySelector('[data-letter="ready"] textarea[name=letter]')?.value, null, 'the letter');
        assert.ok(letter.includes(mxc), 'the letter lists the mxc URI');
        assert.ok(letter.includes(room) && letter.includes(eventId), 'and the room and event');
        assert.ok(letter.includes(`/_synapse/admin/v1/media/e2e.test/${mediaId}`), 'the appendix has the Synapse delete command for it');
        assert.match(letter, /Art(icle|\.)\s*17/, 'an Art. 17 request');
        assert.doesNotMatch(letter, /\{[a-z]+\}|\bundefined\b|\bNaN\b|Invalid Date/, 'no placeholder');
        const contacts = await until(
          dash,
          () => {
            const found = [...document.querySelectorAll('input[name=recipient]:not([value=typed])')];
            if (!found.length && !document.querySelector('[data-field=no-contact]')) return null;
            return found.map((r) => r.closest('label')?.textContent ?? r.value);
          },
          null,
          'the contact lookup',
        );
        assert.ok(contacts.some((c) => c.includes('@admin:e2e.test')), `the support file's admin is offered: ${contacts.join(' | ')}`);
        assert.deepEqual(await axeViolations(dash), [], 'axe-core finds no violation on the requests page');

        // Mark as sent today, by email: the due date is one month on.
        const today = await dash.evaluate(() => {
          const d = new Date();
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        });
        assert.ok(await dash.evaluate(SET_VALUE, ['input[name=sent-on]', today]));
        assert.ok(await dash.evaluate(SET_VALUE, ['select[name=sent-via]', 'email']));
        await dash.click('button[name=mark-sent]');
        const due = await until(dash, () => document.querySelector('[data-field="due-on"]')?.textContent, null, 'the due date');
        const requests = await driver.evaluateInExtension(READ_REQUESTS, [captured.id]);
        assert.equal(requests.length, 1, 'one request covers the file');
        const [request] = requests;
        assert.equal(request.state, 'sent');
        assert.equal(request.sentOn, today);
        const [y, mo, d] = today.split('-').map(Number);
        const expected = new Date(Date.UTC(y, mo, Math.min(d, new Date(Date.UTC(y, mo + 1, 0)).getUTCDate())));
        assert.equal(request.dueOn, expected.toISOString().slice(0, 10), 'due one month after sending (Art. 12(3))');
        assert.ok(due.includes(String(expected.getUTCDate())), `the page shows the due date: ${due}`);
        assert.deepEqual(await driver.evaluateInExtension(() => chrome.notifications.getAll().then((n) => Object.keys(n))), [], 'no reminder yet');

        // A month passes: the stored dates move 32 days back and the reminder alarm fires.
        await driver.evaluateInExtension(AGE_REQUEST, [request.id, 32]);
        await driver.evaluateInExtension(() => chrome.alarms.create('erasure-due', { when: Date.now() + 50 }).then(() => true));
        const end = Date.now() + 15_000;
        let shown = [];
        let reminded = null;
        while (Date.now() < end && !reminded) {
          [reminded] = await driver.evaluateInExtension(READ_REQUESTS, [captured.id, 'remindedAt']);
          shown = await driver.evaluateInExtension(() => chrome.notifications.getAll().then((n) => Object.keys(n)));
          if (!reminded) await sleep(200);
        }
        assert.ok(reminded > 0, 'the reminder ran once the deadline had passed');
        // Headless Firefox closes a notification as soon as it is shown, so only Chromium can list it.
        if (browser === 'chromium') assert.deepEqual(shown, [`erasure:${request.id}`], 'the due notification is shown');

        // The dashboard's badge counts it; the request page offers the follow-up letter.
        const board = await driver.openDashboard();
        const badge = await until(board, () => document.querySelector('[name=requests-link]')?.textContent.match(/\d+/)?.[0], null, 'the badge');
        assert.equal(badge, '1');
        await board.close();
        // The open request page hears of the reminder and shows the request as overdue (no reload needed).
        const overdue = await until(dash, () => document.querySelector('[data-letter="ready"] [data-field="overdue"]')?.textContent, null, 'the overdue notice');
        assert.ok(overdue.length > 0);
        await dash.click('button[name=follow-up]');
        const followUp = await until(dash, () => document.querySelector('textarea[name=follow-up-letter]')?.value, null, 'the follow-up letter');
        assert.ok(followUp.includes(mxc), 'the follow-up lists the file');
        const [agedSentOn] = await driver.evaluateInExtension(READ_REQUESTS, [captured.id, 'sentOn']);
        const sentOnShown = new Date(`${agedSentOn}T12:00:00Z`);
        assert.ok(followUp.includes(String(sentOnShown.getUTCFullYear())), 'the follow-up names when the request was sent');
        const [ty, tm, td] = today.split('-').map(Number);
        const replyBy = new Date(Date.UTC(ty, tm - 1, td + 14)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
        assert.ok(followUp.includes(`confirm this to me by ${replyBy}`), `and asks for an answer within two weeks, by ${replyBy}`);
        assert.ok(followUp.includes('Article 77'), 'and names the complaint that follows otherwise');
        await dash.close();
        await element.close();
      } finally {
        await m.close();
      }
    },
  },
];
