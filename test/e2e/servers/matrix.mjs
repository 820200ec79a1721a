// A Matrix homeserver as far as media uploads and the requests that reference them go
// (shared/research/matrix-protocol.md §1a, Q1–Q3; Synapse behaviour for CORS and errors).
//   POST /_matrix/media/{v3,r0,v1}/upload[?filename=]   raw body -> {"content_uri":"mxc://<serverName>/<id>"}
//   POST /_matrix/media/v1/create                       -> {"content_uri", "unused_expires_at"}
//   PUT  /_matrix/media/v3/upload/{server}/{id}         -> {} | 404 M_NOT_FOUND | 409 M_CANNOT_OVERWRITE_MEDIA | 403 M_FORBIDDEN
//   PUT  /_matrix/client/{v3,r0}/rooms/{room}/send/{type}/{txn}  -> {"event_id"} (idempotent per txn)
//   PUT  /_matrix/client/{v3,r0}/profile/{user}/avatar_url       -> {}
//   PUT  /_matrix/client/{v3,r0}/rooms/{room}/state/{type}/{key?} -> {"event_id"}
//   GET  /_matrix/client/versions
// Auth: Authorization: Bearer <token> (or ?access_token=), else 401 M_MISSING_TOKEN; a wrong token 401 M_UNKNOWN_TOKEN.
// Bodies over maxBytes: 413 M_TOO_LARGE. CORS: Access-Control-Allow-Origin: * on everything, like Synapse.
// `slowMs` (settable at run time) makes media uploads read their body slowly, so clients see progress events.
import { bearer, listen, readBody, send, serveStatic } from './http-util.mjs';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization, Date',
  'Access-Control-Expose-Headers': 'Synapse-Trace-Id, Server',
};

export async function startMatrix({ serverName = 'e2e.test', token = 'e2e-matrix-token', maxBytes = 4 * 1024 * 1024, staticDir = null } = {}) {
  // log: every request as {method, path}; `started` counts media requests (not GET) the moment they arrive.
  const stats = { requests: 0, preflights: 0, bytes: 0, uploads: [], started: 0, incomplete: 0, events: [], profile: [], state: [], answers: [], log: [] };
  const created = new Map(); // mediaId -> 'created' | 'uploaded'
  const txns = new Map();
  let seq = 0;
  let eventSeq = 0;
  const server = { slowMs: 0 };

  const l = await listen(async (req, res) => {
    stats.requests++;
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    stats.log.push({ method: req.method, path: p });
    const answer = (status, json) => {
      stats.answers.push({ method: req.method, path: p, status, body: json });
      send(res, status, json, CORS);
    };
    if (req.method === 'OPTIONS') {
      stats.preflights++;
      return send(res, 200, {}, CORS);
    }
    if (serveStatic(req, res, staticDir)) return;
    if (req.method === 'GET' && p === '/_matrix/client/versions') return answer(200, { versions: ['r0.6.1', 'v1.1', 'v1.11'], unstable_features: {} });

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
    if (given !== token) return answer(401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.', soft_logout: false });

    const tooLarge = () => answer(413, { errcode: 'M_TOO_LARGE', error: `Upload request body is too large (max ${maxBytes} bytes)` });
    const json = () => {
      try {
        return JSON.parse(body.buffer.toString('utf8') || '{}');
      } catch {
        return undefined;
      }
    };
    let m;
    if (req.method === 'POST' && (m = /^\/_matrix\/media\/(v3|r0|v1)\/upload\/?$/.exec(p))) {
      if (body.size > maxBytes) return tooLarge();
      const mediaId = `m${String(++seq).padStart(4, '0')}`;
      stats.uploads.push({ version: m[1], mediaId, filename: url.searchParams.get('filename'), type: req.headers['content-type'] ?? '', size: body.size });
      return answer(200, { content_uri: `mxc://${serverName}/${mediaId}` });
    }
    if (req.method === 'POST' && p === '/_matrix/media/v1/create') {
      const mediaId = `a${String(++seq).padStart(4, '0')}`;
      created.set(mediaId, 'created');
      return answer(200, { content_uri: `mxc://${serverName}/${mediaId}`, unused_expires_at: 1_900_000_000_000 });
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/media\/v3\/upload\/([^/]+)\/([^/]+)\/?$/.exec(p))) {
      const [server_, mediaId] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      if (server_ !== serverName || !created.has(mediaId)) return answer(404, { errcode: 'M_NOT_FOUND', error: 'Unknown media ID' });
      if (created.get(mediaId) === 'uploaded') return answer(409, { errcode: 'M_CANNOT_OVERWRITE_MEDIA', error: 'Media ID already has content' });
      if (body.size > maxBytes) return tooLarge();
      created.set(mediaId, 'uploaded');
      stats.uploads.push({ version: 'v3-async', mediaId, filename: url.searchParams.get('filename'), type: req.headers['content-type'] ?? '', size: body.size });
      return answer(200, {});
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(p))) {
      const key = `${m[1]}/${m[3]}`;
      if (!txns.has(key)) {
        const eventId = `$ev${String(++eventSeq).padStart(4, '0')}:${serverName}`;
        txns.set(key, eventId);
        stats.events.push({ roomId: decodeURIComponent(m[1]), type: decodeURIComponent(m[2]), content: json(), eventId });
      }
      return answer(200, { event_id: txns.get(key) });
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/client\/(?:v3|r0)\/profile\/([^/]+)\/avatar_url$/.exec(p))) {
      const content = json();
      if (!content) return answer(400, { errcode: 'M_NOT_JSON', error: 'Content not JSON.' });
      stats.profile.push({ userId: decodeURIComponent(m[1]), content });
      return answer(200, {});
    }
    if (req.method === 'PUT' && (m = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/state\/([^/]+)(?:\/([^/]*))?$/.exec(p))) {
      const eventId = `$st${String(++eventSeq).padStart(4, '0')}:${serverName}`;
      stats.state.push({ roomId: decodeURIComponent(m[1]), type: decodeURIComponent(m[2]), stateKey: m[3] ?? '', content: json(), eventId });
      return answer(200, { event_id: eventId });
    }
    return answer(404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
  });

  return Object.assign(server, { serverName, token, maxBytes, stats, origin: l.origin, port: l.port, close: l.close });
}
