// The upload warning: sites left on "Ask" (servers.asked) hold every upload behind Takeback's dialog, an extension
// page framed into the tab. Clicks and keys here are trusted input from the browser driver.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './browsers/common.mjs';
import { axeViolations } from './lib/axe.mjs';
import { byKey, lemmyPage, matrixPage, setSettings, waitForLedger } from './lib/env.mjs';
import { fields, lemmyBlocked, ok, one, open, PNG, sentSince } from './scenarios.mjs';

const IMAGES = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/images');
const fixture = (name) => fs.readFileSync(path.join(IMAGES, name)).toString('base64');
/** A JPEG whose Exif says where it was taken (Paris), and one with no metadata at all. */
export const GPS_JPEG = (name = 'holiday.jpg') => ({ name, type: 'image/jpeg', base64: fixture('gps-paris.jpg') });
const PLAIN_JPEG = (name = 'plain.jpg') => ({ name, type: 'image/jpeg', base64: fixture('plain.jpg') });
export const asFile = (spec) => ({ name: spec.name, type: spec.type, base64: spec.base64 });

const mediaCalls = (m, from) => m.stats.log.slice(from).filter((r) => r.path.startsWith('/_matrix/media/'));

/** Starts page function `fn` (see pages/common.js begin), answers the warning with a trusted click, returns the result. */
async function answer(page, fn, args, button, { files = 1, beforeAnswer = null } = {}) {
  await noWarning(page);
  const run = await page.evaluate((name, a) => window.e2e.begin(name, ...a), fn, args);
  const { frame, shown } = await warningIn(page, { files });
  if (beforeAnswer) await beforeAnswer(frame, shown);
  await frame.click(`button[name=${button}]`);
  return { frame, shown, result: await page.evaluate((id) => window.e2e.finish(id), run) };
}

/** Waits until no warning frame is left in the page (a closed one may linger a moment in the driver's frame list). */
async function noWarning(page) {
  for (const until = Date.now() + 5_000; (await page.warning(0)) !== null; await sleep(50)) {
    if (Date.now() > until) assert.fail('a warning frame is still there');
  }
}

/** Asserts that for `ms` no warning is shown in the page (an answered one may linger hidden a moment; that is fine). */
async function noDialogShown(page, ms, label) {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(50)) {
    const frame = await page.warning(0);
    const state = frame && (await frame.evaluate(`() => document.querySelector('.backdrop')?.dataset.state ?? 'loading'`).catch(() => 'gone'));
    assert.ok(state !== 'shown', `${label}: a warning is shown`);
  }
}

/** Picks files in the page's composer (or avatar) input, like a person; returns the index of the run it starts. */
export async function pick(page, selector, files) {
  await noWarning(page);
  const before = await page.evaluate(() => window.e2e.pickCount());
  await page.setFiles(selector, files);
  for (const until = Date.now() + 5_000; ; await sleep(50)) {
    if ((await page.evaluate(() => window.e2e.pickCount())) > before) return before;
    if (Date.now() > until) assert.fail(`picking in ${selector} started nothing`);
  }
}

/** In the warning frame: what it shows, once its list is there. */
const READ_WARNING = `() => {
  const box = document.querySelector('[role=alertdialog]');
  if (!box || document.querySelector('.backdrop')?.dataset.state !== 'shown') return null;
  const files = [...document.querySelectorAll('li.file')].map((li) => ({
    name: li.dataset.name,
    size: Number(li.dataset.size),
    dest: li.querySelector('.dest')?.textContent ?? '',
    details: li.querySelector('.details')?.textContent ?? '',
    preview: li.querySelector('img.preview') ? 'image' : 'icon',
    checking: !!li.querySelector('.meta-checking'),
    metadata: li.querySelector('.meta-found') ? { gps: li.querySelector('.meta-found').dataset.gps, text: li.querySelector('.meta-found').textContent, exposure: li.querySelector('.exposure')?.dataset.exposure } : null,
  }));
  const upload = document.querySelector('button[name=upload]');
  return {
    title: document.getElementById('warning-title')?.textContent ?? '',
    files,
    uploadLocked: upload?.getAttribute('aria-disabled') === 'true',
    focused: document.hasFocus() ? document.activeElement?.getAttribute('name') ?? document.activeElement?.nodeName : null,
  };
}`;

