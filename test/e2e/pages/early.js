// Issue 13: a page whose FIRST inline script uploads, with lemmy-js-client 0.19.4 (native fetch), before anything
// else of the page runs: the bridge's lazy part cannot be there yet, so the hook must hold the upload all the same.
// pages.mjs inlines this bundle as the page's first <script>.
//   ?upload=0   do not upload at start (frames of the 50-frame page)   &name=<file name>   &jwt=<token>
// The page also watches for anything an extension might announce to it (wxt's content-script-started message and
// event, any message naming Takeback) and for extension URLs in its resource timing: a page must not learn that
// Takeback is installed.
import { LemmyHttp } from 'ljc-0194';
import { expose, fromBase64, outcome, params } from './common.js';

const announced = [];
addEventListener('message', (e) => {
  let text;
  try {
    text = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  } catch {
    text = String(e.data);
  }
  if (/wxt|takeback|content-script/i.test(text ?? '')) announced.push(`message ${text.slice(0, 200)}`);
}, true);
for (const type of ['wxt:content-script-started', 'wxt:locationchange']) {
  document.addEventListener(type, () => announced.push(`event ${type}`), true);
  addEventListener(type, () => announced.push(`event ${type}`), true);
}

// A 1x1 PNG: built synchronously, so the upload leaves during this first script.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const client = new LemmyHttp(location.origin, { headers: { Authorization: `Bearer ${params.get('jwt') ?? ''}` } });
const upload = (name) => outcome(() => client.uploadImage({ image: new File([fromBase64(PNG)], name, { type: 'image/png' }) }));
const startedAt = performance.now();
const first = params.get('upload') === '0' ? null : upload(params.get('name') ?? 'first-script.png');

const extensionUrls = () => performance.getEntries().map((e) => e.name).filter((n) => /^(chrome|moz)-extension:|^extension:/i.test(n));
const frame = (src) =>
  new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.src = src;
    f.addEventListener('load', () => resolve(f), { once: true });
    document.body.append(f);
  });

expose({
  upload,
  /**
   * Attack (issue 13): clobbers the names the rest of the bridge looks up on its global, as a page can with named
   * elements (`<form name="browser">` makes window.browser that form in a Chrome isolated world), then uploads.
   */
  clobberThenUpload(name) {
    document.body.insertAdjacentHTML('beforeend', '<form name="browser"><input name="runtime" id="clobbered"></form><form name="__takebackBridgeCore"><input name="taken"></form><img name="chrome">');
    return upload(name);
  },
  /** Attack (issue 13): starts an upload, then freezes its own thread for `ms` before anything else can run. */
  freezeAfterUpload(name, ms) {
    // In a task of its own, so that the harness's call returns first.
    return new Promise((resolve) =>
      setTimeout(() => {
        const done = upload(name);
        for (const t = performance.now(); performance.now() - t < ms; );
        resolve(done);
      }, 100),
    );
  },
  /** The first script's upload: when it started (ms after the page's time origin) and what the library returned. */
  first: async () => ({ startedAt, result: await first }),
  announced: () => announced.slice(),
  extensionUrls,
  /** Adds n frames of this page that do not upload, and waits until every one has loaded. */
  addFrames: (n) => Promise.all(Array.from({ length: n }, (_, i) => frame(`early.html?upload=0&i=${i}`))).then((fs) => fs.length),
  /** Adds one frame of this page whose first script uploads `name`; resolves once it has loaded. */
  addUploadingFrame: (name) => frame(`early.html?${new URLSearchParams({ name, jwt: params.get('jwt') ?? '' })}`).then((f) => ((f.dataset.uploading = name), true)),
  /** What the uploading frame's first script got, and what it saw announced. */
  frameFirst: async (name) => {
    const w = document.querySelector(`iframe[data-uploading="${CSS.escape(name)}"]`).contentWindow;
    return { ...(await w.e2e.first()), announced: w.e2e.announced(), extensionUrls: w.e2e.extensionUrls() };
  },
});
