// A Lemmy web UI in miniature: builds its lemmy-js-client at page load (as lemmy-ui does), uploads on request.
//   ?client=0194 | 0190 | 1   which lemmy-js-client (0.19.4 native fetch; 0.19.0 cross-fetch 3.1.8 → XHR; 1.0.0-beta.2)
//   &instance=<origin>        defaults to this page's origin
//   &auth=bearer|cookie|none  &jwt=<token>
import { LemmyHttp as Lemmy0190 } from 'ljc-0190';
import { LemmyHttp as Lemmy0194 } from 'ljc-0194';
import { LemmyHttp as Lemmy1 } from 'ljc-1';
import { bytes, expose, fromBase64, noticeShape, outcome, params, png, seen } from './common.js';

const which = params.get('client') ?? '0194';
const instance = params.get('instance') ?? location.origin;
const auth = params.get('auth') ?? 'bearer';
const jwt = params.get('jwt') ?? '';
// lemmy-ui keeps its login cookie for a year (research: lemmy-protocol.md, "Cookie `jwt`"), so it survives a restart.
if (auth === 'cookie') document.cookie = `jwt=${jwt}; path=/; max-age=31536000; SameSite=Strict`;
const headers = auth === 'bearer' ? { Authorization: `Bearer ${jwt}` } : {};
const Client = { '0190': Lemmy0190, '0194': Lemmy0194, 1: Lemmy1 }[which];
const client = new Client(instance, { headers });

/** spec: {name, png:[w,h]} or {name, type, size} or {name, type, base64} */
async function makeFile(spec) {
  const blob = spec.png
    ? await png(...spec.png)
    : new Blob([spec.base64 ? fromBase64(spec.base64) : bytes(spec.size, spec.seed ?? 7)], { type: spec.type });
  return new File([blob], spec.name, { type: blob.type });
}

const V4 = {
  image: (c, image) => c.uploadImage({ image }),
  avatar: (c, image) => c.uploadUserAvatar({ image }),
  banner: (c, image) => c.uploadUserBanner({ image }),
  'community-icon': (c, image) => c.uploadCommunityIcon({ id: 1 }, { image }),
  'community-banner': (c, image) => c.uploadCommunityBanner({ id: 1 }, { image }),
  'site-icon': (c, image) => c.uploadSiteIcon({ image }),
  'site-banner': (c, image) => c.uploadSiteBanner({ image }),
};

/** Uploads one file with the library; `kind` picks the 1.0 route. Returns the library's own result. */
async function upload(spec, kind = 'image') {
  const file = await makeFile(spec);
  const xhrBefore = seen.xhr.length;
  const fetchBefore = seen.fetch.length;
  const result = await outcome(() => (which === '1' ? V4[kind](client, file) : client.uploadImage({ image: file })));
  return { result, file: { name: file.name, type: file.type, size: file.size }, xhr: seen.xhr.slice(xhrBefore), fetch: seen.fetch.slice(fetchBefore) };
}

expose({
  client: which,
  upload,
  /** A post whose link is `url` (lemmy-ui's "create post" with an uploaded image), with the library; its own result. */
  createPost: (url, name = 'My post') => outcome(() => client.createPost({ name, community_id: 1, url })),
  /** Several files at once, as lemmy-ui does for a multi-file drop: one upload call each, all started together. */
  uploadMany: (specs) => Promise.all(specs.map((spec) => upload(spec))),
  /**
   * The 0.19 upload by hand with XMLHttpRequest, logging every event on the request and its upload object with the
   * readyState and status at that moment; resolves at loadend (or after timeoutMs, saying so).
   */
  xhrUpload(spec, timeoutMs = 10_000) {
    return makeFile(spec).then(
      (file) =>
        new Promise((resolve) => {
          const xhr = new XMLHttpRequest();
          const events = [];
          const finish = (how) => resolve({ how, events, readyState: xhr.readyState, status: xhr.status, responseText: xhr.responseText });
          const log = (on) => (e) => events.push({ on, type: e.type, readyState: xhr.readyState, status: xhr.status });
          xhr.open('POST', `${instance}/pictrs/image`);
          // listening from after open(): what send() and the end of the request fire
          for (const type of ['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend']) xhr.addEventListener(type, log('xhr'));
          for (const type of ['loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend']) xhr.upload.addEventListener(type, log('upload'));
          xhr.addEventListener('loadend', () => setTimeout(() => finish('loadend'), 0));
          setTimeout(() => finish('timeout'), timeoutMs);
          for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
          const form = new FormData();
          form.append('images[]', file);
          xhr.send(form);
        }),
    );
  },
  /** How many in-page notices there are, and whether each hides its content in a closed shadow root. */
  notices() {
    return [...document.querySelectorAll('takeback-notice')].map(noticeShape);
  },
});
