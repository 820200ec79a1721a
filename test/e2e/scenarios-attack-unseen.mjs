// Issue 11 §4: uploads from places the page-world hook cannot see. Frames Takeback can run in (blob: and sandboxed
// srcdoc frames) get the hook, so their uploads wait for the warning; for workers, service workers, sendBeacon and
// plain <form> posts, Takeback sees the request leave and tells the user it has no key for it, in the page and in the
// dashboard.
import assert from 'node:assert/strict';
import { sleep } from './browsers/common.mjs';
import { attackPage, eventually, noticeMatching, recordsOn, withServers } from './lib/attack-env.mjs';
import { warningIn } from './scenarios-warning.mjs';

const host = (origin) => new URL(origin).host;
const watchState = (settings) => settings.evaluate(() => document.querySelector('[data-unseen-watch]')?.dataset.unseenWatch ?? null);
const watchStatus = (settings) => settings.evaluate(() => document.querySelector('[data-unseen-watch] [role=status]')?.textContent ?? null);

/**
 * Makes sure Takeback watches requests its hook cannot see, as a user would: in Chrome the watch is an optional
 * permission (it costs every request, utils/unseen-watch.ts), turned on with a click in Settings, acting once the
 * browser restarts; in Firefox it is always on.
 */
export async function withUnseenWatch(driver) {
  let settings = await driver.openOptionsPage();
  const state = await eventually(() => watchState(settings), (s) => s && s !== 'loading', 'the watch setting');
  if (state === 'off') {
    await settings.click('input[name=unseen-watch]');
    await eventually(() => watchState(settings), (s) => s === 'after-restart', 'the watch to be granted');
    assert.match(await watchStatus(settings), /restart the browser/i, 'Settings says it acts after a restart');
    await settings.close();
    await driver.restart();
    settings = await driver.openOptionsPage();
  }
  const now = await eventually(() => watchState(settings), (s) => s === 'on' || s === 'built-in', 'the watch to be on');
  await settings.close();
  return now;
}
const begin = (page, fn, ...args) => page.evaluate((name, a) => window.e2e.begin(name, ...a), fn, args);
const finish = (page, run) => page.evaluate((id) => window.e2e.finish(id), run);

export const scenarios = [
  ...['blob-frame', 'srcdoc-frame'].map((variant) => ({
    name: `attack: an upload from a ${variant === 'blob-frame' ? 'blob:' : 'sandboxed srcdoc'} frame waits for the warning like any other`,
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(attackPage(s.origin, s.jwt));
        const run = await begin(page, 'unseen', variant, `${s.origin}/pictrs/image`);
        const { frame } = await warningIn(page).catch((e) => assert.fail(`no warning (${s.stats.uploads.length} uploads reached the server): ${e.message}`));
        assert.equal(s.stats.uploads.length, 0, 'nothing left before the answer');
        await frame.click('button[name=cancel]');
        const r = await finish(page, run);
        assert.match(String(r?.error), /AbortError/, `the frame's fetch was stopped: ${JSON.stringify(r)}`);
        await sleep(300);
        assert.equal(s.stats.uploads.length, 0, "Don't upload: nothing reached the server");
        await page.close();
      });
    },
  })),

  ...['worker', 'service-worker', 'beacon', 'form'].map((variant) => ({
    name: `attack: an upload from ${{ worker: 'a dedicated worker', 'service-worker': "the site's service worker", beacon: 'navigator.sendBeacon', form: 'a plain multipart <form>' }[variant]} is not silent: the page and the dashboard say an upload left without Takeback seeing its key`,
    async run({ driver }) {
      await withUnseenWatch(driver);
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(attackPage(s.origin, s.jwt));
        // A port the OS hands out again can carry an earlier scenario's records: only this test's count.
        const since = Date.now();
        await page.evaluate((v, url) => window.e2e.unseen(v, url), variant, `${s.origin}/pictrs/image`);
        await eventually(async () => s.stats.uploads.length, (n) => n === 1, 'the upload to reach the server');
        await noticeMatching(page, new RegExp(`upload to ${host(s.origin).replace('.', '\\.')}.*without Takeback`, 'i'), 'the in-page notice', 15_000);
        const fresh = async () => (await recordsOn(driver, s)).filter((r) => r.uploadedAt >= since);
        const [record] = await eventually(fresh, (rs) => rs.length === 1, 'a record of the upload whose key is unknown', 15_000);
        assert.equal(record.status, 'key-unknown', JSON.stringify(record));
        assert.equal(record.pageOrigin, s.origin, 'reported by the browser for the site that sent it');
        const dash = await driver.openDashboard();
        const row = await eventually(() => dash.evaluate((id) => document.querySelector(`[role=row][data-id="${CSS.escape(id)}"]`)?.textContent ?? null, record.id), Boolean, 'the row');
        assert.match(row, /key.*unknown|unknown key|no key/i, row);
        await dash.close();
        await page.close();
      }, { allow: [0] });
    },
  })),

  {
    name: "the watch for unseen uploads: off by default in Chrome, where it costs every request, and Settings says so; a click turns it on, once the browser restarts; always on in Firefox",
    async run({ driver, browser }) {
      const settings = await driver.openOptionsPage();
      let state = await eventually(() => watchState(settings), (s) => s && s !== 'loading', 'the watch setting');
      if (browser === 'firefox') {
        assert.equal(state, 'built-in');
        assert.equal(await settings.evaluate(() => document.querySelector('input[name=unseen-watch]') === null), true, 'nothing to turn off in Firefox');
        assert.match(await watchStatus(settings), /always on/i);
        return void (await settings.close());
      }
      // The shard's browser may have it on from an earlier test: a click turns it off, as a user would.
      if (state !== 'off') {
        await settings.click('input[name=unseen-watch]');
        state = await eventually(() => watchState(settings), (s) => s === 'off', 'the watch to be off');
      }
      const hint = await settings.evaluate(() => document.querySelector('[data-unseen-watch]').textContent);
      assert.match(hint, /every request of every site/i, 'Settings names the cost');
      assert.match(await watchStatus(settings), /^Off\..*no sign from Takeback/i, 'Off says what then goes unnoticed');
      const manifest = await driver.evaluateInExtension(() => chrome.runtime.getManifest());
      assert.ok(!manifest.permissions.includes('webRequest') && manifest.optional_permissions.includes('webRequest'), 'Chrome asks for it only as optional');
      const granted = () => driver.evaluateInExtension(() => chrome.permissions.contains({ permissions: ['webRequest'] }));
      assert.equal(await granted(), false, 'the permission is not held while off');
      await settings.close();
      assert.equal(await withUnseenWatch(driver), 'on', 'a click and a restart turn it on');
      assert.equal(await granted(), true);
    },
  },
];
