// Taking uploads back: capture → one click → the file's URL answers 404. Each scenario starts its own fixture
// instances (their counters and files are its own) and sets them to "Allow" so the upload goes straight through.
import assert from 'node:assert/strict';
import { sleep } from './browsers/common.mjs';
import { allowSites, byKey, lemmyPage, waitForLedger } from './lib/env.mjs';
import { PAGES_OUT } from './lib/pages.mjs';
import { startLemmy } from './servers/lemmy.mjs';
import { ok, open, PNG } from './scenarios.mjs';

const CLIENT = { '0.18': '0194', '0.19.0': '0190', '0.19.4': '0194', '0.19.12': '0194', '1.0': '1' };

let instanceCount = 0;
/** Fixture instances for one scenario, closed afterwards; each hands out its own aliases. */
export async function withInstances(driver, specs, fn) {
  const servers = await Promise.all(specs.map((spec) => startLemmy({ staticDir: PAGES_OUT, prefix: `del${++instanceCount}x`, ...spec })));
  try {
    await allowSites(driver, servers.map((s) => s.origin));
    return await fn(...servers);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

/** Uploads a PNG from the instance's own page as lemmy-ui does (login in the `jwt` cookie); returns the page and alias. */
export async function uploadFrom(driver, s, name = 'id-card.png') {
  const page = await open(driver, lemmyPage(s, { client: CLIENT[s.version], auth: 'cookie' }));
  const r = await page.evaluate((spec) => window.e2e.upload(spec), PNG(name));
  ok(r.result, `upload to ${s.version}`);
  const alias = s.stats.uploads.at(-1).file;
  const records = await waitForLedger(driver, (rs) => byKey(rs, alias).length === 1);
  assert.equal(byKey(records, alias).length, 1, `captured ${alias}`);
  return { page, alias, id: byKey(records, alias)[0].id };
}

/**
 * In the popup for the page: clicks the row's Delete button, then (its confirmation shows the file as the instance
 * serves it now) Delete <name> (real clicks).
 */
async function clickDelete(driver, siteUrl, alias) {
  const popup = await driver.openPopupPage(siteUrl);
  try {
    await popup.click(`li.upload[data-key="${alias}"] button[name=delete]`);
    await popup.click(`li.upload[data-key="${alias}"] button[name=confirm-delete]`);
  } finally {
    await sleep(100);
    await popup.close();
  }
}

const FINAL = new Set(['verified-gone', 'still-online', 'failed', 'needs-admin', 'deleted-unverified']);
export async function finalRecord(driver, alias, timeoutMs = 20_000) {
  const records = await waitForLedger(driver, (rs) => FINAL.has(byKey(rs, alias)[0]?.status), timeoutMs);
  const record = byKey(records, alias)[0];
  assert.ok(record && FINAL.has(record.status), `no final status for ${alias}: ${JSON.stringify(record?.status)}`);
  return record;
}

/** What the popup row says about the record now. */
async function popupRow(driver, siteUrl, alias) {
  const popup = await driver.openPopupPage(siteUrl);
  try {
    return await popup.evaluate((key) => {
      const row = document.querySelector(`li.upload[data-key="${key}"]`);
      return row ? { text: row.textContent, status: row.querySelector('.status')?.textContent ?? '' } : null;
    }, alias);
  } finally {
    await popup.close();
  }
}

const deletesOf = (s, alias) => s.stats.deletes.filter((d) => d.alias === alias);

const perVersion = Object.keys(CLIENT).map((version) => ({
  name: `delete: lemmy ${version}: capture → Delete in the popup, confirmed with the file in view → the URL answers 404 → "verified gone"`,
  async run({ driver }) {
    await withInstances(driver, [{ version }], async (s) => {
      const { page, alias } = await uploadFrom(driver, s);
      assert.ok(s.files.has(alias));
      await clickDelete(driver, page.url, alias);
      const record = await finalRecord(driver, alias);
      assert.equal(record.status, 'verified-gone', `status (reason ${record.reason}, ${record.detail})`);
      assert.equal(s.files.has(alias), false, 'the fixture no longer has the file');
      assert.deepEqual(deletesOf(s, alias).map((d) => d.status), [version === '1.0' ? 200 : 204], 'exactly one delete request');
      assert.ok(record.checkedAt && record.nextCheckAt > record.checkedAt, 're-check scheduled');
      const row = await popupRow(driver, page.url, alias);
      assert.match(row?.text ?? '', /gone/i, `popup row says the file is gone: ${row?.text}`);
      await page.close();
    });
  },
}));

export const scenarios = [
  ...perVersion,

  {
    name: 'delete: wrong token (0.19.0 drops its own row) → failed, said plainly; logged out → "log in, then retry"',
    async run({ driver }) {
      await withInstances(driver, [{ version: '0.19.0' }], async (s) => {
        const wrong = await uploadFrom(driver, s, 'a.png');
        // The record's token no longer matches (as after an instance restore): rewrite it in the ledger.
        await driver.evaluateInExtension(
          (id) =>
            new Promise((resolve, reject) => {
              const req = indexedDB.open('takeback');
              req.onsuccess = () => {
                const tx = req.result.transaction('uploads', 'readwrite');
                const store = tx.objectStore('uploads');
                const get = store.get(id);
                get.onsuccess = () => store.put({ ...get.result, deleteToken: 'not-the-token' });
                tx.oncomplete = () => (req.result.close(), resolve(true));
                tx.onerror = () => reject(tx.error);
              };
            }),
          wrong.id,
        );
        await clickDelete(driver, wrong.page.url, wrong.alias);
        const failed = await finalRecord(driver, wrong.alias);
        assert.equal(failed.status, 'failed');
        assert.equal(failed.reason, 'wrong-token');
        assert.equal(failed.serverRecordDropped, true);
        assert.ok(s.files.has(wrong.alias), 'still online');
        assert.match((await popupRow(driver, wrong.page.url, wrong.alias))?.text ?? '', /refused the delete key/i);

        const loggedOut = await uploadFrom(driver, s, 'b.png');
        await loggedOut.page.evaluate(() => (document.cookie = 'jwt=; max-age=0; path=/'));
        await clickDelete(driver, loggedOut.page.url, loggedOut.alias);
        const record = await finalRecord(driver, loggedOut.alias);
        assert.equal(record.reason, 'logged-out');
        assert.ok(s.files.has(loggedOut.alias));
        assert.match((await popupRow(driver, loggedOut.page.url, loggedOut.alias))?.text ?? '', /log in/i);
        await wrong.page.close();
        await loggedOut.page.close();
      });
    },
  },

  {
    name: 'delete: a server that keeps serving the image after its 204 ends in "still online"',
    async run({ driver }) {
      await withInstances(driver, [{ version: '0.19.4', keepServing: true }], async (s) => {
        const { page, alias } = await uploadFrom(driver, s);
        await clickDelete(driver, page.url, alias);
        const record = await finalRecord(driver, alias);
        assert.equal(record.status, 'still-online', `status ${record.status} (${record.reason})`);
        assert.equal(record.reason, 'still-served');
        assert.match((await popupRow(driver, page.url, alias))?.text ?? '', /still online/i);
        await page.close();
      });
    },
  },

  {
    name: 'delete: Lemmy 1.0 without the pict-rs API key → "needs admin"; 0.19.12 another account → not the owner',
    async run({ driver }) {
      const other = 'e2e-another-account';
      await withInstances(driver, [{ version: '1.0', apiKey: false }, { version: '0.19.12', users: { [other]: { name: 'bob' } } }], async (v1, v12) => {
        const a = await uploadFrom(driver, v1);
        await clickDelete(driver, a.page.url, a.alias);
        const needsAdmin = await finalRecord(driver, a.alias);
        assert.equal(needsAdmin.status, 'needs-admin');
        assert.equal(needsAdmin.reason, 'no-api-key');
        assert.ok(v1.files.has(a.alias));

        const b = await uploadFrom(driver, v12);
        // Someone else is logged in on that instance now.
        await b.page.evaluate((jwt) => (document.cookie = `jwt=${jwt}; path=/`), other);
        await clickDelete(driver, b.page.url, b.alias);
        const notOwner = await finalRecord(driver, b.alias);
        assert.equal(notOwner.status, 'failed');
        assert.equal(notOwner.reason, 'not-owner');
        assert.ok(v12.files.has(b.alias));
        await a.page.close();
        await b.page.close();
      });
    },
  },

  {
    name: 'delete: with no tab of the instance open, Takeback opens one in the background, deletes, and closes it',
    async run({ driver }) {
      await withInstances(driver, [{ version: '0.19.4' }], async (s) => {
        const { page, alias, id } = await uploadFrom(driver, s);
        await page.close();
        const before = await driver.tabs();
        await driver.evaluateInExtension((ids) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'delete', ids }), [id]);
        const record = await finalRecord(driver, alias);
        assert.equal(record.status, 'verified-gone', `status ${record.status} (${record.reason})`);
        const until = Date.now() + 5_000;
        let after = await driver.tabs();
        while (after.length > before.length && Date.now() < until) {
          await sleep(100);
          after = await driver.tabs();
        }
        assert.ok(!after.some((u) => u.startsWith(s.origin)), `the opened tab was closed: ${JSON.stringify(after)}`);
      });
    },
  },
];
