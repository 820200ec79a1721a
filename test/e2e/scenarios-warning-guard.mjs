// The upload warning's guards: the delay on Upload, keyboard use and focus, a hostile page that tries to answer the
// dialog itself or removes it, and the per-site "Always allow" / "Never" choices (that site only, across a restart).
// Every scenario starts with both origins of servers.asked on "Ask" and puts back what it changes.
import assert from 'node:assert/strict';
import { sleep } from './browsers/common.mjs';
import { lemmyPage, setSettings } from './lib/env.mjs';
import { fields, lemmyBlocked, noticesIn, ok, open, PNG, READ_POLICIES, sentSince, serverState } from './scenarios.mjs';
import { warningIn } from './scenarios-warning.mjs';

const DEFAULT_DELAY_MS = 1500;

/** In an extension page: removes `origins` from the stored per-site policies ("ask" is the default, never stored). */
const FORGET_POLICIES = `(origins) => {
  const area = (globalThis.browser ?? globalThis.chrome).storage.local;
  return area.get('sitePolicies').then((r) => {
    const policies = { ...(r.sitePolicies ?? {}) };
    for (const o of origins) delete policies[o];
    return area.set({ sitePolicies: policies });
  }).then(() => true);
}`;

/** The stored per-site policies, read in an extension page. */
async function storedPolicies(driver) {
  const popup = await driver.openPopupPage('http://127.0.0.1/');
  try {
    return (await popup.evaluate(READ_POLICIES)) ?? {};
  } finally {
    await popup.close();
  }
}

/** Puts `origins` back on "Ask" and checks that nothing is stored for them. */
async function askAgain(driver, origins) {
  const popup = await driver.openPopupPage('http://127.0.0.1/');
  try {
    await popup.evaluate(FORGET_POLICIES, origins);
    const left = (await popup.evaluate(READ_POLICIES)) ?? {};
    for (const o of origins) assert.ok(!(o in left), `${o} still has a stored policy: ${JSON.stringify(left)}`);
  } finally {
    await popup.close();
  }
}

/** Waits until the stored policy of `origin` is `policy`; returns every stored policy. */
async function policyBecomes(driver, origin, policy, timeoutMs = 5_000) {
  let policies;
  for (const until = Date.now() + timeoutMs; ; await sleep(100)) {
    policies = await storedPolicies(driver);
    if (policies[origin] === policy || Date.now() > until) break;
  }
  assert.equal(policies[origin], policy, `stored policy for ${origin}: ${JSON.stringify(policies)}`);
  return policies;
}

/** The asked site's two page origins: 127.0.0.1 and its localhost twin (the same server). */
const origins = (servers) => {
  const A = servers.asked;
  return { A, a: A.origin, b: A.origin.replace('127.0.0.1', 'localhost') };
};

/** Opens test pages, and closes whichever are still open when the scenario ends (also when it fails). */
function tabsOf(driver) {
  const opened = new Set();
  return {
    async open(url) {
      const page = await open(driver, url);
      opened.add(page);
      const close = page.close;
      page.close = async () => {
        opened.delete(page);
        await close();
      };
      return page;
    },
    closeAll: () => Promise.all([...opened].map((p) => p.close().catch(() => {}))),
  };
}

/** In the warning frame: records every key and click that reaches its document (with isTrusted and the button). */
const SPY_INPUT = `() => {
  window.__e2eInput = [];
  const log = (e) => window.__e2eInput.push({ type: e.type, key: e.key ?? null, trusted: e.isTrusted, name: e.target?.closest?.('button')?.name ?? e.target?.nodeName ?? null });
  document.addEventListener('keydown', log, true);
  document.addEventListener('click', log, true);
  return true;
}`;
const INPUT = `() => window.__e2eInput.splice(0)`;

/** In the warning frame: which button has focus, whether the frame's document has focus, and whether Upload is locked. */
const FOCUS = `() => ({
  focus: document.hasFocus(),
  name: document.activeElement?.getAttribute('name') ?? document.activeElement?.nodeName ?? null,
  locked: document.querySelector('button[name=upload]')?.getAttribute('aria-disabled') === 'true',
  alwaysLocked: document.querySelector('button[name=always-allow]')?.getAttribute('aria-disabled') === 'true',
})`;

