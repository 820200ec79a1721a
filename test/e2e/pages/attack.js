// Pages that attack Takeback (issue 11). Each attack is a function on window.e2e; the scenarios in
// scenarios-attack-*.mjs call them and check what reached the servers, the ledger and the screen.
//   ?jwt=<token>   the page's own login on the Lemmy fixture it talks to (Bearer), also written to its `jwt` cookie
import { LemmyHttp as Lemmy1 } from 'ljc-1';
import { bytes, expose, noticeShape, outcome, params, png } from './common.js';

const jwt = params.get('jwt') ?? '';
if (jwt) document.cookie = `jwt=${jwt}; path=/; max-age=3600; SameSite=Lax`;
const bearer = jwt ? { Authorization: `Bearer ${jwt}` } : {};

async function image(name, w = 24, h = 16, hue = 120) {
  return new File([await png(w, h, hue)], name, { type: 'image/png' });
}
async function form(names) {
  const fd = new FormData();
  for (const name of names) fd.append('images[]', await image(name));
  return fd;
}
/** fetch POST of `body`, answered as {status, body}; errors as {name, message}. */
const post = (url, body, init = {}) =>
  outcome(async () => {
    const res = await fetch(url, { method: 'POST', headers: bearer, body, ...init });
    return { status: res.status, body: await res.text() };
  });

/** Element sends small images in one request; the unreadable variants, each as the page would start it. */
const UNREADABLE = {
  'many-files': async (to) => post(`${to}/pictrs/image`, await form(Array.from({ length: 65 }, (_, i) => `album-${i}.png`))),
  'long-name': async (to) => post(`${to}/pictrs/image`, await form([`${'n'.repeat(1021)}.png`])),
  'long-url': async (to) => post(`${to}/pictrs/image?pad=${'a'.repeat(8300)}`, await form(['long-url.png'])),
  // Prototype.js defines Array.prototype.toJSON; JSON.stringify then calls it for every array it writes.
  'array-tojson': async (to) => {
    const fd = await form(['prototype-js.png']);
    Array.prototype.toJSON = function () {
      return 'an array';
    };
    try {
      return await post(`${to}/pictrs/image`, fd);
    } finally {
      delete Array.prototype.toJSON;
    }
  },
  // A toJSON that never ends: JSON.stringify throws (too much recursion).
  'recursive-tojson': async (to) => {
    const fd = await form(['recursive.png']);
    Array.prototype.toJSON = function () {
      return [this];
    };
    try {
      return await post(`${to}/pictrs/image`, fd);
    } finally {
      delete Array.prototype.toJSON;
    }
  },
};

/** Moves, removes or reloads Takeback's warning as frameworks (or hostile pages) do with nodes they do not own. */
function tamperWithWarning(wanted) {
  mode = wanted;
  const done = [];
  const observer = new MutationObserver(() => {
    const host = document.querySelector('takeback-warning');
    if (!mode || !host || host.dataset.e2eSeen) return;
    host.dataset.e2eSeen = '1';
    setTimeout(() => {
      if (mode === 'reload') {
        // Out and straight back in: the frame inside reloads, and the dialog is no longer modal.
        const parent = host.parentNode;
        host.remove();
        parent.append(host);
        done.push('reinserted');
        return;
      }
      const box = document.createElement('div');
      document.body.append(box);
      box.append(host);
      done.push('moved');
      if (mode === 'move-remove') {
        setTimeout(() => {
          host.remove();
          done.push('removed');
        }, 400);
      }
    }, 300);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  return done;
}
let tampered = [];
let mode = null;

// Uploads from places a content script does not run in.
const WORKER_SOURCE = `onmessage = async (e) => {
  const { url, jwt, name } = e.data;
  const fd = new FormData();
  fd.append('images[]', new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], name, { type: 'image/png' }));
  try {
    const res = await fetch(url, { method: 'POST', headers: { Authorization: 'Bearer ' + jwt }, body: fd });
    postMessage({ status: res.status, body: await res.text() });
  } catch (error) {
    postMessage({ error: String(error) });
  }
};`;
const FRAME_SOURCE = (url, name) => `<!doctype html><script>
  (async () => {
    const fd = new FormData();
    fd.append('images[]', new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], ${JSON.stringify(name)}, { type: 'image/png' }));
    try {
      const res = await fetch(${JSON.stringify(url)}, { method: 'POST', headers: { Authorization: 'Bearer ${jwt}' }, body: fd });
      parent.postMessage({ from: ${JSON.stringify(name)}, status: res.status, body: await res.text() }, '*');
    } catch (error) {
      parent.postMessage({ from: ${JSON.stringify(name)}, error: String(error) }, '*');
    }
  })();
</script>`;
function fromFrame(name, setUp) {
  return new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.data?.from !== name) return;
      window.removeEventListener('message', onMessage);
      resolve(e.data);
    };
    window.addEventListener('message', onMessage);
    const frame = document.createElement('iframe');
    setUp(frame);
    document.body.append(frame);
  });
}
async function controlledBy(script) {
  const registration = await navigator.serviceWorker.register(script, { scope: '/e2e/' });
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  }
  return worker;
}

