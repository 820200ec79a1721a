// Issue 12: say only what is true. §1: the file a person clicks in the dashboard is the file every button acts on, and
// every destructive button names its target; bulk progress and its tally agree at every moment.
import assert from 'node:assert/strict';
import { sleep } from './browsers/common.mjs';
import { attackPage, dashboardWith, eventually, recordsOn, withServers } from './lib/attack-env.mjs';
import { allowSites, byKey, lemmyPage, matrixPage, waitForLedger } from './lib/env.mjs';
import { waitFor } from './lib/options-page.mjs';
import { PAGES_OUT } from './lib/pages.mjs';
import { finalRecord, uploadFrom, withInstances } from './scenarios-delete.mjs';
import { asFile, GPS_JPEG, pick, warningIn } from './scenarios-warning.mjs';
import { ok, open, PNG } from './scenarios.mjs';
import { startStatic } from './servers/http-util.mjs';
import { startMatrix } from './servers/matrix.mjs';

const row = (id) => `[data-testid="dashboard-row"][data-id="${id}"]`;
const textOf = (selector) => `() => document.querySelector(${JSON.stringify(selector)})?.textContent.replace(/\\s+/g, ' ').trim() ?? null`;

/** The dashboard narrowed to one instance (the select's own change handler, as in scenarios-dashboard.mjs). */
const CHOOSE_INSTANCE = `(origin) => {
  const el = document.querySelector('select[name="instance"]');
  el.value = origin;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return el.value;
}`;

/** In the dashboard, as a person: a click on the file's row (its name), then the detail's Delete, then the confirmation's. */
async function deleteFromDetail(dash, id) {
  const row = `[data-testid="dashboard-row"][data-id="${id}"]`;
  await waitFor(() => dash.evaluate((sel) => !!document.querySelector(sel), row), Boolean);
  await dash.click(`${row} .name`);
  await dash.click('.detail button[name="delete-one"]');
  await dash.click('dialog.confirm button[name="confirm-delete"]');
  return row;
}