/** Waits until Upload (and Always allow) in the frame are no longer locked. */
async function unlocked(frame, timeoutMs = 10_000) {
  for (const until = Date.now() + timeoutMs; ; await sleep(50)) {
    const f = await frame.evaluate(FOCUS);
    if (!f.locked && !f.alwaysLocked) return f;
    if (Date.now() > until) assert.fail(`Upload never unlocked: ${JSON.stringify(f)}`);
  }
}

/**
 * Asserts that an upload is still held: the library is waiting, the server got nothing, the warning is still in the
 * page and, if `whileLocked`, Upload is still locked (so what was just tried happened during the delay).
 */
async function stillHeld(page, run, A, from, label, { whileLocked = false } = {}) {
  await sleep(300); // a wrongly accepted answer would reach the bridge and the server within this
  assert.equal(await page.evaluate((id) => window.e2e.settled(id), run), false, `${label}: the library is still waiting`);
  assert.deepEqual(sentSince(A, from), [], `${label}: the server received nothing`);
  const frame = await page.warning(1_000);
  assert.ok(frame, `${label}: the warning is still there`);
  if (whileLocked) assert.equal((await frame.evaluate(FOCUS)).locked, true, `${label}: still within the delay (Upload locked), so this proves nothing; is the machine very slow?`);
  return frame;
}

/** Waits (up to 3 s) until the warning element and its frame have left the page; asserts they did. */
async function warningGone(page, label) {
  let left;
  for (const until = Date.now() + 3_000; ; await sleep(50)) {
    left = { element: await page.evaluate(() => !!document.querySelector('takeback-warning')), frame: (await page.warning(0)) !== null };
    if ((!left.element && !left.frame) || Date.now() > until) break;
  }
  assert.deepEqual(left, { element: false, frame: false }, `${label}: the warning is gone`);
}

/** In the page (its own script): everything it can try to answer Takeback's dialog by itself; reports what it reached. */
const ATTACK = async (waitMs) => {
  const hex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
  const report = { frames: [], portMessages: [], errors: [] };
  const host = document.querySelector('takeback-warning');
  report.host = host ? { parent: host.parentNode?.nodeName ?? null, shadowRoot: host.shadowRoot === null ? null : 'open', children: host.childNodes.length } : null;
  try {
    host.attachShadow({ mode: 'open' });
    report.attachShadow = 'allowed';
  } catch (e) {
    report.attachShadow = e.name;
  }
  // What the page's DOM shows of the dialog: no buttons, dialogs or frames of Takeback's.
  report.reach = {
    buttons: document.querySelectorAll('button').length,
    dialogs: document.querySelectorAll('dialog').length,
    iframes: document.querySelectorAll('iframe').length,
    named: document.querySelectorAll('[name=upload], [name=always-allow], [name=cancel], [name=never]').length,
  };
  // Every frame of the window: its document is out of reach (cross-origin).
  report.frameCount = window.length;
  for (let i = 0; i < window.length; i++) {
    try {
      const doc = window[i].document;
      report.frames.push({ document: 'readable', buttons: doc.querySelectorAll('button').length });
    } catch (e) {
      report.frames.push({ document: e.name });
    }
  }
  // Guessed opening messages (with a port, as the bridge sends) and guessed answers, to every frame and to itself.
  const targets = [...Array.from({ length: window.length }, (_, i) => window[i]), window];
  for (const target of targets) {
    for (let k = 0; k < 5; k++) {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => report.portMessages.push(e.data);
      try {
        target.postMessage({ promptId: hex(16), site: 'x', delayMs: 0 }, '*', [channel.port2]);
      } catch (e) {
        report.errors.push(`postMessage open: ${e.name}`);
      }
    }
    for (const msg of [{ t: 'decide', upload: true, remember: null }, { t: 'decide', upload: true, remember: 'allow' }, { t: 'ready' }, { t: 'reveal' }]) {
      try {
        target.postMessage(msg, '*');
      } catch (e) {
        report.errors.push(`postMessage ${msg.t}: ${e.name}`);
      }
    }
  }
  // Synthetic keys (Enter would confirm, Escape would cancel) on the page and on the host element.
  for (const target of [document, window, document.body, document.documentElement, host]) {
    for (const key of ['Enter', 'Escape', ' ', 'Tab']) {
      for (const type of ['keydown', 'keypress', 'keyup']) target.dispatchEvent(new KeyboardEvent(type, { key, bubbles: true, cancelable: true, composed: true }));
    }
  }
  // Clicks on everything it can find (and a synthetic click event on the host).
  for (const el of document.querySelectorAll('*')) {
    try {
      el.click();
    } catch (e) {
      report.errors.push(`click ${el.nodeName}: ${e.name}`);
    }
  }
  host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
  // Events named like the page channel, carrying a verdict for a guessed request id.
  const verdict = () => JSON.stringify({ t: 'verdict', reqId: hex(20), allow: true });
  const names = ['takeback:verdict', 'takeback:decide', 'takeback:allow', 'takeback:down', 'takeback:up', 'takeback:hello-bridge', 'takeback:hello-hook'];
  for (const name of names) for (const target of [window, document]) target.dispatchEvent(new CustomEvent(name, { detail: verdict() }));
  const fake = `takeback-${hex(16)}`;
  window.dispatchEvent(new CustomEvent('takeback:secret', { detail: fake }));
  window.dispatchEvent(new CustomEvent(`${fake}:down`, { detail: verdict() }));
  for (let i = 0; i < 100; i++) window.dispatchEvent(new CustomEvent(`takeback-${hex(16)}:down`, { detail: verdict() }));
  // A closed dialog or a cancel event would also end it: the page cannot reach the dialog to send either.
  await new Promise((r) => setTimeout(r, waitMs));
  return report;
};

