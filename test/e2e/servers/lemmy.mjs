// A Lemmy instance as far as image uploads go, per version (see shared/research/lemmy-protocol.md §1, Q1, Q2, Q4, Q5).
//   '0.18'   POST /pictrs/image, `jwt` cookie only (no cookie: the handler panics -> 502), pict-rs JSON passed through
//            (201, files[].details present).
//   '0.19.0' POST /pictrs/image, Bearer or `jwt` cookie else 401 {"error":"incorrect_login"}; 201
//            {"msg":"ok","files":[{file,delete_token}]} (details dropped).
//   '0.19.4' same auth; 201 {"files":[{file,delete_token,details:{width,height,content_type,created_at}}],"msg":"ok"}.
//   '1.0'    POST /api/v4/{image,account/avatar,account/banner,community/icon,community/banner,site/icon,site/banner};
//            same auth; 200 {"image_url":"<origin>/api/v4/image/<alias>","filename":"<alias>"}; no token.
// Bodies over `maxBytes`: 413, v3 {"msg":"too_large","files":null}, v4 {"error":"too_large"} (after draining the body).
// CORS: preflights answered for any Origin (Authorization allowed), like an instance used by another front end.
// Cookies do not isolate by port, so each version has its own JWT by default.
// Ids are deterministic per server instance (a counter), so two runs against fresh servers answer identically.
// Serving and deleting (§1 table, §3), for the delete tests:
//   GET /pictrs/image/<alias> (v3) or /api/v4/image/<alias> (1.0): 200 with the bytes while the file exists, else 404.
//   0.18      GET /pictrs/image/delete/<token>/<alias>, no login: 204, or 403 invalid-delete-token on a wrong token.
//   0.19.x    the same, but login required (else 401 incorrect_login), and Lemmy drops its own row of the upload even
//             when pict-rs refused the token (stats.rows tells).
//   1.0       DELETE /api/v4/account/media {"filename"}: login required; only the uploader (404 not_found otherwise);
//             {"success":true}. With `apiKey: false` pict-rs refuses Lemmy's /internal/delete call and Lemmy answers
//             with its generic error quoting that call (the body the research leaves open; see utils/platforms/lemmy-delete.ts).
import { bearer, cookies, listen, parseMultipart, pngSize, readBody, send, serveStatic } from './http-util.mjs';

export const LEMMY_VERSIONS = ['0.18', '0.19.0', '0.19.4', '1.0'];
const V4_ROUTES = /^\/api\/v4\/(image|account\/avatar|account\/banner|community\/icon|community\/banner|site\/icon|site\/banner)\/?$/;
const EXT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
const CREATED_AT = '2024-06-07T12:00:00.000000Z';

