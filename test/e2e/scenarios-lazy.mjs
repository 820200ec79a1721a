// Issue 13: only a small bridge runs at document_start in every frame; the rest is injected the first time a frame's
// hook sees a watched request or the user picks a file there. Nothing may slip through before the rest arrives, and a
// page must not learn that Takeback is there.
import assert from 'node:assert/strict';
import { eventually, withServers } from './lib/attack-env.mjs';
import { warningIn } from './scenarios-warning.mjs';

const earlyPage = (s, params) => `${s.origin}/e2e/early.html?${new URLSearchParams({ jwt: s.jwt, ...params })}`;

/** The one record of the upload the Lemmy fixture `s` received last, and that upload. */
async function recordOfLastUpload(driver, s, fileName) {
  const sent = s.stats.uploads.at(-1);
  assert.ok(sent, 'the upload reached the server');
  const records = await eventually(
    async () => (await driver.readLedger()).filter((r) => r.key === sent.file),
    (rs) => rs.length > 0,
    `the record of ${fileName}`,
  );
  assert.equal(records.length, 1, JSON.stringify(records));
  const [record] = records;
  assert.equal(record.fileName, fileName);
  assert.equal(record.deleteToken, sent.deleteToken, 'the key the server returned is kept');
  assert.equal(record.pageOrigin, s.origin);
  return record;
}

/** Nothing of Takeback a page could read: no announcement, no extension URL in its resource timing. */
function nothingAnnounced(seen, where) {
  assert.deepEqual(seen.announced, [], `${where}: nothing announced to the page`);
  assert.deepEqual(seen.extensionUrls.filter((u) => !/upload-warning\.html/.test(u)), [], `${where}: no extension file in the page's resource timing`);
}

const ok = (outcome, label) => {
  assert.ok(outcome?.ok, `${label} failed: ${JSON.stringify(outcome?.error)}`);
  return outcome.value;
};

