// Issue 11: Takeback acting with the user's login against the user. A Matrix token sent to a homeserver it does not
// belong to; a hostile site whose own service worker answers "uploads" to another site, naming the user's real files,
// so that a bulk delete, a single delete or an erasure letter would act on them. Everything is driven as a person does.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { attackPage, CHOOSE, DETAIL, dashboardWith, eventually, ROW_TEXT, withServers } from './lib/attack-env.mjs';
import { byKey, lemmyPage, waitForLedger } from './lib/env.mjs';
import { PNG } from './scenarios.mjs';

const host = (origin) => new URL(origin).host;
const FINAL = new Set(['verified-gone', 'still-online', 'failed', 'needs-admin', 'deleted-unverified']);

/** In an extension page: sets fields of stored records (as a delete that ended so would have left them). */
const PATCH_RECORDS = (patches) =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open('takeback');
    req.onsuccess = () => {
      const tx = req.result.transaction('uploads', 'readwrite');
      const store = tx.objectStore('uploads');
      for (const [id, patch] of patches) {
        const get = store.get(id);
        get.onsuccess = () => get.result && store.put({ ...get.result, ...patch });
      }
      tx.oncomplete = () => (req.result.close(), resolve(true));
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  });

/** In an extension page (the requests page): keeps every blob the page hands to a download link, as text. */
const CAPTURE_DOWNLOADS = () => {
  window.__e2eDownloads = [];
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob) => {
    blob.text().then((text) => window.__e2eDownloads.push({ type: blob.type, text }));
    return create(blob);
  };
  return true;
};

/** An Element-like page (matrix-js-sdk, its client on window.mxMatrixClientPeg) signed in as `user` on `hs`. */
const elementPage = (origin, hs, token, user) => `${origin}/e2e/matrix.html?${new URLSearchParams({ hs: hs.origin, token, user, element: '1' })}`;

