// An Element-like page: matrix-js-sdk client built at load (no sync), media via uploadContent (XHR), the rest via fetch.
//   ?hs=<homeserver origin>&token=<access token>&user=<@user:server>
import { createClient } from 'matrix-js-sdk';
import { bytes, expose, noticeShape, outcome, params, png, seen } from './common.js';

const baseUrl = params.get('hs') ?? location.origin;
const accessToken = params.get('token') ?? undefined;
const userId = params.get('user') ?? '@alice:e2e.test';
const client = createClient({ baseUrl, accessToken, userId });

async function makeFile(spec) {
  const blob = spec.png ? await png(...spec.png, spec.hue) : new Blob([bytes(spec.size, spec.seed ?? 3)], { type: spec.type ?? '' });
  return spec.name ? new File([blob], spec.name, { type: blob.type }) : blob;
}

/** uploadContent with a progress log; `abortAfter` aborts once that many progress events have arrived. */
async function upload(spec, opts = {}) {
  const file = await makeFile(spec);
  const progress = [];
  const abortController = new AbortController();
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

expose({
  upload,
  /** A plain event (what a client does after an upload, or on its own): not an upload, so never held. */
  sendText: (roomId, body) => outcome(() => client.sendMessage(roomId, { msgtype: 'm.text', body })),
  notices: () => [...document.querySelectorAll('takeback-notice')].map(noticeShape),
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
