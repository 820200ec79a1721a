// A Matrix homeserver as far as media uploads and the requests that reference them go
// (shared/research/matrix-protocol.md §1a, Q1–Q3; Synapse behaviour for CORS and errors).
//   POST /_matrix/media/{v3,r0,v1}/upload[?filename=]   raw body -> {"content_uri":"mxc://<serverName>/<id>"}
//   POST /_matrix/media/v1/create                       -> {"content_uri", "unused_expires_at"}
//   PUT  /_matrix/media/v3/upload/{server}/{id}         -> {} | 404 M_NOT_FOUND | 409 M_CANNOT_OVERWRITE_MEDIA | 403 M_FORBIDDEN
//                                                          (403: not the user who created the id)
//   PUT  /_matrix/client/{v3,r0}/rooms/{room}/send/{type}/{txn}  -> {"event_id"} (idempotent per user and txn)
//   PUT  /_matrix/client/{v3,r0}/profile/{user}/avatar_url       -> {}
//   PUT  /_matrix/client/{v3,r0}/rooms/{room}/state/{type}/{key?} -> {"event_id"}
//   GET  /_matrix/client/versions
// Auth: Authorization: Bearer <token> (or ?access_token=), else 401 M_MISSING_TOKEN; a wrong token 401 M_UNKNOWN_TOKEN.
// `token` is `userId` (default @alice:<serverName>); `users: {<token>: <userId>}` adds accounts ("not the uploader" tests).
// Bodies over maxBytes: 413 M_TOO_LARGE. CORS: Access-Control-Allow-Origin: * on everything, like Synapse.
// `slowMs` (settable at run time) makes media uploads read their body slowly, so clients see progress events.
// Issue 4/5 additions (matrix-protocol.md §1a, §1b, Q6, §3; Synapse and t2bot/matrix-media-repo v1.3.7 sources):
//   Media keeps its bytes and uploader (server.media: id -> {data, type, filename, uploader, state, deleted}).
//   GET  /_matrix/client/v1/media/download/{server}/{id}[/{name}]  token required (401 above); 200 bytes; 404 M_NOT_FOUND
//        unknown or deleted; 504 M_NOT_YET_UPLOADED for a created id without content.
//   GET  /_matrix/media/{r0,v3,v1}/download/{server}/{id}[/{name}]  Synapse: 404 M_NOT_FOUND for all of it (1.120+ serves new
//        media only authenticated, `enable_authenticated_media`); matrix-media-repo: served, token optional.
//   GET  /_matrix/media/version  Synapse: 404 M_UNRECOGNIZED (unknown path, any auth); `mediaRepo: true` (live on
//        server.mediaRepo): 200 {"Version":"v1.3.7","GitCommit",...,"unstable_features":{}} (api/custom/version.go).
//   DELETE /_matrix/media/unstable[/io.t2bot.media]/download/{server}/{id}  matrix-media-repo only (api/custom/purge.go):
//        token required; someone other than the uploader -> 401 M_UNKNOWN_TOKEN "Authentication Failed" (mr_errcode);
//        else 200 {"purged":true}, also for an unknown or already purged id. Synapse: 404 M_UNRECOGNIZED.
//   PUT  /_matrix/client/{v3,r0}/rooms/{room}/redact/{eventId}/{txn}  {reason?} -> {"event_id"}, idempotent per user and
//        txn; only the sender (403 M_FORBIDDEN "You don't have permission to redact events"); unknown event 404
//        M_NOT_FOUND; another room's event 400. Never touches media (Q6: Synapse keeps the file).
//   GET  /_matrix/client/{v3,r0}/rooms/{room}/event/{eventId}  the event; once redacted: content {} and
//        unsigned.redacted_because (the m.room.redaction event). 404 M_NOT_FOUND when unknown.
//   GET  /_matrix/client/{v3,r0}/account/whoami  -> {"user_id","is_guest":false,"device_id"}.
//   GET  /.well-known/matrix/support  (spec v1.10, no auth) {contacts:[{matrix_id?, email_address?, role}], support_page};
//        `support` (live on server.support): an object replaces it, 'broken' serves invalid JSON, null/'missing' a 404.
//   GET  /_matrix/federation/v1/version  (server-server spec, no auth) {"server":{"name","version"}}. `software` (live on
//        server.software): default {name:'Synapse', version:'1.140.0'}; continuwuity answers {name:'continuwuity'};
//        an object replaces it; null/'missing' a 404 M_UNRECOGNIZED (the federation API not served on this origin).
// Issue 12 §2 (updates-2026-12.md §2, Synapse 1.132): the server admin's erase,
//   DELETE /_synapse/admin/v1/media/{server}/{id}  admin token (`adminToken`, user @admin:<serverName>) ->
//        {"deleted_media":[id],"total":1}, then every download answers 404 M_NOT_FOUND; unknown or already deleted ->
//        {"deleted_media":[],"total":0}; a user who is not an admin -> 403 M_FORBIDDEN "You are not a server admin".
// stats.redactions [{roomId, eventId, txnId, redactionId, sender}], stats.mediaDeletes [{server, mediaId, status, user}];
// stats.log [{method, path, token}]: every request, with the access token it carried (null when none).
import { bearer, listen, readBody, send, serveStatic } from './http-util.mjs';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization, Date',
  'Access-Control-Expose-Headers': 'Synapse-Trace-Id, Server',
};
const MEDIA_REPO_VERSION = 'v1.3.7';
// matrix-media-repo accepts ServerNameRegex hosts (name, IPv4, [IPv6], optional port).
const SERVER_NAME = /^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;

