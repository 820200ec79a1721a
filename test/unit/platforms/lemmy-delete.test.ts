import { describe, expect, it } from 'vitest';
import { interpretLemmyDelete, lemmyProofUrl, planLemmyDelete, type LemmyBand } from '@/utils/platforms/lemmy';
import type { DeleteOutcome, DeletePlan } from '@/utils/deletion';
import type { UploadRecord } from '@/utils/records';
import { uploadRecord } from '../helpers';

const HOST = 'https://lemmy.example';
const ALIAS = '6a0d3b1e-2f4c-4f7a-9b9d-1c2e3f4a5b6c.jpeg';
const TOKEN = 'f1e2d3c4-b5a6-4789-8abc-def012345678';
const v3Record = (overrides: Partial<UploadRecord> = {}) =>
  uploadRecord({ id: 'r1', key: ALIAS, url: `${HOST}/pictrs/image/${ALIAS}`, deleteToken: TOKEN, ...overrides });
const v4Record = (overrides: Partial<UploadRecord> = {}) =>
  uploadRecord({ id: 'r2', api: 'lemmy-v4', key: ALIAS, url: `${HOST}/api/v4/image/${ALIAS}`, deleteToken: undefined, ...overrides });

const getDelete = (auth: 'none' | 'session', base = HOST): DeletePlan => ({
  kind: 'http',
  method: 'GET',
  url: `${base}/pictrs/image/delete/${TOKEN}/${ALIAS}`,
  auth,
});
const v4Delete = (base = HOST): DeletePlan => ({
  kind: 'http',
  method: 'DELETE',
  url: `${base}/api/v4/account/media`,
  body: `{"filename":"${ALIAS}"}`,
  contentType: 'application/json',
  auth: 'session',
});

