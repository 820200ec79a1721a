// Issue 14: never lose a key. Back up (encrypted) from the dashboard, restore from the welcome page or the dashboard,
// in the production builds, with trusted clicks and key presses; the restored token deletes the file.
import assert from 'node:assert/strict';
import { capturedLemmyRecords, PUT_RECORDS } from './browsers/common.mjs';
import { axeViolations } from './lib/axe.mjs';
import { byKey, lemmyPage, waitForLedger } from './lib/env.mjs';
import { typeText, waitFor } from './lib/options-page.mjs';
import { finalRecord, uploadFrom, withInstances } from './scenarios-delete.mjs';

const PASSPHRASE = 'blue kettle 1984 orbit';
/** Record ids hold '@', ':' and '/': quoted for an attribute selector. */
const CSS_ESCAPE = (id) => id.replace(/["\\]/g, '\\$&');

/** What the backup and restore forms show now (on the dashboard, Settings or the welcome page). */
const FORMS = `() => {
  const text = (sel) => document.querySelector(sel)?.textContent?.trim() ?? null;
  return {
    backup: document.querySelector('form.backup-form')?.dataset.state ?? null,
    saved: text('[data-field="backup-saved"]'),
    restore: document.querySelector('section.restore-form')?.dataset.state ?? null,
    problem: text('[data-field="restore-problem"]'),
    counts: text('[data-field="restore-counts"]'),
    preview: text('[data-field="restore-preview"]'),
    done: text('[data-field="restore-done"]'),
    status: text('[data-field="backup-status"]'),
  };
}`;
const forms = (page) => page.evaluate(FORMS);
async function until(page, accept, what, timeoutMs = 15_000) {
  const seen = await waitFor(() => forms(page), accept, timeoutMs);
  assert.ok(accept(seen), `${what}: ${JSON.stringify(seen)}`);
  return seen;
}

/** Clicks into a field and types, as a person does. */
async function typeInto(page, selector, text) {
  await page.click(selector);
  await typeText(page, text);
}

/**
 * On the dashboard: opens "Back up and restore", types the passphrase twice, clicks Back up; returns the file's text
 * (read through the link the page offers, which is what the browser saved).
 */
/**
 * Clicks "Back up now, or restore a backup". A dashboard that just opened may still move its content down (the list of
 * bulk jobs arrives after the rows), so a click can land where the button was: then it is clicked again, once.
 */
async function showForms(dash, shown) {
  await dash.click('button[name="show-backup"]');
  if (!shown(await waitFor(() => forms(dash), shown, 3_000))) await dash.click('button[name="show-backup"]');
}

async function backUp(dash) {
  await showForms(dash, (f) => f.backup === 'idle');
  await until(dash, (f) => f.backup === 'idle', 'the backup form is shown');
  await typeInto(dash, 'input[name="passphrase"]', PASSPHRASE);
  await typeInto(dash, 'input[name="passphrase-again"]', PASSPHRASE);
  await dash.click('button[name="make-backup"]');
  const seen = await until(dash, (f) => f.backup === 'saved', 'the backup is made');
  assert.match(seen.saved, /^Backup made: takeback-backup-\d{4}-\d{2}-\d{2}\.takeback \(encrypted\)/);
  const file = await dash.evaluate(async () => {
    const a = document.querySelector('a[name="backup-link"]');
    return { name: a.getAttribute('download'), text: await (await fetch(a.href)).text() };
  });
  assert.equal(JSON.parse(file.text).encryption.kdf, 'PBKDF2-SHA-256');
  return file;
}

/** Picks the file in the restore form (a trusted file choice) and, if it is encrypted, unlocks it with `passphrase`. */
async function pickAndUnlock(page, file, passphrase) {
  await page.setFiles('input[name="backup-file"]', [{ name: file.name, base64: Buffer.from(file.text).toString('base64') }]);
  await until(page, (f) => f.restore === 'locked', 'the restore asks for the passphrase');
  await typeInto(page, 'input[name="restore-passphrase"]', passphrase);
  await page.click('button[name="open-backup"]');
}

const storedKeys = (driver) => driver.evaluateInExtension(() => browser.storage.local.get(null).then((all) => Object.keys(all).sort()));

export const scenarios = [
  {
    name: 'backup: capture in Chromium → back up (encrypted) → restore into a fresh Firefox profile from its welcome page: a wrong passphrase changes nothing; then every file is listed and deleting one there works (the token came across); Firefox\'s backup restores into a fresh Chromium',
    only: ['chromium'],
    onlyWhy: 'it runs in Chromium and starts a Firefox of its own',
    async run({ driver }) {
      const firefox = await import('./browsers/firefox.mjs');
      const missing = firefox.available();
      assert.equal(missing, null, `Firefox is needed for this test: ${missing}`);
      await withInstances(driver, [{ version: '0.19.4' }], async (s) => {
        const first = await uploadFrom(driver, s, 'passport.png');
        const second = await uploadFrom(driver, s, 'payslip.png');
        await first.page.close();
        await second.page.close();
        const mine = (rs) => rs.filter((r) => r.instanceOrigin === s.origin);
        const captured = mine(await driver.readLedger());
        assert.equal(captured.length, 2);

        const dash = await driver.openDashboard();
        let file;
        try {
          file = await backUp(dash);
          assert.ok(!file.text.includes(captured[0].deleteToken), 'no delete token in the clear');
          await until(dash, (f) => /Last backup made: .* \(encrypted\)\./.test(f.status ?? '') && !/not in any backup/.test(f.status), 'the dashboard says a backup was made and none is missing');
        } finally {
          await dash.close();
        }

        const ff = await firefox.launch({});
        try {
          const before = await storedKeys(ff);
          const welcome = await ff.openPage(`${ff.extensionBase}welcome.html`);
          await pickAndUnlock(welcome, file, 'not the passphrase');
          const wrong = await until(welcome, (f) => f.problem !== null, 'a wrong passphrase is said plainly');
          assert.match(wrong.problem, /passphrase is wrong.*Nothing was changed/);
          assert.deepEqual(await ff.readLedger(), [], 'the wrong passphrase wrote nothing');
          assert.deepEqual(await storedKeys(ff), before, 'nor changed any setting');

          await welcome.click('input[name="restore-passphrase"]');
          for (let i = 0; i < 'not the passphrase'.length; i++) await welcome.press('Backspace');
          await typeText(welcome, PASSPHRASE);
          await welcome.click('button[name="open-backup"]');
          const preview = await until(welcome, (f) => f.restore === 'preview', 'the preview');
          // The Chromium profile may hold other tests' records too: all of them are new here.
          assert.match(preview.counts, /^(\d+) new, 0 already here, 0 conflicts\.$/);
          const all = Number(/^(\d+) new/.exec(preview.counts)[1]);
          assert.ok(all >= captured.length, `at least this test's ${captured.length} uploads: ${preview.counts}`);
          await welcome.click('button[name="merge-backup"]');
          const done = await until(welcome, (f) => f.restore === 'done', 'the restore is done');
          assert.match(done.done, new RegExp(`^Restored: ${all} uploads added`));
          await welcome.close();

          const restored = mine(await ff.readLedger());
          assert.deepEqual(
            restored.map((r) => [r.id, r.key, r.deleteToken, r.pageOrigin]).sort(),
            captured.map((r) => [r.id, r.key, r.deleteToken, r.pageOrigin]).sort(),
            'every record, its key and who reported it came across',
          );
          // Deleting in Firefox with the token from Chromium: signed in on the instance (its page open), from the
          // dashboard, with clicks on the row, its Delete and the confirmation.
          const page = await ff.openPage(lemmyPage(s, { client: '0194', auth: 'cookie' }));
          const listed = await ff.openDashboard();
          try {
            const ids = await listed.evaluate(() => [...document.querySelectorAll('[data-testid="dashboard-row"]')].map((r) => r.dataset.id));
            for (const r of captured) assert.ok(ids.includes(r.id), `the dashboard lists ${r.id}`);
            await listed.click(`[data-testid="dashboard-row"][data-id="${CSS_ESCAPE(first.id)}"] .name`);
            await listed.click('.detail button[name="delete-one"]');
            await listed.click('dialog.confirm button[name="confirm-delete"]');
          } finally {
            await listed.close();
          }
          const record = await finalRecord(ff, first.alias);
          assert.equal(record.status, 'verified-gone', `status (reason ${record.reason}, ${record.detail})`);
          assert.equal(s.files.has(first.alias), false, 'the fixture no longer has the file');
          assert.deepEqual(s.stats.deletes.filter((d) => d.alias === first.alias).map((d) => d.status), [204], 'one delete, accepted');
          assert.ok(s.files.has(second.alias), 'the other file is untouched');
          await page.close();

          // And the other way round: Firefox's backup (with the delete it made) restores into a fresh Chromium profile.
          const ffDash = await ff.openDashboard();
          let back;
          try {
            back = await backUp(ffDash);
          } finally {
            await ffDash.close();
          }
          const chromiumDriver = await import('./browsers/chromium.mjs');
          const fresh = await chromiumDriver.launch({});
          try {
            const page2 = await fresh.openPage(`${fresh.extensionBase}welcome.html`);
            await pickAndUnlock(page2, back, PASSPHRASE);
            await until(page2, (f) => f.restore === 'preview', 'the preview in Chromium');
            await page2.click('button[name="merge-backup"]');
            await until(page2, (f) => f.restore === 'done', 'the restore in Chromium is done');
            await page2.close();
            const inChromium = mine(await fresh.readLedger());
            assert.deepEqual(
              inChromium.map((r) => [r.id, r.deleteToken, r.status]).sort(),
              [[first.id, captured.find((r) => r.id === first.id).deleteToken, 'verified-gone'], [second.id, captured.find((r) => r.id === second.id).deleteToken, 'captured']].sort(),
              'Firefox\'s records, with the delete it made, came across to Chromium',
            );
          } finally {
            await fresh.close();
          }
        } finally {
          await ff.close();
        }
      });
    },
  },

  {
    name: 'backup: a restore into a profile that already holds some of the records adds only the rest, and a second restore of the same file adds nothing; axe-core finds no violation in the forms',
    async run({ driver, servers }) {
      const s = servers.lemmy['0.19.4'];
      const tag = `bk${Date.now().toString(36)}`;
      const records = capturedLemmyRecords(s, s.seedUploads(3), { tag });
      await driver.evaluateInExtension(PUT_RECORDS, records);
      const dash = await driver.openDashboard();
      try {
        const file = await backUp(dash);
        // Two of the three are gone from this profile (as after a reset), and one upload came after the backup.
        const later = capturedLemmyRecords(s, s.seedUploads(1), { tag: `${tag}-later` });
        await driver.evaluateInExtension(
          (ids, add) =>
            new Promise((resolve, reject) => {
              const req = indexedDB.open('takeback');
              req.onsuccess = () => {
                const tx = req.result.transaction('uploads', 'readwrite');
                for (const id of ids) tx.objectStore('uploads').delete(id);
                for (const r of add) tx.objectStore('uploads').put(r);
                tx.oncomplete = () => (req.result.close(), resolve(true));
                tx.onerror = () => reject(tx.error);
              };
            }),
          [records[1].id, records[2].id],
          later,
        );
        // Reloaded: the new document, not the old one, must be the one ready.
        await dash.evaluate(() => ((window.__e2eBeforeReload = true), location.reload()));
        const fresh = await waitFor(() => dash.evaluate(() => (window.__e2eBeforeReload ? 'old' : (document.documentElement.dataset.dashboard ?? null))).catch(() => null), (v) => v === 'ready', 10_000);
        assert.equal(fresh, 'ready', 'the dashboard loaded again');
        await showForms(dash, (f) => f.restore === 'idle');
        await until(dash, (f) => f.restore === 'idle', 'the restore form is shown');
        await pickAndUnlock(dash, file, PASSPHRASE);
        const preview = await until(dash, (f) => f.restore === 'preview', 'the preview');
        assert.deepEqual(await axeViolations(dash), [], 'axe-core: the dashboard with the backup form and a restore preview');
        const m = /^(\d+) new, (\d+) already here, (\d+) conflicts\.$/.exec(preview.counts);
        assert.ok(m, preview.counts);
        assert.deepEqual([Number(m[1]), Number(m[3])], [2, 0], `only the two missing ones are new: ${preview.counts}`);
        await dash.click('button[name="merge-backup"]');
        await until(dash, (f) => f.restore === 'done', 'the restore is done');
        const ledger = await waitForLedger(driver, (rs) => records.every((r) => rs.some((x) => x.id === r.id)));
        for (const r of [...records, ...later]) {
          const now = ledger.filter((x) => x.id === r.id);
          assert.equal(now.length, 1, `${r.id} is there once`);
          assert.equal(now[0].deleteToken, r.deleteToken, `${r.id} keeps its key`);
        }
        assert.equal(byKey(ledger, records[0].key).length, 1, 'nothing doubled');

        // The same file again: everything is already here.
        await pickAndUnlock(dash, file, PASSPHRASE);
        const again = await until(dash, (f) => f.restore === 'preview', 'the second preview');
        assert.match(again.counts, /^0 new, \d+ already here, 0 conflicts\.$/);
      } finally {
        await dash.close();
      }
    },
  },
];
