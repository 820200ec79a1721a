// A Lemmy instance as far as image uploads go, per version (see shared/research/lemmy-protocol.md §1, Q1, Q2, Q4, Q5).
//   '0.18'   POST /pictrs/image, `jwt` cookie only (no cookie: the handler panics -> 502), pict-rs JSON passed through
//            (201, files[].details present).
//   '0.19.0' POST /pictrs/image, Bearer or `jwt` cookie else 401 {"error":"incorrect_login"}; 201
//            {"msg":"ok","files":[{file,delete_token}]} (details dropped).
//   '0.19.4' same auth; 201 {"files":[{file,delete_token,details:{width,height,content_type,created_at}}],"msg":"ok"}.
//   '0.19.12' uploads as 0.19.4; deletes per the 0.19.12+ rule below.
//   '1.0'    POST /api/v4/{image,account/avatar,account/banner,community/icon,community/banner,site/icon,site/banner};
//            same auth; 200 {"image_url":"<origin>/api/v4/image/<alias>","filename":"<alias>"}; no token.
// Bodies over `maxBytes`: 413, v3 {"msg":"too_large","files":null}, v4 {"error":"too_large"} (after draining the body).
// CORS: preflights answered for any Origin (Authorization allowed), like an instance used by another front end.
// Cookies do not isolate by port, so each version has its own JWT by default. `users: {<jwt>: {name, admin}}` adds logins
// (other accounts, an admin); the default JWT is the user `userName`. Uploads remember their uploader (files[].owner = JWT).
// Ids are deterministic per server instance (a counter), so two runs against fresh servers answer identically; `published`
// comes from a virtual clock (one minute per upload from 2024-06-07), so list orders are deterministic too.
// Serving and deleting (§1 table, §3), for the delete tests:
//   GET /pictrs/image/<alias> (v3) or /api/v4/image/<alias> (1.0): 200 with the bytes while the file exists, else 404.
//             `privateInstance` (1.0): 401 {"error":"not_logged_in"} to a request without a login, whether or not it exists.
//   0.18      GET /pictrs/image/delete/<token>/<alias>, no login: 204, or 403 invalid-delete-token on a wrong token.
//   0.19.0/4  the same, but login required (else 401 incorrect_login), any logged-in user, and Lemmy drops its own row of
//             the upload even when pict-rs refused the token (files[].row tells). 0.19.4-0.19.11 only (Q2 caveat 2,
//             `get_result`): when no row exists (dropped already, or seeded with row:false = a pre-0.19 upload) the answer
//             is 404 {"error":"unknown","message":"Record not found"}, after pict-rs deleted the file if the token was right.
//   0.19.12   same URL, token IGNORED (Q2 "0.19.12 and later"): login required; only the uploader's row, or any row for an
//             admin (`users[jwt].admin`); otherwise 404 {"error":"unknown","message":"Record not found"}. Row dropped, then
//             pict-rs asked with the stored token, its answer unchecked: 204 always.
//   1.0       DELETE /api/v4/account/media {"filename"}: login required; only the uploader (404 not_found otherwise);
//             {"success":true}. With `apiKey: false` pict-rs refuses Lemmy's /internal/delete call and Lemmy answers
//             with its generic error quoting that call (the body the research leaves open; see utils/platforms/lemmy-delete.ts).
//   `proxyCache: {seconds}`: lemmy-ansible's nginx in front (updates-2026-12.md, "Caches in front of the proof"):
//             anonymous image GETs are cached keyed on path, query and Accept, bypassed only by a `jwt` cookie or an
//             Authorization header, never by a request's Cache-Control; a 200 is kept `seconds` (the fixture's pict-rs
//             then answers max-age=<seconds>) and served with `Age` as a shared cache does, after the file is deleted too.
// GET /     a small HTML page standing in for lemmy-ui's front page.
// Version detection (issue 4; read in LemmyNet/lemmy at the tags: api_common site.rs, routes/src/nodeinfo.rs, api/routes_v3):
//   GET /api/v3/site   all versions, 1.0 included (its v3 compatibility routes): GetSiteResponse {site_view, admins
//             (PersonView[], 2 by default, `admins` overrides; admin `users` are added), version, all_languages,
//             discussion_languages, taglines, custom_emojis, blocked_urls (0.19.4+)}. `siteVersion` = the version string.
//   GET /api/v4/site   1.0 only (v4 field names: published_at, ap_id, is_admin/banned on PersonView).
//   Both carry site_view.local_site.legal_information (markdown, Option<String>, omitted when None) when `legal` is a string.
//   GET /.well-known/nodeinfo -> 0.18, 0.19.0: schema 2.0 at /nodeinfo/2.0.json; 0.19.4+: 2.1 at /nodeinfo/2.1 (2.0.json
//             and 2.1.json redirect there, 307). software {name:"lemmy", version}.
// Backfill (§1 table, Q3, Q4):
//   0.19.4+   GET /api/v3/account/list_media?page=&limit= : login; page >= 1 (default 1), limit 1..50 (default 10), else 400
//             {"error":"unknown","message":"Page is < 1" | "Fetch limit is > 50"}. {"images":[{local_image:{local_user_id,
//             pictrs_alias,pictrs_delete_token,published},person}]}, the caller's rows only, newest first. Same shape on 0.19.12.
//   0.18, 0.19.0: no such route (empty 404).
//   1.0       GET /api/v4/account/media/list?page_cursor=&limit= : login; limit 1..50 (default 20) else 400
//             {"error":"invalid_fetch_limit"}. PagedResponse {items:[{local_image:{pictrs_alias,published_at,person_id},
//             person}], next_page?, prev_page?}, ordered by alias; cursors are opaque; a full page always carries next_page
//             (so the page after the last full one is empty); no delete token.
// Test knobs (not Lemmy behaviour; options at start, and live on the returned `mode` object):
//   keepServing   deletes answer as above but the bytes stay served (pict-rs de-dup alias under another upload, Q6; or the
//                 pict-rs failure 0.19.12 hides behind its 204). files[].deleted marks the alias as deleted.
//   rateLimit     {every: N | probability: p, seed, retryAfterSeconds = 1, status = 429}: that delete request is answered
//                 429 {"error":"rate_limit_error"} + Retry-After and nothing happens. Lemmy's own limiter answers 400
//                 {"error":"rate_limit_error"} without Retry-After and does not wrap the delete routes (utils/src/error.rs,
//                 routes/src/images.rs @0.19.12), so a 429 is the reverse proxy's; status: 400 + retryAfterSeconds: null
//                 gives Lemmy's own answer.
//   failRate      {probability, seed, status = 500}: a proxy/backend error page, nothing deleted, no row dropped.
//   delayMs       every delete request waits that long before it is decided (to measure concurrency).
//   site          replaces the body of /api/v3/site and /api/v4/site (1.0): a string is served as is (application/json),
//                 anything else as JSON; null = the real documents. For hostile-answer tests of contact discovery.
//   Order: delay -> rateLimit -> failRate -> the version's semantics. Random draws come from a seeded PRNG per knob object.
// stats.deletes: every delete request {alias, status, result, user}; stats.perAlias: Map alias -> {attempts, ok (2xx
// answers), removed (times pict-rs removed the alias), rateLimited, failed}; stats.inFlight / maxInFlight; stats.rateLimited,
// stats.injectedFailures; stats.earlyRetries (a retry of an alias before its Retry-After had passed).
// seedUploads(n, {owner = jwt, row = true}) inserts n files as if that JWT had uploaded them (distinct bytes and published
// times), returns [{alias, token, url}] (token null on 1.0).
import { createPosts } from './lemmy-posts.mjs';
import { bearer, cookies, listen, parseMultipart, pngSize, readBody, seededRandom, send, serveStatic, tinyPng } from './http-util.mjs';

