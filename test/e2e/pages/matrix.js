// An Element-like page: matrix-js-sdk client built at load (no sync), media via uploadContent (XHR), the rest via fetch.
//   ?hs=<homeserver origin>&token=<access token>&user=<@user:server>
import { createClient } from 'matrix-js-sdk';
import { bytes, expose, fromBase64, noticeShape, outcome, params, png, seen } from './common.js';

// Element keeps its session in the browser and restores it when its page loads again. This page does the same when it
// is served as the app itself, at "/" (a tab Takeback opens there): signed in as the Element page last was, or signed
// out (no client: mxMatrixClientPeg.get() is null, as in Element before login, updates-2026-12.md §2).
const SESSION = 'e2e-element-session';
const asApp = location.pathname === '/';
const element = asApp || params.get('element') === '1';
const session = asApp
  ? JSON.parse(localStorage.getItem(SESSION) ?? 'null')
  : { hs: params.get('hs') ?? location.origin, token: params.get('token') ?? undefined, user: params.get('user') ?? '@alice:e2e.test' };
if (element && !asApp && session.token) localStorage.setItem(SESSION, JSON.stringify(session));
const baseUrl = session?.hs ?? location.origin;
const accessToken = session?.token;
const userId = session?.user ?? '@alice:e2e.test';
const client = createClient({ baseUrl, accessToken, userId });
// Element puts its client peg on the page from load (MatrixClientPeg.ts); Takeback redacts and deletes through it.
if (element) window.mxMatrixClientPeg = { get: () => (session?.token ? client : null) };

async function makeFile(spec) {
  const data = spec.base64 ? fromBase64(spec.base64) : bytes(spec.size, spec.seed ?? 3);
  const blob = spec.png ? await png(...spec.png, spec.hue) : new Blob([data], { type: spec.type ?? '' });
  return spec.name ? new File([blob], spec.name, { type: blob.type }) : blob;
}

/** uploadContent with a progress log; `abortAfter` aborts once that many progress events have arrived. */
async function upload(spec, opts = {}) {
  const file = await makeFile(spec);
  const progress = [];
  const abortController = new AbortController();
  if (opts.abortAfterMs) setTimeout(() => abortController.abort(), opts.abortAfterMs);
  const xhrBefore = seen.xhr.length;
  const result = await outcome(() =>
    client.uploadContent(file, {
      ...(opts.type && { type: opts.type }),
      ...(opts.includeFilename === false && { includeFilename: false }),
      abortController,
      progressHandler: (p) => {
        progress.push({ loaded: p.loaded, total: p.total });
        if (opts.abortAfter && progress.length === opts.abortAfter) abortController.abort();
      },
    }),
  );
  return { result, progress, size: file.size, xhr: seen.xhr.slice(xhrBefore) };
}

const uri = (r) => {
  if (!r.result.ok) throw new Error(`upload failed: ${JSON.stringify(r.result.error)}`);
  return r.result.value.content_uri;
};

// ---- An Element-like room view: files picked in the composer are sent as Element sends them; the avatar picker sits
// in a settings dialog. ?element=1 marks the page as Element (#matrixchat); ?encrypted=1 makes the room encrypted.
const ROOM = params.get('room') ?? '!picked:e2e.test';
const encryptedRoom = params.get('encrypted') === '1';
const picked = [];

/** Element's encryptAttachment in miniature: AES-CTR, so the ciphertext is exactly as long as the file. */
async function encrypt(blob) {
  const key = await crypto.subtle.generateKey({ name: 'AES-CTR', length: 256 }, false, ['encrypt']);
  const counter = new Uint8Array(16);
  crypto.getRandomValues(counter.subarray(0, 8));
  return new Blob([await crypto.subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, key, await blob.arrayBuffer())]);
}
const uploadForRoom = async (blob) =>
  encryptedRoom
    ? client.uploadContent(await encrypt(blob), { includeFilename: false, type: 'application/octet-stream' })
    : client.uploadContent(blob);