export async function startMatrix({
  serverName = 'e2e.test',
  token = 'e2e-matrix-token',
  userId = `@alice:${serverName}`,
  users = {},
  adminToken = 'e2e-matrix-admin-token',
  maxBytes = 4 * 1024 * 1024,
  staticDir = null,
  mediaRepo = false,
  support = undefined,
  software = { name: 'Synapse', version: '1.140.0' },
} = {}) {
  // log: every request as {method, path}; `started` counts media requests (not GET) the moment they arrive.
  const stats = {
    requests: 0,
    preflights: 0,
    bytes: 0,
    uploads: [],
    started: 0,
    incomplete: 0,
    events: [],
    profile: [],
    state: [],
    answers: [],
    log: [],
    redactions: [],
    mediaDeletes: [],
  };
  const adminId = `@admin:${serverName}`;
  const accounts = new Map([[token, userId], [adminToken, adminId], ...Object.entries(users)]);
  // mediaId -> { state: 'created' | 'uploaded', data, type, filename, uploader, deleted }
  const media = new Map();
  // eventId -> { event_id, room_id, sender, type, state_key?, content, origin_server_ts, redacted_because? }
  const events = new Map();
  const txns = new Map();
  let seq = 0;
  let eventSeq = 0;
  let clock = Date.parse('2024-06-07T12:00:00Z');
  const defaultSupport = {
    contacts: [
      { matrix_id: `@admin:${serverName}`, email_address: `admin@${serverName}`, role: 'm.role.admin' },
      { email_address: `security@${serverName}`, role: 'm.role.security' },
    ],
    support_page: `https://${serverName}/support`,
  };
  const server = { slowMs: 0, mediaRepo, support: support === undefined ? defaultSupport : support, software };

  const l = await listen(async (req, res) => {
    stats.requests++;
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    // The access token each request carried (or null): which server saw which account's token.
    stats.log.push({ method: req.method, path: p, token: bearer(req) ?? url.searchParams.get('access_token') });
    const answer = (status, json, headers = {}) => {
      stats.answers.push({ method: req.method, path: p, status, body: json });
      send(res, status, json, { ...CORS, ...headers });
    };
    if (req.method === 'OPTIONS') {
      stats.preflights++;
      return send(res, 200, {}, CORS);
    }
    if (serveStatic(req, res, staticDir)) return;
    if (req.method === 'GET' && p === '/_matrix/client/versions') return answer(200, { versions: ['r0.6.1', 'v1.1', 'v1.11'], unstable_features: {} });
    if (req.method === 'GET' && p === '/.well-known/matrix/support') return wellKnownSupport(res);

    const unrecognised = () => answer(404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
    if (req.method === 'GET' && p === '/_matrix/federation/v1/version') {
      if (server.software === null || server.software === 'missing') return unrecognised();
      return answer(200, { server: server.software });
    }
    let m;
    // Answered before any token check: Synapse rejects unknown paths first; matrix-media-repo's token is optional here.
    if (req.method === 'GET' && p === '/_matrix/media/version') {
      if (!server.mediaRepo) return unrecognised();
      return answer(200, { Version: MEDIA_REPO_VERSION, GitCommit: 'e2e-fixture', unstable_features: {} }, { 'Cache-Control': 'no-cache' });
    }
    if ((m = /^\/_matrix\/media\/unstable(?:\/io\.t2bot\.media)?\/download\/([^/]+)\/([^/]+)\/?$/.exec(p)) && !server.mediaRepo) return unrecognised();
    if (req.method === 'GET' && (m = /^\/_matrix\/media\/(?:r0|v3|v1)\/download\/([^/]+)\/([^/]+)(?:\/[^/]*)?$/.exec(p))) {
      if (!server.mediaRepo) return answer(404, { errcode: 'M_NOT_FOUND', error: 'Not found' });
      return download(res, decodeURIComponent(m[1]), decodeURIComponent(m[2]), answer);
    }

    const isMedia = p.startsWith('/_matrix/media/');
    if (isMedia && req.method !== 'GET') stats.started++;
    const body = await readBody(req, { slowMs: isMedia ? server.slowMs : 0, limit: maxBytes });
    stats.bytes += body.size;
    if (!body.complete) {
      if (isMedia) stats.incomplete++;
      return;
    }
    const given = bearer(req) ?? url.searchParams.get('access_token');
    if (!given) return answer(401, { errcode: 'M_MISSING_TOKEN', error: 'Missing access token' });
    const user = accounts.get(given);
    if (!user) return answer(401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.', soft_logout: false });

    const tooLarge = () => answer(413, { errcode: 'M_TOO_LARGE', error: `Upload request body is too large (max ${maxBytes} bytes)` });
    const json = () => {
      try {
        return JSON.parse(body.buffer.toString('utf8') || '{}');
      } catch {
        return undefined;
      }
    };
    const type = () => req.headers['content-type'] ?? '';
    if (req.method === 'POST' && (m = /^\/_matrix\/media\/(v3|r0|v1)\/upload\/?$/.exec(p))) {
      if (body.size > maxBytes) return tooLarge();
      const mediaId = `m${String(++seq).padStart(4, '0')}`;
      const filename = url.searchParams.get('filename');
      media.set(mediaId, { state: 'uploaded', data: body.buffer, type: type(), filename, uploader: user, deleted: false });
      stats.uploads.push({ version: m[1], mediaId, filename, type: type(), size: body.size });
      return answer(200, { content_uri: `mxc://${serverName}/${mediaId}` });
    }
    if (req.method === 'POST' && p === '/_matrix/media/v1/create') {
      const mediaId = `a${String(++seq).padStart(4, '0')}`;
      media.set(mediaId, { state: 'created', data: null, type: '', filename: null, uploader: user, deleted: false });
      return answer(200, { content_uri: `mxc://${serverName}/${mediaId}`, unused_expires_at: 1_900_000_000_000 });
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/media\/v3\/upload\/([^/]+)\/([^/]+)\/?$/.exec(p))) {
      const [server_, mediaId] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      const item = server_ === serverName ? media.get(mediaId) : undefined;
      if (!item) return answer(404, { errcode: 'M_NOT_FOUND', error: 'Unknown media ID' });
      if (item.uploader !== user) return answer(403, { errcode: 'M_FORBIDDEN', error: 'You may not upload to this media ID' });
      if (item.state === 'uploaded') return answer(409, { errcode: 'M_CANNOT_OVERWRITE_MEDIA', error: 'Media ID already has content' });
      if (body.size > maxBytes) return tooLarge();
      Object.assign(item, { state: 'uploaded', data: body.buffer, type: type(), filename: url.searchParams.get('filename') });
      stats.uploads.push({ version: 'v3-async', mediaId, filename: url.searchParams.get('filename'), type: type(), size: body.size });
      return answer(200, {});
    }
    if (req.method === 'GET' && (m = /^\/_matrix\/client\/v1\/media\/download\/([^/]+)\/([^/]+)(?:\/[^/]*)?$/.exec(p))) {
      return download(res, decodeURIComponent(m[1]), decodeURIComponent(m[2]), answer);
    }
    if (req.method === 'DELETE' && (m = /^\/_matrix\/media\/unstable(?:\/io\.t2bot\.media)?\/download\/([^/]+)\/([^/]+)\/?$/.exec(p))) {
      const [server_, mediaId] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      const record = (status) => stats.mediaDeletes.push({ server: server_, mediaId, status, user });
      if (!SERVER_NAME.test(server_)) return record(400), answer(400, { errcode: 'M_UNKNOWN', error: 'invalid server ID', mr_errcode: 'M_BAD_REQUEST' });
      const item = server_ === serverName ? media.get(mediaId) : undefined;
      if (item && !item.deleted && item.uploader !== user) {
        record(401);
        return answer(401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Authentication Failed', mr_errcode: 'M_UNKNOWN_TOKEN' });
      }
      if (item) Object.assign(item, { deleted: true, data: null });
      record(200);
      return answer(200, { purged: true }, { 'Cache-Control': 'no-cache' });
    }
    if (req.method === 'DELETE' && (m = /^\/_synapse\/admin\/v1\/media\/([^/]+)\/([^/]+)$/.exec(p))) {
      if (user !== adminId) return answer(403, { errcode: 'M_FORBIDDEN', error: 'You are not a server admin' });
      const mediaId = decodeURIComponent(m[2]);
      const item = decodeURIComponent(m[1]) === serverName ? media.get(mediaId) : undefined;
      if (!item || item.deleted) return answer(200, { deleted_media: [], total: 0 });
      Object.assign(item, { deleted: true, data: null });
      return answer(200, { deleted_media: [mediaId], total: 1 });
    }
    if (req.method === 'GET' && (m = /^\/_matrix\/client\/(?:v3|r0)\/account\/whoami$/.exec(p))) {
      return answer(200, { user_id: user, is_guest: false, device_id: 'E2EDEVICE' });
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(p))) {
      const key = `${user}/send/${m[1]}/${m[3]}`;
      if (!txns.has(key)) {
        const event = addEvent({ roomId: decodeURIComponent(m[1]), type: decodeURIComponent(m[2]), content: json() ?? {}, sender: user, kind: 'ev' });
        txns.set(key, event.event_id);
        stats.events.push({ roomId: event.room_id, type: event.type, content: json(), eventId: event.event_id, sender: user });
      }
      return answer(200, { event_id: txns.get(key) });
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/redact\/([^/]+)\/([^/]+)$/.exec(p))) {
      const [roomId, eventId, txnId] = [m[1], m[2], m[3]].map(decodeURIComponent);
      const key = `${user}/redact/${roomId}/${txnId}`;
      if (txns.has(key)) return answer(200, { event_id: txns.get(key) });
      const content = json();
      if (content === undefined) return answer(400, { errcode: 'M_NOT_JSON', error: 'Content not JSON.' });
      const target = events.get(eventId);
      if (!target) return answer(404, { errcode: 'M_NOT_FOUND', error: `Could not find event ${eventId}` });
      if (target.room_id !== roomId) return answer(400, { errcode: 'M_UNKNOWN', error: 'Cannot redact event from a different room' });
      if (target.sender !== user) return answer(403, { errcode: 'M_FORBIDDEN', error: "You don't have permission to redact events" });
      const redaction = addEvent({ roomId, type: 'm.room.redaction', content: { ...content, redacts: eventId }, sender: user, kind: 'rd', redacts: eventId });
      target.redacted_because ??= redaction;
      txns.set(key, redaction.event_id);
      stats.redactions.push({ roomId, eventId, txnId, redactionId: redaction.event_id, sender: user });
      return answer(200, { event_id: redaction.event_id });
    }
    if (req.method === 'GET' && (m = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/event\/([^/]+)$/.exec(p))) {
      const event = events.get(decodeURIComponent(m[2]));
      if (!event || event.room_id !== decodeURIComponent(m[1])) return answer(404, { errcode: 'M_NOT_FOUND', error: 'Event not found.' });
      return answer(200, serialise(event));
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/client\/(?:v3|r0)\/profile\/([^/]+)\/avatar_url$/.exec(p))) {
      const content = json();
      if (!content) return answer(400, { errcode: 'M_NOT_JSON', error: 'Content not JSON.' });
      stats.profile.push({ userId: decodeURIComponent(m[1]), content });
      return answer(200, {});
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/state\/([^/]+)(?:\/([^/]*))?$/.exec(p))) {
      const stateKey = m[3] ?? '';
      const event = addEvent({ roomId: decodeURIComponent(m[1]), type: decodeURIComponent(m[2]), content: json() ?? {}, sender: user, kind: 'st', stateKey });
      stats.state.push({ roomId: event.room_id, type: event.type, stateKey, content: json(), eventId: event.event_id });
      return answer(200, { event_id: event.event_id });
    }
    return unrecognised();
  });

  function addEvent({ roomId, type, content, sender, kind, stateKey, redacts }) {
    clock += 1000;
    const event = {
      event_id: `$${kind}${String(++eventSeq).padStart(4, '0')}:${serverName}`,
      room_id: roomId,
      sender,
      type,
      ...(stateKey !== undefined && { state_key: stateKey }),
      ...(redacts && { redacts }),
      content,
      origin_server_ts: clock,
    };
    events.set(event.event_id, event);
    return event;
  }

  /** The client-visible form; a redacted event keeps only its envelope (m.room.message content has no kept keys). */
  function serialise(event) {
    const { redacted_because, ...rest } = event;
    if (!redacted_because) return { ...rest, unsigned: {} };
    return { ...rest, content: {}, unsigned: { redacted_because: { ...redacted_because, unsigned: {} } } };
  }

  function download(res, server_, mediaId, answer) {
    const item = server_ === serverName ? media.get(mediaId) : undefined;
    const notFound = () =>
      server.mediaRepo ? answer(404, { errcode: 'M_NOT_FOUND', error: 'Not found', mr_errcode: 'M_NOT_FOUND' }) : answer(404, { errcode: 'M_NOT_FOUND', error: 'Not found' });
    if (!item || item.deleted) return notFound();
    if (item.state !== 'uploaded') return answer(504, { errcode: 'M_NOT_YET_UPLOADED', error: 'Media has not been uploaded yet' });
    const name = item.filename ? `; filename="${item.filename.replace(/["\\\r\n]/g, '_')}"` : '';
    res.writeHead(200, {
      ...CORS,
      'Content-Type': item.type || 'application/octet-stream',
      'Content-Length': item.data.length,
      // Synapse: inline only for types it deems safe to render, attachment otherwise.
      'Content-Disposition': `${/^image\/(png|jpeg|gif|webp)$/.test(item.type) ? 'inline' : 'attachment'}${name}`,
      'Cache-Control': server.mediaRepo ? 'private, max-age=259200' : 'public, max-age=86400, s-maxage=86400',
    });
    stats.answers.push({ method: 'GET', path: `download/${server_}/${mediaId}`, status: 200, body: null });
    res.end(item.data);
  }

  function wellKnownSupport(res) {
    const doc = server.support;
    if (doc === null || doc === 'missing') return send(res, 404, 'not found', { ...CORS, 'Content-Type': 'text/plain' });
    if (doc === 'broken') return send(res, 200, '{"contacts": [{"matrix_id": "@admin', { ...CORS, 'Content-Type': 'application/json' });
    return send(res, 200, doc, CORS);
  }

  return Object.assign(server, { serverName, token, userId, adminToken, users: Object.fromEntries(accounts), maxBytes, stats, media, events, origin: l.origin, port: l.port, close: l.close });
}
