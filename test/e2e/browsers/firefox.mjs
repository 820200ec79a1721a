// Firefox ESR 153 through its built-in WebDriver BiDi (no geckodriver, no Playwright: Playwright hangs on
// moz-extension:// pages). The production XPI is installed permanently by dropping it into <profile>/extensions,
// so it survives restarts; --remote-allow-system-access lets BiDi navigate to and evaluate in moz-extension:// pages.
// Same driver interface as chromium.mjs. Node 20 needs `--experimental-websocket` for the global WebSocket.
// click(selector) is a real (trusted) mouse click: BiDi input.performActions pointer actions at the element's centre.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIREFOX_XPI, GECKO_ID, READ_LEDGER, READ_POPUP, callExpression, sleep, withTimeout, writeTempFiles } from './common.mjs';

export const name = 'firefox';
const EXECUTABLE = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const UUID = '5f1c3a2e-7b4d-4e8a-9c61-0d2f3e4a5b6c';
const BASE = `moz-extension://${UUID}/`;

export function available() {
  if (!fs.existsSync(EXECUTABLE)) return `${EXECUTABLE} not found`;
  if (!fs.existsSync(FIREFOX_XPI)) return `${FIREFOX_XPI} missing: run \`npx wxt zip -b firefox\` first`;
  if (typeof WebSocket === 'undefined') return 'no global WebSocket: run node with --experimental-websocket';
  return null;
}

const PREFS = {
  'xpinstall.signatures.required': false,
  'extensions.autoDisableScopes': 0,
  'extensions.enabledScopes': 15,
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
  'extensions.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.page': 0,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'browser.sessionstore.resume_from_crash': false,
  'browser.tabs.warnOnClose': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

class Bidi {
  constructor(ws) {
    this.ws = ws;
    this.next = 0;
    this.waiting = new Map();
    this.listeners = new Set();
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      if (m.id != null && this.waiting.has(m.id)) {
        const { resolve, reject, method } = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.type === 'error') reject(new Error(`${method}: ${m.error}: ${m.message}`));
        else resolve(m.result);
      } else if (m.type === 'event') for (const f of this.listeners) f(m);
    };
    ws.onclose = () => {
      for (const { reject, method } of this.waiting.values()) reject(new Error(`${method}: BiDi connection closed`));
      this.waiting.clear();
    };
  }
  send(method, params = {}, timeoutMs = 30_000) {
    const id = ++this.next;
    const p = new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
    return withTimeout(p, timeoutMs, method);
  }
}

