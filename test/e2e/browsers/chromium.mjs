// Chromium (Debian 156) through playwright-core 1.64.1, the production MV3 build loaded unpacked.
// Driver interface (shared with firefox.mjs):
//   launch({profileDir?, extension=true}) -> {
//     name, extensionBase, openPage(url) -> {evaluate(fn, ...args), click(selector), close()}, readLedger(), openPopup(siteUrl),
//     openPopupPage(siteUrl) -> {evaluate, click, close}, openOptionsPage() (Settings) and openDashboard() -> the same,
//     optionsUiPage(), tabs(), restart(), stopBackground(), close() }
// click(selector) is a real (trusted) mouse click: Playwright's, through CDP Input.dispatchMouseEvent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_EXT, READ_LEDGER, READ_POPUP, callExpression, sleep, withTimeout, writeTempFiles } from './common.mjs';

export const name = 'chromium';
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function available() {
  if (!fs.existsSync(EXECUTABLE)) return `${EXECUTABLE} not found`;
  if (!fs.existsSync(path.join(CHROME_EXT, 'manifest.json'))) return `${CHROME_EXT} missing: run \`npx wxt build\` first`;
  return null;
}

/** When each page's main frame last navigated (to another document or within one). */
const lastNavigation = new WeakMap();
function watchNavigations(page) {
  if (lastNavigation.has(page)) return;
  lastNavigation.set(page, 0);
  page.on('framenavigated', (frame) => frame === page.mainFrame() && lastNavigation.set(page, Date.now()));
}

/**
 * page.evaluate, made again when a navigation cut it off: Playwright rejects it ("Execution context was destroyed") or,
 * now and then in 1.64, never settles an evaluate made
 * around the moment an extension page navigates to another (the dashboard opening requests.html): seen as a waitFor
 * stuck for 90 s on a page that answered a fresh evaluate at once. So a call still unanswered 2 s after a navigation
 * that happened while it ran (or just before it) is made again in the new document; a call that is merely slow (an
 * upload held for the warning) on a page that does not navigate is waited for as before.
 */
async function evaluateAcrossNavigation(page, expression) {
  watchNavigations(page);
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const settled = page.evaluate(expression).then((value) => ({ value }), (error) => ({ error }));
    for (;;) {
      const outcome = await Promise.race([settled, sleep(250).then(() => null)]);
      // Destroyed with its document by a navigation: the call did not run to its end, so it is made in the new one.
      if (outcome && 'error' in outcome && /Execution context was destroyed/.test(String(outcome.error?.message)) && attempt < 3) break;
      if (outcome && 'error' in outcome) throw outcome.error;
      if (outcome) return outcome.value;
      const navigatedAt = lastNavigation.get(page);
      if (navigatedAt > started - 1_000 && Date.now() - navigatedAt > 2_000) break;
    }
    if (attempt === 3) throw new Error(`evaluate lost three times to navigations (now at ${page.url()})`);
  }
}

/**
 * page.close(), which Playwright 1.64 now and then never finishes for an extension page that navigated (a hash or
 * history change) the moment before: seen as a scenario's `finally { await dash.close() }` stuck for 90 s. After 5 s
 * the page's target is closed through CDP instead; a page that stays open even then is an error, not a hang.
 */
async function closePage(page) {
  const closed = new Promise((resolve) => (page.isClosed() ? resolve() : page.once('close', resolve)));
  void page.close().catch(() => {});
  const within = (ms) => Promise.race([closed.then(() => true), sleep(ms).then(() => false)]);
  if (await within(5_000)) return;
  console.error(`# ${page.url()} did not close in 5 s; closing its target through CDP`);
  const cdp = await page.context().newCDPSession(page).catch(() => null);
  const { targetInfo } = (await cdp?.send('Target.getTargetInfo').catch(() => null)) ?? {};
  if (targetInfo) await cdp.send('Target.closeTarget', { targetId: targetInfo.targetId }).catch(() => {});
  if (!(await within(5_000))) throw new Error(`${page.url()} did not close`);
}