export const scenarios = [
  {
    name: 'attack: Element now signed in as another account on another homeserver — Delete and Check again send no token to the homeserver the file is on',
    async run({ driver, servers }) {
      const alice = { token: 'e2e-token-alice-x', user: '@alice:x.e2e.test' };
      const bob = { token: 'e2e-token-bob-h', user: '@bob:h.e2e.test' };
      await withServers(driver, [{ matrix: { serverName: 'x.e2e.test', token: alice.token, userId: alice.user, mediaRepo: true } }, { matrix: { serverName: 'h.e2e.test', token: bob.token, userId: bob.user } }], async (x, h) => {
        // The same Element (one origin serves any homeserver, like app.element.io): alice on x uploads a photo.
        const ui = servers.ui.origin;
        let element = await driver.openPage(elementPage(ui, x, alice.token, alice.user));
        const sent = await element.evaluate((room, spec) => window.e2e.sendImage(room, spec, { thumbnail: false }), '!trip:x.e2e.test', PNG('passport.png', 50, 30));
        assert.ok(sent.sent.ok, 'sent');
        const mine = (rs) => byKey(rs, sent.main).filter((r) => r.instanceOrigin === x.origin);
        const [record] = mine(await waitForLedger(driver, (rs) => mine(rs)[0]?.eventId));
        assert.ok(record, 'captured with its event');
        await element.close();
        // Later the user signs in to the same Element as bob on h.
        element = await driver.openPage(elementPage(ui, h, bob.token, bob.user));
        const before = { x: x.stats.log.length, h: h.stats.log.length };

        const dash = await dashboardWith(driver, record.id);
        const row = `[role=row][data-id="${record.id}"]`;
        await dash.click(`${row} input[name=select]`);
        await dash.click('button[name=delete-selected]');
        await dash.click('button[name=confirm-delete]');
        const [after] = mine(await waitForLedger(driver, (rs) => FINAL.has(mine(rs)[0]?.status), 20_000));
        const leaked = (server, token) => server.stats.log.slice(before[server === x ? 'x' : 'h']).filter((r) => r.token === token);
        assert.deepEqual(leaked(x, bob.token), [], `bob's token went to x: ${JSON.stringify(leaked(x, bob.token))}`);
        assert.deepEqual(h.stats.log.slice(before.h).filter((r) => r.method !== 'GET' || r.path.includes('x.e2e.test')), [], 'nothing about x was sent to h');
        assert.equal(x.stats.mediaDeletes.length, 0, 'no delete reached x');
        assert.equal(after.status, 'failed', `status ${after.status} (${after.reason}: ${after.detail})`);
        const detail = await eventually(() => dash.evaluate(DETAIL), (d) => d?.id === record.id && /Sign in/.test(d.text), 'the detail pane to say what is needed');
        assert.match(detail.text, new RegExp(`Sign in to Element as ${alice.user.replace(/[.]/g, '\\.')}`), detail.text);

        // "Check again" sends nothing either.
        const checkFrom = x.stats.log.length;
        if (await dash.evaluate(() => !!document.querySelector('button[name=recheck-one]'))) {
          await dash.click('button[name=recheck-one]');
          await eventually(() => dash.evaluate(() => document.querySelector('button[name=recheck-one]')?.disabled === false), Boolean, 'the check to finish');
        }
        assert.deepEqual(x.stats.log.slice(checkFrom).filter((r) => r.token === bob.token), [], "Check again sent bob's token to x");

        // Signed in as alice again, the same Delete works.
        await element.close();
        element = await driver.openPage(elementPage(ui, x, alice.token, alice.user));
        await dash.click('button[name=retry-one]');
        // A retry is a delete like any other: it asks first, showing the file as the homeserver serves it.
        await dash.click('button[name=confirm-delete]');
        const [gone] = mine(await waitForLedger(driver, (rs) => mine(rs)[0]?.status === 'verified-gone', 20_000));
        assert.equal(gone?.status, 'verified-gone', `deleted once alice is signed in: ${JSON.stringify(mine(await driver.readLedger())[0])}`);
        assert.deepEqual(x.stats.mediaDeletes.map((d) => d.user), [alice.user], 'by alice');
        await dash.close();
        await element.close();
      });
    },
  },

  {
    name: 'attack: a site whose service worker forges Lemmy 1.0 answers to another site: its reports are shown as its claims, left out of "Delete everything", shown as the instance serves them before a delete, and never sent with a path prefix',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '1.0' }, { site: true }], async (victim, evil) => {
        // The user's real avatar on victim, and a file the user really uploaded there from victim's own page.
        const [avatar] = victim.seedUploads(1);
        const own = await driver.openPage(lemmyPage(victim, { client: '1', auth: 'cookie' }));
        const mineUp = await own.evaluate((spec) => window.e2e.upload(spec, 'image'), PNG('my-own.png'));
        assert.equal(mineUp.result.value?.state, 'success', `own upload: ${JSON.stringify(mineUp.result)}`);
        const ownAlias = mineUp.result.value.data.filename;

        // The hostile site: its service worker answers "uploads" to victim, naming the avatar (no prefix), and a made-up
        // file under a path prefix.
        const page = await driver.openPage(attackPage(evil.origin));
        const forged = await page.evaluate((v, f) => window.e2e.forgedAnswer(v, f, ''), victim.origin, avatar.alias);
        assert.equal(forged.value?.state, 'success', `forged answer accepted by lemmy-js-client: ${JSON.stringify(forged)}`);
        await page.close();
        const page2 = await driver.openPage(`${attackPage(evil.origin)}&second=1`);
        const prefixed = await page2.evaluate((v) => window.e2e.forgedAnswer(v, 'made-up-e2e.png', '/api/v3/admin/anything'), victim.origin);
        assert.equal(prefixed.value?.state, 'success', `second forged answer: ${JSON.stringify(prefixed)}`);
        await page2.close();
        assert.equal(victim.stats.uploads.length, 1, 'the forged uploads never reached victim');

        const records = await waitForLedger(driver, (rs) => [avatar.alias, ownAlias, 'made-up-e2e.png'].every((k) => byKey(rs, k).length === 1));
        const [reported] = byKey(records, avatar.alias);
        const [made] = byKey(records, 'made-up-e2e.png');
        const [ownRecord] = byKey(records, ownAlias);
        assert.ok(reported && made && ownRecord, 'the three records');

        // The row and the detail say who reported it.
        const dash = await dashboardWith(driver, reported.id);
        const rowText = await dash.evaluate(ROW_TEXT, reported.id);
        assert.match(rowText, new RegExp(`reported by ${host(evil.origin)}`), `the row says who reported it: ${rowText}`);
        assert.doesNotMatch(await dash.evaluate(ROW_TEXT, ownRecord.id), /reported by/, 'not on the own upload');
        await dash.click(`[role=row][data-id="${reported.id}"] input[name=select]`);
        const detail = await eventually(() => dash.evaluate(DETAIL), (d) => d?.id === reported.id, 'the detail pane');
        assert.match(detail.text, new RegExp(`reported by ${host(evil.origin)}`), `the detail says who reported it: ${detail.text}`);
        await dash.click(`[role=row][data-id="${reported.id}"] input[name=select]`); // unselect

        // "Delete everything on victim" leaves the hostile site's reports out until the user confirms that site.
        await dash.evaluate(CHOOSE, 'instance', victim.origin);
        await dash.click('button[name=delete-instance]');
        const dialog = await eventually(() => dash.evaluate(() => document.querySelector('dialog.confirm')?.textContent ?? null), Boolean, 'the confirmation');
        assert.match(dialog, new RegExp(host(evil.origin)), `the confirmation names the reporting site: ${dialog}`);
        assert.match(dialog, new RegExp(host(victim.origin)), 'and the instance');
        await dash.click('button[name=confirm-delete]');
        await waitForLedger(driver, (rs) => byKey(rs, ownAlias)[0]?.status === 'verified-gone', 20_000);
        assert.deepEqual(victim.stats.deletes.map((d) => d.alias), [ownAlias], `only the user's own upload was deleted: ${JSON.stringify(victim.stats.deletes)}`);
        assert.ok(victim.files.has(avatar.alias), 'the real avatar is still there');
        assert.deepEqual(victim.stats.log.filter((r) => r.path.includes('/api/v3/admin')), [], 'no request under the prefix from the body');

        // A deliberate single Delete first shows the file as the instance serves it now (the real avatar, 1×1), its name
        // and the reporting site; Cancel changes nothing.
        await dash.evaluate(CHOOSE, 'instance', '');
        await dash.click(`[role=row][data-id="${reported.id}"] input[name=select]`);
        await dash.click('button[name=delete-one]');
        const live = await eventually(
          () => dash.evaluate(() => {
            const d = document.querySelector('dialog.confirm');
            const img = d?.querySelector('img[data-live]');
            return d && { text: d.textContent, src: img?.src ?? null, w: img?.naturalWidth ?? 0, h: img?.naturalHeight ?? 0, complete: !!img?.complete };
          }),
          (v) => v && v.complete && v.w > 0,
          'the live file in the confirmation',
        );
        assert.deepEqual([live.w, live.h], [1, 1], `the confirmation shows the instance's file, not the page's preview: ${JSON.stringify(live)}`);
        assert.ok(!live.src.startsWith('data:'), 'not the stored preview');
        assert.match(live.text, /cute-cat\.png/, 'its name');
        assert.match(live.text, new RegExp(`reported by ${host(evil.origin)}`), 'and who reported it');
        await dash.click('button[name=confirm-cancel]');
        assert.ok(victim.files.has(avatar.alias), 'Cancel deleted nothing');

        // Deleting the made-up file on purpose: the request goes to the documented endpoint, never under the body's prefix.
        await dash.click(`[role=row][data-id="${reported.id}"] input[name=select]`);
        await dash.click(`[role=row][data-id="${made.id}"] input[name=select]`);
        await dash.click('button[name=delete-one]');
        await dash.click('button[name=confirm-delete]');
        await waitForLedger(driver, (rs) => FINAL.has(byKey(rs, 'made-up-e2e.png')[0]?.status), 20_000);
        assert.deepEqual(victim.stats.log.filter((r) => r.path.includes('/api/v3/admin')), [], 'no request under the prefix from the body');
        assert.ok(victim.stats.log.some((r) => r.method === 'DELETE' && r.path === '/api/v4/account/media'), 'the documented endpoint');
        await dash.close();
        await own.close();
      }, { allow: [0, 1] });
    },
  },

  {
    name: "attack: another site's reports are not written into an erasure letter as the user's own, unless the user chooses them; file names cannot become links or spreadsheet formulas",
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '1.0', opts: { apiKey: false } }, { site: true }], async (victim, evil) => {
        const [avatar] = victim.seedUploads(1);
        const own = await driver.openPage(lemmyPage(victim, { client: '1', auth: 'cookie' }));
        const names = ['[click me](https://evil.example/phish).png', '\n =HYPERLINK("https://evil.example")', '＝cmd|\' /C calc\'!A0'];
        const aliases = [];
        for (const name of names) {
          const up = await own.evaluate((spec) => window.e2e.upload(spec, 'image'), PNG(name));
          assert.equal(up.result.value?.state, 'success', `upload ${JSON.stringify(name)}: ${JSON.stringify(up.result)}`);
          aliases.push(up.result.value.data.filename);
        }
        await own.close();
        const page = await driver.openPage(attackPage(evil.origin));
        const forged = await page.evaluate((v, f) => window.e2e.forgedAnswer(v, f, ''), victim.origin, avatar.alias);
        assert.equal(forged.value?.state, 'success', `forged answer: ${JSON.stringify(forged)}`);
        await page.close();
        const records = await waitForLedger(driver, (rs) => [avatar.alias, ...aliases].every((k) => byKey(rs, k).length === 1));
        const [reported] = byKey(records, avatar.alias);
        const ownRecords = aliases.map((a) => byKey(records, a)[0]);
        // Deletes there need the admin (no pict-rs API key): every record "needs admin".
        await driver.evaluateInExtension(PATCH_RECORDS, [reported, ...ownRecords].map((r) => [r.id, { status: 'needs-admin', reason: 'no-api-key' }]));

        const dash = await dashboardWith(driver, reported.id);
        await eventually(() => dash.evaluate(() => !!document.querySelector('button[name=draft-erasure-admin]')), Boolean, 'the admin request button');
        await dash.click('button[name=draft-erasure-admin]');
        await eventually(() => dash.evaluate(() => location.pathname.endsWith('/requests.html') && document.documentElement.dataset.requests === 'ready').catch(() => false), Boolean, 'the requests page');
        // Earlier scenarios may have left files that need an admin elsewhere: one request per instance, and the person
        // clicks the one for this instance in the list.
        const requestId = await eventually(
          () => dash.evaluate((h) => [...document.querySelectorAll('li[data-request-id]')].find((li) => li.querySelector('.req-hosts')?.textContent === h)?.dataset.requestId ?? null, host(victim.origin)),
          Boolean,
          `the request for ${host(victim.origin)} in the list`,
        );
        await dash.click(`li[data-request-id="${requestId}"] a`);
        const letterOf = (id) => document.querySelector(`[data-request-id="${CSS.escape(id)}"][data-letter="ready"] textarea[name=letter]`)?.value ?? null;
        const letter = await eventually(() => dash.evaluate(letterOf, requestId).catch(() => null), Boolean, 'the letter');
        for (const a of aliases) assert.ok(letter.includes(a), `the letter has the user's own ${a}`);
        assert.ok(!letter.includes(avatar.alias), `the letter does not claim ${host(evil.origin)}'s report as the user's own`);
        const listed = await dash.evaluate((id) => document.querySelector(`[data-item-id="${CSS.escape(id)}"]`)?.textContent ?? null, reported.id);
        assert.match(listed ?? '', new RegExp(`reported by ${host(evil.origin)}`), `the request lists it with the reporting site: ${listed}`);

        // Names are text in the Markdown letter and in the CSV.
        assert.ok(!/(^|[^\\`])\[click me\]\(https:\/\/evil\.example\/phish\)/.test(letter.replace(/`[^`]*`/g, '')), 'the file name is not a Markdown link');
        await dash.evaluate(CAPTURE_DOWNLOADS);
        await dash.click('button[name=download-md]');
        await dash.click('button[name=export-csv]');
        const downloads = await eventually(() => dash.evaluate(() => window.__e2eDownloads), (d) => d.length >= 2, 'the downloads');
        const md = downloads.find((d) => d.type.startsWith('text/markdown')).text;
        assert.ok(!/(^|[^\\`])\[click me\]\(https:\/\/evil\.example\/phish\)/.test(md.replace(/`[^`]*`/g, '')), 'the Markdown file does not link it');
        const csv = downloads.find((d) => d.type.startsWith('text/csv')).text;
        const cells = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }).flat();
        assert.ok(cells.some((c) => c.includes('HYPERLINK')), 'the CSV has the names');
        for (const value of cells) assert.doesNotMatch(value, /^[\s]*[=+\-@＝＋－＠]/, `a CSV cell a spreadsheet would run: ${JSON.stringify(value)}`);

        // Ticking it (a trusted click) puts it into the letter, shown with its reporting site.
        await dash.click(`[data-item-id="${reported.id}"] input[name=include-reported]`);
        await eventually(() => dash.evaluate(() => document.querySelector('[data-letter="ready"] textarea[name=letter]')?.value ?? ''), (l) => l.includes(avatar.alias), 'the letter to include the chosen file');
        await dash.close();
      }, { allow: [0, 1] });
    },
  },
];