/** Waits for the warning in `page` and for its list to be read (metadata checked); returns {frame, shown}. */
export async function warningIn(page, { files = 1, timeoutMs = 10_000 } = {}) {
  const until = Date.now() + timeoutMs;
  let shown = null;
  for (;;) {
    // Asked afresh each time: the frame of a dialog just answered lingers a moment before the new one appears.
    const frame = await page.warning(Math.max(0, until - Date.now()));
    assert.ok(frame, `no warning frame appeared in ${page.url}`);
    shown = await frame.evaluate(READ_WARNING).catch(() => null);
    if (shown && shown.files.length >= files && !shown.files.some((f) => f.checking)) return { frame, shown };
    if (Date.now() > until) assert.fail(`warning never showed ${files} checked file(s): ${JSON.stringify(shown)}`);
    await sleep(50);
  }
}

const host = (origin) => new URL(origin).host;

export const scenarios = [
  {
    name: 'warning: lemmy-js-client 0.19.4 (fetch) upload waits for the dialog (name, size, destination); Upload sends exactly one request and the key is captured',
    async run({ driver, servers }) {
      const A = servers.asked;
      const page = await open(driver, lemmyPage(A));
      const from = A.stats.log.length;
      const run = await page.evaluate((spec) => window.e2e.begin('upload', spec), PNG('passport.png', 80, 60));
      const { frame, shown } = await warningIn(page);
      assert.equal(shown.files.length, 1);
      fields(shown.files[0], { name: 'passport.png', dest: `Image on ${host(A.origin)}`, preview: 'image', metadata: null }, 'listed file');
      assert.match(shown.title, new RegExp(host(A.origin).replace(/[.:]/g, '\\$&')));
      assert.deepEqual(sentSince(A, from), [], 'nothing sent while the dialog is open');
      assert.equal(await page.evaluate((id) => window.e2e.settled(id), run), false, 'the library is still waiting');
      assert.deepEqual(await axeViolations(frame), [], 'axe-core: no accessibility violation in the dialog');
      await frame.click('button[name=upload]');
      const r = await page.evaluate((id) => window.e2e.finish(id), run);
      const res = ok(r.result, 'upload after Upload');
      assert.equal(shown.files[0].size, r.file.size, 'the size shown is the file size');
      assert.deepEqual(sentSince(A, from), [{ method: 'POST', path: '/pictrs/image' }], 'exactly one request');
      const sent = A.stats.uploads.at(-1);
      assert.equal(res.files[0].file, sent.file);
      fields(one(await driver.readLedger(), sent.file), { pageOrigin: A.origin, fileName: 'passport.png', deleteToken: sent.deleteToken, transport: 'fetch' });
      await noDialogShown(page, 300, 'the warning is gone');
      await page.close();
    },
  },

  {
    name: "warning: lemmy-js-client 0.19.0 (XHR): Don't upload sends zero bytes and the library reports an abort",
    async run({ driver, servers }) {
      const A = servers.asked;
      const page = await open(driver, lemmyPage(A, { client: '0190' }));
      const from = A.stats.log.length;
      const bytesBefore = A.stats.bytes;
      const { shown, result } = await answer(page, 'upload', [PNG('selfie.png')], 'cancel');
      fields(shown.files[0], { name: 'selfie.png', dest: `Image on ${host(A.origin)}` }, 'listed file');
      lemmyBlocked(result, '0190', "Don't upload");
      assert.deepEqual(sentSince(A, from), [], 'the server received no request');
      assert.equal(A.stats.bytes, bytesBefore, 'zero bytes');
      assert.ok(!(await driver.readLedger()).some((r) => r.fileName === 'selfie.png'), 'nothing recorded');
      await page.close();
    },
  },

  {
    name: "warning: matrix-js-sdk uploadContent: the dialog names file, size and homeserver; Upload is captured, Don't upload rejects with AbortError and the homeserver sees no media request",
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.asked.origin));
      let from = m.stats.log.length;
      const size = 3 * 1024 * 1024;
      const spec = { name: 'contract.pdf', type: 'application/pdf', size };
      const yes = await answer(page, 'upload', [spec], 'upload');
      fields(yes.shown.files[0], { name: 'contract.pdf', size, dest: `File for a room or your profile on ${host(m.origin)}`, preview: 'icon' }, 'listed file');
      const mxc = ok(yes.result.result, 'upload after Upload').content_uri;
      // The held XMLHttpRequest is sent on the page's own object after Upload: its real progress events reach the app.
      assert.ok(yes.result.progress.length >= 1, 'progress events after Upload');
      assert.equal(yes.result.progress.at(-1).loaded, size, 'progress reaches the whole file');
      assert.equal(mediaCalls(m, from).filter((r) => r.method === 'POST').length, 1, 'one upload request');
      fields(one(await waitForLedger(driver, (rs) => byKey(rs, mxc).length), mxc), { fileName: 'contract.pdf', size, transport: 'xhr' });

      from = m.stats.log.length;
      const no = await answer(page, 'upload', [{ name: 'private.pdf', type: 'application/pdf', size: 999 }], 'cancel');
      assert.deepEqual(no.result.result, { ok: false, error: { name: 'AbortError', message: '' } }, 'uploadContent rejects with AbortError');
      assert.deepEqual(no.result.progress, [], 'no progress reported');
      assert.deepEqual(mediaCalls(m, from), [], 'the homeserver saw no media request, not even a preflight');
      await page.close();
    },
  },

  {
    name: 'warning: a JPEG with GPS Exif shows the location with the Lemmy wording on Lemmy and the Matrix wording on Matrix; a JPEG without metadata shows none',
    async run({ driver, servers }) {
      const A = servers.asked;
      const lemmy = await open(driver, lemmyPage(A));
      let violations = null;
      const gps = await answer(lemmy, 'upload', [GPS_JPEG()], 'cancel', { beforeAnswer: async (frame) => (violations = await axeViolations(frame)) });
      const found = gps.shown.files[0].metadata;
      assert.ok(found, `no metadata warning: ${JSON.stringify(gps.shown.files[0])}`);
      fields(found, { gps: 'yes', exposure: 'lemmy' }, 'lemmy metadata');
      assert.match(found.text, /Location: 48\.8\d+, 2\.29\d+/, 'the coordinates are shown');
      assert.match(found.text, /Lemmy removes this from the copy it shows publicly, but the original file/);
      assert.deepEqual(violations, [], 'axe-core: no violation with the location warning shown');
      const plain = await answer(lemmy, 'upload', [PLAIN_JPEG()], 'cancel');
      assert.equal(plain.shown.files[0].metadata, null, 'no warning for a file without metadata');
      await lemmy.close();

      const matrix = await open(driver, matrixPage(servers.matrix, A.origin));
      const mgps = await answer(matrix, 'upload', [GPS_JPEG()], 'cancel');
      fields(mgps.shown.files[0].metadata, { gps: 'yes', exposure: 'matrix' }, 'matrix metadata');
      assert.match(mgps.shown.files[0].metadata.text, /Matrix keeps the file exactly as sent/);
      await matrix.close();
    },
  },

  {
    name: 'warning: several files at once get one dialog: three lemmy-js-client uploads started together are listed together and Upload sends all three',
    async run({ driver, servers }) {
      const A = servers.asked;
      const page = await open(driver, lemmyPage(A));
      const from = A.stats.log.length;
      const specs = [PNG('one.png', 10, 10), PNG('two.png', 20, 20), PNG('three.png', 30, 30)];
      const { shown, result } = await answer(page, 'uploadMany', [specs], 'upload', { files: 3 });
      assert.deepEqual(shown.files.map((f) => f.name).sort(), ['one.png', 'three.png', 'two.png']);
      for (const r of result) ok(r.result, 'each upload');
      assert.equal(sentSince(A, from).length, 3, 'three requests');
      await noDialogShown(page, 500, 'no second dialog');
      await page.close();
    },
  },

  {
    name: 'warning: an image picked in a room (Element sends a nameless thumbnail, then the file) is asked about once, showing the picked file; both uploads and the message go; two images picked at once get one dialog',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.asked.origin));
      const from = m.stats.log.length;
      const i = await pick(page, '#composer-file', [asFile(PLAIN_JPEG('beach.jpg'))]);
      const { frame, shown } = await warningIn(page);
      assert.deepEqual(shown.files.map((f) => [f.name, f.preview]), [['beach.jpg', 'image']], 'the picked file, not the thumbnail');
      await frame.click('button[name=upload]');
      const r = ok(await page.evaluate((n) => window.e2e.pickResult(n), i), 'send')[0];
      assert.ok(r.thumb && r.main, 'thumbnail and file uploaded');
      assert.equal(mediaCalls(m, from).filter((q) => q.method === 'POST').length, 2, 'two uploads');
      assert.equal(m.stats.events.at(-1)?.content?.url, r.main, 'the message went');
      await noDialogShown(page, 300, 'asked once');

      // Two images picked at once (Element's "Upload all"): one dialog lists both; Upload lets all four uploads go.
      const before = m.stats.log.length;
      const both = await pick(page, '#composer-file', [asFile(PLAIN_JPEG('left.jpg')), asFile(GPS_JPEG('right.jpg'))]);
      const two = await warningIn(page, { files: 2 });
      assert.deepEqual(two.shown.files.map((f) => f.name).sort(), ['left.jpg', 'right.jpg'], 'both picked files, once each');
      await two.frame.click('button[name=upload]');
      const sentBoth = ok(await page.evaluate((n) => window.e2e.pickResult(n), both), 'send both');
      assert.deepEqual(sentBoth.map((x) => x.name), ['left.jpg', 'right.jpg']);
      assert.equal(mediaCalls(m, before).filter((q) => q.method === 'POST').length, 4, 'two thumbnails and two files');
      await noDialogShown(page, 300, 'one dialog for both');
      await page.close();
    },
  },

  {
    name: 'warning: encrypted room: the request carries ciphertext, yet the dialog shows the picked file (name, image preview) as an encrypted room attachment; Don\'t upload sends nothing',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, `${matrixPage(m, servers.asked.origin)}&encrypted=1&room=!secret:e2e.test`);
      const from = m.stats.log.length;
      const i = await pick(page, '#composer-file', [asFile(GPS_JPEG('id-card.jpg'))]);
      const { frame, shown } = await warningIn(page);
      assert.equal(shown.files.length, 1);
      fields(shown.files[0], { name: 'id-card.jpg', preview: 'image', dest: `Encrypted room attachment on ${host(m.origin)}` }, 'listed file');
      fields(shown.files[0].metadata, { gps: 'yes', exposure: 'matrix-encrypted' }, 'metadata of the picked file');
      await frame.click('button[name=cancel]');
      const r = await page.evaluate((n) => window.e2e.pickResult(n), i);
      assert.equal(r.ok, false, 'the send failed as aborted');
      assert.equal(r.error.name, 'AbortError');
      assert.deepEqual(mediaCalls(m, from), [], 'the homeserver saw no media request');
      // Element will say "Upload Failed"; Takeback says what really happened (issue 12 §2).
      let notes = [];
      for (const until = Date.now() + 3_000; !notes.some((t) => /chose .Don.t upload/.test(t)) && Date.now() < until; await sleep(50)) notes = await page.shadowTexts('takeback-notice');
      const said = notes.find((t) => /chose .Don.t upload/.test(t));
      assert.ok(said, `a notice says the user chose not to upload: ${JSON.stringify(notes)}`);
      assert.match(said, /id-card\.jpg/, 'naming the picked file');
      assert.match(said, /says the upload failed/, 'and why the site reports a failure');
      await page.close();
    },
  },

  {
    name: 'warning: on Element (which confirms attachments itself) a composer pick without metadata uploads with no second prompt; a GPS photo, an avatar picked in a settings dialog, and "always ask" do prompt',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, `${matrixPage(m, servers.asked.origin)}&element=1`);
      // plain image from the composer: Element already asked; Takeback stays silent
      let i = await pick(page, '#composer-file', [asFile(PLAIN_JPEG('cat.jpg'))]);
      ok(await page.evaluate((n) => window.e2e.pickResult(n), i), 'plain composer pick uploads without Takeback asking');
      await noDialogShown(page, 300, 'no Takeback dialog');
      // a photo with a location: Takeback has something to add
      i = await pick(page, '#composer-file', [asFile(GPS_JPEG('home.jpg'))]);
      let w = await warningIn(page);
      fields(w.shown.files[0], { name: 'home.jpg' }, 'GPS pick');
      assert.ok(w.shown.files[0].metadata, 'location shown');
      await w.frame.click('button[name=cancel]');
      assert.equal((await page.evaluate((n) => window.e2e.pickResult(n), i)).ok, false, 'cancelled');
      // avatar: Element does not confirm these
      i = await pick(page, '#avatar-file', [asFile(PLAIN_JPEG('me.jpg'))]);
      w = await warningIn(page);
      fields(w.shown.files[0], { name: 'me.jpg' }, 'avatar pick');
      await w.frame.click('button[name=upload]');
      ok(await page.evaluate((n) => window.e2e.pickResult(n), i), 'avatar set');
      // "always ask": the plain composer pick prompts too
      await setSettings(driver, { alwaysAsk: true });
      try {
        i = await pick(page, '#composer-file', [asFile(PLAIN_JPEG('dog.jpg'))]);
        w = await warningIn(page);
        fields(w.shown.files[0], { name: 'dog.jpg' }, 'always ask');
        await w.frame.click('button[name=upload]');
        ok(await page.evaluate((n) => window.e2e.pickResult(n), i), 'sent after Upload');
      } finally {
        await setSettings(driver, { alwaysAsk: false });
      }
      await page.close();
    },
  },

  {
    name: "warning: the page's own abort while the dialog is open (matrix-js-sdk AbortController) ends the upload as the library expects, closes the dialog, and nothing is sent",
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.asked.origin));
      const from = m.stats.log.length;
      const run = await page.evaluate((spec, o) => window.e2e.begin('upload', spec, o), { name: 'abort-me.txt', type: 'text/plain', size: 2048 }, { abortAfterMs: 2500 });
      const { shown } = await warningIn(page);
      fields(shown.files[0], { name: 'abort-me.txt' }, 'listed file');
      const r = await page.evaluate((id) => window.e2e.finish(id), run);
      assert.deepEqual(r.result, { ok: false, error: { name: 'AbortError', message: '' } }, 'uploadContent rejects with AbortError');
      for (const until = Date.now() + 5_000; (await page.warning(0)) !== null; await sleep(50)) {
        if (Date.now() > until) assert.fail('the dialog stayed open after the page aborted');
      }
      assert.deepEqual(mediaCalls(m, from), [], 'the homeserver saw no media request');
      await page.close();
    },
  },
];
