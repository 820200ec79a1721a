// The scenarios. Each runs against one browser driver with the PRODUCTION build loaded; `only` limits a scenario
// to the browsers that can express it. Assertions use node:assert; a scenario fails on the first broken one.
import assert from 'node:assert/strict';
import { sleep } from './browsers/common.mjs';
import { byKey, lemmyPage, matrixPage, waitForLedger } from './lib/env.mjs';
import { axeViolations } from './lib/axe.mjs';
import { policyShown, storedPolicies, tabWalk, typeText, waitFor, writePolicies } from './lib/options-page.mjs';

/** Asserts obj has every field of `expected` with that exact value (deep). */
function fields(obj, expected, label = 'record') {
  assert.ok(obj, `${label} missing`);
  for (const [k, v] of Object.entries(expected)) assert.deepEqual(obj[k], v, `${label}.${k}`);
}
const one = (records, key, label = key) => {
  const found = byKey(records, key);
  assert.equal(found.length, 1, `expected exactly one record for ${label}, got ${found.length}: ${JSON.stringify(records.map((r) => r.key))}`);
  return found[0];
};
const ok = (outcome, label) => {
  assert.ok(outcome?.ok, `${label} failed: ${JSON.stringify(outcome?.error)}`);
  return outcome.value;
};
async function open(driver, url) {
  const page = await driver.openPage(url);
  const ready = await page.evaluate(() => window.e2e?.ready === true);
  assert.ok(ready, `test page did not start: ${url}`);
  return page;
}
async function popupLists(driver, site, keys) {
  const popup = await driver.openPopup(site);
  assert.equal(popup.state, 'ready', `popup state for ${site}`);
  for (const k of keys) assert.ok(popup.keys.includes(k), `popup for ${site} lacks ${k}: ${JSON.stringify(popup.keys)}`);
  assert.equal(popup.count, popup.keys.length, 'ul.uploads[data-count] matches the rows');
  assert.ok(popup.today >= keys.length, `.today[data-today]=${popup.today} counts today's captures`);
  return popup;
}
const PNG = (name, w = 64, h = 48) => ({ name, png: [w, h] });

// ---------------------------------------------------------------------------------------------------------------
// Per-site upload policy: the popup's "Never upload from this site" box, storage.local `sitePolicies`.

/** In the popup: waits until the box has loaded the stored policy (it is disabled until then), then describes it. */
const READ_NEVER_BOX = `() => new Promise((resolve) => {
  const t0 = Date.now();
  (function poll() {
    const box = document.querySelector('input[name=never-upload]');
    if (box && !box.disabled) return resolve({ checked: box.checked, label: box.closest('label')?.textContent ?? '' });
    if (Date.now() - t0 > 10000) return resolve({ missing: !box, disabled: !!box?.disabled });
    setTimeout(poll, 50);
  })();
})`;
/** In an extension page: the stored per-site policies. */
const READ_POLICIES = `() => (globalThis.browser ?? globalThis.chrome).storage.local.get('sitePolicies').then((r) => r.sitePolicies ?? null)`;
/** In an extension page: records every click event, whether the browser marked it trusted, and on what. */
const SPY_CLICKS = `() => {
  window.__e2eClicks = [];
  document.addEventListener('click', (e) => window.__e2eClicks.push({ trusted: e.isTrusted, tag: e.target.nodeName, name: e.target.name ?? null }), true);
}`;

async function neverBox(popup, site) {
  const box = await popup.evaluate(READ_NEVER_BOX);
  assert.ok(box && 'checked' in box, `popup for ${site}: no usable never-upload box: ${JSON.stringify(box)}`);
  assert.match(box.label, /Never upload from this site/, 'the box is labelled');
  return box;
}

/**
 * Sets "Never upload from this site" for `site` the way a person does: opens the popup for it and, if the box is
 * not already as wanted, clicks it with a real (trusted) mouse click. Waits until storage.local has the policy for
 * the site's origin; returns the stored policies. `expectBefore` asserts what the box showed when the popup opened.
 */
async function setNeverUpload(driver, site, never, { expectBefore } = {}) {
  const origin = new URL(site).origin;
  const popup = await driver.openPopupPage(site);
  try {
    const before = await neverBox(popup, site);
    if (expectBefore !== undefined) assert.equal(before.checked, expectBefore, `popup for ${origin} showed never-upload ${before.checked}`);
    if (before.checked !== never) {
      await popup.evaluate(SPY_CLICKS);
      await popup.click('input[name=never-upload]');
      const clicks = await popup.evaluate(() => window.__e2eClicks);
      assert.ok(clicks.length >= 1 && clicks.every((c) => c.trusted), `the click was not trusted: ${JSON.stringify(clicks)}`);
      assert.ok(clicks.some((c) => c.name === 'never-upload'), `the click did not reach the box: ${JSON.stringify(clicks)}`);
    }
    let policies;
    for (const until = Date.now() + 5_000; ; await sleep(50)) {
      policies = (await popup.evaluate(READ_POLICIES)) ?? {};
      if ((policies[origin] === 'never') === never || Date.now() > until) break;
    }
    if (never) assert.equal(policies[origin], 'never', `storage.local sitePolicies after ticking: ${JSON.stringify(policies)}`);
    else assert.ok(!(origin in policies), `unticking stores nothing ("ask" is the default): ${JSON.stringify(policies)}`);
    assert.equal((await popup.evaluate(`() => document.querySelector('input[name=never-upload]').checked`)), never, 'the box shows it');
    return policies;
  } finally {
    await popup.close();
  }
}

/** Everything but page loads that reached a fixture server since its log had `from` entries. */
const sentSince = (server, from) => server.stats.log.slice(from).filter((r) => r.method !== 'GET');
/** What a server had stored, to show a blocked upload changed nothing. */
const serverState = (server) => ({ bytes: server.stats.bytes, uploads: server.stats.uploads.length, answers: server.stats.answers.length });

/** Waits for the page's in-page notices; asserts each is Takeback's closed-shadow notice. */
async function noticesIn(page, atLeast = 1) {
  let notices = [];
  for (const until = Date.now() + 3_000; ; await sleep(50)) {
    notices = await page.evaluate(() => window.e2e.notices());
    if (notices.length >= atLeast || Date.now() > until) break;
  }
  assert.ok(notices.length >= atLeast, `expected a takeback-notice in ${page.url}, found ${notices.length}`);
  for (const n of notices) assert.deepEqual(n, { parent: 'BODY', shadowRoot: null, attachShadow: 'NotSupportedError', text: '' }, 'takeback-notice with a closed shadow root');
  return notices;
}

/** Starts an upload on a site left on "Ask", clicks Upload in Takeback's warning (trusted), returns the library's result. */
async function uploadThroughWarning(page, spec) {
  const run = await page.evaluate((sp) => window.e2e.begin('upload', sp), spec);
  const frame = await page.warning();
  assert.ok(frame, 'the warning appeared');
  await frame.click('button[name=upload]');
  return page.evaluate((id) => window.e2e.finish(id), run);
}