/** One picked file as Element sends it: an image's thumbnail (a nameless PNG Blob) first, then the file, then the event. */
async function sendPicked(file) {
  const thumb = file.type.startsWith('image/') ? (await uploadForRoom(await png(16, 12, 30))).content_uri : null;
  const main = (await uploadForRoom(file)).content_uri;
  if (encryptedRoom) {
    await client.sendEvent(ROOM, 'm.room.encrypted', { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgAEnAC', device_id: 'E2EDEVICE', sender_key: 'e2eKey', session_id: 'e2eSession' });
  } else {
    await client.sendMessage(ROOM, { msgtype: thumb ? 'm.image' : 'm.file', body: file.name, url: main, info: { mimetype: file.type, size: file.size, ...(thumb && { thumbnail_url: thumb }) } });
  }
  return { name: file.name, main, thumb };
}

function track(fn) {
  const run = { done: false, value: undefined };
  run.promise = outcome(fn).then((v) => ((run.done = true), (run.value = v)));
  picked.push(run);
}

document.addEventListener('DOMContentLoaded', () => {
  const view = document.createElement('section');
  if (element) view.id = 'matrixchat';
  const composer = Object.assign(document.createElement('input'), { type: 'file', id: 'composer-file', multiple: true });
  const settings = document.createElement('div');
  settings.setAttribute('role', 'dialog');
  settings.setAttribute('aria-label', 'Settings');
  const avatar = Object.assign(document.createElement('input'), { type: 'file', id: 'avatar-file' });
  settings.append(avatar);
  view.append(composer, settings);
  document.body.append(view);
  composer.addEventListener('change', () => {
    const files = [...composer.files];
    track(() => Promise.all(files.map(sendPicked)));
  });
  avatar.addEventListener('change', () => {
    const file = avatar.files[0];
    track(async () => {
      const mxc = (await client.uploadContent(file)).content_uri;
      await client.setAvatarUrl(mxc);
      return { name: file.name, main: mxc };
    });
  });
});

expose({
  upload,
  /** Runs started by picking files: how many, whether run i finished, and its result (awaited). */
  pickCount: () => picked.length,
  pickSettled: (i) => picked[i]?.done ?? null,
  pickResult: (i) => picked[i]?.promise,
  /** A plain event (what a client does after an upload, or on its own): not an upload, so never held. */
  sendText: (roomId, body) => outcome(() => client.sendMessage(roomId, { msgtype: 'm.text', body })),
  notices: () => [...document.querySelectorAll('takeback-notice')].map(noticeShape),
  /** Signs out as Element does: the stored session is gone, so the app at "/" opens signed out. */
  signOut: () => (localStorage.removeItem(SESSION), true),
  /** What Element does for an image in a plain room: thumbnail (nameless Blob) first, then the file, then m.room.message. */
  async sendImage(roomId, spec, { thumbnail = true } = {}) {
    const thumb = thumbnail ? await upload({ png: [32, 24], hue: 30 }) : null;
    const main = await upload(spec);
    const content = {
      msgtype: 'm.image',
      body: spec.name,
      url: uri(main),
      info: {
        mimetype: 'image/png',
        size: main.size,
        w: spec.png?.[0],
        h: spec.png?.[1],
        ...(thumb && { thumbnail_url: uri(thumb), thumbnail_info: { mimetype: 'image/png', size: thumb.size, w: 32, h: 24 } }),
      },
    };
    const sent = await outcome(() => client.sendMessage(roomId, content));
    return { thumb: thumb && uri(thumb), main: uri(main), sent };
  },
  /** An encrypted room: ciphertext as a nameless octet-stream Blob, then an m.room.encrypted event. */
  async sendEncrypted(roomId, size = 5000) {
    const up = await upload({ size, seed: 11 }, { type: 'application/octet-stream', includeFilename: false });
    const sent = await outcome(() =>
      client.sendEvent(roomId, 'm.room.encrypted', {
        algorithm: 'm.megolm.v1.aes-sha2',
        ciphertext: 'AwgAEnACgAkLmt6qF84IK++J7UDH2Za1YVchHyprqTqsg2yyOwAtHaZTwyNg37afzg8f3r9IsN9rH4RuDE',
        device_id: 'E2EDEVICE',
        sender_key: 'e2eSenderKeyBase64AAAAAAAAAAAAAAAAAAAAAAAAAA',
        session_id: 'e2eSessionIdBase64AAAAAAAAAAAAAAAAAAAAAAAAA',
      }),
    );
    return { mxc: uri(up), sent };
  },
  async setAvatar(spec) {
    const up = await upload(spec);
    const set = await outcome(() => client.setAvatarUrl(uri(up)));
    return { mxc: uri(up), set };
  },
  async setRoomAvatar(roomId, spec) {
    const up = await upload(spec);
    const set = await outcome(() => client.sendStateEvent(roomId, 'm.room.avatar', { url: uri(up) }, ''));
    return { mxc: uri(up), set };
  },
  /** Endpoints the SDK no longer uses (r0, v1) and the async create + PUT flow, called with fetch like other clients do. */
  async rawUpload(version, spec) {
    const file = await makeFile(spec);
    const q = spec.name ? `?filename=${encodeURIComponent(spec.name)}` : '';
    const res = await fetch(`${baseUrl}/_matrix/media/${version}/upload${q}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    return { status: res.status, body: await res.json() };
  },
  async asyncUpload(spec) {
    const file = await makeFile(spec);
    const auth = { Authorization: `Bearer ${accessToken}` };
    const created = await (await fetch(`${baseUrl}/_matrix/media/v1/create`, { method: 'POST', headers: auth })).json();
    const [server, mediaId] = created.content_uri.slice('mxc://'.length).split('/');
    const q = spec.name ? `?filename=${encodeURIComponent(spec.name)}` : '';
    const res = await fetch(`${baseUrl}/_matrix/media/v3/upload/${server}/${mediaId}${q}`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    return { mxc: created.content_uri, status: res.status, body: await res.json() };
  },
});