export async function launch({ profileDir, extension = true } = {}) {
  const ownProfile = !profileDir;
  const dir = profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'takeback-e2e-firefox-'));
  fs.writeFileSync(path.join(dir, 'user.js'), Object.entries(PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  if (extension) {
    fs.mkdirSync(path.join(dir, 'extensions'), { recursive: true });
    fs.copyFileSync(FIREFOX_XPI, path.join(dir, 'extensions', `${GECKO_ID}.xpi`));
  }
  let proc;
  let bidi;
  let log = '';

  async function start() {
    log = '';
    proc = spawn(EXECUTABLE, ['--headless', '--remote-debugging-port=0', '--remote-allow-system-access', '--profile', dir, '--no-remote'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so close() can kill every child process
    });
    const exited = new Promise((r) => proc.once('exit', r));
    proc.exited = exited;
    const wsUrl = await withTimeout(
      new Promise((resolve, reject) => {
        const onData = (d) => {
          log = (log + d).slice(-20_000);
          const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
          if (m) resolve(m[1]);
        };
        proc.stderr.on('data', onData);
        proc.stdout.on('data', onData);
        exited.then((c) => reject(new Error(`firefox exited (${c}): ${log.slice(-2000)}`)));
      }),
      30_000,
      'firefox BiDi endpoint',
    );
    try {
      const ws = new WebSocket(`${wsUrl}/session`);
      await withTimeout(new Promise((r, j) => ((ws.onopen = r), (ws.onerror = () => j(new Error('BiDi websocket failed'))))), 10_000, 'BiDi websocket');
      bidi = new Bidi(ws);
      await bidi.send('session.new', { capabilities: { alwaysMatch: { unhandledPromptBehavior: { default: 'ignore' } } } });
      if (extension) await waitForExtension();
    } catch (e) {
      // A Firefox that started but would not take a session must not linger: stop it, and say what it printed.
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      throw new Error(`${e.message} (at ${wsUrl}); Firefox said: ${log.slice(-1500)}`);
    }
  }

  async function newTab() {
    for (let attempt = 1; ; attempt++) {
      try {
        const { context } = await bidi.send('browsingContext.create', { type: 'tab' });
        return context;
      } catch (e) {
        // Firefox ESR refuses a new tab for a moment when the tab it would open next to was just closed (seen once in
        // CI after Takeback closed the Element tab it had opened): "no such frame: DiscardedBrowsingContextError".
        if (attempt === 3 || !/DiscardedBrowsingContextError|no such frame/.test(String(e?.message ?? e))) throw e;
        await sleep(200);
      }
    }
  }

  async function evaluate(context, fn, args = []) {
    const r = await bidi.send('script.evaluate', { expression: callExpression(fn, args), target: { context }, awaitPromise: true }, 60_000);
    if (r.type === 'exception') throw new Error(`page exception: ${r.exceptionDetails.text}`);
    return JSON.parse(r.result.value);
  }

  /** Extension pages never report a load event over BiDi: navigate without waiting, then poll. */
  async function openExtensionPage(url, ready = `() => document.readyState === 'complete' && !!document.querySelector('main')`) {
    const context = await newTab();
    await bidi.send('browsingContext.navigate', { context, url, wait: 'none' });
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        if (await evaluate(context, `() => location.href === ${JSON.stringify(url)} && (${ready})()`)) return context;
      } catch {
        /* not navigated yet */
      }
      if (Date.now() > until) {
        await closeTab(context);
        throw new Error(`extension page did not load: ${url}`);
      }
      await sleep(100);
    }
  }

  /**
   * A trusted mouse click on the element matching selector, like Playwright's: waits until it is there, visible,
   * enabled and the element hit at its centre, then moves the mouse there and presses and releases button 0.
   */
  async function click(context, selector, { force = false, top = context, now = false } = {}) {
    const until = Date.now() + 10_000;
    let target;
    for (;;) {
      target = await evaluate(
        context,
        (sel, force) => {
          const el = document.querySelector(sel);
          if (!el) return { why: 'not found' };
          el.scrollIntoView({ block: 'center', inline: 'center' });
          const r = el.getBoundingClientRect();
          if (!r.width || !r.height) return { why: 'not visible' };
          if (!force && (el.disabled || el.getAttribute('aria-disabled') === 'true')) return { why: 'disabled' };
          const x = Math.round(r.left + r.width / 2);
          const y = Math.round(r.top + r.height / 2);
          const hit = document.elementFromPoint(x, y);
          const receives = hit && (hit === el || el.contains(hit) || [...(el.labels ?? [])].some((l) => l.contains(hit)));
          return receives ? { x, y } : { x, y, why: `covered by ${hit?.outerHTML.slice(0, 80)}` };
        },
        [selector, force],
      );
      if (!target.why || (now && target.x !== undefined)) break;
      if (Date.now() > until) throw new Error(`cannot click ${selector}: ${target.why}`);
      await sleep(50);
    }
    // Coordinates are the frame's: moved by where the frame sits in the tab (a warning inside an embedded frame).
    if (top !== context) {
      const off = await frameOffset(top, context);
      target = { x: target.x + off.x, y: target.y + off.y };
    }
    await bidi.send('input.performActions', {
      context: top,
      actions: [
        {
          type: 'pointer',
          id: 'takeback-e2e-mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: target.x, y: target.y, duration: 0 },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
    await bidi.send('input.releaseActions', { context: top });
  }

  const KEYS = {
    Enter: '\uE007', Escape: '\uE00C', Tab: '\uE004', Shift: '\uE008', Space: ' ', Home: '\uE011', End: '\uE010', ArrowUp: '\uE013',
    ArrowDown: '\uE015', ArrowLeft: '\uE012', ArrowRight: '\uE014', PageUp: '\uE00E', PageDown: '\uE00F', Backspace: '\uE003',
  };
  /** A trusted key press in the tab (Enter, Escape, Tab, Shift+Tab, Space), delivered wherever focus is. */
  async function press(context, combo) {
    const keys = combo.split('+').map((k) => KEYS[k] ?? k);
    const actions = [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))];
    await bidi.send('input.performActions', { context, actions: [{ type: 'key', id: 'takeback-e2e-keyboard', actions }] });
    await bidi.send('input.releaseActions', { context });
  }

  /** Picks files in <input type=file> through WebDriver BiDi input.setFiles (trusted input and change events). */
  async function setFiles(context, selector, files) {
    const r = await bidi.send('script.evaluate', {
      expression: `document.querySelector(${JSON.stringify(selector)})`,
      target: { context },
      awaitPromise: false,
      resultOwnership: 'root',
    });
    if (r.type === 'exception' || r.result.type !== 'node') throw new Error(`setFiles: no element ${selector}`);
    await bidi.send('input.setFiles', { context, element: { sharedId: r.result.sharedId }, files: writeTempFiles(files) });
  }

  /** The warning frame inside a tab, once there: its BiDi context, found through the tab's frame tree. */
  async function warningContext(context, timeoutMs) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { contexts } = await bidi.send('browsingContext.getTree', { root: context });
      const stack = [...(contexts[0]?.children ?? [])];
      let found = null; // the newest one: a frame that was just answered lingers a moment before it is removed
      while (stack.length) {
        const c = stack.shift();
        if (c.url.startsWith('moz-extension://') && new URL(c.url).pathname === '/upload-warning.html') found = c.context;
        stack.push(...(c.children ?? []));
      }
      if (found) return found;
      if (Date.now() > until) return null;
      await sleep(50);
    }
  }

  /**
   * Where a nested frame's viewport sits in the tab's: the sum of its ancestors' iframe positions (found through the
   * WindowProxy BiDi names for each iframe element). A frame inside a closed shadow root (Takeback's warning) is not
   * found this way; it fills its parent's viewport, so it adds nothing.
   */
  async function frameOffset(top, context) {
    const { contexts } = await bidi.send('browsingContext.getTree', { root: top });
    const parentOf = new Map();
    const walk = (c) => (c.children ?? []).forEach((child) => (parentOf.set(child.context, c.context), walk(child)));
    contexts.forEach(walk);
    let x = 0;
    let y = 0;
    for (let child = context, parent = parentOf.get(child); parent; child = parent, parent = parentOf.get(child)) {
      const r = await bidi.send('script.evaluate', {
        expression: `[...document.querySelectorAll('iframe')].map((f) => { const b = f.getBoundingClientRect(); return [f.contentWindow, b.left + f.clientLeft, b.top + f.clientTop]; })`,
        target: { context: parent },
        awaitPromise: false,
      });
      const hit = (r.result?.value ?? []).find((entry) => entry.value?.[0]?.value?.context === child);
      if (hit) {
        x += hit.value[1].value;
        y += hit.value[2].value;
      }
    }
    return { x, y };
  }

  /**
   * Every <hostTag> element's shadow tree as WebDriver BiDi serialises it with includeShadowTree 'all' (closed shadow
   * roots too, which page script cannot reach): its text, and the BiDi node of each named button.
   */
  async function closedShadows(context, hostTag) {
    const r = await bidi.send('script.evaluate', {
      expression: `[...document.querySelectorAll(${JSON.stringify(hostTag)})]`,
      target: { context },
      awaitPromise: false,
      resultOwnership: 'root',
      serializationOptions: { maxDomDepth: 30, includeShadowTree: 'all' },
    });
    if (r.type === 'exception') throw new Error(`closedShadows: ${r.exceptionDetails.text}`);
    return (r.result.value ?? []).map((host) => {
      let text = '';
      const buttons = [];
      const walk = (node, parent) => {
        const v = node?.value;
        if (!v) return;
        if (v.nodeType === 3 && parent?.localName !== 'style') text += `${v.nodeValue} `;
        if (v.localName === 'button') buttons.push({ name: v.attributes?.name ?? null, sharedId: node.sharedId });
        for (const c of v.children ?? []) walk(c, v);
      };
      walk(host.value?.shadowRoot, null);
      return { text: text.replace(/\s+/g, ' ').trim(), buttons };
    });
  }

  /** A trusted click at the centre of a node BiDi handed out (e.g. inside a closed shadow root). */
  async function clickNode(context, sharedId) {
    await bidi.send('input.performActions', {
      context,
      actions: [
        {
          type: 'pointer',
          id: 'takeback-e2e-mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: 0, y: 0, duration: 0, origin: { type: 'element', element: { sharedId } } },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
    await bidi.send('input.releaseActions', { context });
  }

  /** What a scenario gets for a page: evaluate in it, click in it (trusted), close it. */
  const handle = (context, url) => ({
    shadowTexts: (hostTag) => closedShadows(context, hostTag).then((hosts) => hosts.map((h) => h.text)),
    async clickInShadow(hostTag, name) {
      const hosts = await closedShadows(context, hostTag);
      const button = hosts.at(-1)?.buttons.find((b) => b.name === name);
      if (!button) throw new Error(`no button ${name} in a ${hostTag}: ${JSON.stringify(hosts.map((h) => h.buttons.map((b) => b.name)))}`);
      await clickNode(context, button.sharedId);
    },
    url,
    evaluate: (fn, ...args) => evaluate(context, fn, args),
    click: (selector, opts) => click(context, selector, opts),
    press: (key) => press(context, key),
    setFiles: (selector, files) => setFiles(context, selector, files),
    async warning(timeoutMs = 10_000) {
      const frame = await warningContext(context, timeoutMs);
      if (!frame) return null;
      return {
        url: 'moz-extension:upload-warning.html',
        evaluate: (fn, ...args) => evaluate(frame, fn, args),
        click: (selector, opts) => click(frame, selector, { ...opts, top: context }),
        press: (key) => press(context, key),
      };
    },
    close: () => closeTab(context),
  });

  const closeTab = (context) => bidi.send('browsingContext.close', { context }).catch(() => {});

  async function waitForExtension() {
    // The add-on starts after the first window; its page loading means its background and content scripts are registered.
    const until = Date.now() + 20_000;
    for (;;) {
      try {
        const ctx = await openExtensionPage(`${BASE}popup.html`);
        await closeTab(ctx);
        return;
      } catch (e) {
        if (Date.now() > until) throw new Error(`Takeback did not start in Firefox: ${e.message}`);
        await sleep(250);
      }
    }
  }

  async function stop() {
    try {
      await bidi?.send('browser.close', {}, 10_000);
    } catch {
      /* fall through to kill */
    }
    bidi?.ws.close();
    const gone = await Promise.race([proc.exited.then(() => true), sleep(8_000).then(() => false)]);
    if (!gone) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await proc.exited;
    }
    // Whatever the group still holds (content processes) goes too.
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* none left */
    }
  }

  await start();

  return {
    name,
    profileDir: dir,
    extensionBase: extension ? BASE : null,
    pid: () => proc.pid,

    /** Whether the browser still answers (a crashed Firefox closes its BiDi socket); the runner relaunches it if not. */
    async healthy() {
      if (proc.exitCode !== null || bidi.ws.readyState !== WebSocket.OPEN) return false;
      return bidi.send('browsingContext.getTree', { maxDepth: 0 }, 10_000).then(() => true, () => false);
    },
    /** The end of Firefox's own output, for a crash report. */
    lastOutput: () => log.slice(-3000),

    async openPage(url) {
      const context = await newTab();
      await bidi.send('browsingContext.navigate', { context, url, wait: 'complete' });
      return handle(context, url);
    },

    /** The popup for siteUrl, loaded and kept open so a scenario can click in it. */
    async openPopupPage(siteUrl) {
      const url = `${BASE}popup.html?site=${encodeURIComponent(siteUrl)}`;
      return handle(await openExtensionPage(url, `() => !!document.querySelector('main:not([data-state="loading"])')`), url);
    },

    /** The Settings page (settings.html; the options entry opens the dashboard), loaded and kept open. */
    async openOptionsPage() {
      const url = `${BASE}settings.html`;
      return handle(await openExtensionPage(url, `() => !!document.querySelector('main[data-state="ready"]')`), url);
    },

    /** The dashboard (options_ui: all uploads), once its first rows (or its empty state) are painted. */
    async openDashboard() {
      const url = `${BASE}dashboard.html`;
      return handle(await openExtensionPage(url, `() => document.documentElement.dataset.dashboard === 'ready'`), url);
    },

    /** The page the manifest's options_ui names (read from the running extension). */
    async optionsUiPage() {
      const context = await openExtensionPage(`${BASE}popup.html`);
      try {
        return await evaluate(context, `() => browser.runtime.getManifest().options_ui?.page ?? null`);
      } finally {
        await closeTab(context);
      }
    },

    /** Runs fn(...args) in an extension page (the background's origin) and returns its JSON result. */
    async evaluateInExtension(fn, ...args) {
      const context = await openExtensionPage(`${BASE}popup.html`);
      try {
        return await evaluate(context, fn, args);
      } finally {
        await closeTab(context);
      }
    },

    async readLedger() {
      const context = await openExtensionPage(`${BASE}popup.html`);
      try {
        return await evaluate(context, READ_LEDGER);
      } finally {
        await closeTab(context);
      }
    },

    async openPopup(siteUrl) {
      const url = `${BASE}popup.html?site=${encodeURIComponent(siteUrl)}`;
      const context = await openExtensionPage(url, `() => !!document.querySelector('main:not([data-state="loading"])')`);
      try {
        return await evaluate(context, READ_POPUP);
      } finally {
        await closeTab(context);
      }
    },

    async tabs() {
      const { contexts } = await bidi.send('browsingContext.getTree', { maxDepth: 0 });
      return contexts.map((c) => c.url);
    },

    backgroundRunning: () => null,
    stopBackground: async () => 'unsupported',

    async restart() {
      await stop();
      await start();
    },

    async close() {
      try {
        await stop();
      } finally {
        if (ownProfile) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