export async function launch({ profileDir, extension = true } = {}) {
  const ownProfile = !profileDir;
  const dir = profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'takeback-e2e-chromium-'));
  let ctx;
  let extensionBase = null;

  async function start() {
    ctx = await withTimeout(
      chromium.launchPersistentContext(dir, {
        executablePath: EXECUTABLE,
        headless: true,
        ignoreDefaultArgs: ['--disable-extensions'],
        args: [
          ...(extension ? [`--disable-extensions-except=${CHROME_EXT}`, `--load-extension=${CHROME_EXT}`] : ['--disable-extensions']),
          '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run',
        ],
        timeout: 30_000,
      }),
      40_000,
      'chromium launch',
    );
    ctx.setDefaultTimeout(20_000);
    if (extension) {
      const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }));
      extensionBase = `chrome-extension://${new URL(sw.url()).host}/`;
    }
  }
  await start();

  /** Runs fn(versions, cdp) with a live map versionId -> {runningStatus} of the extension's service worker. */
  async function withWorkerVersions(fn) {
    const page = await extensionPage(`${extensionBase}popup.html`);
    const cdp = await ctx.newCDPSession(page);
    try {
      const versions = new Map();
      let seen = false;
      cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
        seen = true;
        for (const v of e.versions) if (v.scriptURL.startsWith(extensionBase)) versions.set(v.versionId, { runningStatus: v.runningStatus });
      });
      await cdp.send('ServiceWorker.enable');
      const until = Date.now() + 3_000;
      while (!seen && Date.now() < until) await sleep(25);
      await sleep(100); // let the first batch of updates settle
      return await fn(versions, cdp);
    } finally {
      await cdp.detach().catch(() => {});
      await page.close();
    }
  }

  /** What a scenario gets for a page: evaluate in it, click in it (trusted), close it. */
  const handle = (page, url) => (watchNavigations(page), {
    url,
    evaluate: async (fn, ...args) => JSON.parse(await evaluateAcrossNavigation(page, callExpression(fn, args))),
    // Waits until the element is visible, enabled, stable and the one hit at its centre, then clicks it with the mouse.
    // force: click where it is even while it is (aria-)disabled.
    click: (selector, { force = false } = {}) => page.click(selector, { timeout: 10_000, force }),
    /** A trusted key press (Playwright key names: Enter, Escape, Tab, Shift+Tab) wherever focus is. */
    press: (key) => page.keyboard.press(key),
    /** The text inside each <hostTag> element's shadow root, closed ones too (Takeback's in-page notices), in order. */
    shadowTexts: (hostTag) => closedShadows(page, hostTag).then((hosts) => hosts.map((h) => h.text)),
    /** A trusted mouse click on the button named `name` inside the last <hostTag>'s (closed) shadow root. */
    async clickInShadow(hostTag, name) {
      const hosts = await closedShadows(page, hostTag);
      const button = hosts.at(-1)?.buttons.find((b) => b.name === name);
      if (!button) throw new Error(`no button ${name} in a ${hostTag}: ${JSON.stringify(hosts.map((h) => h.buttons.map((b) => b.name)))}`);
      await page.mouse.click(button.x, button.y);
    },
    /**
     * Picks files in <input type=file> as a person does. files: [{name, type, base64}]. They go through files on disk:
     * Playwright sets in-memory payloads from page script (untrusted events); paths go through CDP (trusted ones).
     */
    setFiles: (selector, files) => page.setInputFiles(selector, writeTempFiles(files)),
    /** Takeback's warning frame in this page once it is there: {url, evaluate, click, press}; null after timeoutMs. */
    async warning(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        // The newest one: a frame that was just answered lingers a moment before it is removed.
        const frame = page
          .frames()
          .findLast((f) => !f.isDetached() && f.url().startsWith('chrome-extension://') && new URL(f.url()).pathname === '/upload-warning.html');
        if (frame) {
          return {
            url: frame.url(),
            evaluate: async (fn, ...args) => JSON.parse(await frame.evaluate(callExpression(fn, args))),
            // now: a mouse click at the element's centre at once, as a person clicking the moment it appears (no waiting
            // for it to be stable, nor for the browser to route input to the frame). The frame fills the tab from (0, 0).
            async click(selector, { force = false, now = false } = {}) {
              if (!now) return frame.click(selector, { timeout: 10_000, force });
              const box = await (await frame.$(selector)).boundingBox();
              await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
            },
            press: (key) => page.keyboard.press(key),
          };
        }
        if (Date.now() > until) return null;
        await sleep(50);
      }
    },
    close: () => closePage(page),
  });

  /**
   * Every <hostTag> element's shadow tree as CDP's DOM domain sees it (it pierces closed shadow roots, which page script
   * cannot): its text, and the centre of each named button in page coordinates.
   */
  async function closedShadows(page, hostTag) {
    const cdp = await ctx.newCDPSession(page);
    try {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      const hosts = [];
      const walk = (node, visit, parent = null) => {
        visit(node, parent);
        for (const c of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) walk(c, visit, node);
      };
      walk(root, (n) => n.nodeName === hostTag.toUpperCase() && n.shadowRoots?.length && hosts.push(n));
      return await Promise.all(
        hosts.map(async (host) => {
          let text = '';
          const buttons = [];
          walk(host.shadowRoots[0], (n, parent) => {
            if (n.nodeType === 3 && parent?.nodeName !== 'STYLE') text += `${n.nodeValue} `;
            if (n.nodeName === 'BUTTON') {
              const attrs = Object.fromEntries((n.attributes ?? []).reduce((pairs, v, i, all) => (i % 2 ? pairs : [...pairs, [v, all[i + 1]]]), []));
              buttons.push({ name: attrs.name ?? null, backendNodeId: n.backendNodeId });
            }
          });
          for (const b of buttons) {
            const { quads } = await cdp.send('DOM.getContentQuads', { backendNodeId: b.backendNodeId });
            const q = quads[0];
            Object.assign(b, { x: (q[0] + q[2] + q[4] + q[6]) / 4, y: (q[1] + q[3] + q[5] + q[7]) / 4 });
          }
          return { text: text.replace(/\s+/g, ' ').trim(), buttons };
        }),
      );
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  async function extensionPage(url) {
    const page = await ctx.newPage();
    await page.goto(url);
    return page;
  }

  const driver = {
    name,
    profileDir: dir,
    get extensionBase() {
      return extensionBase;
    },

    async openPage(url) {
      const page = await ctx.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return handle(page, url);
    },

    /** Runs fn(...args) in an extension page (the background's origin) and returns its JSON result. */
    async evaluateInExtension(fn, ...args) {
      const page = await extensionPage(`${extensionBase}popup.html`);
      try {
        return JSON.parse(await page.evaluate(callExpression(fn, args)));
      } finally {
        await page.close();
      }
    },

    /** Every record in the `takeback` database, read raw from an extension page (works while the worker is stopped). */
    async readLedger() {
      const page = await extensionPage(`${extensionBase}popup.html`);
      try {
        return JSON.parse(await page.evaluate(callExpression(READ_LEDGER, [])));
      } finally {
        await page.close();
      }
    },

    /** The popup for siteUrl, loaded and kept open so a scenario can click in it. */
    async openPopupPage(siteUrl) {
      const url = `${extensionBase}popup.html?site=${encodeURIComponent(siteUrl)}`;
      const page = await extensionPage(url);
      await page.waitForSelector('main:not([data-state="loading"])', { timeout: 15_000 });
      return handle(page, url);
    },

    /** The Settings page (settings.html; the options entry opens the dashboard), loaded and kept open. */
    async openOptionsPage() {
      const url = `${extensionBase}settings.html`;
      const page = await extensionPage(url);
      await page.waitForSelector('main[data-state="ready"]', { timeout: 15_000 });
      return handle(page, url);
    },

    /** The dashboard (options_ui: all uploads), once its first rows (or its empty state) are painted. */
    async openDashboard() {
      const url = `${extensionBase}dashboard.html`;
      const page = await extensionPage(url);
      await page.waitForFunction(() => document.documentElement.dataset.dashboard === 'ready', null, { timeout: 15_000 });
      return handle(page, url);
    },

    /** The page the manifest's options_ui names (read from the running extension). */
    async optionsUiPage() {
      const page = await extensionPage(`${extensionBase}popup.html`);
      try {
        return await page.evaluate(() => chrome.runtime.getManifest().options_ui?.page ?? null);
      } finally {
        await page.close();
      }
    },

    async openPopup(siteUrl) {
      const page = await extensionPage(`${extensionBase}popup.html?site=${encodeURIComponent(siteUrl)}`);
      try {
        await page.waitForSelector('main:not([data-state="loading"])', { timeout: 15_000 });
        return JSON.parse(await page.evaluate(callExpression(READ_POPUP, [])));
      } finally {
        await page.close();
      }
    },

    /** URLs of the open tabs (including ones the extension opened itself). */
    tabs: async () => ctx.pages().map((p) => p.url()),

    /** Is the extension's service worker running right now? (Asks the ServiceWorker CDP domain, not Playwright.) */
    async backgroundRunning() {
      return withWorkerVersions(async (versions) => [...versions.values()].some((v) => v.runningStatus === 'running'));
    },

    /**
     * Stops the MV3 service worker as Chromium does when it goes idle: CDP ServiceWorker.stopWorker, from a session
     * on an extension page (whose ServiceWorker domain sees the extension's registration). Resolves once stopped.
     */
    async stopBackground() {
      return withWorkerVersions(async (versions, cdp) => {
        const running = [...versions.entries()].filter(([, v]) => v.runningStatus === 'running');
        if (!running.length) return 'not running';
        for (const [versionId] of running) await cdp.send('ServiceWorker.stopWorker', { versionId });
        const until = Date.now() + 10_000;
        while ([...versions.values()].some((v) => v.runningStatus !== 'stopped')) {
          if (Date.now() > until) throw new Error(`service worker did not stop: ${JSON.stringify([...versions.values()])}`);
          await sleep(50);
        }
        return 'stopped';
      });
    },

    /** Whether the browser still answers; the runner relaunches it if not. */
    async healthy() {
      try {
        const page = await withTimeout(ctx.newPage(), 10_000, 'health check');
        await page.close();
        return true;
      } catch {
        return false;
      }
    },
    lastOutput: () => '',

    async restart() {
      await withTimeout(ctx.close(), 20_000, 'chromium close');
      await sleep(200);
      await start();
    },

    async close() {
      try {
        await withTimeout(ctx.close(), 20_000, 'chromium close');
      } finally {
        if (ownProfile) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return driver;
}