export const scenarios = [
  {
    name: "lazy bridge: an upload started by the page's first inline script (lemmy-js-client 0.19.4) is held for the warning and its key is captured, even with the background asleep",
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        // Chromium can stop the service worker: the rest of the bridge then also waits for it to start.
        await driver.stopBackground?.();
        const page = await driver.openPage(earlyPage(s, { name: 'first-script.png' }));
        const { frame, shown } = await warningIn(page);
        assert.equal(shown.files.length, 1);
        assert.equal(shown.files[0].name, 'first-script.png');
        assert.equal(s.stats.uploads.length, 0, 'held: nothing reached the server before the answer');
        await frame.click('button[name=upload]');
        const first = await page.evaluate(() => window.e2e.first());
        const value = ok(first.result, 'the first script\'s upload');
        assert.ok(first.startedAt < 1_000, `the upload started during the page's first script (${first.startedAt} ms)`);
        const record = await recordOfLastUpload(driver, s, 'first-script.png');
        assert.equal(value.files[0].file, record.key, 'the page got the answer the record was made from');
        nothingAnnounced({ announced: await page.evaluate(() => window.e2e.announced()), extensionUrls: await page.evaluate(() => window.e2e.extensionUrls()) }, 'the uploading page');
        await page.close();
      });
    },
  },

  {
    name: 'lazy bridge: an upload from the first script of a freshly added iframe is held for the warning (shown in that frame) and captured',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(earlyPage(s, { upload: '0' }));
        await page.evaluate((n) => window.e2e.addUploadingFrame(n), 'in-new-frame.png');
        const { frame, shown } = await warningIn(page);
        assert.equal(shown.files[0].name, 'in-new-frame.png');
        assert.equal(s.stats.uploads.length, 0, 'held: nothing reached the server before the answer');
        await frame.click('button[name=upload]');
        const inFrame = await page.evaluate((n) => window.e2e.frameFirst(n), 'in-new-frame.png');
        ok(inFrame.result, "the frame's upload");
        await recordOfLastUpload(driver, s, 'in-new-frame.png');
        nothingAnnounced(inFrame, 'the new frame');
        await page.close();
      });
    },
  },

  {
    name: 'lazy bridge: a page with 50 iframes and one upload (lemmy-js-client 0.19.4): the warning, then its key captured',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(earlyPage(s, { upload: '0' }));
        assert.equal(await page.evaluate(() => window.e2e.addFrames(50)), 50);
        const run = await page.evaluate(() => window.e2e.begin('upload', 'after-50-frames.png'));
        const { frame, shown } = await warningIn(page);
        assert.equal(shown.files[0].name, 'after-50-frames.png');
        await frame.click('button[name=upload]');
        ok(await page.evaluate((id) => window.e2e.finish(id), run), 'the upload');
        await recordOfLastUpload(driver, s, 'after-50-frames.png');
        assert.equal(s.stats.uploads.length, 1, 'exactly one upload');
        await page.close();
      });
    },
  },

  {
    name: 'attack: a page listening from its first script hears nothing of Takeback (no "wxt:content-script-started" message or event, no extension URL), before and after an upload it makes on a site set to Allow',
    async run({ driver }) {
      await withServers(
        driver,
        [{ lemmy: '0.19.4' }],
        async (s) => {
          const page = await driver.openPage(earlyPage(s, { upload: '0' }));
          const seen = async () => ({ announced: await page.evaluate(() => window.e2e.announced()), extensionUrls: await page.evaluate(() => window.e2e.extensionUrls()) });
          nothingAnnounced(await seen(), 'after load');
          ok(await page.evaluate(() => window.e2e.upload('allowed.png')), 'the upload');
          await recordOfLastUpload(driver, s, 'allowed.png');
          nothingAnnounced(await seen(), 'after the upload');
          await page.close();
        },
        { allow: [0] },
      );
    },
  },

  {
    name: 'attack: a page that clobbers the names the rest of the bridge looks up (<form name="browser">, <form name="__takebackBridgeCore">) before its first upload still gets the warning, and Don\'t upload sends nothing',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(earlyPage(s, { upload: '0' }));
        const run = await page.evaluate(() => window.e2e.begin('clobberThenUpload', 'clobbered.png'));
        const { frame, shown } = await warningIn(page).catch((e) => assert.fail(`no warning (${s.stats.uploads.length} uploads reached the server): ${e.message}`));
        assert.equal(shown.files[0].name, 'clobbered.png');
        await frame.click('button[name=cancel]');
        const r = await page.evaluate((id) => window.e2e.finish(id), run);
        assert.equal(r.ok, false, JSON.stringify(r));
        assert.equal(s.stats.uploads.length, 0, "Don't upload: nothing reached the server");
        await page.close();
      });
    },
  },

  {
    name: 'attack: a page that freezes its thread for 16 s right after starting its first upload does not get it through unasked: the warning comes once the page runs again',
    async run({ driver }) {
      await withServers(driver, [{ lemmy: '0.19.4' }], async (s) => {
        const page = await driver.openPage(earlyPage(s, { upload: '0' }));
        const run = await page.evaluate(() => window.e2e.begin('freezeAfterUpload', 'frozen.png', 16_000));
        const { frame, shown } = await warningIn(page, { timeoutMs: 30_000 }).catch((e) => assert.fail(`no warning (${s.stats.uploads.length} uploads reached the server): ${e.message}`));
        assert.equal(shown.files[0].name, 'frozen.png');
        assert.equal(s.stats.uploads.length, 0, 'held: nothing reached the server before the answer');
        await frame.click('button[name=cancel]');
        const r = await page.evaluate((id) => window.e2e.finish(id), run);
        assert.equal(r.ok, false, JSON.stringify(r));
        assert.equal(s.stats.uploads.length, 0, "Don't upload: nothing reached the server");
        await page.close();
      });
    },
  },
];