/** A scenario body that gets `tabs` (see tabsOf); its pages are closed when it ends, also on failure. */
const withTabs = (body) => async (ctx) => {
  const tabs = tabsOf(ctx.driver);
  try {
    await body({ ...ctx, tabs });
  } finally {
    await tabs.closeAll();
  }
};

export const scenarios = [
  {
    name: 'guard: delay: during it a trusted click on Upload and a keyboard Enter on it change nothing; after it Enter on Upload sends exactly one request (lemmy-js-client 0.19.0, XHR)',
    run: withTabs(async ({ driver, servers, tabs }) => {
      const { A, a, b } = origins(servers);
      await askAgain(driver, [a, b]);
      await setSettings(driver, { askDelayMs: 3000 });
      try {
        const page = await tabs.open(lemmyPage(A, { client: '0190' }));
        const from = A.stats.log.length;
        const run = await page.evaluate((spec) => window.e2e.begin('upload', spec), PNG('early.png'));
        const { frame, shown } = await warningIn(page);
        assert.equal(shown.uploadLocked, true, 'Upload is locked when the dialog appears');
        assert.equal(shown.focused, 'cancel', "focus starts on Don't upload");
        await frame.evaluate(SPY_INPUT);

        // Keyboard: Tab from Don't upload reaches Upload; Enter on it during the delay is ignored.
        await frame.press('Tab');
        fields(await frame.evaluate(FOCUS), { focus: true, name: 'upload', locked: true }, 'after Tab');
        await frame.press('Enter');
        await stillHeld(page, run, A, from, 'Enter during the delay', { whileLocked: true });
        let input = await frame.evaluate(INPUT);
        assert.ok(input.some((e) => e.type === 'keydown' && e.key === 'Enter' && e.trusted && e.name === 'upload'), `the Enter reached Upload: ${JSON.stringify(input)}`);

        // Mouse: a trusted click on the (aria-disabled) Upload during the delay is ignored.
        await frame.click('button[name=upload]', { force: true });
        await stillHeld(page, run, A, from, 'click during the delay', { whileLocked: true });
        input = await frame.evaluate(INPUT);
        assert.ok(input.some((e) => e.type === 'click' && e.trusted && e.name === 'upload'), `the click reached Upload: ${JSON.stringify(input)}`);

        // After the delay: Enter on Upload (still focused) sends the upload, once.
        const after = await unlocked(frame);
        fields(after, { focus: true, name: 'upload' }, 'after the delay');
        await frame.press('Enter');
        const r = await page.evaluate((id) => window.e2e.finish(id), run);
        const res = ok(r.result, 'upload after Enter');
        assert.equal(r.xhr.length, 1, 'lemmy-js-client 0.19.0 used one XMLHttpRequest');
        assert.equal(r.fetch.length, 0);
        assert.deepEqual(sentSince(A, from), [{ method: 'POST', path: '/pictrs/image' }], 'exactly one request');
        assert.equal(res.files[0].file, A.stats.uploads.at(-1).file, 'the library got the server answer');
        await warningGone(page, 'answered');
        await page.close();
      } finally {
        await setSettings(driver, { askDelayMs: DEFAULT_DELAY_MS });
      }
    }),
  },

  {
    name: "guard: keyboard: the warning takes focus on Don't upload, Tab and Shift+Tab wrap inside it, Esc is Don't upload (AbortError, zero requests) and focus returns to the page's element",
    run: withTabs(async ({ driver, servers, tabs }) => {
      const { A, a, b } = origins(servers);
      await askAgain(driver, [a, b]);
      const page = await tabs.open(lemmyPage(A));
      await page.evaluate(() => {
        const button = document.createElement('button');
        button.id = 'before';
        button.textContent = 'a control of the page';
        document.body.append(button);
        return true;
      });
      await page.click('#before');
      assert.equal(await page.evaluate(() => document.activeElement?.id ?? null), 'before', 'the page element has focus before the upload');
      const from = A.stats.log.length;
      const run = await page.evaluate((spec) => window.e2e.begin('upload', spec), PNG('keyboard.png'));
      const { frame } = await warningIn(page);
      assert.equal(await frame.evaluate(() => document.hasFocus() && document.activeElement.name), 'cancel', "focus on Don't upload");
      assert.notEqual(await page.evaluate(() => document.activeElement?.id ?? null), 'before', 'focus left the page element');

      const order = [];
      for (let i = 0; i < 5; i++) {
        await frame.press('Tab');
        order.push(await frame.evaluate(() => document.hasFocus() && document.activeElement.name));
      }
      assert.deepEqual(order, ['upload', 'always-allow', 'never', 'cancel', 'upload'], 'Tab goes through the buttons and wraps');
      const back = [];
      for (let i = 0; i < 3; i++) {
        await frame.press('Shift+Tab');
        back.push(await frame.evaluate(() => document.hasFocus() && document.activeElement.name));
      }
      assert.deepEqual(back, ['cancel', 'never', 'always-allow'], 'Shift+Tab goes back and wraps');
      for (let i = 0; i < 9; i++) await frame.press('Tab');
      // from Always allow, 9 steps around the 4 buttons: Never
      fields(await frame.evaluate(FOCUS), { focus: true, name: 'never' }, 'after 9 more Tabs, focus is still in the frame');
      assert.notEqual(await page.evaluate(() => document.activeElement?.id ?? null), 'before', 'focus never went back to the page');
      assert.deepEqual(sentSince(A, from), [], 'nothing sent while tabbing');

      await frame.press('Escape');
      const r = await page.evaluate((id) => window.e2e.finish(id), run);
      lemmyBlocked(r, '0194', 'Esc');
      assert.deepEqual(sentSince(A, from), [], 'Esc: the server received nothing');
      await warningGone(page, 'answered');
      let focused;
      for (const until = Date.now() + 3_000; ; await sleep(50)) {
        focused = await page.evaluate(() => ({ id: document.activeElement?.id ?? null, focus: document.hasFocus() }));
        if (focused.id === 'before' || Date.now() > until) break;
      }
      assert.deepEqual(focused, { id: 'before', focus: true }, 'focus is back on the element focused before');
      await page.close();
    }),
  },

  {
    name: 'guard: hostile page cannot answer the warning: closed shadow root, cross-origin frame, guessed messages and ports, synthetic keys, clicks and channel events change nothing; a trusted Don\'t upload then ends it',
    run: withTabs(async ({ driver, servers, tabs }) => {
      const { A, a, b } = origins(servers);
      await askAgain(driver, [a, b]);
      const page = await tabs.open(lemmyPage(A));
      const from = A.stats.log.length;
      const stateBefore = serverState(A);
      const run = await page.evaluate((spec) => window.e2e.begin('upload', spec), PNG('attacked.png'));
      const { frame, shown } = await warningIn(page);
      assert.deepEqual(shown.files.map((f) => f.name), ['attacked.png']);
      await frame.evaluate(SPY_INPUT);

      const report = await page.evaluate(ATTACK, DEFAULT_DELAY_MS + 1000);
      if (process.env.E2E_DEBUG) console.log(`#   ${driver.name}: hostile report ${JSON.stringify(report)}`);
      assert.deepEqual(report.host, { parent: 'HTML', shadowRoot: null, children: 0 }, 'the host element shows nothing');
      assert.equal(report.attachShadow, 'NotSupportedError', 'the host already has a (closed) shadow root');
      assert.deepEqual(report.reach, { buttons: 0, dialogs: 0, iframes: 0, named: 0 }, "no part of the dialog in the page's DOM");
      // The dialog's frame sits in a closed shadow tree, so it is not even among window.frames (Chromium and Firefox):
      // the page has no handle to post to, read or navigate it. Any frame it does reach must be cross-origin.
      assert.equal(report.frameCount, 0, `the page reaches ${report.frameCount} frame(s) through window.frames`);
      assert.ok(report.frames.every((f) => f.document === 'SecurityError'), `a frame's document was readable: ${JSON.stringify(report.frames)}`);
      assert.deepEqual(report.portMessages, [], 'nothing answered on a guessed port');
      assert.deepEqual(report.errors, []);

      assert.deepEqual(await frame.evaluate(INPUT), [], 'no key or click reached the warning');
      await stillHeld(page, run, A, from, 'after the attack');
      const again = await warningIn(page);
      assert.deepEqual(again.shown.files.map((f) => f.name), ['attacked.png'], 'the warning still lists the file');
      assert.equal(again.shown.uploadLocked, false, 'the delay is over, so only the absent user kept it from going');

      await again.frame.click('button[name=cancel]');
      const r = await page.evaluate((id) => window.e2e.finish(id), run);
      lemmyBlocked(r, '0194', "Don't upload after the attack");
      assert.deepEqual(sentSince(A, from), [], 'the server received nothing');
      assert.deepEqual(serverState(A), stateBefore, 'zero uploads, zero bytes');
      assert.ok(!(await driver.readLedger()).some((rec) => rec.fileName === 'attacked.png'), 'nothing recorded');
      await page.close();
    }),
  },

  {
    name: 'guard: the page removes the warning element: the upload ends as aborted (AbortError), zero requests, and an in-page notice says so',
    run: withTabs(async ({ driver, servers, tabs }) => {
      const { A, a, b } = origins(servers);
      await askAgain(driver, [a, b]);
      const page = await tabs.open(lemmyPage(A));
      const from = A.stats.log.length;
      const run = await page.evaluate((spec) => window.e2e.begin('upload', spec), PNG('removed.png'));
      await warningIn(page);
      assert.deepEqual(await page.evaluate(() => window.e2e.notices()), [], 'no notice before');
      assert.equal(
        await page.evaluate(() => {
          const host = document.querySelector('takeback-warning');
          host.remove();
          return host.isConnected;
        }),
        false,
      );
      const r = await page.evaluate((id) => window.e2e.finish(id), run);
      lemmyBlocked(r, '0194', 'dialog removed');
      assert.deepEqual(sentSince(A, from), [], 'the server received nothing');
      await warningGone(page, 'dialog removed');
      await noticesIn(page);
      await sleep(300);
      assert.deepEqual(sentSince(A, from), [], 'nothing sent later either');
      await page.close();
    }),
  },

  {
    name: 'guard: "Always allow" and "Never" from the warning apply to that site only (127.0.0.1 vs its localhost twin) and survive a browser restart',
    run: withTabs(async ({ driver, servers, tabs }) => {
      const { A, a, b } = origins(servers);
      await askAgain(driver, [a, b]);
      const pageA = () => tabs.open(lemmyPage(A));
      const pageB = () => tabs.open(lemmyPage(A, { origin: b, instance: a }));
      const upload = async (page, name) => page.evaluate((spec) => window.e2e.begin('upload', spec), PNG(name, 20, 20));
      const finish = (page, run) => page.evaluate((id) => window.e2e.finish(id), run);
      try {
        // A: Always allow (once the delay is over): this upload goes, and A is stored as "allow".
        let pa = await pageA();
        let from = A.stats.log.length;
        let run = await upload(pa, 'always-1.png');
        let { frame } = await warningIn(pa);
        await unlocked(frame);
        await frame.click('button[name=always-allow]');
        ok((await finish(pa, run)).result, 'upload with Always allow');
        await warningGone(pa, 'Always allow');
        assert.deepEqual(sentSince(A, from), [{ method: 'POST', path: '/pictrs/image' }], 'Always allow: exactly one request');
        let policies = await policyBecomes(driver, a, 'allow');
        assert.ok(!(b in policies), `the localhost twin got a policy too: ${JSON.stringify(policies)}`);
        // the next upload from A: no warning, goes through
        from = A.stats.log.length;
        run = await upload(pa, 'always-2.png');
        assert.equal(await pa.warning(1500), null, 'no warning on an allowed site');
        ok((await finish(pa, run)).result, 'next upload from A');
        assert.deepEqual(sentSince(A, from), [{ method: 'POST', path: '/pictrs/image' }], 'next upload from A: one request');
        await pa.close();

        // B (same server, other origin): still asked; Never there aborts it and stores "never" for B alone.
        let pb = await pageB();
        from = A.stats.log.length;
        run = await upload(pb, 'never-1.png');
        ({ frame } = await warningIn(pb));
        await frame.click('button[name=never]');
        lemmyBlocked(await finish(pb, run), '0194', 'Never on B');
        await warningGone(pb, 'Never');
        assert.deepEqual(sentSince(A, from), [], 'Never: the server received nothing');
        policies = await policyBecomes(driver, b, 'never');
        assert.equal(policies[a], 'allow', 'A is still allowed');
        // the next upload from B: blocked without a dialog, with a notice
        const noticesBefore = (await pb.evaluate(() => window.e2e.notices())).length;
        run = await upload(pb, 'never-2.png');
        assert.equal(await pb.warning(1500), null, 'no warning on a "never" site');
        lemmyBlocked(await finish(pb, run), '0194', 'next upload from B');
        assert.deepEqual(sentSince(A, from), [], 'next upload from B: nothing sent');
        await noticesIn(pb, noticesBefore + 1);
        await pb.close();

        // Both hold after a restart.
        await driver.restart();
        policies = await storedPolicies(driver);
        assert.equal(policies[a], 'allow', `A after restart: ${JSON.stringify(policies)}`);
        assert.equal(policies[b], 'never', `B after restart: ${JSON.stringify(policies)}`);
        pa = await pageA();
        from = A.stats.log.length;
        run = await upload(pa, 'after-restart-a.png');
        assert.equal(await pa.warning(1500), null, 'A after restart: no warning');
        ok((await finish(pa, run)).result, 'A after restart uploads');
        assert.deepEqual(sentSince(A, from), [{ method: 'POST', path: '/pictrs/image' }], 'A after restart: one request');
        await pa.close();
        pb = await pageB();
        from = A.stats.log.length;
        run = await upload(pb, 'after-restart-b.png');
        assert.equal(await pb.warning(1500), null, 'B after restart: no warning');
        lemmyBlocked(await finish(pb, run), '0194', 'B after restart');
        assert.deepEqual(sentSince(A, from), [], 'B after restart: nothing sent');
        await noticesIn(pb);
        await pb.close();
      } finally {
        await askAgain(driver, [a, b]);
      }
    }),
  },

  {
    name: 'guard: a page that freezes its own thread while the warning loads (so it misses its start-up deadline) gets nothing sent: the upload is stopped and a notice says so',
    async run({ driver, servers }) {
      const A = servers.asked;
      const page = await open(driver, lemmyPage(A));
      try {
        await page.evaluate(() => {
          new MutationObserver((_, obs) => {
            if (!document.querySelector('takeback-warning')) return;
            obs.disconnect();
            const t = Date.now();
            while (Date.now() - t < 10_500); // longer than the dialog's start-up deadline (10 s)
          }).observe(document.documentElement, { childList: true });
          return true;
        });
        const from = A.stats.log.length;
        const run = await page.evaluate((spec) => window.e2e.begin('upload', spec), PNG('frozen.png'));
        // Either the deadline passed (the upload is stopped) or the dialog came up late; never is it sent unasked.
        let frame = null;
        for (const until = Date.now() + 30_000; ; await sleep(100)) {
          if (await page.evaluate((id) => window.e2e.settled(id), run)) break;
          frame = await page.warning(0);
          if (frame && (await frame.evaluate(`() => document.querySelector('.backdrop')?.dataset.state === 'shown'`).catch(() => false))) break;
          frame = null;
          if (Date.now() > until) assert.fail('neither stopped nor asked');
        }
        assert.deepEqual(sentSince(A, from), [], 'nothing sent without an answer');
        if (frame) await frame.click('button[name=cancel]');
        else await noticesIn(page);
        lemmyBlocked(await page.evaluate((id) => window.e2e.finish(id), run), '0194', 'frozen page');
        assert.deepEqual(sentSince(A, from), [], 'zero requests');
        assert.ok(!(await driver.readLedger()).some((r) => r.fileName === 'frozen.png'), 'nothing recorded');
      } finally {
        await page.close();
      }
    },
  },
];