describe('planLemmyDelete', () => {
  it.each<[string, UploadRecord, LemmyBand, DeletePlan]>([
    ['0.18: GET delete URL, no login (@0.18.5)', v3Record(), '0.18', getDelete('none')],
    ['0.19.0–0.19.11: same URL, login required (#3946)', v3Record(), '0.19.0-0.19.11', getDelete('session')],
    ['0.19.12+: same URL (token ignored), owner login', v3Record(), '0.19.12+', getDelete('session')],
    ['1.0: DELETE /api/v4/account/media with the bare alias', v4Record(), '1.0', v4Delete()],
    ['1.0 after an upgrade: a 0.19 token is useless, the alias is enough', v3Record(), '1.0', v4Delete()],
    ['API base prefix kept (v3)', v3Record({ url: `${HOST}/lemmy/pictrs/image/${ALIAS}` }), '0.19.12+', getDelete('session', `${HOST}/lemmy`)],
    ['API base prefix kept (v4)', v3Record({ url: `${HOST}/lemmy/pictrs/image/${ALIAS}` }), '1.0', v4Delete(`${HOST}/lemmy`)],
    ['image URL on another host: requests still go to the instance, no prefix', v4Record({ url: `https://cdn.example/x/api/v4/image/${ALIAS}` }), '1.0', v4Delete()],
    ['odd image URL: instance origin, no prefix', v3Record({ url: `${HOST}/something/else` }), '0.18', getDelete('none')],
    // Issue 11: a 1.0 body's image_url is the page's claim (its service worker can answer anything): never a prefix.
    ['1.0 record from before apiBase, a prefix in its (body) URL: none used', v4Record({ url: `${HOST}/api/v3/admin/anything/api/v4/image/${ALIAS}` }), '1.0', v4Delete()],
    ['apiBase (from the request the browser sent) decides the prefix', v4Record({ apiBase: `${HOST}/lemmy`, url: `${HOST}/api/v3/admin/x/api/v4/image/${ALIAS}` }), '1.0', v4Delete(`${HOST}/lemmy`)],
    ['an apiBase on another origin is refused', v4Record({ apiBase: 'https://victim.example' }), '1.0', { kind: 'unavailable', reason: 'invalid-record' }],
    ['0.19 record without a token', v3Record({ deleteToken: undefined }), '0.19.0-0.19.11', { kind: 'needs-admin', reason: 'no-delete-token' }],
    ['0.19.12+ without a token: no made-up token (a misdetected ≤0.19.11 would drop its row)', v4Record(), '0.19.12+', { kind: 'needs-admin', reason: 'no-delete-token' }],
    ['0.18 without a token', v3Record({ deleteToken: '' }), '0.18', { kind: 'needs-admin', reason: 'no-delete-token' }],
    ['unknown version: nothing is sent', v3Record(), 'unknown', { kind: 'unavailable', reason: 'unknown-version' }],
    ['a Matrix record', v3Record({ platform: 'matrix' }), '0.19.12+', { kind: 'unavailable', reason: 'invalid-record' }],
    ['alias ".." would climb the path', v3Record({ key: '..' }), '0.19.12+', { kind: 'unavailable', reason: 'invalid-record' }],
    ['empty alias', v3Record({ key: '' }), '1.0', { kind: 'unavailable', reason: 'invalid-record' }],
    ['token ".."', v3Record({ deleteToken: '..' }), '0.18', { kind: 'needs-admin', reason: 'no-delete-token' }],
    ['instance origin not an origin', v3Record({ instanceOrigin: `${HOST}/path` }), '0.18', { kind: 'unavailable', reason: 'invalid-record' }],
    ['instance origin not http(s)', v3Record({ instanceOrigin: 'javascript:alert(1)' }), '0.18', { kind: 'unavailable', reason: 'invalid-record' }],
  ])('%s', (_name, record, band, plan) => {
    expect(planLemmyDelete(record, band)).toEqual(plan);
  });

  it('encodes path segments and the JSON body', () => {
    const record = v3Record({ key: 'a b/c?.png', deleteToken: 'to/ken#' });
    expect(planLemmyDelete(record, '0.19.12+')).toMatchObject({ url: `${HOST}/pictrs/image/delete/to%2Fken%23/a%20b%2Fc%3F.png` });
    const v4 = planLemmyDelete(v3Record({ key: 'q"u\\ote.png' }), '1.0');
    expect(v4.kind === 'http' && JSON.parse(v4.body!)).toEqual({ filename: 'q"u\\ote.png' });
  });
});

describe('lemmyProofUrl', () => {
  it.each<[string, UploadRecord, LemmyBand, string | null]>([
    ['0.18', v3Record(), '0.18', `${HOST}/pictrs/image/${ALIAS}`],
    ['0.19.x', v3Record(), '0.19.0-0.19.11', `${HOST}/pictrs/image/${ALIAS}`],
    ['0.19.12+ with prefix', v3Record({ url: `${HOST}/lemmy/pictrs/image/${ALIAS}` }), '0.19.12+', `${HOST}/lemmy/pictrs/image/${ALIAS}`],
    ['1.0: /api/v4/image (no /pictrs route on 1.0, so a v3 URL would 404 whatever happened)', v3Record(), '1.0', `${HOST}/api/v4/image/${ALIAS}`],
    ['unknown version', v3Record(), 'unknown', null],
    ['bad alias', v3Record({ key: '.' }), '0.18', null],
  ])('%s', (_name, record, band, url) => {
    expect(lemmyProofUrl(record, band)).toBe(url);
  });
});

const json = (v: unknown) => JSON.stringify(v);
const INVALID_TOKEN = json({ msg: 'Provided token did not match expected token', code: 'invalid-delete-token' });
const INCORRECT_LOGIN = json({ error: 'incorrect_login' });
const RECORD_NOT_FOUND = json({ error: 'unknown', message: 'Record not found' });
const V4_NOT_FOUND = json({ error: 'not_found' });
const PICTRS_REFUSED = json({
  error: 'unknown',
  message: 'HTTP status client error (401 Unauthorized) for url (http://pictrs:8080/internal/delete?alias=x.png)',
});

