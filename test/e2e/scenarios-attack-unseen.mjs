// Issue 11 §4: uploads from places the page-world hook cannot see. Frames Takeback can run in (blob: and sandboxed
// srcdoc frames) get the hook, so their uploads wait for the warning; for workers, service workers, sendBeacon and
// plain <form> posts, Takeback sees the request leave and tells the user it has no key for it, in the page and in the
// dashboard.
import assert from 'node:assert/strict';
import { sleep } from './browsers/common.mjs';
import { attackPage, eventually, noticeMatching, recordsOn, withServers } from './lib/attack-env.mjs';
import { warningIn } from './scenarios-warning.mjs';

const host = (origin) => new URL(origin).host;
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
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(attackPage(s.origin, s.jwt));
        await page.evaluate((v, url) => window.e2e.unseen(v, url), variant, `${s.origin}/pictrs/image`);
        await eventually(async () => s.stats.uploads.length, (n) => n === 1, 'the upload to reach the server');
        await noticeMatching(page, new RegExp(`upload to ${host(s.origin).replace('.', '\\.')}.*without Takeback`, 'i'), 'the in-page notice', 15_000);
        const [record] = await eventually(() => recordsOn(driver, s), (rs) => rs.length === 1, 'a record of the upload whose key is unknown', 15_000);
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
];
