// Helpers every test page shares. Pages expose async functions on window.e2e; the harness calls them and
// gets plain JSON back (errors are turned into {name, message, ...own fields}).

/** What the page itself sees of its network calls, counted from the page's side (after any extension hook). */
export const seen = { xhr: [], fetch: [] };
const nativeOpen = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  seen.xhr.push({ method: String(method), url: String(url) });
  return nativeOpen.call(this, method, url, ...rest);
};
const nativeFetch = window.fetch;
window.fetch = function (input, init) {
  seen.fetch.push({ method: init?.method ?? (input instanceof Request ? input.method : 'GET'), url: String(input instanceof Request ? input.url : input) });
  return nativeFetch.apply(this, arguments);
};

export const params = new URLSearchParams(location.search);

/** The bytes of a fixture file handed over as base64 (e.g. a JPEG with GPS Exif). */
export const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** A real PNG of the given size (the extension makes its thumbnail from it). */
export async function png(width, height, hue = 200) {
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = `hsl(${hue} 70% 50%)`;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#fff';
  g.fillRect(width / 4, height / 4, width / 2, height / 2);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** Deterministic pseudo-random bytes (so two runs send identical bodies). */
export function bytes(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function plain(value) {
  if (value instanceof Error || (value && typeof value === 'object' && 'name' in value && 'message' in value && value.stack)) {
    const out = { name: value.name, message: value.message };
    for (const k of Object.keys(value)) if (k !== 'stack') out[k] = plain(value[k]);
    return out;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Runs fn, returning {ok, value} or {ok:false, error} as plain JSON. */
export async function outcome(fn) {
  try {
    return { ok: true, value: plain(await fn()) };
  } catch (error) {
    return { ok: false, error: plain(error) };
  }
}

const running = new Map();
let runs = 0;

export function expose(api) {
  window.e2e = {
    ...api,
    seen,
    ready: true,
    /** Starts api[name](...args) without waiting for it (it may sit behind Takeback's warning); returns its id. */
    begin(name, ...args) {
      const id = ++runs;
      const run = { done: false, value: undefined };
      run.promise = Promise.resolve(api[name](...args)).then((v) => ((run.done = true), (run.value = v)));
      running.set(id, run);
      return id;
    },
    /** Whether run `id` has finished (without waiting). */
    settled: (id) => running.get(id)?.done ?? null,
    /** Waits for run `id` and returns its result. */
    finish: (id) => running.get(id)?.promise,
  };
  document.documentElement.dataset.e2eReady = '1';
}

/**
 * What the page can see of one of Takeback's in-page notices: where it sits, and that its content is out of reach
 * (no open shadowRoot, yet attachShadow refuses because the element already hosts a shadow tree).
 */
export function noticeShape(el) {
  let attach;
  try {
    el.attachShadow({ mode: 'open' });
    attach = 'allowed';
  } catch (e) {
    attach = e.name;
  }
  return { parent: el.parentNode?.nodeName ?? null, shadowRoot: el.shadowRoot === null ? null : 'open', attachShadow: attach, text: el.textContent };
}