describe('interpretLemmyDelete', () => {
  const V3: LemmyBand[] = ['0.18', '0.19.0-0.19.11', '0.19.12+'];
  const ALL: LemmyBand[] = [...V3, '1.0'];

  it.each<[string, LemmyBand[], number, string | null, DeleteOutcome]>([
    ['204 empty: pict-rs deleted (the probe decides)', V3, 204, '', { status: 'deleted-unverified' }],
    ['200: older pict-rs / proxies', V3, 200, null, { status: 'deleted-unverified' }],
    ['0.19.12+ always 204, even when pict-rs failed', ['0.19.12+'], 204, null, { status: 'deleted-unverified' }],
    ['403 invalid-delete-token on 0.18: wrong token', ['0.18'], 403, INVALID_TOKEN, { status: 'failed', reason: 'wrong-token', detail: 'invalid-delete-token: Provided token did not match expected token' }],
    [
      '403 invalid-delete-token on 0.19.0–0.19.11: wrong token, and Lemmy dropped its row anyway',
      ['0.19.0-0.19.11'],
      403,
      INVALID_TOKEN,
      { status: 'failed', reason: 'wrong-token', detail: 'invalid-delete-token: Provided token did not match expected token', serverRecordDropped: true },
    ],
    ['401 incorrect_login: not logged in', ALL, 401, INCORRECT_LOGIN, { status: 'failed', reason: 'logged-out' }],
    ['401 without a body', ALL, 401, null, { status: 'failed', reason: 'logged-out' }],
    ['0.19.12+ 404 Record not found: not the uploader (or no row)', ['0.19.12+'], 404, RECORD_NOT_FOUND, { status: 'failed', reason: 'not-owner', detail: 'unknown: Record not found' }],
    [
      '0.19.4–0.19.11 404: no row (pre-0.19 upload or dropped earlier) but pict-rs already asked — probe decides',
      ['0.19.0-0.19.11'],
      404,
      RECORD_NOT_FOUND,
      { status: 'deleted-unverified', reason: 'no-server-record', detail: 'unknown: Record not found' },
    ],
    ['bare 404: no such route (instance moved to 1.0?)', V3, 404, '', { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 404' }],
    ['bare 404 HTML', V3, 404, '<html>Not found</html>', { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 404' }],
    ['405: DELETE is not routed on 0.19', V3, 405, '', { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 405' }],
    ['403 from a WAF', V3, 403, '<html>Access denied</html>', { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 403' }],
    ['1.0 {"success":true}', ['1.0'], 200, json({ success: true }), { status: 'deleted-unverified' }],
    ['1.0 success false', ['1.0'], 200, json({ success: false }), { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 200' }],
    ['1.0 success "true" (wrong type)', ['1.0'], 200, json({ success: 'true' }), { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 200' }],
    ['1.0 200 HTML from a front end', ['1.0'], 200, '<!doctype html>', { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 200' }],
    ['1.0 404 not_found: not the owner', ['1.0'], 404, V4_NOT_FOUND, { status: 'failed', reason: 'not-owner', detail: 'not_found' }],
    ['1.0 403 with a Lemmy error: not the owner', ['1.0'], 403, json({ error: 'not_a_mod_or_admin' }), { status: 'failed', reason: 'not-owner', detail: 'not_a_mod_or_admin' }],
    ['1.0 bare 404: route missing', ['1.0'], 404, '', { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 404' }],
    ['1.0 pict-rs refused /internal/delete (no API key)', ['1.0'], 400, PICTRS_REFUSED, { status: 'needs-admin', reason: 'no-api-key', detail: 'unknown: HTTP status client error (401 Unauthorized) for url (http://pictrs:8080/internal/delete?alias=x.png)' }],
    ['1.0 pictrs_api_key_not_provided', ['1.0'], 400, json({ error: 'pictrs_api_key_not_provided' }), { status: 'needs-admin', reason: 'no-api-key', detail: 'pictrs_api_key_not_provided' }],
    ['1.0 pictrsApiKeyNotProvided (camelCase client)', ['1.0'], 400, json({ error: 'pictrsApiKeyNotProvided' }), { status: 'needs-admin', reason: 'no-api-key', detail: 'pictrsApiKeyNotProvided' }],
    ['1.0 pict-rs failure surfacing as 500', ['1.0'], 500, json({ error: 'pictrs_response_error', message: 'x' }), { status: 'needs-admin', reason: 'no-api-key', detail: 'pictrs_response_error: x' }],
    ['1.0 other 400', ['1.0'], 400, json({ error: 'rate_limit_error_typo' }), { status: 'failed', reason: 'unexpected-response', detail: 'rate_limit_error_typo' }],
    ['5xx', ALL, 502, '<html>Bad Gateway</html>', { status: 'failed', reason: 'server-error' }],
    ['429', ALL, 429, json({ error: 'rate_limit_error' }), { status: 'failed', reason: 'rate-limited' }],
    ["Lemmy's own limiter: 400 rate_limit_error", ALL, 400, json({ error: 'rate_limit_error' }), { status: 'failed', reason: 'rate-limited' }],
    ['network error', ALL, 0, null, { status: 'failed', reason: 'network' }],
    ['redirect (manual)', ALL, 302, '', { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 302' }],
  ])('%s', (_name, bands, status, body, outcome) => {
    for (const band of bands) expect(interpretLemmyDelete(band, status, body), band).toEqual(outcome);
  });

  it('429 carries Retry-After', () => {
    expect(interpretLemmyDelete('0.19.12+', 429, null, '30')).toEqual({ status: 'failed', reason: 'rate-limited', retryAfterMs: 30_000 });
    expect(interpretLemmyDelete('1.0', 429, null, 'nonsense')).toEqual({ status: 'failed', reason: 'rate-limited' });
  });

  it('a 401 that mentions pict-rs is still a login problem', () => {
    expect(interpretLemmyDelete('1.0', 401, json({ error: 'incorrect_login', message: 'pictrs' }))).toEqual({ status: 'failed', reason: 'logged-out' });
  });

  const HOSTILE: [string, unknown, string | null | undefined][] = [
    ['huge body', 403, `{"code":"invalid-delete-token","pad":"${'a'.repeat(200_000)}"}`],
    ['deeply nested', 404, '['.repeat(5000) + ']'.repeat(5000)],
    ['wrong types', 403, json({ code: 403, msg: ['x'], error: { nested: true } })],
    ['JSON null', 404, 'null'],
    ['truncated JSON', 400, '{"error":"pictrs'],
    ['control characters', 400, json({ error: 'pictrs\u0000\u001b[31m' })],
    ['undefined body', 204, undefined],
    ['status NaN', Number.NaN, ''],
    ['status string', '204' as unknown, ''],
    ['status 1e9', 1e9, ''],
  ];
  it.each(HOSTILE)('never throws: %s', (_name, status, body) => {
    for (const band of [...ALL, 'unknown' as const]) {
      const outcome = interpretLemmyDelete(band, status as number, body);
      expect(['deleted-unverified', 'failed', 'needs-admin']).toContain(outcome.status);
      expect((outcome.detail ?? '').length).toBeLessThanOrEqual(200);
    }
  });

  it('a huge invalid-token body is not parsed, so it is not read as a wrong token', () => {
    expect(interpretLemmyDelete('0.19.0-0.19.11', 403, HOSTILE[0]![2])).toEqual({ status: 'failed', reason: 'unexpected-response', detail: 'HTTP 403' });
  });

  it('strips control characters from details', () => {
    expect(interpretLemmyDelete('1.0', 400, json({ error: 'pictrs\u0000\u001b[31m' })).detail).toBe('pictrs [31m');
  });
});