export const LEMMY_VERSIONS = ['0.18', '0.19.0', '0.19.4', '0.19.12', '1.0'];
const SITE_VERSIONS = { '0.18': '0.18.5', '0.19.0': '0.19.0', '0.19.4': '0.19.4', '0.19.12': '0.19.12', '1.0': '1.0.0-beta.1' };
const V4_ROUTES = /^\/api\/v4\/(image|account\/avatar|account\/banner|community\/icon|community\/banner|site\/icon|site\/banner)\/?$/;
const EXT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
const CREATED_AT = '2024-06-07T12:00:00.000000Z';
const CLOCK_START = Date.parse('2024-06-07T12:00:00Z');
const RECORD_NOT_FOUND = { error: 'unknown', message: 'Record not found' };
const DEFAULT_ADMINS = [
  { name: 'admin', display_name: 'Instance admin', matrix_user_id: '@admin:e2e.test' },
  { name: 'moderator_admin', display_name: 'Second admin' },
];

// `prefix` starts every alias, so two instances of one version never hand out the same one.
export async function startLemmy({
  version,
  jwt = `e2e-lemmy-jwt-${version.replaceAll('.', '')}`,
  maxBytes = 2 * 1024 * 1024,
  staticDir = null,
  prefix = 'e2e',
  apiKey = true,
  userName = 'e2e_user',
  users = {},
  admins = DEFAULT_ADMINS,
  siteVersion = SITE_VERSIONS[version],
  keepServing = false,
  thumbnailDelayMs = 300,
  rateLimit = null,
  failRate = null,
  delayMs = 0,
  legal = null,
  site = null,
  privateInstance = false,
  proxyCache = null,
} = {}) {
  if (!LEMMY_VERSIONS.includes(version)) throw new Error(`unknown Lemmy version ${version}`);
  // `let`: upgrade() moves a running instance to another version (0.19 -> 1.0), files, logins and cookies kept.
  let v4 = version === '1.0';
  let tag = version.replaceAll('.', '');
  // log: every request as {method, path} (page loads included), to tell "nothing was sent" from "nothing was stored".
  /** The nginx cache in front (`proxyCache`): key -> {type, data, storedAt}. */
  const imageCache = new Map();
  const stats = {
    cacheHits: 0,
    requests: 0,
    preflights: 0,
    bytes: 0,
    uploads: [],
    answers: [],
    log: [],
    deletes: [],
    perAlias: new Map(),
    inFlight: 0,
    maxInFlight: 0,
    rateLimited: 0,
    injectedFailures: 0,
    earlyRetries: 0,
  };
  // alias -> { data, type, token, owner (the uploader's JWT), row (Lemmy's image_upload row still there), published, deleted }
  const files = new Map();
  const mode = { keepServing, rateLimit, failRate, delayMs, site };
  let seq = 0;

  // Accounts: ids 1..n are the site admins, then the default user, then `users`.
  const adminPeople = admins.map((a, i) => ({ id: i + 1, admin: true, ...a }));
  const people = new Map([[jwt, { id: adminPeople.length + 1, name: userName, admin: false }]]);
  for (const [token, u] of Object.entries(users)) people.set(token, { id: adminPeople.length + 1 + people.size, name: u.name ?? `user${people.size + 1}`, admin: !!u.admin });
  const strangers = new Map(); // seeded owners that cannot log in
  const personOf = (owner) => {
    if (people.has(owner)) return people.get(owner);
    if (!strangers.has(owner)) strangers.set(owner, { id: 900 + strangers.size, name: `someone_else${strangers.size + 1}`, admin: false });
    return strangers.get(owner);
  };

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

  /** The logged-in account's JWT (Bearer first, then the cookie, like read_auth_token), or null. */
  function caller(req) {
    const b = bearer(req);
    if (b && people.has(b)) return b;
    const c = cookies(req).jwt;
    return c && people.has(c) ? c : null;
  }

  function authorised(req) {
    const cookie = cookies(req).jwt;
    if (version === '0.18') return cookie && people.has(cookie) ? true : 'panic';
    return caller(req) !== null;
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
    if (req.method === 'GET' && siteAndLists(req, res, url, h)) return;
    if (await posts.handle(req, res, url, h, { readJson, send })) return;

    const v3Upload = !v4 && req.method === 'POST' && /^\/pictrs\/image\/?$/.test(url.pathname);
    const v4Route = v4 && req.method === 'POST' ? V4_ROUTES.exec(url.pathname)?.[1] : undefined;
    // lemmy-ui's front page (Takeback opens it when it needs a tab of the instance and none is open).
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, '<!doctype html><title>Lemmy</title><main>lemmy-ui</main>', { ...h, 'Content-Type': 'text/html; charset=utf-8' });
    // lemmy-ui's login route (where Takeback sends a user signed in only through a front end elsewhere).
    if (req.method === 'GET' && url.pathname === '/login') return send(res, 200, '<!doctype html><title>Login</title><main>lemmy-ui login</main>', { ...h, 'Content-Type': 'text/html; charset=utf-8' });
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

    const owner = version === '0.18' ? cookies(req).jwt : caller(req);
    const uploaded = parts.map((p) => {
      const type = p.type || 'application/octet-stream';
      const { file, token } = store(p.data, type, owner, true);
      const dims = pngSize(p.data) ?? { width: 0, height: 0 };
      const upload = {
        route: v4 ? v4Route : 'pictrs/image',
        query: url.search,
        field: p.name,
        filename: p.filename,
        type,
        size: p.data.length,
        file,
        deleteToken: token,
        ...dims,
      };
      stats.uploads.push(upload);
      return upload;
    });

    if (v4) return answer(200, { image_url: `${l.origin}/api/v4/image/${uploaded[0].file}`, filename: uploaded[0].file });
    const details = (f) => ({ width: f.width, height: f.height, content_type: f.type, created_at: CREATED_AT });
    if (version === '0.19.0') return answer(201, { msg: 'ok', files: uploaded.map((f) => ({ file: f.file, delete_token: f.deleteToken })) });
    if (version === '0.18')
      return answer(201, { msg: 'ok', files: uploaded.map((f) => ({ file: f.file, delete_token: f.deleteToken, details: details(f) })) });
    return answer(201, { files: uploaded.map((f) => ({ file: f.file, delete_token: f.deleteToken, details: details(f) })), msg: 'ok' });
  });

  /** One new file under the next id; the virtual clock gives it its published time. */
  function store(data, type, owner, row) {
    seq++;
    const n = String(seq).padStart(4, '0');
    const file = `${prefix}${n}-${tag}.${EXT[type] ?? 'bin'}`;
    const token = v4 ? null : `dt${n}-${tag}-token`;
    const published = new Date(CLOCK_START + seq * 60_000).toISOString();
    files.set(file, { data, type, token, owner, row, published, deleted: false });
    return { file, token };
  }

  function seedUploads(n, { owner = jwt, row = true } = {}) {
    return Array.from({ length: n }, () => {
      const { file, token } = store(tinyPng(`${prefix}-seed-${seq + 1}`), 'image/png', owner, row);
      return { alias: file, token, url: `${l.origin}${v4 ? '/api/v4/image/' : '/pictrs/image/'}${file}` };
    });
  }

  const readJson = async (req) => {
    const body = await readBody(req, { limit: 64 * 1024 });
    try {
      return JSON.parse(body.buffer.toString('utf8'));
    } catch {
      return null;
    }
  };
  // Posts and the thumbnail copy Lemmy makes of a post's image (lemmy-posts.mjs).
  const posts = createPosts({ origin: l.origin, files, store, v4: () => v4, caller, personOf, thumbnailDelayMs });

  /** pict-rs removes the alias; with keepServing the bytes stay reachable (another alias of the same hash). */
  function pictrsDelete(alias, counts) {
    counts.removed++;
    if (mode.keepServing) {
      const f = files.get(alias);
      if (f) f.deleted = true;
    } else files.delete(alias);
  }

  // Per knob object: its PRNG and counters, so replacing mode.rateLimit starts a fresh, reproducible sequence.
  const knobState = new WeakMap();
  function fires(knob) {
    if (!knob) return false;
    let st = knobState.get(knob);
    if (!st) knobState.set(knob, (st = { n: 0, random: seededRandom(knob.seed ?? 1) }));
    st.n++;
    if (knob.every) return st.n % knob.every === 0;
    return st.random() < (knob.probability ?? 0);
  }
  const retryNotBefore = new Map(); // alias -> ms

  /**
   * Bookkeeping around every delete request: attempts, concurrency, the injected delay, rate limit and failures.
   * `decide(answer)` applies the version's semantics; answer(status, body, result) records and sends.
   */
  async function deleteRequest(req, res, h, alias, decide) {
    const user = caller(req);
    const key = alias ?? '';
    let counts = stats.perAlias.get(key);
    if (!counts) stats.perAlias.set(key, (counts = { attempts: 0, ok: 0, removed: 0, rateLimited: 0, failed: 0 }));
    counts.attempts++;
    const now = Date.now();
    if ((retryNotBefore.get(key) ?? 0) > now) stats.earlyRetries++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const answer = (status, json, result, headers = {}) => {
      stats.deletes.push({ alias, status, result, user });
      if (status >= 200 && status < 300) counts.ok++;
      send(res, status, json, { ...h, ...headers });
    };
    try {
      if (mode.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
      const rl = mode.rateLimit;
      if (fires(rl)) {
        stats.rateLimited++;
        counts.rateLimited++;
        const secs = rl.retryAfterSeconds === undefined ? 1 : rl.retryAfterSeconds;
        if (secs !== null) retryNotBefore.set(key, Date.now() + secs * 1000);
        return answer(rl.status ?? 429, { error: 'rate_limit_error' }, 'rate-limited', secs === null ? {} : { 'Retry-After': String(secs) });
      }
      if (fires(mode.failRate)) {
        stats.injectedFailures++;
        counts.failed++;
        const status = mode.failRate.status ?? 500;
        const page = `<html><body>${status} Internal Server Error</body></html>`;
        return answer(status, page, 'injected-failure', { 'Content-Type': 'text/html' });
      }
      await decide(answer, user, counts);
    } finally {
      stats.inFlight--;
    }
  }

  /** The image, its deletion and the answers of each version; true when the request was one of these. */
  async function deletesAndServes(req, res, url, h) {
    const served = (v4 ? /^\/api\/v4\/image\/([^/]+)$/ : /^\/pictrs\/image\/([^/]+)$/).exec(url.pathname);
    if (req.method === 'GET' && served) {
      const cacheKey = proxyCache && !cookies(req).jwt && !req.headers.authorization ? `${url.pathname}${url.search} ${req.headers.accept ?? ''}` : null;
      const hit = cacheKey && imageCache.get(cacheKey);
      if (hit && Date.now() < hit.storedAt + proxyCache.seconds * 1000) {
        stats.cacheHits++;
        const age = String(Math.floor((Date.now() - hit.storedAt) / 1000));
        res.writeHead(200, { ...h, 'Content-Type': hit.type, 'Cache-Control': `public, max-age=${proxyCache.seconds}`, Age: age, 'X-Cache-Status': 'HIT' });
        return res.end(hit.data), true;
      }
      if (cacheKey) imageCache.delete(cacheKey);
      // A private 1.0 instance (federation off) shows images only to signed-in users (lemmy#6446, updates-2026-12.md §1).
      if (v4 && privateInstance && !caller(req)) return send(res, 401, { error: 'not_logged_in' }, h), true;
      const f = files.get(decodeURIComponent(served[1]));
      if (!f) return send(res, 404, v4 ? { error: 'not_found' } : '', h), true;
      if (cacheKey) imageCache.set(cacheKey, { type: f.type, data: f.data, storedAt: Date.now() });
      const maxAge = proxyCache ? proxyCache.seconds : 604800;
      res.writeHead(200, { ...h, 'Content-Type': f.type, 'Cache-Control': `public, max-age=${maxAge}, immutable` });
      return res.end(f.data), true;
    }
    const v3Delete = !v4 && req.method === 'GET' && /^\/pictrs\/image\/delete\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (v3Delete) {
      const [, token, alias] = v3Delete.map(decodeURIComponent);
      await deleteRequest(req, res, h, alias, (answer, user, counts) => {
        if (version !== '0.18' && !user) return answer(401, { error: 'incorrect_login' }, 'logged-out');
        const f = files.get(alias);
        if (version === '0.19.12') {
          // Token ignored; the row must be the caller's (or the caller an admin); pict-rs' answer is not checked.
          if (!f?.row || (f.owner !== user && !people.get(user)?.admin)) return answer(404, RECORD_NOT_FOUND, 'not-found');
          f.row = false;
          pictrsDelete(alias, counts);
          return answer(204, undefined, 'deleted');
        }
        const tokenOk = !!f && !f.deleted && f.token === token;
        const hadRow = !!f?.row;
        if (tokenOk) pictrsDelete(alias, counts);
        if (f && version !== '0.18') f.row = false; // 0.19.0-0.19.11: dropped whatever pict-rs answers
        // 0.19.4-0.19.11: delete_by_alias uses get_result, so a missing row turns any pict-rs answer into a 404.
        if (version === '0.19.4' && !hadRow) return answer(404, RECORD_NOT_FOUND, tokenOk ? 'deleted' : 'not-found');
        if (!tokenOk && !(f?.deleted && f.token === token)) {
          return answer(403, { msg: 'Provided token did not match expected token', code: 'invalid-delete-token' }, 'wrong-token');
        }
        return answer(204, undefined, tokenOk ? 'deleted' : 'already-deleted');
      });
      return true;
    }
    if (v4 && req.method === 'DELETE' && url.pathname === '/api/v4/account/media') {
      const body = await readBody(req, { limit: 64 * 1024 });
      let alias = null;
      try {
        alias = JSON.parse(body.buffer.toString('utf8')).filename ?? null;
      } catch {
        /* not JSON */
      }
      await deleteRequest(req, res, h, alias, (answer, user, counts) => {
        if (!user) return answer(401, { error: 'incorrect_login' }, 'logged-out');
        const f = files.get(alias);
        if (!f?.row || f.owner !== user) return answer(404, { error: 'not_found' }, 'not-found');
        if (!apiKey) {
          return answer(400, { error: 'unknown', message: `pictrs response error: ${l.origin}/internal/delete?alias=${alias}` }, 'no-api-key');
        }
        f.row = false;
        pictrsDelete(alias, counts);
        return answer(200, { success: true }, 'deleted');
      });
      return true;
    }
    return false;
  }

  // --- version detection and backfill ---------------------------------------------------------------------------------

  const iso = (ms) => new Date(ms).toISOString().replace('Z', '000Z'); // chrono's microseconds
  const naive = (ms) => new Date(ms).toISOString().replace('Z', '000'); // 0.18: NaiveDateTime
  const stamp = (ms) => (version === '0.18' ? naive(ms) : iso(ms));
  const SITE_CREATED = Date.parse('2023-06-01T09:00:00Z');
  const siteAdmins = () => [...adminPeople, ...[...people.values()].filter((p) => p.admin)];

  function personV3(p) {
    return {
      id: p.id,
      name: p.name,
      ...(p.display_name && { display_name: p.display_name }),
      banned: false,
      published: stamp(SITE_CREATED + p.id * 3_600_000),
      actor_id: `${l.origin}/u/${p.name}`,
      local: true,
      deleted: false,
      ...(p.matrix_user_id && { matrix_user_id: p.matrix_user_id }),
      ...(version === '0.18' && { admin: !!p.admin }),
      bot_account: false,
      instance_id: 1,
    };
  }
  function personViewV3(p) {
    if (version === '0.18') return { person: personV3(p), counts: { id: p.id, person_id: p.id, post_count: 3, post_score: 12, comment_count: 7, comment_score: 20 } };
    return { person: personV3(p), counts: { person_id: p.id, post_count: 3, comment_count: 7 }, is_admin: !!p.admin };
  }
  function personV4(p) {
    return {
      id: p.id,
      name: p.name,
      ...(p.display_name && { display_name: p.display_name }),
      published_at: iso(SITE_CREATED + p.id * 3_600_000),
      ap_id: `${l.origin}/u/${p.name}`,
      local: true,
      last_refreshed_at: iso(SITE_CREATED),
      deleted: false,
      ...(p.matrix_user_id && { matrix_user_id: p.matrix_user_id }),
      bot_account: false,
      instance_id: 1,
      post_count: 3,
      comment_count: 7,
    };
  }

  const legalInformation = typeof legal === 'string' ? { legal_information: legal } : {};
  function siteV3() {
    const published = stamp(SITE_CREATED);
    return {
      site_view: {
        site: {
          id: 1,
          name: `Lemmy ${version} fixture`,
          published,
          actor_id: `${l.origin}/`,
          last_refreshed_at: published,
          inbox_url: `${l.origin}/site_inbox`,
          public_key: '-----BEGIN PUBLIC KEY-----\nfixture\n-----END PUBLIC KEY-----\n',
          instance_id: 1,
        },
        local_site: { id: 1, site_id: 1, site_setup: true, registration_mode: 'RequireApplication', private_instance: false, federation_enabled: true, published, ...legalInformation },
        local_site_rate_limit: { local_site_id: 1, image: 6, image_per_second: 3600, message: 180, message_per_second: 60, published },
        counts: { site_id: 1, users: people.size + adminPeople.length, posts: 42, comments: 99, communities: 3, users_active_day: 1, users_active_week: 2, users_active_month: 3, users_active_half_year: 4 },
      },
      admins: siteAdmins().map(personViewV3),
      version: siteVersion,
      all_languages: [{ id: 0, code: 'und', name: 'Undetermined' }, { id: 37, code: 'en', name: 'English' }],
      discussion_languages: [0, 37],
      taglines: [],
      custom_emojis: [],
      ...(version !== '0.18' && version !== '0.19.0' && { blocked_urls: [] }),
    };
  }
  function siteV4() {
    const published_at = iso(SITE_CREATED);
    return {
      site_view: {
        site: { id: 1, name: `Lemmy ${version} fixture`, published_at, ap_id: `${l.origin}/`, last_refreshed_at: published_at, inbox_url: `${l.origin}/inbox`, instance_id: 1 },
        local_site: { id: 1, site_id: 1, site_setup: true, registration_mode: 'require_application', private_instance: false, federation_enabled: true, published_at, ...legalInformation, users: people.size + adminPeople.length, posts: 42, comments: 99, communities: 3 },
        local_site_rate_limit: { local_site_id: 1, image_max_requests: 6, image_interval_seconds: 3600, published_at },
        instance: { id: 1, domain: new URL(l.origin).host, published_at },
      },
      admins: siteAdmins().map((p) => ({ person: personV4(p), is_admin: true, banned: false })),
      version: siteVersion,
      all_languages: [{ id: 0, code: 'und', name: 'Undetermined' }, { id: 37, code: 'en', name: 'English' }],
      discussion_languages: [0, 37],
      oauth_providers: [],
      admin_oauth_providers: [],
      blocked_urls: [],
      active_plugins: [],
      captcha_enabled: false,
    };
  }

  const nodeinfo21 = version !== '0.18' && version !== '0.19.0';
  function nodeinfo() {
    const doc = {
      version: nodeinfo21 ? '2.1' : '2.0',
      software: { name: 'lemmy', version: siteVersion, ...(nodeinfo21 && { repository: 'https://github.com/LemmyNet/lemmy', homepage: 'https://join-lemmy.org/' }) },
      protocols: ['activitypub'],
      usage: { users: { total: people.size + adminPeople.length, activeHalfyear: 4, activeMonth: 3 }, localPosts: 42, localComments: 99 },
      openRegistrations: true,
    };
    return nodeinfo21 ? { ...doc, services: { inbound: [], outbound: [] }, metadata: {} } : doc;
  }

  const intParam = (v) => (v === null ? undefined : /^-?\d+$/.test(v) ? Number(v) : NaN);

  /** GET routes for the site, nodeinfo and the upload lists; true when answered. */
  function siteAndLists(req, res, url, h) {
    const p = url.pathname;
    const json = (status, body, headers = {}) => (send(res, status, body, { ...h, ...headers }), true);
    const override = (doc) => (typeof mode.site === 'string' ? (send(res, 200, mode.site, { ...h, 'Content-Type': 'application/json' }), true) : json(200, mode.site ?? doc()));
    if (p === '/api/v3/site') return override(siteV3);
    if (v4 && p === '/api/v4/site') return override(siteV4);
    if (p === '/.well-known/nodeinfo') {
      const rel = `http://nodeinfo.diaspora.software/ns/schema/${nodeinfo21 ? '2.1' : '2.0'}`;
      return json(200, { links: [{ rel, href: `${l.origin}/nodeinfo/${nodeinfo21 ? '2.1' : '2.0.json'}` }] }, { 'Cache-Control': 'public, max-age=259200' });
    }
    if (p === (nodeinfo21 ? '/nodeinfo/2.1' : '/nodeinfo/2.0.json')) return json(200, nodeinfo(), { 'Cache-Control': 'public, max-age=3600' });
    if (nodeinfo21 && (p === '/nodeinfo/2.0.json' || p === '/nodeinfo/2.1.json')) return send(res, 307, '', { ...h, Location: '/nodeinfo/2.1' }), true;

    if (p === '/api/v3/account/list_media' && (version === '0.19.4' || version === '0.19.12')) {
      const user = caller(req);
      if (!user) return json(401, { error: 'incorrect_login' });
      const page = intParam(url.searchParams.get('page')) ?? 1;
      const limit = intParam(url.searchParams.get('limit')) ?? 10;
      if (Number.isNaN(page) || Number.isNaN(limit)) return send(res, 400, 'Query deserialize error: invalid digit found in string', { ...h, 'Content-Type': 'text/plain' }), true;
      if (page < 1) return json(400, { error: 'unknown', message: 'Page is < 1' });
      if (limit < 1 || limit > 50) return json(400, { error: 'unknown', message: 'Fetch limit is > 50' });
      const mine = [...files.entries()].filter(([, f]) => f.row && f.owner === user).sort(([, a], [, b]) => b.published.localeCompare(a.published));
      const person = personV3(personOf(user));
      const images = mine.slice((page - 1) * limit, page * limit).map(([alias, f]) => ({
        local_image: { local_user_id: personOf(user).id, pictrs_alias: alias, pictrs_delete_token: f.token, published: iso(Date.parse(f.published)) },
        person,
      }));
      return json(200, { images });
    }
    if (v4 && p === '/api/v4/account/media/list') {
      const user = caller(req);
      if (!user) return json(401, { error: 'incorrect_login' });
      const limit = intParam(url.searchParams.get('limit')) ?? 20;
      if (Number.isNaN(limit) || limit < 1 || limit > 50) return json(400, { error: 'invalid_fetch_limit' });
      const raw = url.searchParams.get('page_cursor');
      let cursor = null;
      if (raw) {
        const m = /^(f|b):(.+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
        if (!m) return json(400, { error: 'couldnt_parse_pagination_token' });
        cursor = { back: m[1] === 'b', alias: m[2] };
      }
      const mine = [...files.entries()].filter(([, f]) => f.row && f.owner === user).map(([alias]) => alias).sort();
      let page;
      if (!cursor) page = mine.slice(0, limit);
      else if (cursor.back) page = mine.filter((a) => a < cursor.alias).slice(-limit);
      else page = mine.filter((a) => a > cursor.alias).slice(0, limit);
      const make = (back, alias) => alias && Buffer.from(`${back ? 'b' : 'f'}:${alias}`).toString('base64url');
      let next = make(false, page.at(-1));
      let prev = make(true, page[0]);
      const short = page.length < limit;
      if (!cursor) prev = undefined;
      if (short && !cursor) next = undefined;
      if (short && cursor?.back) prev = undefined;
      if (short && cursor && !cursor.back) next = undefined;
      if (!page.length && cursor) [next, prev] = cursor.back ? [make(false, cursor.alias), undefined] : [undefined, make(true, cursor.alias)];
      const person = personV4(personOf(user));
      const items = page.map((alias) => ({ local_image: { pictrs_alias: alias, published_at: iso(Date.parse(files.get(alias).published)), person_id: person.id }, person }));
      return json(200, { items, ...(next && { next_page: next }), ...(prev && { prev_page: prev }) });
    }
    return false;
  }

  return {
    get version() {
      return version;
    },
    get siteVersion() {
      return siteVersion;
    },
    /** The admin upgrades the instance (lemmy-docs' 1.0 upgrade guide): the same files, logins and origin, another version's API. */
    upgrade(to) {
      if (!LEMMY_VERSIONS.includes(to)) throw new Error(`unknown Lemmy version ${to}`);
      version = to;
      v4 = to === '1.0';
      tag = to.replaceAll('.', '');
      siteVersion = SITE_VERSIONS[to];
    },
    jwt,
    users: Object.fromEntries([...people.entries()].map(([token, p]) => [token, { id: p.id, name: p.name, admin: p.admin }])),
    maxBytes,
    mode,
    stats,
    files,
    seedUploads,
    /** Posts by id; `purgeFile(alias)` is the admin's pict-rs purge of one alias. */
    posts: posts.posts,
    purgeFile: posts.purge,
    origin: l.origin,
    port: l.port,
    close: l.close,
  };
}
