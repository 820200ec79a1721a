// Issue 11: attacks on the page-world hook. Each scenario is a page that tries to make Takeback misreport or miss an
// upload, or to break the page's own uploads; it checks what reached the server, the ledger and the screen.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './browsers/common.mjs';
import { attackPage, eventually, noticeMatching, withServers } from './lib/attack-env.mjs';
import { byKey, waitForLedger } from './lib/env.mjs';
import { warningIn } from './scenarios-warning.mjs';

const IMAGES = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/images');

/** Starts window.e2e[fn](...args) without waiting (it may sit behind the warning); returns its run id. */
const begin = (page, fn, ...args) => page.evaluate((name, a) => window.e2e.begin(name, ...a), fn, args);
const finish = (page, run) => page.evaluate((id) => window.e2e.finish(id), run);
const settled = (page, run) => page.evaluate((id) => window.e2e.settled(id), run);
const uploadsOf = (s) => s.stats.uploads.length;

export const scenarios = [
  {
    name: 'attack: a page that replaces window.URL gets its upload to its own server recorded as one to another site (fetch, XHR)',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }, { lemmy: '0.19.4' }], async (victim, attacker) => {
        const page = await driver.openPage(attackPage(attacker.origin, attacker.jwt));
        for (const transport of ['fetch', 'xhr']) {
          const r = await page.evaluate((to, claim, t) => window.e2e.replacedUrl(to, claim, t), attacker.origin, `${victim.origin}/pictrs/image`, transport);
          assert.equal(r.value?.status, 201, `${transport}: the upload reached the page's own server: ${JSON.stringify(r)}`);
        }
        assert.equal(uploadsOf(victim), 0, 'nothing was sent to the other site');
        const aliases = attacker.stats.uploads.map((u) => u.file);
        const records = await waitForLedger(driver, (rs) => aliases.every((a) => byKey(rs, a).length === 1));
        for (const alias of aliases) {
          const [record] = byKey(records, alias);
          assert.ok(record, `${alias} was captured`);
          assert.equal(record.instanceOrigin, attacker.origin, `${alias} is recorded for the server the browser sent it to`);
        }
        assert.deepEqual(records.filter((r) => r.instanceOrigin === victim.origin).map((r) => r.key), [], 'no record claims the other site');
        await page.close();
      }, { allow: [1] });
    },
  },

  ...['signal', 'method'].map((which) => ({
    name: `attack: an init.${which} getter that answers the hook one thing and the browser another gets the upload out with no warning`,
    async run({ driver }) {
      // The site is left on "Ask": no upload may leave before the user answers. The getter's first answer is what the
      // browser itself would read without Takeback (an object that is no AbortSignal, or GET with a body): a TypeError.
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(attackPage(s.origin, s.jwt));
        const run = await begin(page, 'twoFacedInit', s.origin, which);
        const outcome = await eventually(
          async () => ((await settled(page, run)) ? 'settled' : (await page.warning(0)) ? 'warning' : null),
          Boolean,
          'the fetch to settle or the warning to appear',
          5_000,
        );
        if (outcome === 'warning') {
          assert.equal(uploadsOf(s), 0, 'nothing left while the warning waits');
          await (await page.warning(0)).click('button[name=cancel]');
        }
        const r = await finish(page, run);
        assert.equal(uploadsOf(s), 0, `nothing reached the server without the user's answer (${outcome}): ${JSON.stringify(r)}`);
        assert.equal(s.stats.bytes, 0, 'not a byte');
        assert.equal(r.ok, false);
        // The getter was read once, by the hook, and the browser got that value: a refused request (TypeError), or an
        // upload that waited for the warning and was denied.
        assert.equal(r.error.name, outcome === 'warning' ? 'AbortError' : 'TypeError', `as the one read decided: ${JSON.stringify(r.error)}`);
        assert.ok(r.value === undefined, 'no answer from the server reached the page');
        await page.close();
      });
    },
  })),

  {
    name: 'attack: upload descriptions the bridge could not read (65 files, a 1,025-character name, an 8 KB URL, Array.prototype.toJSON, a recursive toJSON) are warned about, then captured',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(attackPage(s.origin, s.jwt));
        for (const [variant, files] of [['many-files', 65], ['long-name', 1], ['long-url', 1], ['array-tojson', 1], ['recursive-tojson', 1]]) {
          const before = uploadsOf(s);
          const run = await begin(page, 'unreadable', variant, s.origin);
          const { frame, shown } = await warningIn(page, { files: Math.min(files, 64) }).catch((e) => assert.fail(`${variant}: ${e.message}`));
          assert.equal(uploadsOf(s), before, `${variant}: nothing left before the answer`);
          if (variant === 'long-name') assert.ok(shown.files[0].name.length <= 256 && shown.files[0].name.startsWith('nnnn'), `${variant}: the name, shortened: ${shown.files[0].name.length}`);
          if (variant === 'many-files') {
            const summary = await frame.evaluate(() => document.getElementById('warning-summary')?.textContent ?? '');
            assert.match(summary, /\b65\b/, `${variant}: the dialog counts all 65 files: ${summary}`);
          }
          await eventually(() => frame.evaluate(() => document.querySelector('button[name=upload]')?.getAttribute('aria-disabled')), (v) => v === 'false', `${variant}: Upload unlocks`);
          await frame.click('button[name=upload]');
          const r = await finish(page, run);
          assert.equal(r.value?.status, 201, `${variant}: uploaded: ${JSON.stringify(r).slice(0, 300)}`);
          const aliases = s.stats.uploads.slice(before).map((u) => u.file);
          assert.equal(aliases.length, files, `${variant}: ${files} file(s) reached the server`);
          const records = await waitForLedger(driver, (rs) => aliases.every((a) => byKey(rs, a).length === 1));
          assert.deepEqual(aliases.filter((a) => byKey(records, a).length !== 1), [], `${variant}: every key was saved`);
          if (variant === 'long-name') assert.ok(byKey(records, aliases[0])[0].fileName.length <= 256, `${variant}: the stored name is shortened`);
        }
        await page.close();
      });
    },
  },

  {
    name: 'attack: a page that replaces window.Promise (zone.js, as every Angular app) uploads exactly as without Takeback',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(`${s.origin}/e2e/zoned.html?${new URLSearchParams({ jwt: s.jwt })}`);
        assert.deepEqual(await page.evaluate(() => window.e2e.zone()), { zone: true, promise: 'ZoneAwarePromise' }, 'zone.js replaced window.Promise');
        const run = await begin(page, 'upload', 'angular.png');
        const { frame } = await warningIn(page);
        await eventually(() => frame.evaluate(() => document.querySelector('button[name=upload]')?.getAttribute('aria-disabled')), (v) => v === 'false', 'Upload unlocks');
        await frame.click('button[name=upload]');
        const r = await eventually(() => settled(page, run), (done) => done === true, 'the upload to finish', 10_000).then(() => finish(page, run));
        assert.equal(r.ok, true, `lemmy-js-client resolved: ${JSON.stringify(r)}`);
        assert.equal(r.value.msg, 'ok');
        const alias = r.value.files[0].file;
        assert.equal(s.stats.uploads.at(-1)?.file, alias, 'the server got it');
        const records = await waitForLedger(driver, (rs) => byKey(rs, alias).length === 1);
        assert.equal(byKey(records, alias)[0]?.deleteToken, r.value.files[0].delete_token, 'and its key was saved');
        await page.close();
      });
    },
  },

  ...['move', 'move-remove', 'reload'].map((mode) => ({
    name: `attack: a page that ${mode === 'reload' ? 'takes out and puts back (so its frame reloads)' : mode === 'move' ? 'moves' : 'moves, then removes,'} the warning ends that upload as denied with a notice, and the next upload is asked about again`,
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(attackPage(s.origin, s.jwt));
        await page.evaluate((m) => window.e2e.tamper(m), mode);
        const run = await begin(page, 'upload', s.origin, 'tampered.png');
        await eventually(() => page.evaluate(() => window.e2e.tampered()), (done) => done.length > 0, 'the page to tamper with the warning');
        const r = await eventually(() => settled(page, run), (done) => done === true, 'the tampered upload to end', 8_000).then(() => finish(page, run));
        assert.equal(r.ok, false, `the upload did not go: ${JSON.stringify(r)}`);
        assert.equal(r.error.name, 'AbortError');
        assert.equal(uploadsOf(s), 0, 'nothing reached the server');
        await noticeMatching(page, /stopped|not uploaded|warning/i);
        await page.evaluate(() => window.e2e.tamper(null));

        // The tab is not stuck: the next upload is asked about, and goes on Upload.
        const next = await begin(page, 'upload', s.origin, 'after.png');
        const { frame } = await warningIn(page);
        await eventually(() => frame.evaluate(() => document.querySelector('button[name=upload]')?.getAttribute('aria-disabled')), (v) => v === 'false', 'Upload unlocks');
        await frame.click('button[name=upload]');
        const after = await finish(page, next);
        assert.equal(after.value?.status, 201, `the next upload went: ${JSON.stringify(after)}`);
        await page.close();
      });
    },
  })),

  {
    name: "attack (Element): a trusted click on Don't upload the moment the warning appears acts, every time",
    async run({ browser }) {
      const jpeg = { name: 'home.jpg', type: 'image/jpeg', base64: fs.readFileSync(path.join(IMAGES, 'gps-paris.jpg')).toString('base64') };
      // A browser just started, its first tab on Element, as a person opens it (the shared one has had other tabs).
      const driver = await (await import(`./browsers/${browser}.mjs`)).launch({});
      try {
      await withServers(driver, [{ matrix: {} }], async (m) => {
        const page = await driver.openPage(`${m.origin}/e2e/matrix.html?${new URLSearchParams({ hs: m.origin, token: m.token, user: m.userId, element: '1' })}`);
        for (let i = 0; i < 6; i++) {
          const before = await page.evaluate(() => window.e2e.pickCount());
          // A photo with a location, picked in the room: Element asked already, so Takeback's warning appears only once the
          // photo's metadata is read, and the click comes as it appears.
          await page.setFiles('#composer-file', [{ ...jpeg, name: `home-${i}.jpg` }]);
          // Asked afresh each time: the frame's first document is replaced as it loads.
          const { frame } = await eventually(
            async () => {
              const f = await page.warning(0);
              return { frame: f, state: f && (await f.evaluate(() => document.querySelector('.backdrop')?.dataset.state).catch(() => null)) };
            },
            (w) => w.state === 'shown',
            'the warning to show',
            10_000,
            10,
          );
          // The mouse rests where the last answer was given, as a hand does: the click comes a moment later, unmoved.
          await sleep(300);
          await frame.click('button[name=cancel]', { now: true });
          const done = await eventually(() => page.evaluate((n) => window.e2e.pickSettled(n), before), (v) => v !== null, 'the pick to start');
          const ended = await eventually(() => page.evaluate((n) => window.e2e.pickSettled(n), before), (v) => v === true, `try ${i + 1}: the first click to end the upload`, 3_000).catch(() => false);
          assert.ok(done !== null && ended === true, `try ${i + 1}: the first trusted click on Don't upload did not act`);
          const r = await page.evaluate((n) => window.e2e.pickResult(n), before);
          assert.equal(r.ok, false, `try ${i + 1}: the upload did not go`);
        }
        assert.equal(m.stats.uploads.length, 0, 'nothing was uploaded');
        await page.close();
      });
      } finally {
        await driver.close();
      }
    },
  },
];