/** What a blocked lemmy-js-client upload must look like: the library tried, and got an abort. */
function lemmyBlocked(r, client, label) {
  if (client === '0190') {
    assert.equal(r.xhr.length, 1, `${label}: lemmy-js-client 0.19.0 opened its XMLHttpRequest`);
    assert.equal(r.fetch.length, 0);
    // cross-fetch 3.1.8 (whatwg-fetch) rejects from xhr.onabort with its own DOMException('Aborted', 'AbortError')
    assert.deepEqual(r.result, { ok: false, error: { name: 'AbortError', message: 'Aborted' } }, `${label}: what lemmy-js-client 0.19.0 surfaces`);
  } else {
    assert.equal(r.fetch.length, 1, `${label}: lemmy-js-client 0.19.4 called fetch`);
    assert.equal(r.xhr.length, 0);
    assert.deepEqual(r.result, { ok: false, error: { name: 'AbortError', message: 'The user aborted a request.' } }, `${label}: what lemmy-js-client 0.19.4 surfaces`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// "Behaviour unchanged": the same library calls against fresh servers, with and without the extension.

const LEMMY_LIMIT_BODY = 2.5 * 1024 * 1024;
const MATRIX_TOO_LARGE = 25 * 1024 * 1024;
// Large enough that, past what the loopback socket buffers swallow at once, the upload still takes seconds: Firefox
// spaces upload progress events out, and 8 MB sometimes left only two.
const MATRIX_SLOW = 16 * 1024 * 1024;

// Shared with the warning-dialog scenarios (scenarios-warning.mjs).
export { fields, lemmyBlocked, noticesIn, ok, one, open, PNG, READ_POLICIES, sentSince, serverState };

export async function runProbes(driver, servers) {
  const { lemmy, matrix } = servers;
  const out = {};
  const t0 = Date.now();
  const lap = (what) => process.env.E2E_DEBUG && console.log(`#   probes ${driver.name}: ${what} ${Date.now() - t0} ms`);
  const normalise = (v) => {
    let s = JSON.stringify(v);
    for (const [name, srv] of Object.entries({ ...lemmy, matrix, ui: servers.ui, evil: servers.evil })) s = s.replaceAll(srv.origin, `<${name}>`);
    return JSON.parse(s);
  };

  let p = await open(driver, lemmyPage(lemmy['0.19.4']));
  out.lemmy0194 = await p.evaluate((s) => window.e2e.upload(s), PNG('probe.png'));
  out.lemmy0194TooLarge = await p.evaluate((s) => window.e2e.upload(s), { name: 'big.png', type: 'image/png', size: LEMMY_LIMIT_BODY });
  await p.close();
  lap('lemmy 0.19.4 done');
  p = await open(driver, lemmyPage(lemmy['0.19.4'], { auth: 'none' }));
  out.lemmy0194NoLogin = await p.evaluate((s) => window.e2e.upload(s), PNG('nologin.png'));
  await p.close();
  lap('lemmy no-login done');
  p = await open(driver, lemmyPage(lemmy['0.19.0'], { client: '0190' }));
  out.lemmy0190 = await p.evaluate((s) => window.e2e.upload(s), PNG('probe.png'));
  out.lemmy0190TooLarge = await p.evaluate((s) => window.e2e.upload(s), { name: 'big.png', type: 'image/png', size: LEMMY_LIMIT_BODY });
  await p.close();
  lap('lemmy 0.19.0 done');
  p = await open(driver, lemmyPage(lemmy['1.0'], { client: '1' }));
  out.lemmy1 = await p.evaluate((s) => window.e2e.upload(s, 'image'), PNG('probe.png'));
  out.lemmy1TooLarge = await p.evaluate((s) => window.e2e.upload(s, 'image'), { name: 'big.png', type: 'image/png', size: LEMMY_LIMIT_BODY });
  await p.close();

  lap('lemmy 1.0 done');
  p = await open(driver, matrixPage(matrix, servers.ui.origin));
  out.matrix = await p.evaluate((r, s) => window.e2e.sendImage(r, s, { thumbnail: false }), '!probe:e2e.test', PNG('probe.png'));
  out.matrixTooLarge = await p.evaluate((s) => window.e2e.upload(s), { name: 'huge.bin', type: 'application/zip', size: MATRIX_TOO_LARGE });
  lap('matrix upload+send+413 done');
  matrix.slowMs = 15;
  try {
    out.matrixSlow = await p.evaluate((s) => window.e2e.upload(s), { name: 'slow.bin', type: 'application/zip', size: MATRIX_SLOW, seed: 5 });
    const before = { uploads: matrix.stats.uploads.length, incomplete: matrix.stats.incomplete };
    out.matrixAbort = await p.evaluate((s, o) => window.e2e.upload(s, o), { name: 'aborted.bin', type: 'application/zip', size: MATRIX_SLOW, seed: 6 }, { abortAfter: 1 });
    // The server reads slowly, so it sees the client go only after draining what the socket had buffered.
    for (let i = 0; i < 160 && matrix.stats.incomplete === before.incomplete; i++) await sleep(50);
    out.matrixAbortServer = { completed: matrix.stats.uploads.length - before.uploads, incomplete: matrix.stats.incomplete - before.incomplete };
  } finally {
    matrix.slowMs = 0;
  }
  await p.close();
  lap('matrix slow+abort done');
  p = await open(driver, matrixPage(matrix, servers.ui.origin, { token: '' }));
  out.matrixNoToken = await p.evaluate((s) => window.e2e.upload(s), PNG('notoken.png'));
  await p.close();
  lap('all done');
  return normalise(out);
}

/** What must be identical between the two runs (progress arrives in browser-chosen steps, so only its shape counts). */
function comparable(probe) {
  const { progress, ...rest } = probe;
  return { ...rest, progress: progress ? { some: progress.length > 0, last: progress.at(-1) } : undefined };
}

function same(withExt, without, k) {
  const a = comparable(withExt[k]);
  const b = comparable(without[k]);
  assert.deepEqual(a, b, `${k} differs with the extension:\n  with:    ${JSON.stringify(a)}\n  without: ${JSON.stringify(b)}`);
}

// ---------------------------------------------------------------------------------------------------------------

export const scenarios = [
  {
    name: 'first install opens welcome.html',
    async run({ driver }) {
      const until = Date.now() + 5_000;
      let tabs = await driver.tabs();
      while (!tabs.some((u) => u.startsWith(`${driver.extensionBase}welcome.html`)) && Date.now() < until) {
        await sleep(200);
        tabs = await driver.tabs();
      }
      assert.ok(tabs.some((u) => u === `${driver.extensionBase}welcome.html`), `welcome tab not opened: ${JSON.stringify(tabs)}`);
    },
  },

  {
    name: 'lemmy 0.19.4 (native fetch bound at page load, Bearer): alias, delete token, URL, details; popup lists it',
    async run({ driver, servers }) {
      const s = servers.lemmy['0.19.4'];
      const page = await open(driver, lemmyPage(s));
      const r = await page.evaluate((spec) => window.e2e.upload(spec), PNG('sunset.png', 64, 48));
      const res = ok(r.result, 'upload');
      assert.equal(r.xhr.length, 0, 'lemmy-js-client 0.19.4 uses fetch');
      assert.equal(r.fetch.length, 1);
      const sent = s.stats.uploads.at(-1);
      assert.equal(res.files[0].file, sent.file, 'library got the server answer');
      assert.equal(s.stats.answers.at(-1).status, 201);
      const rec = one(await driver.readLedger(), sent.file); // fetch path: committed before the page got its Response
      fields(rec, {
        platform: 'lemmy', api: 'lemmy-v3', kind: 'image', instanceOrigin: s.origin, pageOrigin: s.origin,
        url: `${s.origin}/pictrs/image/${sent.file}`, deleteToken: sent.deleteToken, fileName: 'sunset.png',
        mime: 'image/png', size: r.file.size, width: 64, height: 48, transport: 'fetch', status: 'captured',
      });
      assert.equal(res.url, rec.url, 'record URL is the one lemmy-js-client builds');
      const withThumb = await waitForLedger(driver, (rs) => byKey(rs, sent.file)[0]?.thumb);
      assert.match(byKey(withThumb, sent.file)[0].thumb ?? '', /^data:image\/jpeg;base64,/, 'thumbnail stored');
      await popupLists(driver, page.url, [sent.file]);
      await page.close();
    },
  },

  {
    name: 'lemmy 0.19.0 (cross-fetch 3.1.8 -> whatwg-fetch XHR, responseType blob): alias + delete token',
    async run({ driver, servers }) {
      const s = servers.lemmy['0.19.0'];
      const page = await open(driver, lemmyPage(s, { client: '0190' }));
      const r = await page.evaluate((spec) => window.e2e.upload(spec), PNG('old.png', 30, 20));
      const res = ok(r.result, 'upload');
      assert.deepEqual(r.xhr, [{ method: 'POST', url: `${s.origin}/pictrs/image` }], 'the upload really went through XMLHttpRequest');
      assert.equal(r.fetch.length, 0, 'and not through window.fetch');
      const sent = s.stats.uploads.at(-1);
      assert.equal(res.files[0].delete_token, sent.deleteToken);
      const records = await waitForLedger(driver, (rs) => byKey(rs, sent.file).length); // XHR is reported, not held
      const rec = one(records, sent.file);
      fields(rec, {
        api: 'lemmy-v3', transport: 'xhr', deleteToken: sent.deleteToken, url: `${s.origin}/pictrs/image/${sent.file}`,
        instanceOrigin: s.origin, pageOrigin: s.origin, fileName: 'old.png', mime: 'image/png', size: r.file.size,
      });
      assert.equal(rec.width, undefined, '0.19.0 drops details');
      await popupLists(driver, page.url, [sent.file]);
      await page.close();
    },
  },

  {
    name: 'lemmy 0.18 (jwt cookie only): captured; without the cookie a 502 and no record',
    async run({ driver, servers }) {
      const s = servers.lemmy['0.18'];
      const page = await open(driver, lemmyPage(s, { auth: 'cookie' }));
      const r = await page.evaluate((spec) => window.e2e.upload(spec), PNG('legacy.png', 50, 40));
      ok(r.result, 'upload');
      const sent = s.stats.uploads.at(-1);
      fields(s.stats.answers.at(-1), { status: 201 });
      fields(one(await driver.readLedger(), sent.file), {
        api: 'lemmy-v3', deleteToken: sent.deleteToken, url: `${s.origin}/pictrs/image/${sent.file}`, width: 50, height: 40,
        instanceOrigin: s.origin, pageOrigin: s.origin,
      });
      await page.close();
      // Bearer alone does not count on 0.18
      const before = (await driver.readLedger()).length;
      const bare = await open(driver, lemmyPage(s, { auth: 'bearer', origin: s.origin.replace('127.0.0.1', 'localhost'), instance: s.origin }));
      const r2 = await bare.evaluate((spec) => window.e2e.upload(spec), PNG('nocookie.png'));
      assert.equal(s.stats.answers.at(-1).status, 502);
      assert.equal(r2.result.ok, false, 'the library sees the 502 as an error');
      await sleep(300);
      assert.equal((await driver.readLedger()).length, before, 'a failed upload is not recorded');
      await bare.close();
    },
  },

  {
    name: 'lemmy 1.0 (/api/v4 image, avatar, banner, community icon/banner, site icon/banner): filename, URL, kind',
    async run({ driver, servers }) {
      const s = servers.lemmy['1.0'];
      const page = await open(driver, lemmyPage(s, { client: '1' }));
      const kinds = ['image', 'avatar', 'banner', 'community-icon', 'community-banner', 'site-icon', 'site-banner'];
      const keys = [];
      for (const kind of kinds) {
        const r = await page.evaluate((spec, k) => window.e2e.upload(spec, k), PNG(`${kind}.png`, 20, 20), kind);
        const res = ok(r.result, kind);
        assert.equal(res.state, 'success', `${kind}: ${JSON.stringify(res)}`);
        assert.equal(s.stats.answers.at(-1).status, 200);
        const sent = s.stats.uploads.at(-1);
        assert.equal(res.data.filename, sent.file);
        const rec = one(await driver.readLedger(), sent.file);
        fields(rec, {
          platform: 'lemmy', api: 'lemmy-v4', kind, key: sent.file, url: res.data.image_url, fileName: `${kind}.png`,
          mime: 'image/png', instanceOrigin: s.origin, pageOrigin: s.origin, transport: 'fetch',
        }, kind);
        assert.equal(rec.deleteToken, undefined, '1.0 has no delete token');
        keys.push(sent.file);
      }
      assert.match(s.stats.uploads.find((u) => u.route === 'community/icon').query, /id=1/);
      await popupLists(driver, page.url, keys);
      await page.close();
    },
  },

  {
    name: 'cross-origin front end (localhost page -> 127.0.0.1 instance, CORS + Bearer): instanceOrigin vs pageOrigin',
    async run({ driver, servers }) {
      const s = servers.lemmy['0.19.4'];
      const preflights = s.stats.preflights;
      const page = await open(driver, lemmyPage(s, { origin: servers.ui.origin, instance: s.origin }));
      const r = await page.evaluate((spec) => window.e2e.upload(spec), PNG('remote.png'));
      ok(r.result, 'upload');
      assert.ok(s.stats.preflights > preflights, 'the browser sent a CORS preflight (Authorization header)');
      const sent = s.stats.uploads.at(-1);
      fields(one(await driver.readLedger(), sent.file), { instanceOrigin: s.origin, pageOrigin: servers.ui.origin, deleteToken: sent.deleteToken });
      await popupLists(driver, `${servers.ui.origin}/anything`, [sent.file]);
      const instancePopup = await driver.openPopup(`${s.origin}/`);
      assert.ok(!instancePopup.keys.includes(sent.file), 'listed under the page that uploaded, not the instance');
      await page.close();
    },
  },

  {
    name: 'matrix upload (XHR) + m.room.message: mxc, homeserver, name, mime, size, room and event',
    async run({ driver, servers, state }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.ui.origin));
      const r = await page.evaluate((room, spec) => window.e2e.sendImage(room, spec, { thumbnail: false }), '!plain:e2e.test', {
        name: 'Holiday photo.png', png: [120, 80],
      });
      const eventId = ok(r.sent, 'send').event_id;
      const sent = m.stats.uploads.at(-1);
      assert.equal(sent.filename, encodeURIComponent('Holiday photo.png'), 'matrix-js-sdk double-encodes the name on the wire');
      const records = await waitForLedger(driver, (rs) => byKey(rs, r.main)[0]?.eventId);
      const rec = one(records, r.main);
      fields(rec, {
        platform: 'matrix', api: 'matrix-media', kind: 'attachment', mxc: r.main, instanceOrigin: m.origin, pageOrigin: servers.ui.origin,
        url: `${m.origin}/_matrix/client/v1/media/download/e2e.test/${sent.mediaId}`, fileName: 'Holiday photo.png',
        mime: 'image/png', size: sent.size, encrypted: false, roomId: '!plain:e2e.test', eventId, transport: 'xhr',
      });
      state.foreignMxc = r.main;
      await popupLists(driver, page.url, [r.main]);
      await page.close();
    },
  },

  {
    name: 'matrix thumbnail uploaded first, then the file, m.room.message info.thumbnail_url: paired',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.ui.origin));
      const r = await page.evaluate((room, spec) => window.e2e.sendImage(room, spec), '!thumbs:e2e.test', { name: 'big picture.png', png: [400, 300] });
      const eventId = ok(r.sent, 'send').event_id;
      const records = await waitForLedger(driver, (rs) => byKey(rs, r.thumb)[0]?.thumbnailOf && byKey(rs, r.main)[0]?.eventId);
      const main = one(records, r.main);
      const thumb = one(records, r.thumb);
      fields(main, { kind: 'attachment', roomId: '!thumbs:e2e.test', eventId, fileName: 'big picture.png' }, 'main');
      fields(thumb, { kind: 'thumbnail', thumbnailOf: main.id, roomId: '!thumbs:e2e.test', eventId, fileName: null, mime: 'image/png', encrypted: false }, 'thumbnail');
      await page.close();
    },
  },

  {
    name: 'matrix encrypted upload (nameless octet-stream Blob) + m.room.encrypted: encrypted, linked to room',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.ui.origin));
      const r = await page.evaluate((room) => window.e2e.sendEncrypted(room, 7000), '!secret:e2e.test');
      const eventId = ok(r.sent, 'send').event_id;
      const sent = m.stats.uploads.at(-1);
      assert.equal(sent.filename, null, 'no filename on the wire');
      assert.equal(sent.type, 'application/octet-stream');
      assert.equal(m.stats.events.at(-1).type, 'm.room.encrypted');
      const records = await waitForLedger(driver, (rs) => byKey(rs, r.mxc)[0]?.eventId);
      fields(one(records, r.mxc), {
        encrypted: true, fileName: null, mime: 'application/octet-stream', size: 7000, mxc: r.mxc, roomId: '!secret:e2e.test', eventId,
        instanceOrigin: m.origin, pageOrigin: servers.ui.origin,
      });
      await page.close();
    },
  },

  {
    name: 'matrix profile avatar_url and m.room.avatar state: kinds avatar and room-avatar',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.ui.origin));
      const a = await page.evaluate((spec) => window.e2e.setAvatar(spec), PNG('me.png', 40, 40));
      ok(a.set, 'setAvatarUrl');
      const ra = await page.evaluate((room, spec) => window.e2e.setRoomAvatar(room, spec), '!club:e2e.test', PNG('club.png', 40, 40));
      const roomEvent = ok(ra.set, 'sendStateEvent').event_id;
      assert.deepEqual(m.stats.profile.at(-1).content, { avatar_url: a.mxc });
      fields(m.stats.state.at(-1), { type: 'm.room.avatar', stateKey: '' });
      const records = await waitForLedger(driver, (rs) => byKey(rs, a.mxc)[0]?.kind === 'avatar' && byKey(rs, ra.mxc)[0]?.kind === 'room-avatar');
      fields(one(records, a.mxc), { kind: 'avatar', fileName: 'me.png' });
      fields(one(records, ra.mxc), { kind: 'room-avatar', roomId: '!club:e2e.test', eventId: roomEvent, fileName: 'club.png' });
      await page.close();
    },
  },

  {
    name: 'matrix r0 and v1 upload endpoints and async create + PUT (fetch): captured',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.ui.origin));
      const r0 = await page.evaluate((v, spec) => window.e2e.rawUpload(v, spec), 'r0', { name: 'r0.txt', type: 'text/plain', size: 300 });
      const v1 = await page.evaluate((v, spec) => window.e2e.rawUpload(v, spec), 'v1', { name: 'v1.txt', type: 'text/plain', size: 301 });
      const as = await page.evaluate((spec) => window.e2e.asyncUpload(spec), { name: 'async.pdf', type: 'application/pdf', size: 302 });
      assert.equal(r0.status, 200);
      assert.equal(v1.status, 200);
      assert.deepEqual([as.status, as.body], [200, {}]);
      const records = await driver.readLedger(); // all fetch: committed before the page saw the response
      fields(one(records, r0.body.content_uri), { fileName: 'r0.txt', mime: 'text/plain', size: 300, transport: 'fetch', instanceOrigin: m.origin });
      fields(one(records, v1.body.content_uri), { fileName: 'v1.txt', size: 301 });
      fields(one(records, as.mxc), { fileName: 'async.pdf', mime: 'application/pdf', size: 302, mxc: as.mxc });
      await page.close();
    },
  },

  {
    name: 'unchanged: successful uploads give the library the same result with and without the extension',
    async run({ probes }) {
      const { withExt, without } = await probes();
      for (const k of ['lemmy0194', 'lemmy0190', 'lemmy1', 'matrix']) same(withExt, without, k);
      assert.equal(withExt.lemmy0190.xhr.length, 1, 'the 0.19.0 client used XHR in both runs');
    },
  },

  {
    name: 'unchanged: 413 surfaces as the same error (lemmy too_large via fetch and XHR, 1.0, matrix M_TOO_LARGE); nothing recorded',
    async run({ probes, driver }) {
      const { withExt, without } = await probes();
      for (const k of ['lemmy0194TooLarge', 'lemmy0190TooLarge', 'lemmy1TooLarge', 'matrixTooLarge']) same(withExt, without, k);
      assert.deepEqual(withExt.lemmy0194TooLarge.result, { ok: true, value: { msg: 'too_large' } });
      assert.equal(withExt.matrixTooLarge.result.error.errcode, 'M_TOO_LARGE');
      assert.equal(withExt.matrixTooLarge.result.error.httpStatus, 413);
      const names = (await driver.readLedger()).map((r) => r.fileName);
      assert.ok(!names.includes('big.png') && !names.includes('huge.bin'), 'rejected uploads are not in the ledger');
    },
  },

  {
    name: 'unchanged: missing login surfaces the same (lemmy incorrect_login, matrix M_MISSING_TOKEN); nothing recorded',
    async run({ probes, driver }) {
      const { withExt, without } = await probes();
      for (const k of ['lemmy0194NoLogin', 'matrixNoToken']) same(withExt, without, k);
      assert.equal(withExt.lemmy0194NoLogin.result.value.error, 'incorrect_login');
      assert.equal(withExt.matrixNoToken.result.error.errcode, 'M_MISSING_TOKEN');
      const names = (await driver.readLedger()).map((r) => r.fileName);
      assert.ok(!names.includes('nologin.png') && !names.includes('notoken.png'));
    },
  },

  {
    name: 'matrix-js-sdk progressHandler events arrive during a slow large upload, as without the extension',
    async run({ probes, driver }) {
      const { withExt, without, servers } = await probes();
      for (const run of [withExt, without]) {
        const p = run.matrixSlow.progress;
        // Browsers report upload progress per MB handed to the socket, after the socket's buffers filled: a loaded
        // machine gave as few as two events (CI, Firefox). What matters is that some arrive before the end.
        assert.ok(p.length >= 2 && p[0].loaded < MATRIX_SLOW, `expected progress before the end ${run === withExt ? 'with' : 'without'} the extension, got ${p.length}: ${JSON.stringify(p)}`);
        assert.deepEqual(p.at(-1), { loaded: MATRIX_SLOW, total: MATRIX_SLOW });
        assert.ok(p.every((e, i) => i === 0 || e.loaded >= p[i - 1].loaded), 'monotonic');
      }
      assert.deepEqual(comparable(withExt.matrixSlow), comparable(without.matrixSlow));
      const mxc = withExt.matrixSlow.result.value.content_uri;
      const fromProbe = (rs) => rs.filter((r) => r.instanceOrigin === servers.matrix.origin);
      const records = fromProbe(await waitForLedger(driver, (rs) => byKey(fromProbe(rs), mxc).length));
      fields(one(records, mxc), { size: MATRIX_SLOW, fileName: 'slow.bin', mime: 'application/zip', transport: 'xhr' });
    },
  },

  {
    name: 'aborted matrix upload rejects as AbortError, the server completed no upload, nothing recorded',
    async run({ probes, driver }) {
      const { withExt, without } = await probes();
      for (const run of [withExt, without]) {
        assert.equal(run.matrixAbort.result.ok, false);
        assert.equal(run.matrixAbort.result.error.name, 'AbortError');
        assert.deepEqual(run.matrixAbortServer, { completed: 0, incomplete: 1 });
      }
      assert.deepEqual(withExt.matrixAbort.result, without.matrixAbort.result);
      assert.ok(withExt.matrixAbort.progress.length >= 1 && without.matrixAbort.progress.length >= 1, 'aborted after the first progress event');
      await sleep(300);
      assert.ok(!(await driver.readLedger()).some((r) => r.fileName === 'aborted.bin'));
    },
  },

  {
    name: 'nothing lost: service worker stopped between capture and read, and woken by the next upload',
    only: ['chromium'],
    async run({ driver, servers }) {
      const s = servers.lemmy['0.19.4'];
      const page = await open(driver, lemmyPage(s));
      ok((await page.evaluate((spec) => window.e2e.upload(spec), PNG('before-stop.png'))).result, 'upload');
      const first = s.stats.uploads.at(-1).file;
      assert.equal(await driver.stopBackground(), 'stopped');
      assert.equal(await driver.backgroundRunning(), false, 'service worker is stopped');
      one(await driver.readLedger(), first, 'record written before the stop');
      assert.equal(await driver.backgroundRunning(), false, 'reading the database did not need the worker');
      ok((await page.evaluate((spec) => window.e2e.upload(spec), PNG('after-stop.png'))).result, 'upload after stop');
      const second = s.stats.uploads.at(-1).file;
      fields(one(await driver.readLedger(), second, 'record of the upload that woke the worker'), { fileName: 'after-stop.png', deleteToken: s.stats.uploads.at(-1).deleteToken });
      await popupLists(driver, page.url, [first, second]);
      await page.close();
    },
  },

  {
    name: 'nothing lost: page closed as soon as its fetch upload callback ran (lemmy-js-client 0.19.4)',
    async run({ driver, servers }) {
      const s = servers.lemmy['0.19.4'];
      const page = await open(driver, lemmyPage(s));
      ok((await page.evaluate((spec) => window.e2e.upload(spec), PNG('closing.png'))).result, 'fetch upload');
      await page.close();
      // No waiting: the fetch path hands the page its Response only once the record is committed.
      fields(one(await driver.readLedger(), s.stats.uploads.at(-1).file, 'fetch upload'), { fileName: 'closing.png', transport: 'fetch' });
    },
  },

  {
    name: 'nothing lost: page closed as soon as its XHR upload callback ran (matrix-js-sdk uploadContent)',
    async run({ driver, servers }) {
      const m = servers.matrix;
      const page = await open(driver, matrixPage(m, servers.ui.origin));
      const r = await page.evaluate((spec) => window.e2e.upload(spec), { name: 'closing.txt', type: 'text/plain', size: 2048 });
      await page.close();
      const mxc = ok(r.result, 'xhr upload').content_uri;
      const records = await waitForLedger(driver, (rs) => byKey(rs, mxc).length);
      fields(one(records, mxc, 'XHR upload'), { fileName: 'closing.txt', transport: 'xhr' });
    },
  },

  {
    name: 'hostile page: forged/replayed handshake, guessed channels, about:blank frame, foreign upload; no cross-origin records, no extension data',
    async run({ driver, servers, state }) {
      const s = servers.lemmy['0.19.4'];
      const m = servers.matrix;
      const others = (rs) => rs.filter((r) => r.pageOrigin !== servers.evil.origin).map(({ thumb, ...r }) => r);
      const before = await driver.readLedger();
      const page = await open(driver, `${servers.evil.origin}/e2e/hostile.html`);
      const report = await page.evaluate((a) => window.e2e.attack(a), {
        foreignInstance: s.origin, jwt: s.jwt, extensionBase: driver.extensionBase, foreignMxc: state.foreignMxc ?? 'mxc://e2e.test/none',
        homeserver: m.origin, matrixToken: m.token,
      });
      const upload = ok(report.upload, 'hostile upload');
      await sleep(500);
      const after = await driver.readLedger();
      // 1. nothing forged got in, under any origin
      for (const key of ['forged-handshake.png', 'forged-guess.png']) assert.equal(byKey(after, key).length, 0, `${key} was recorded`);
      const iframe = byKey(after, 'forged-iframe.png');
      assert.ok(iframe.every((r) => r.pageOrigin === servers.evil.origin), 'a frame of the page can only ever speak for the page');
      // 2. its real upload to another origin's server is attributed to the page itself
      fields(one(after, upload.files[0].file), { pageOrigin: servers.evil.origin, instanceOrigin: s.origin });
      assert.ok(after.filter((r) => r.pageOrigin === servers.evil.origin).every((r) => r.instanceOrigin === s.origin || r.key.startsWith('forged-iframe')));
      // 3. nobody else's records changed (the page named someone else's mxc in its own message)
      assert.equal(report.claim.value, 200);
      assert.deepEqual(others(after), others(before), 'records of other origins untouched');
      // 4. no extension data reachable from the page
      const { reach } = report;
      assert.equal(reach.browserGlobal, false, 'no `browser` global in the page');
      if (reach.chromeRuntime) assert.ok(!reach.sendMessage.ok || reach.sendMessage.value === null, `chrome.runtime.sendMessage answered: ${JSON.stringify(reach.sendMessage)}`);
      assert.equal(reach.fetchPopup.ok, false, `page could fetch the popup: ${JSON.stringify(reach.fetchPopup)}`);
      assert.equal(reach.fetchManifest.ok, false, 'page could fetch the manifest');
      assert.ok(!(reach.databases ?? []).includes('takeback'), 'no takeback database in the page origin');
      assert.deepEqual(report.leaked, [], 'the page saw channel traffic');
      assert.equal(report.channel.recorded.filter((t) => t !== 'takeback:hello-hook' && t !== 'takeback:hello-bridge' && t !== 'takeback:secret').length, 0);
      state.hostileFrameSecret = report.channel.frameSecretObtained;
      await page.close();
    },
  },

  {
    name: 'never upload: ticked in the popup (trusted click); lemmy-js-client 0.19.4 (fetch), 0.19.0 (XHR), a raw XHR and matrix-js-sdk uploads from that site abort, nothing sent or recorded, in-page notice; matrix sends still go',
    async run({ driver, servers }) {
      const A = servers.guarded;
      const m = servers.matrix;
      const policies = await setNeverUpload(driver, `${A.origin}/e2e/lemmy.html`, true, { expectBefore: false });
      const blocked = Object.entries(policies).filter(([, p]) => p === 'never');
      assert.deepEqual(blocked, [[A.origin, 'never']], 'stored for that origin alone');
      const ledgerBefore = (await driver.readLedger()).map((r) => r.id).sort();
      const stateBefore = serverState(A);
      const mediaBefore = { started: m.stats.started, uploads: m.stats.uploads.length, incomplete: m.stats.incomplete };

      // lemmy-js-client 0.19.4: native fetch
      const page = await open(driver, lemmyPage(A));
      let from = A.stats.log.length;
      lemmyBlocked(await page.evaluate((spec) => window.e2e.upload(spec), PNG('blocked-fetch.png')), '0194', 'fetch');
      assert.deepEqual(sentSince(A, from), [], 'fetch: the server received nothing');
      await noticesIn(page);
      // the same request by hand with XMLHttpRequest: never sent, ends like an abort
      from = A.stats.log.length;
      const x = await page.evaluate((spec) => window.e2e.xhrUpload(spec), PNG('blocked-raw-xhr.png'));
      assert.equal(x.how, 'loadend', `the held XHR never ended: ${JSON.stringify(x)}`);
      fields({ readyState: x.readyState, status: x.status, responseText: x.responseText }, { readyState: 4, status: 0, responseText: '' }, 'raw XHR');
      const seq = x.events.map((e) => `${e.on}:${e.type}`);
      if (process.env.E2E_DEBUG) console.log(`#   ${driver.name}: blocked raw XHR fired ${seq.join(' ')}`);
      for (const type of ['load', 'error', 'timeout', 'progress']) assert.ok(!seq.includes(`xhr:${type}`) && !seq.includes(`upload:${type}`), `raw XHR fired ${type}: ${seq}`);
      const ending = seq.filter((e) => !e.endsWith(':loadstart'));
      assert.deepEqual(ending, ['xhr:readystatechange', 'upload:abort', 'upload:loadend', 'xhr:abort', 'xhr:loadend'], 'ends in the order of a native abort');
      for (const e of x.events.filter((e) => e.type !== 'loadstart')) fields(e, { readyState: 4, status: 0 }, `raw XHR ${e.on}:${e.type}`);
      assert.deepEqual(sentSince(A, from), [], 'raw XHR: the server received nothing');
      await page.close();

      // lemmy-js-client 0.19.0: cross-fetch -> whatwg-fetch over XMLHttpRequest
      const old = await open(driver, lemmyPage(A, { client: '0190' }));
      from = A.stats.log.length;
      lemmyBlocked(await old.evaluate((spec) => window.e2e.upload(spec), PNG('blocked-xhr.png')), '0190', 'XHR');
      assert.deepEqual(sentSince(A, from), [], 'XHR: the server received nothing');
      await noticesIn(old);
      await old.close();

      // matrix-js-sdk on the same site (a web client hosted there, its homeserver elsewhere)
      const mp = await open(driver, matrixPage(m, A.origin));
      const mFrom = m.stats.log.length;
      const up = await mp.evaluate((spec) => window.e2e.upload(spec), { name: 'blocked.txt', type: 'text/plain', size: 4096 });
      assert.equal(up.xhr.length, 1, 'matrix-js-sdk opened its XMLHttpRequest');
      assert.deepEqual(up.result, { ok: false, error: { name: 'AbortError', message: '' } }, 'uploadContent rejects with AbortError');
      assert.deepEqual(up.progress, [], 'no upload progress');
      await noticesIn(mp);
      const sent = await mp.evaluate((room, text) => window.e2e.sendText(room, text), '!policy:e2e.test', 'not an upload');
      const eventId = ok(sent, 'sendMessage is not held').event_id;
      fields(m.stats.events.at(-1), { roomId: '!policy:e2e.test', eventId, content: { msgtype: 'm.text', body: 'not an upload' } }, 'event');
      const mediaCalls = m.stats.log.slice(mFrom).filter((r) => r.path.startsWith('/_matrix/media/'));
      assert.deepEqual(mediaCalls, [], 'the homeserver saw no media request, not even a preflight');
      assert.deepEqual({ started: m.stats.started, uploads: m.stats.uploads.length, incomplete: m.stats.incomplete }, mediaBefore, 'matrix: zero uploads');
      await mp.close();

      assert.deepEqual(serverState(A), stateBefore, 'lemmy: zero uploads, zero bytes');
      await sleep(300); // an XHR report would arrive after the page saw its request end
      const after = await driver.readLedger();
      assert.deepEqual(after.map((r) => r.id).sort(), ledgerBefore, 'no record in the ledger');
      assert.ok(!after.some((r) => r.pageOrigin === A.origin), 'nothing recorded for the site');
    },
  },

  {
    name: 'never upload applies to that site only: the localhost page of the same instance uploads (lemmy fetch, matrix XHR) and is captured',
    async run({ driver, servers }) {
      const A = servers.guarded;
      const m = servers.matrix;
      const B = A.origin.replace('127.0.0.1', 'localhost');
      await setNeverUpload(driver, `${A.origin}/`, true);
      const popupB = await driver.openPopupPage(`${B}/e2e/lemmy.html`);
      assert.equal((await neverBox(popupB, B)).checked, false, `the popup for ${B} is not ticked`);
      await popupB.close();
      // A is "never" right now
      const pa = await open(driver, lemmyPage(A));
      let from = A.stats.log.length;
      lemmyBlocked(await pa.evaluate((spec) => window.e2e.upload(spec), PNG('still-blocked.png')), '0194', 'site A');
      assert.deepEqual(sentSince(A, from), []);
      await pa.close();
      // B: another origin (same host name resolution, same port, same server), the upload goes to A's instance
      const pb = await open(driver, lemmyPage(A, { origin: B, instance: A.origin }));
      from = A.stats.log.length;
      const r = await pb.evaluate((spec) => window.e2e.upload(spec), PNG('other-site.png', 24, 24));
      const res = ok(r.result, 'upload from the other origin');
      assert.ok(sentSince(A, from).some((q) => q.method === 'POST' && q.path === '/pictrs/image'), 'the upload reached the server');
      const sent = A.stats.uploads.at(-1);
      assert.equal(res.files[0].file, sent.file);
      fields(one(await driver.readLedger(), sent.file), {
        pageOrigin: B, instanceOrigin: A.origin, deleteToken: sent.deleteToken, fileName: 'other-site.png', transport: 'fetch', status: 'captured',
      });
      assert.deepEqual(await pb.evaluate(() => window.e2e.notices()), [], 'no notice where nothing was stopped');
      await pb.close();
      const mp = await open(driver, matrixPage(m, B));
      const up = await mp.evaluate((spec) => window.e2e.upload(spec), { name: 'other-site.txt', type: 'text/plain', size: 777 });
      const mxc = ok(up.result, 'matrix upload from the other origin').content_uri;
      const records = await waitForLedger(driver, (rs) => byKey(rs, mxc).length);
      fields(one(records, mxc), { pageOrigin: B, instanceOrigin: m.origin, fileName: 'other-site.txt', size: 777, transport: 'xhr' });
      await mp.close();
    },
  },

  {
    name: 'never upload unticked in the popup (trusted click): the next upload from an already open page is asked about again (the warning) and, on Upload, goes through and is captured (fetch and XHR)',
    async run({ driver, servers }) {
      const A = servers.guarded;
      await setNeverUpload(driver, `${A.origin}/`, true);
      const page = await open(driver, lemmyPage(A));
      let from = A.stats.log.length;
      lemmyBlocked(await page.evaluate((spec) => window.e2e.upload(spec), PNG('before-untick.png')), '0194', 'before unticking');
      assert.deepEqual(sentSince(A, from), []);
      const policies = await setNeverUpload(driver, page.url, false, { expectBefore: true });
      assert.ok(!(A.origin in policies));
      from = A.stats.log.length;
      const r = await uploadThroughWarning(page, PNG('after-untick.png', 33, 22));
      ok(r.result, 'upload after unticking');
      assert.deepEqual(sentSince(A, from), [{ method: 'POST', path: '/pictrs/image' }], 'exactly the upload was sent');
      const sent = A.stats.uploads.at(-1);
      fields(one(await driver.readLedger(), sent.file), {
        pageOrigin: A.origin, instanceOrigin: A.origin, fileName: 'after-untick.png', width: 33, height: 22, transport: 'fetch', deleteToken: sent.deleteToken,
      });
      await page.close();
      const old = await open(driver, lemmyPage(A, { client: '0190' }));
      ok((await uploadThroughWarning(old, PNG('after-untick-xhr.png'))).result, 'XHR upload after unticking');
      const xsent = A.stats.uploads.at(-1);
      const records = await waitForLedger(driver, (rs) => byKey(rs, xsent.file).length);
      fields(one(records, xsent.file), { pageOrigin: A.origin, fileName: 'after-untick-xhr.png', transport: 'xhr', deleteToken: xsent.deleteToken });
      await old.close();
      await popupLists(driver, `${A.origin}/`, [sent.file, xsent.file]);
    },
  },

  // options page
  {
    name: 'options page: axe-core finds no violations (as opened, with sites listed, with an invalid address) and Tab reaches every control in order',
    async run({ driver }) {
      const sites = { 'https://a11y-never.example': 'never', 'https://a11y-allow.example': 'allow' };
      const options = await driver.openOptionsPage();
      try {
        assert.deepEqual(await axeViolations(options), [], 'as opened');
        await writePolicies(options, sites); // as if set elsewhere: the open page must follow without a reload
        for (const [origin, policy] of Object.entries(sites)) {
          const shown = await waitFor(() => policyShown(options, origin), (v) => v === policy);
          const rows = shown === policy ? null : await options.evaluate(`() => [...document.querySelectorAll('select[name=policy]')].map((s) => s.dataset.origin + '=' + s.value)`);
          assert.equal(shown, policy, `${origin} listed without reload (rows ${JSON.stringify(rows)}, stored ${JSON.stringify(await storedPolicies(options))})`);
        }
        assert.deepEqual(await axeViolations(options), [], 'with sites listed');

        const { controls, order } = await tabWalk(options);
        assert.ok(controls.length >= 9, `expected the 3 warning controls, 2+ site selects and the 3 form controls: ${JSON.stringify(controls)}`);
        assert.deepEqual(order, controls.map((_, i) => i), `Tab visited ${JSON.stringify(order.map((i) => controls[i]))} of ${JSON.stringify(controls)}`);

        await options.click('input[name="site"]');
        await typeText(options, 'ftp://files.example');
        await options.press('Enter');
        const error = await waitFor(() => options.evaluate(() => document.querySelector('#add-site-error')?.textContent ?? null), Boolean);
        assert.match(error ?? '', /http:\/\/ or https:\/\//, 'an inline error for a non-web address');
        assert.equal(await options.evaluate(() => document.querySelector('input[name="site"]').getAttribute('aria-invalid')), 'true');
        assert.ok(!Object.keys(await storedPolicies(options)).some((o) => o.includes('files.example')), 'nothing stored for it');
        assert.deepEqual(await axeViolations(options), [], 'with the error shown');
      } finally {
        await writePolicies(options, Object.fromEntries(Object.keys(sites).map((o) => [o, null])));
        await options.close();
      }
    },
  },

  {
    name: 'options page: "Never upload" added for the lemmy test site (trusted typing and clicks) stops its uploads and survives a restart; "Allow" (trusted keys) lets them through with no warning; "Ask" unstores it',
    async run({ driver, servers }) {
      const A = servers.guarded;
      const expectBlocked = async (label) => {
        const page = await open(driver, lemmyPage(A));
        const from = A.stats.log.length;
        lemmyBlocked(await page.evaluate((spec) => window.e2e.upload(spec), PNG(`options-blocked-${label}.png`)), '0194', label);
        assert.deepEqual(sentSince(A, from), [], `${label}: the server received nothing`);
        await noticesIn(page);
        await page.close();
      };
      const policyStored = (page, accept) => waitFor(() => storedPolicies(page), (p) => accept(p[A.origin]));

      let options = await driver.openOptionsPage();
      await writePolicies(options, { [A.origin]: null }); // start from "Ask", whatever earlier scenarios left
      assert.equal(await waitFor(() => policyShown(options, A.origin), (v) => v === null), null, 'a site on "Ask" is not listed');

      await options.click('input[name="site"]');
      await typeText(options, `${A.origin}/e2e/lemmy.html`);
      assert.equal(await options.evaluate(() => document.querySelector('select[name="new-policy"]').value), 'never', '"Never upload" is preselected');
      await options.click('form[name="add-site"] button[type="submit"]');
      assert.equal((await policyStored(options, (p) => p === 'never'))[A.origin], 'never', 'stored for the origin');
      assert.equal(await waitFor(() => policyShown(options, A.origin), (v) => v === 'never'), 'never', 'listed as "Never upload"');
      assert.equal(await options.evaluate(() => document.querySelector('input[name="site"]').value), '', 'the address field is cleared');
      await expectBlocked('added');

      await options.close();
      await driver.restart();
      options = await driver.openOptionsPage();
      assert.equal(await policyShown(options, A.origin), 'never', 'still "Never upload" after a restart');
      await expectBlocked('after-restart');

      // The select has focus (as after Tab); one trusted ArrowUp goes from "Never upload" to "Allow (no warning)".
      await options.evaluate((o) => document.querySelector(`select[name="policy"][data-origin="${o}"]`).focus(), A.origin);
      await options.press('ArrowUp');
      assert.equal((await policyStored(options, (p) => p === 'allow'))[A.origin], 'allow', 'stored as allow');
      const page = await open(driver, lemmyPage(A));
      const from = A.stats.log.length;
      const r = await page.evaluate((spec) => window.e2e.upload(spec), PNG('options-allowed.png', 21, 13));
      ok(r.result, 'upload on "Allow"');
      assert.deepEqual(sentSince(A, from), [{ method: 'POST', path: '/pictrs/image' }], 'exactly the upload was sent');
      const sent = A.stats.uploads.at(-1);
      fields(one(await driver.readLedger(), sent.file), { pageOrigin: A.origin, fileName: 'options-allowed.png', deleteToken: sent.deleteToken });
      assert.deepEqual(await page.evaluate(() => window.e2e.notices()), [], 'no notice');
      await page.close();

      await options.press('Home');
      assert.equal((await policyStored(options, (p) => p === undefined))[A.origin], undefined, '"Ask" is not stored');
      assert.equal(await policyShown(options, A.origin), 'ask', 'listed as "Ask" until the page is reloaded');
      await options.close();
      options = await driver.openOptionsPage();
      assert.equal(await policyShown(options, A.origin), null, 'gone after a reload');
      await options.close();
    },
  },

  // Last: it restarts the browser. (Firefox, after a restart, sometimes no longer delivered storage.onChanged to a
  // freshly opened options page in our runs; the options scenarios above check live updates in an unrestarted session.)
  {
    name: 'nothing lost: browser restarted on the same profile keeps every record and the "never upload" set in the popup, and keeps capturing',
    async run({ driver, servers, browser }) {
      const s = servers.lemmy['0.19.4'];
      const A = servers.guarded;
      await setNeverUpload(driver, `${A.origin}/`, true);
      const page = await open(driver, lemmyPage(s));
      ok((await page.evaluate((spec) => window.e2e.upload(spec), PNG('persist.png'))).result, 'upload');
      const key = s.stats.uploads.at(-1).file;
      await page.close();
      const before = await driver.readLedger();
      one(before, key);
      await driver.restart();
      const after = await driver.readLedger();
      assert.deepEqual(
        after.map((r) => r.id).sort(),
        before.map((r) => r.id).sort(),
        'the same records after restart',
      );
      fields(one(after, key), { fileName: 'persist.png', deleteToken: s.stats.uploads.at(-1).deleteToken });
      await popupLists(driver, lemmyPage(s), [key]);
      if (browser === 'firefox') {
        // Chromium re-installs a --load-extension add-on at every launch, so only Firefox (XPI in the profile) can say.
        const tabs = await driver.tabs();
        assert.ok(!tabs.some((u) => u.includes('welcome.html')), `welcome shown again after restart: ${JSON.stringify(tabs)}`);
      }
      // the site policy too: the popup still shows it, and it still stops that site's uploads
      const popup = await driver.openPopupPage(`${A.origin}/`);
      assert.equal((await neverBox(popup, A.origin)).checked, true, 'never-upload still ticked after restart');
      assert.equal((await popup.evaluate(READ_POLICIES))?.[A.origin], 'never', 'still stored after restart');
      await popup.close();
      const blocked = await open(driver, lemmyPage(A));
      const from = A.stats.log.length;
      lemmyBlocked(await blocked.evaluate((spec) => window.e2e.upload(spec), PNG('after-restart-blocked.png')), '0194', 'after restart');
      assert.deepEqual(sentSince(A, from), [], 'nothing sent after restart');
      await noticesIn(blocked);
      await blocked.close();
      // and it still captures after the restart
      const again = await open(driver, lemmyPage(s));
      ok((await again.evaluate((spec) => window.e2e.upload(spec), PNG('after-restart.png'))).result, 'upload after restart');
      one(await driver.readLedger(), s.stats.uploads.at(-1).file);
      await again.close();
    },
  },
];