export const scenarios = [
  {
    name: 'dashboard: a mouse click on the second row\'s name, then its Delete, deletes that file; Enter on a row opens it; bulk buttons, the confirmation and the progress name and count the same files',
    async run({ driver }) {
      await withInstances(driver, [{ version: '0.19.4' }], async (s) => {
        const host = new URL(s.origin).host;
        // Newest first: pasted-id-card.png is the first row, kyc-selfie.png the second (as in the report).
        const uploads = [];
        for (const name of ['old-avatar.png', 'kyc-selfie.png', 'pasted-id-card.png']) {
          const u = await uploadFrom(driver, s, name);
          await u.page.close();
          uploads.push({ ...u, name });
          await sleep(5); // distinct upload times, so the order is the upload order
        }
        const [old, kyc, pasted] = uploads;
        const dash = await driver.openDashboard();
        try {
          await dash.evaluate(CHOOSE_INSTANCE, s.origin);
          const ids = await waitFor(
            () => dash.evaluate(() => [...document.querySelectorAll('[data-testid="dashboard-row"]')].map((r) => r.dataset.id)),
            (list) => list.length === 3,
          );
          assert.deepEqual(ids, [pasted.id, kyc.id, old.id], 'newest first');
          assert.equal(await dash.evaluate(() => document.querySelector('.detail')?.dataset.id), pasted.id, 'the detail starts on the first row');

          // A click on the second row's name shows that file, and the Delete there names it and deletes it.
          await dash.click(`${row(kyc.id)} .name`);
          await waitFor(() => dash.evaluate(() => document.querySelector('.detail')?.dataset.id), (id) => id === kyc.id);
          assert.equal(await dash.evaluate(() => document.querySelector('.detail')?.dataset.id), kyc.id, 'the detail shows the clicked file');
          assert.equal(await dash.evaluate(textOf('.detail button[name="delete-one"]')), 'Delete kyc-selfie.png');
          await dash.click('.detail button[name="delete-one"]');
          const confirmText = await waitFor(() => dash.evaluate(textOf('dialog.confirm button[name="confirm-delete"]')), Boolean);
          assert.equal(confirmText, 'Delete kyc-selfie.png', 'the confirmation names the file');
          await dash.click('dialog.confirm button[name="confirm-delete"]');
          const gone = await finalRecord(driver, kyc.alias);
          assert.equal(gone.status, 'verified-gone', `kyc-selfie.png: ${gone.status} (${gone.reason})`);
          assert.deepEqual(s.stats.deletes.map((d) => d.alias), [kyc.alias], 'the server got the delete for the clicked file only');
          assert.ok(s.files.has(pasted.alias) && s.files.has(old.alias), 'the other files are still there');

          // Keyboard: a click on the row puts the keyboard on it; ArrowUp, then Enter, opens the first row in the detail.
          await dash.click(`${row(kyc.id)} .name`);
          await waitFor(() => dash.evaluate(() => document.activeElement?.getAttribute('name')), (n) => n === 'select');
          await dash.press('ArrowUp');
          await dash.press('Enter');
          const opened = await waitFor(
            () => dash.evaluate(() => ({ id: document.querySelector('.detail')?.dataset.id, focus: document.activeElement?.id ?? null })),
            (o) => o.focus === 'detail-title',
          );
          assert.deepEqual(opened, { id: pasted.id, focus: 'detail-title' }, 'Enter shows the row in the detail and moves the keyboard there');

          // The instance button counts what it would delete; selecting two by their checkboxes names them both.
          assert.equal(await dash.evaluate(textOf('button[name="delete-instance"]')), `Delete all 2 files on ${host}`);
          await dash.click(`${row(pasted.id)} input[name="select"]`);
          await dash.click(`${row(old.id)} input[name="select"]`);
          const bulk = await waitFor(() => dash.evaluate(textOf('button[name="delete-selected"]')), (t) => t === `Delete 2 files on ${host}`);
          assert.equal(bulk, `Delete 2 files on ${host}`);
          await dash.click('button[name="delete-selected"]');
          const dialog = await waitFor(
            () => dash.evaluate(() => {
              const d = document.querySelector('dialog.confirm');
              return d && { files: [...d.querySelectorAll('[data-field="file-names"] li')].map((li) => li.textContent.trim()), button: d.querySelector('button[name="confirm-delete"]')?.textContent.trim() };
            }),
            Boolean,
          );
          assert.deepEqual(dialog, { files: [`pasted-id-card.png · ${host}`, `old-avatar.png · ${host}`], button: `Delete 2 files on ${host}` });
          await dash.click('dialog.confirm button[name="confirm-delete"]');

          // While the job runs and after: "Finished" only with every file counted in the tally.
          const seen = [];
          const until = Date.now() + 20_000;
          for (;;) {
            // This run's job (of 2 files); the single delete above has its own, finished.
            const job = await dash.evaluate(() => {
              const j = [...document.querySelectorAll('.job[data-kind="delete"]')].find((x) => / of 2 done/.test(x.querySelector('.job-counts')?.textContent ?? ''));
              return j && { title: j.querySelector('h3')?.textContent, counts: j.querySelector('.job-counts')?.textContent, value: j.querySelector('progress')?.value };
            });
            if (job) seen.push(job);
            if (job && /^Finished/.test(job.title)) break;
            assert.ok(Date.now() < until, `the job never finished: ${JSON.stringify(seen.slice(-3))}`);
            await sleep(20);
          }
          for (const j of seen) {
            const done = Number(/^(\d+) of 2 done/.exec(j.counts)?.[1]);
            const tallied = [...j.counts.matchAll(/ · [^·\d]+ (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
            assert.equal(tallied, done, `the tally adds up to the done count: ${JSON.stringify(j)}`);
            assert.equal(j.value, done, `the bar agrees: ${JSON.stringify(j)}`);
            if (/^Finished/.test(j.title)) assert.equal(j.counts, '2 of 2 done · Gone 2', `finished means every file counted: ${JSON.stringify(j)}`);
          }
          const records = await waitForLedger(driver, (rs) => [pasted, old].every((u) => byKey(rs, u.alias)[0]?.status === 'verified-gone'));
          assert.ok([pasted, old].every((u) => byKey(records, u.alias)[0]?.status === 'verified-gone'), 'both gone');
        } finally {
          await dash.close();
        }
      });
    },
  },

  {
    name: 'dashboard: an image sent to an encrypted room (ciphertext on the wire) is listed under the picked file\'s name, type and preview, marked Encrypted',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const started = Date.now();
      const page = await open(driver, `${matrixPage(m, servers.asked.origin)}&encrypted=1&room=!secret:e2e.test`);
      const i = await pick(page, '#composer-file', [asFile(GPS_JPEG('my-id-card.jpg'))]);
      const { frame } = await warningIn(page);
      await frame.click('button[name=upload]');
      const r = await page.evaluate((n) => window.e2e.pickResult(n), i);
      assert.equal(r.ok, true, `the send went through: ${JSON.stringify(r)}`);
      await page.close();
      const mine = (rs) => rs.filter((x) => x.platform === 'matrix' && x.encrypted && x.pageOrigin === servers.asked.origin && x.uploadedAt >= started);
      // Element's order: the encrypted thumbnail, the encrypted file, then m.room.encrypted, which pairs the two.
      const paired = (rs) => mine(rs).length === 2 && mine(rs).some((x) => x.kind === 'thumbnail') && mine(rs).some((x) => x.kind !== 'thumbnail' && x.thumb);
      const records = mine(await waitForLedger(driver, paired, 10_000));
      assert.ok(paired(records), `the encrypted file and its thumbnail were captured, paired, and the file's preview made from the picked file: ${JSON.stringify(records.map((x) => [x.kind, x.fileName, x.mime, x.size, !!x.thumb]))}`);
      const main = records.find((x) => x.kind !== 'thumbnail');
      assert.equal(main.fileName, 'my-id-card.jpg', `named as picked: ${JSON.stringify(records.map((x) => [x.kind, x.fileName, x.mime]))}`);
      assert.equal(main.mime, 'image/jpeg', 'typed as picked');
      const dash = await driver.openDashboard();
      try {
        const row = await waitFor(() => dash.evaluate((id) => {
          const el = document.querySelector(`[data-testid="dashboard-row"][data-id="${CSS.escape(id)}"]`);
          return el && { name: el.querySelector('.name')?.textContent, encrypted: el.querySelector('[data-field="encrypted"]')?.textContent ?? null, preview: !!el.querySelector('img.thumb') };
        }, main.id), (x) => x?.preview, 8_000);
        assert.deepEqual(row, { name: 'my-id-card.jpg', encrypted: ' · Encrypted', preview: true }, 'the row shows the file as picked, with its preview, and says Encrypted');
        await dash.click(`[data-testid="dashboard-row"][data-id="${main.id}"] .name`);
        const kind = await waitFor(() => dash.evaluate(() => document.querySelector('.detail [data-field="encrypted"]')?.textContent ?? null), Boolean);
        assert.equal(kind, ' · Encrypted', 'the detail says Encrypted');
      } finally {
        await dash.close();
      }
    },
  },

  {
    name: 'dashboard: signed in only through a front end on its own origin (as Photon, Bearer, no cookie): Delete says so and offers the instance\'s sign-in page; once signed in there, the retry deletes the file',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }, { site: true }], async (s, front) => {
        const host = new URL(s.origin).host;
        const page = await driver.openPage(attackPage(front.origin, s.jwt));
        assert.equal((await page.evaluate((to) => window.e2e.flood(to, 1, 1), s.origin)).ok, 1, 'the front end uploaded');
        await page.close();
        const [record] = await eventually(() => recordsOn(driver, s), (rs) => rs.length === 1, 'the record');
        assert.equal(record.pageOrigin, front.origin, 'reported by the front end');
        const row = `[data-testid="dashboard-row"][data-id="${record.id}"]`;
        const dash = await dashboardWith(driver, record.id);
        try {
          await dash.click(`${row} .name`);
          await dash.click('.detail button[name="delete-one"]');
          await dash.click('dialog.confirm button[name="confirm-delete"]');
          await eventually(() => recordsOn(driver, s), (rs) => rs[0]?.status === 'failed', 'the delete to be refused');
          assert.equal((await recordsOn(driver, s))[0].reason, 'front-end-login');
          assert.equal(s.files.size, 1, 'nothing was deleted');
          const said = await eventually(() => dash.evaluate(() => document.querySelector('.detail .guidance')?.textContent ?? ''), (t) => /whose login stays inside/.test(t), 'the explanation');
          assert.match(said, new RegExp(`signed in through ${new URL(front.origin).host.replace('.', '\\.')}, whose login stays inside .*Sign in on ${host.replace('.', '\\.')} itself once, then retry`), said);
          const button = await eventually(() => dash.evaluate(() => { const b = document.querySelector('.detail button[name="open-instance"]'); return b && !b.disabled && b.textContent; }), Boolean, 'the sign-in button');
          assert.equal(button, `Sign in on ${host}`);
          await dash.click('.detail button[name="open-instance"]');
          await eventually(() => driver.tabs(), (tabs) => tabs.some((u) => u === `${s.origin}/login`), 'the instance\'s sign-in page to open');

          // The person signs in on the instance itself (lemmy-ui writes its jwt cookie there), then retries.
          const ui = await driver.openPage(lemmyPage(s, { auth: 'cookie' }));
          await ui.close();
          await dash.click('.detail button[name="retry-one"]');
          await dash.click('dialog.confirm button[name="confirm-delete"]');
          const [done] = await eventually(() => recordsOn(driver, s), (rs) => rs[0]?.status === 'verified-gone', 'the retry to delete the file', 20_000);
          assert.equal(done.status, 'verified-gone');
          assert.equal(s.files.size, 0, 'the fixture no longer has the file');
        } finally {
          await dash.close();
          // Leave no login behind for the tests after this one (cookies ignore ports).
          const ui = await driver.openPage(`${s.origin}/e2e/lemmy.html`).catch(() => null);
          await ui?.evaluate(() => (document.cookie = 'jwt=; path=/; max-age=0')).catch(() => {});
          await ui?.close();
        }
      }, { allow: [1] });
    },
  },

  {
    name: 'dashboard: a private Lemmy 1.0 (401 to anyone signed out): Delete is proven signed in from a tab of the instance, and the Gone line names the v4 address and says it was asked signed in',
    async run({ driver }) {
      await withInstances(driver, [{ version: '1.0', privateInstance: true }], async (s) => {
        const u = await uploadFrom(driver, s, 'private-scan.png');
        await u.page.close();
        const dash = await driver.openDashboard();
        try {
          const row = await deleteFromDetail(dash, u.id);
          const done = await finalRecord(driver, u.alias);
          assert.equal(done.status, 'verified-gone', `${done.status} (${done.reason})`);
          // Asked twice: anonymously (401, which proves nothing), then signed in (404).
          assert.ok(s.stats.log.filter((r) => r.method === 'GET' && r.path === `/api/v4/image/${u.alias}`).length >= 2, 'checked anonymously, then signed in');
          const line = await waitFor(() => dash.evaluate((sel) => document.querySelector(`${sel} .reason`)?.textContent ?? '', row), (t) => t.startsWith('Gone'));
          assert.match(line, new RegExp(`^Gone: ${s.origin.replace(/[.:/]/g, '\\$&')}/api/v4/image/${u.alias} answered 404 to you, signed in, on `), line);
        } finally {
          await dash.close();
        }
      });
    },
  },

  ...[true, false].map((signedIn) => ({
    name: signedIn
      ? 'dashboard: a Matrix delete with no Element tab open opens the Element page the upload came from in the background, redacts through its signed-in client, and closes that tab'
      : 'dashboard: a Matrix delete when Element opens signed out says to sign in on that Element page (not "log in to the homeserver"), sends nothing, closes its tab, and its button opens that page, not the homeserver',
    async run({ driver }) {
      // Element on its own origin, as app.element.io: its app at "/" restores the session the page last had.
      const m = await startMatrix({ staticDir: PAGES_OUT });
      const app = await startStatic({ dir: PAGES_OUT, app: 'matrix' });
      try {
        await allowSites(driver, [app.origin]);
        const element = await open(driver, `${matrixPage(m, app.origin)}&element=1`);
        const sent = await element.evaluate((roomId, spec) => window.e2e.sendImage(roomId, spec, { thumbnail: false }), '!closed:e2e.test', PNG('boarding-pass.png', 60, 40));
        const mxc = ok(sent.sent, 'send') && sent.main;
        const mine = (rs) => byKey(rs, mxc).filter((r) => r.instanceOrigin === m.origin);
        const [captured] = mine(await waitForLedger(driver, (rs) => mine(rs)[0]?.eventId));
        assert.equal(captured?.pageOrigin, app.origin, 'captured on the Element page, with its event');
        if (!signedIn) assert.ok(await element.evaluate(() => window.e2e.signOut()));
        await element.close();
        const appTab = (list) => list.filter((u) => u.startsWith(`${app.origin}/`));
        assert.deepEqual(appTab(await driver.tabs()), [], 'no Element tab is open');
        const dash = await driver.openDashboard();
        try {
          await deleteFromDetail(dash, captured.id);
          const host = new URL(app.origin).host;
          if (signedIn) {
            const [record] = mine(await waitForLedger(driver, (rs) => mine(rs)[0]?.status === 'needs-admin', 15_000));
            assert.equal(record?.status, 'needs-admin', `${record?.status} (${record?.reason})`);
            assert.equal(m.stats.redactions.length, 1, 'the message was redacted through the Element page');
            assert.ok(record.redactedAt > 0);
          } else {
            const [failed] = mine(await waitForLedger(driver, (rs) => mine(rs)[0]?.status === 'failed', 25_000));
            assert.equal(failed?.reason, 'no-app-page', `${failed?.status} (${failed?.reason})`);
            assert.equal(m.stats.redactions.length, 0, 'nothing was sent');
            const said = await waitFor(() => dash.evaluate(() => document.querySelector('.detail .guidance')?.textContent ?? ''), (t) => t.includes('page you uploaded it from'));
            assert.match(said, new RegExp(`through the page you uploaded it from, ${host.replace('.', '\\.')}`), said);
            assert.match(said, /found no one signed in/, said);
            assert.doesNotMatch(said, /Log in to|The server said/, 'never "log in to the homeserver", nor a server that said nothing');
          }
          const closed = await waitFor(() => driver.tabs(), (list) => appTab(list).length === 0, 5_000);
          assert.deepEqual(appTab(closed), [], 'the tab Takeback opened is closed again');
          if (signedIn) return;
          const label = await waitFor(() => dash.evaluate(() => { const b = document.querySelector('.detail button[name="open-instance"]'); return b && !b.disabled && b.textContent; }), Boolean);
          assert.equal(label, `Sign in on ${host}`);
          await dash.click('.detail button[name="open-instance"]');
          const tabs = await waitFor(() => driver.tabs(), (list) => list.includes(`${app.origin}/`), 5_000);
          assert.ok(tabs.includes(`${app.origin}/`), `the Element page's origin opened, not the homeserver: ${JSON.stringify(tabs)}`);
        } finally {
          await dash.close();
        }
      } finally {
        await Promise.all([m.close(), app.close()]);
      }
    },
  })),

  {
    name: 'dashboard: behind a cache that ignores no-cache (lemmy-ansible\'s nginx), a deleted file the cache still serves is not Gone: it says the server no longer has it and until when the cache serves it, is checked again then, and is Gone once its public address stops serving it',
    async run({ driver }) {
      const seconds = 8;
      await withInstances(driver, [{ version: '0.19.4', proxyCache: { seconds } }], async (s) => {
        const host = new URL(s.origin).host;
        const u = await uploadFrom(driver, s, 'passport-photo.png');
        await u.page.close();
        // Someone opens the image without a login: the cache keeps it, and a request's no-cache does not get past it.
        const publicUrl = `${s.origin}/pictrs/image/${u.alias}`;
        for (let i = 0; i < 2; i++) assert.equal((await fetch(publicUrl, { headers: { 'Cache-Control': 'no-cache' } })).status, 200);
        assert.equal(s.stats.cacheHits, 1, 'the second look was served by the cache');

        const dash = await driver.openDashboard();
        try {
          const row = await deleteFromDetail(dash, u.id);
          const done = await finalRecord(driver, u.alias);
          assert.equal(s.files.has(u.alias), false, 'the server deleted the file');
          assert.deepEqual([done.status, done.reason], ['still-online', 'cached'], `${done.status} (${done.reason})`);
          const now = Date.now();
          assert.ok(done.cachedUntil > now && done.cachedUntil <= now + seconds * 1000, `the cache lets go within ${seconds} s: ${done.cachedUntil - now} ms`);
          assert.ok(done.nextCheckAt >= done.cachedUntil, 'the next check is after the cache lets go');
          assert.ok(s.stats.cacheHits >= 2, "Takeback's look at the public address was answered by the cache");
          const guidance = await waitFor(() => dash.evaluate(() => document.querySelector('.detail .guidance')?.textContent ?? ''), (t) => t.includes('cache'));
          assert.ok(guidance.includes(`${host} no longer has this file`), guidance);
          assert.match(guidance, /still serves the copy it kept at the file's public address, so anyone can still open it there, until about .+, when the cache should let go/, guidance);
          assert.equal(await dash.evaluate(() => document.querySelector('.detail')?.dataset.status), 'still-online');
          // The Delete button the focus went back to is gone now: the focus is on the detail's heading, not lost to the page.
          assert.equal(await waitFor(() => dash.evaluate(() => document.activeElement?.id ?? null), (id) => id === 'detail-title'), 'detail-title', 'the focus stays in the detail');
          assert.doesNotMatch(await dash.evaluate((sel) => document.querySelector(sel).textContent, row), /\bGone\b/, 'the row does not say Gone');
          assert.equal(await dash.evaluate(() => document.querySelector('.detail button[name="retry-one"]')), null, 'no pointless second delete is offered');

          // The cache lets go: Check again finds the public address gone, and the Gone line names it.
          await sleep(Math.max(0, done.cachedUntil - Date.now()) + 500);
          await dash.click('.detail button[name="recheck-one"]');
          const [gone] = byKey(await waitForLedger(driver, (rs) => byKey(rs, u.alias)[0]?.status === 'verified-gone', 15_000), u.alias);
          assert.equal(gone?.status, 'verified-gone', `${gone?.status} (${gone?.reason})`);
          assert.equal(gone.proofUrl, publicUrl, 'proved at the public address, not the one past the cache');
          assert.equal(gone.cachedUntil, undefined);
          const line = await waitFor(() => dash.evaluate((sel) => document.querySelector(`${sel} .reason`)?.textContent ?? '', row), (t) => t.startsWith('Gone'));
          assert.ok(line.includes(publicUrl), line);
        } finally {
          await dash.close();
        }
      });
    },
  },

  {
    name: 'dashboard: a Lemmy upgraded from 0.19 to 1.0 between capture and delete: the delete and its proof use 1.0\'s routes, and the Gone line names /api/v4/image/<alias>, never the /pictrs/ address the upload returned',
    async run({ driver }) {
      await withInstances(driver, [{ version: '0.19.4' }], async (s) => {
        const u = await uploadFrom(driver, s, 'before-upgrade.png');
        await u.page.close();
        s.upgrade('1.0');
        const dash = await driver.openDashboard();
        try {
          const row = await deleteFromDetail(dash, u.id);
          const done = await finalRecord(driver, u.alias);
          assert.equal(done.status, 'verified-gone', `${done.status} (${done.reason})`);
          assert.equal(s.files.has(u.alias), false, 'the file is gone from the server');
          assert.ok(s.stats.log.some((r) => r.method === 'DELETE' && r.path === '/api/v4/account/media'), "deleted through 1.0's route");
          const line = await waitFor(() => dash.evaluate((sel) => document.querySelector(`${sel} .reason`)?.textContent ?? '', row), (t) => t.startsWith('Gone'));
          assert.ok(line.startsWith(`Gone: ${s.origin}/api/v4/image/${u.alias} answered 404 on `), line);
          assert.ok(!line.includes('/pictrs/'), 'no word of the /pictrs/ address, which 1.0 does not serve');
        } finally {
          await dash.close();
        }
      });
    },
  },
];
