// A hostile page. It tries to talk to Takeback's private page channel (forged and replayed handshake events,
// guessed channel names, a fresh about:blank frame), to reach extension data, and to get its uploads to
// another origin's server attributed elsewhere. It reports everything it managed to see.
import { LemmyHttp } from 'ljc-0194';
import { expose, outcome, png } from './common.js';

const HELLO_HOOK = 'takeback:hello-hook';
const HELLO_BRIDGE = 'takeback:hello-bridge';
const SECRET = 'takeback:secret';
const seenEvents = [];

// Spy on every event name we know of, and on every dispatch made through the page's own globals.
for (const type of [HELLO_HOOK, HELLO_BRIDGE, SECRET, 'takeback:up', 'takeback:down', 'message']) {
  window.addEventListener(type, (e) => seenEvents.push({ type, detail: typeof e.detail === 'string' ? e.detail : e.data ?? null }), true);
}
const nativeDispatch = EventTarget.prototype.dispatchEvent;
EventTarget.prototype.dispatchEvent = function (event) {
  seenEvents.push({ type: `dispatch:${event.type}`, detail: typeof event.detail === 'string' ? event.detail : null });
  return nativeDispatch.call(this, event);
};
const NativeCustomEvent = window.CustomEvent;
window.CustomEvent = function (type, init) {
  seenEvents.push({ type: `construct:${type}`, detail: typeof init?.detail === 'string' ? init.detail : null });
  return new NativeCustomEvent(type, init);
};

const hex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
const emit = (target, type, detail) => nativeDispatch.call(target, new NativeCustomEvent(type, detail === undefined ? undefined : { detail }));

function forgedObs(url, key) {
  return JSON.stringify({
    t: 'obs',
    obs: {
      reqId: hex(16), rule: 'lemmy-v3-upload', transport: 'fetch', method: 'POST', url, status: 201,
      request: null, files: [{ field: 'images[]', name: `${key}.png`, type: 'image/png', size: 10 }],
      response: JSON.stringify({ msg: 'ok', files: [{ file: `${key}.png`, delete_token: 'forgedtoken' }] }),
      startedAt: Date.now(), finishedAt: Date.now(),
    },
  });
}

async function channelAttacks(foreignUpload) {
  const recorded = [];
  const rec = (type) => (e) => recorded.push({ type, detail: e.detail });
  for (const type of [HELLO_HOOK, HELLO_BRIDGE, SECRET]) window.addEventListener(type, rec(type));

  // 1. forge the handshake in every direction
  emit(window, HELLO_HOOK);
  emit(window, HELLO_BRIDGE);
  const fake = `takeback-${hex(16)}`;
  emit(window, SECRET, fake);
  emit(window, `${fake}:up`, forgedObs(foreignUpload, 'forged-handshake'));
  emit(window, `${fake}:down`, JSON.stringify({ t: 'config', rules: [{ id: 'lemmy-v3-upload', methods: ['GET'], path: '.*', role: 'upload' }] }));
  // 2. replay whatever the forgeries produced
  for (const r of recorded.slice()) emit(window, r.type, r.detail);
  // 3. guessed channel names
  for (let i = 0; i < 200; i++) emit(window, `takeback-${hex(16)}:up`, forgedObs(foreignUpload, 'forged-guess'));
  for (const name of ['takeback:up', 'takeback:obs', 'takeback', 'takeback-:up', 'undefined:up', 'null:up'])
    emit(window, name, forgedObs(foreignUpload, 'forged-guess'));

  // 4. a fresh about:blank frame: listen before anything else could, then knock
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const fw = frame.contentWindow;
  let frameSecret = null;
  fw.addEventListener(SECRET, (e) => (frameSecret ??= e.detail));
  emit(fw, HELLO_HOOK);
  emit(fw, HELLO_BRIDGE);
  await new Promise((r) => setTimeout(r, 200));
  if (typeof frameSecret === 'string') emit(fw, `${frameSecret}:up`, forgedObs(foreignUpload, 'forged-iframe'));
  await new Promise((r) => setTimeout(r, 500));
  return { recorded: recorded.map((r) => r.type), frameSecretObtained: typeof frameSecret === 'string' };
}

async function reachExtension(extensionBase) {
  const out = {};
  out.chromeRuntime = typeof globalThis.chrome?.runtime?.sendMessage === 'function';
  out.browserGlobal = typeof globalThis.browser !== 'undefined';
  if (out.chromeRuntime) {
    out.sendMessage = await outcome(
      () => new Promise((resolve, reject) => {
        try {
          globalThis.chrome.runtime.sendMessage(extensionBase.split('/')[2], { type: 'list-site', site: location.href }, (r) => resolve(r ?? null));
        } catch (e) {
          reject(e);
        }
      }),
    );
  }
  out.fetchPopup = await outcome(async () => (await fetch(`${extensionBase}popup.html`)).status);
  out.fetchManifest = await outcome(async () => (await fetch(`${extensionBase}manifest.json`)).status);
  out.databases = (await indexedDB.databases?.())?.map((d) => d.name) ?? null;
  // window.postMessage in the shape a naive extension would answer
  window.postMessage({ type: 'list-site', site: location.href }, '*');
  await new Promise((r) => setTimeout(r, 200));
  return out;
}

expose({
  /** args: {foreignInstance, jwt, extensionBase, foreignMxc, homeserver, matrixToken} */
  async attack(a) {
    const channel = await channelAttacks(`${a.foreignInstance}/pictrs/image`);
    seenEvents.length = 0; // from here on, anything the spies see came from someone else
    // a real upload to a server on another origin (Bearer, CORS)
    const client = new LemmyHttp(a.foreignInstance, { headers: { Authorization: `Bearer ${a.jwt}` } });
    const image = new File([await png(40, 30, 300)], 'hostile.png', { type: 'image/png' });
    const upload = await outcome(() => client.uploadImage({ image }));
    // claim someone else's Matrix upload by naming its mxc in our own message
    const claim = await outcome(async () => {
      const r = await fetch(`${a.homeserver}/_matrix/client/v3/rooms/${encodeURIComponent('!hostile:e2e.test')}/send/m.room.message/h${hex(4)}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${a.matrixToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ msgtype: 'm.image', body: 'x', url: a.foreignMxc }),
      });
      return r.status;
    });
    const reach = await reachExtension(a.extensionBase);
    const leaked = seenEvents.filter((e) => /takeback|:up$|:down$/.test(e.type) || /dt\d{4}|delete_token|e2e\d{4}/.test(e.detail ?? ''));
    return { channel, upload, claim, reach, seenEvents: seenEvents.length, leaked, page: location.origin };
  },
});