// `prefix` starts every alias, so two instances of one version never hand out the same one.
export async function startLemmy({ version, jwt = `e2e-lemmy-jwt-${version.replaceAll('.', '')}`, maxBytes = 2 * 1024 * 1024, staticDir = null, prefix = 'e2e', apiKey = true } = {}) {
  if (!LEMMY_VERSIONS.includes(version)) throw new Error(`unknown Lemmy version ${version}`);
  const v4 = version === '1.0';
  // log: every request as {method, path} (page loads included), to tell "nothing was sent" from "nothing was stored".
  const stats = { requests: 0, preflights: 0, bytes: 0, uploads: [], answers: [], log: [], deletes: [] };
  // alias -> { data, type, token, owner (the uploader's JWT), row (Lemmy's image_upload row still there) }
  const files = new Map();
  let seq = 0;

  function cors(req) {
    const origin = req.headers.origin;
    if (!origin) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': '*',
      Vary: 'Origin',
    };
  }

  function authorised(req) {
    const cookie = cookies(req).jwt;
    if (version === '0.18') return cookie === jwt ? true : 'panic';
    return bearer(req) === jwt || cookie === jwt;
  }

  const l = await listen(async (req, res) => {
    stats.requests++;
    const url = new URL(req.url, 'http://x');
    stats.log.push({ method: req.method, path: url.pathname });
    const h = cors(req);
    if (req.method === 'OPTIONS') {
      stats.preflights++;
      return send(res, 204, undefined, {
        ...h,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
        'Access-Control-Max-Age': '3600',
      });
    }
    if (serveStatic(req, res, staticDir)) return;
    if (await deletesAndServes(req, res, url, h)) return;

    const v3Upload = !v4 && req.method === 'POST' && /^\/pictrs\/image\/?$/.test(url.pathname);
    const v4Route = v4 && req.method === 'POST' ? V4_ROUTES.exec(url.pathname)?.[1] : undefined;
    if (!v3Upload && !v4Route) return send(res, 404, v4 ? { error: 'not_found' } : '', h);

    const body = await readBody(req, { limit: maxBytes });
    stats.bytes += body.size;
    const answer = (status, json) => {
      stats.answers.push({ path: url.pathname, status, body: json });
      send(res, status, json, h);
    };
    if (!body.complete) return;
    const auth = authorised(req);
    if (auth === 'panic') {
      // 0.18 unwraps req.cookie("jwt"): the worker panics and the proxy in front answers 502 (lemmy#4000).
      stats.answers.push({ path: url.pathname, status: 502, body: null });
      return send(res, 502, '<html><body>502 Bad Gateway</body></html>', { ...h, 'Content-Type': 'text/html' });
    }
    if (!auth) return answer(401, { error: 'incorrect_login' });
    if (body.size > maxBytes) return answer(413, v4 ? { error: 'too_large' } : { msg: 'too_large', files: null });

    const parts = parseMultipart(body.buffer, req.headers['content-type']).filter((p) => p.name === 'images[]');
    if (!parts.length) return answer(400, v4 ? { error: 'no_file_uploaded' } : { msg: 'No files present in upload', files: null });

    const uploaded = parts.map((p) => {
      seq++;
      const type = p.type || 'application/octet-stream';
      const file = `${prefix}${String(seq).padStart(4, '0')}-${version.replaceAll('.', '')}.${EXT[type] ?? 'bin'}`;
      const dims = pngSize(p.data) ?? { width: 0, height: 0 };
      const upload = {
        route: v4 ? v4Route : 'pictrs/image',
        query: url.search,
        field: p.name,
        filename: p.filename,
        type,
        size: p.data.length,
        file,
        deleteToken: v4 ? null : `dt${String(seq).padStart(4, '0')}-${version.replaceAll('.', '')}-token`,
        ...dims,
      };
      stats.uploads.push(upload);
      files.set(file, { data: p.data, type, token: upload.deleteToken, owner: bearer(req) ?? cookies(req).jwt, row: true });
      return upload;
    });

    if (v4) return answer(200, { image_url: `${l.origin}/api/v4/image/${uploaded[0].file}`, filename: uploaded[0].file });
    const details = (f) => ({ width: f.width, height: f.height, content_type: f.type, created_at: CREATED_AT });
    if (version === '0.19.0') return answer(201, { msg: 'ok', files: uploaded.map((f) => ({ file: f.file, delete_token: f.deleteToken })) });
    if (version === '0.18')
      return answer(201, { msg: 'ok', files: uploaded.map((f) => ({ file: f.file, delete_token: f.deleteToken, details: details(f) })) });
    return answer(201, { files: uploaded.map((f) => ({ file: f.file, delete_token: f.deleteToken, details: details(f) })), msg: 'ok' });
  });

  /** The image, its deletion and the answers of each version; true when the request was one of these. */
  async function deletesAndServes(req, res, url, h) {
    const served = (v4 ? /^\/api\/v4\/image\/([^/]+)$/ : /^\/pictrs\/image\/([^/]+)$/).exec(url.pathname);
    if (req.method === 'GET' && served) {
      const f = files.get(decodeURIComponent(served[1]));
      if (!f) return send(res, 404, v4 ? { error: 'not_found' } : '', h), true;
      res.writeHead(200, { ...h, 'Content-Type': f.type, 'Cache-Control': 'public, max-age=604800, immutable' });
      return res.end(f.data), true;
    }
    const v3Delete = !v4 && req.method === 'GET' && /^\/pictrs\/image\/delete\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (v3Delete) {
      const [, token, alias] = v3Delete.map(decodeURIComponent);
      const answer = (status, json) => (stats.deletes.push({ alias, status }), send(res, status, json, h));
      if (version !== '0.18' && !authorised(req)) return answer(401, { error: 'incorrect_login' }), true;
      const f = files.get(alias);
      if (f && version !== '0.18') f.row = false; // 0.19.0-0.19.11: dropped whatever pict-rs answers
      if (!f || f.token !== token) return answer(403, { msg: 'Provided token did not match expected token', code: 'invalid-delete-token' }), true;
      files.delete(alias);
      return answer(204), true;
    }
    if (v4 && req.method === 'DELETE' && url.pathname === '/api/v4/account/media') {
      const body = await readBody(req, { limit: 64 * 1024 });
      let alias = null;
      try {
        alias = JSON.parse(body.buffer.toString('utf8')).filename ?? null;
      } catch {
        /* not JSON */
      }
      const answer = (status, json) => (stats.deletes.push({ alias, status }), send(res, status, json, h));
      if (!authorised(req)) return answer(401, { error: 'incorrect_login' }), true;
      const f = files.get(alias);
      if (!f || f.owner !== (bearer(req) ?? cookies(req).jwt)) return answer(404, { error: 'not_found' }), true;
      if (!apiKey) return answer(400, { error: 'unknown', message: `pictrs response error: ${l.origin}/internal/delete?alias=${alias}` }), true;
      files.delete(alias);
      return answer(200, { success: true }), true;
    }
    return false;
  }

  return { version, jwt, maxBytes, stats, files, origin: l.origin, port: l.port, close: l.close };
}