const UNSEEN = {
  async worker(url) {
    const worker = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' })));
    return new Promise((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.postMessage({ url, jwt, name: 'from-worker.png' });
    });
  },
  async 'service-worker'(url) {
    await controlledBy('/e2e/upload-sw.js');
    return new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), { once: true });
      navigator.serviceWorker.controller.postMessage({ url, jwt, name: 'from-service-worker.png' });
    });
  },
  async beacon(url) {
    const fd = new FormData();
    fd.append('images[]', await image('from-beacon.png'));
    return { queued: navigator.sendBeacon(url, fd) };
  },
  async form(url) {
    const sink = document.createElement('iframe');
    sink.name = 'e2e-form-sink';
    document.body.append(sink);
    const f = Object.assign(document.createElement('form'), { method: 'post', enctype: 'multipart/form-data', action: url, target: sink.name });
    const input = Object.assign(document.createElement('input'), { type: 'file', name: 'images[]' });
    const dt = new DataTransfer();
    dt.items.add(await image('from-form.png'));
    input.files = dt.files;
    f.append(input);
    document.body.append(f);
    const loaded = new Promise((resolve) => sink.addEventListener('load', resolve, { once: true }));
    f.submit();
    await loaded;
    return { submitted: true };
  },
  'blob-frame': (url) =>
    fromFrame('from-blob-frame.png', (frame) => {
      frame.src = URL.createObjectURL(new Blob([FRAME_SOURCE(url, 'from-blob-frame.png')], { type: 'text/html' }));
    }),
  'srcdoc-frame': (url) =>
    fromFrame('from-sandboxed-frame.png', (frame) => {
      frame.setAttribute('sandbox', 'allow-scripts');
      frame.srcdoc = FRAME_SOURCE(url, 'from-sandboxed-frame.png');
    }),
};

expose({
  /**
   * Replaces window.URL so that every URL parses as `claim`, then uploads to `to` (its own server). A hook that parses
   * the request URL at request time reports an upload to `claim`'s origin.
   */
  async replacedUrl(to, claim, transport = 'fetch') {
    const fd = await form(['cute-cat.png']);
    const Native = window.URL;
    window.URL = class extends Native {
      constructor() {
        super(claim);
      }
    };
    try {
      if (transport === 'fetch') return await post(`${to}/pictrs/image`, fd);
      return await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `${to}/pictrs/image`);
        xhr.setRequestHeader('Authorization', `Bearer ${jwt}`);
        xhr.onloadend = () => resolve({ ok: true, value: { status: xhr.status, body: xhr.responseText } });
        xhr.send(fd);
      });
    } finally {
      window.URL = Native;
    }
  },

  /** init getters that answer the hook one thing and the browser another (each is read twice without the fix). */
  async twoFacedInit(to, which) {
    const fd = await form(['two-faced.png']);
    let reads = 0;
    const init = { headers: bearer, body: fd };
    if (which === 'signal') {
      init.method = 'POST';
      Object.defineProperty(init, 'signal', { enumerable: true, get: () => (reads++ === 0 ? { aborted: true } : undefined) });
    } else {
      Object.defineProperty(init, 'method', { enumerable: true, get: () => (reads++ === 0 ? 'GET' : 'POST') });
    }
    return outcome(async () => {
      const res = await fetch(`${to}/pictrs/image`, init);
      return { status: res.status, body: await res.text(), reads };
    });
  },

  /**
   * A service worker of this site answers the upload to `victim` (Lemmy 1.0) itself, naming the user's own file on
   * victim and a path prefix of its choosing; nothing reaches victim.
   */
  async forgedAnswer(victim, filename, prefix) {
    await controlledBy(`/e2e/forge-sw.js?${new URLSearchParams({ filename, prefix })}`);
    const client = new Lemmy1(victim, { headers: bearer });
    return outcome(async () => client.uploadImage({ image: await image('cute-cat.png', 40, 40, 20) }));
  },

  /** `n` uploads of small images, `parallel` at a time. */
  async flood(to, n, parallel = 8) {
    let ok = 0;
    let next = 0;
    const one = async () => {
      while (next < n) {
        const i = next++;
        const r = await post(`${to}/pictrs/image`, await form([`flood-${i}.png`]));
        if (r.ok && r.value.status === 201) ok++;
      }
    };
    await Promise.all(Array.from({ length: parallel }, one));
    return { ok };
  },

  unreadable: (variant, to) => UNREADABLE[variant](to),
  unseen: (variant, url) => UNSEEN[variant](url),
  tamper(mode) {
    tampered = tamperWithWarning(mode);
    return true;
  },
  tampered: () => tampered,
  /** A plain upload (lemmy 0.19 shape, fetch). */
  upload: (to, name = 'plain.png') => form([name]).then((fd) => post(`${to}/pictrs/image`, fd)),
  notices: () => [...document.querySelectorAll('takeback-notice')].map(noticeShape),
  noticeTexts: () => [...document.querySelectorAll('takeback-notice')].map((n) => n.dataset.e2eText ?? null),
  bytes: (n) => bytes(n).length,
});
