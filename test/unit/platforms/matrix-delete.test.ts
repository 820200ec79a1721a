import { describe, expect, it } from 'vitest';
import { interpretMatrixDelete, isMediaRepoVersion, matrixProofUrl, planMatrixDelete, type MatrixDeletePlans } from '@/utils/platforms/matrix';
import type { DeleteOutcome } from '@/utils/deletion';
import type { UploadRecord } from '@/utils/records';
import { uploadRecord } from '../helpers';

const HS = 'https://matrix-client.example.org';
const MXC = 'mxc://example.org/GCmhgzMPRjqgpODLsNQzVuHZ';
const ROOM = '!abc:example.org';
const EVENT = '$ev1:example.org';
const record = (overrides: Partial<UploadRecord> = {}) =>
  uploadRecord({
    id: 'm1',
    platform: 'matrix',
    api: 'matrix-media',
    kind: 'attachment',
    instanceOrigin: HS,
    pageOrigin: 'https://app.element.io',
    key: MXC,
    mxc: MXC,
    url: `${HS}/_matrix/client/v1/media/download/example.org/GCmhgzMPRjqgpODLsNQzVuHZ`,
    deleteToken: undefined,
    ...overrides,
  });
const MMR_DELETE = { kind: 'http', method: 'DELETE', url: `${HS}/_matrix/media/unstable/download/example.org/GCmhgzMPRjqgpODLsNQzVuHZ`, auth: 'session' } as const;
const REDACT = { kind: 'redact', roomId: ROOM, eventId: EVENT } as const;
const ADMIN = { kind: 'needs-admin', reason: 'no-user-delete' } as const;
const INVALID = { kind: 'unavailable', reason: 'invalid-record' } as const;

describe('planMatrixDelete', () => {
  it.each<[string, UploadRecord, boolean, MatrixDeletePlans]>([
    ['Synapse, event known: redact the message; the file needs an admin (redaction deletes no media, synapse#1263)', record({ roomId: ROOM, eventId: EVENT }), false, { file: ADMIN, redactMessage: REDACT }],
    ['Synapse, event unknown (encrypted, unlinked): only an admin', record(), false, { file: ADMIN, redactMessage: null }],
    ['matrix-media-repo: uploader delete, plus the redaction on offer', record({ roomId: ROOM, eventId: EVENT }), true, { file: MMR_DELETE, redactMessage: REDACT }],
    ['matrix-media-repo, no event', record(), true, { file: MMR_DELETE, redactMessage: null }],
    ['Element thumbnail: same event as its image', record({ kind: 'thumbnail', roomId: ROOM, eventId: EVENT }), false, { file: ADMIN, redactMessage: REDACT }],
    ['user avatar: nothing to redact', record({ kind: 'avatar' }), false, { file: ADMIN, redactMessage: null }],
    ['room avatar: state event, not redacted', record({ kind: 'room-avatar', roomId: ROOM, eventId: EVENT }), true, { file: MMR_DELETE, redactMessage: null }],
    ['room known, event not', record({ roomId: ROOM }), false, { file: ADMIN, redactMessage: null }],
    ['malformed ids are not redacted', record({ roomId: 'abc', eventId: 'ev' }), false, { file: ADMIN, redactMessage: null }],
    ['mxc from key when mxc is missing', record({ mxc: undefined }), true, { file: MMR_DELETE, redactMessage: null }],
    ['a Lemmy record', record({ platform: 'lemmy' }), true, { file: INVALID, redactMessage: null }],
    ['not an mxc', record({ mxc: 'https://example.org/x', key: 'https://example.org/x' }), true, { file: INVALID, redactMessage: null }],
    ['mxc with a ".." media id', record({ mxc: 'mxc://example.org/..' }), true, { file: INVALID, redactMessage: null }],
    ['mxc with extra path', record({ mxc: 'mxc://example.org/a/b' }), true, { file: INVALID, redactMessage: null }],
    ['homeserver origin with a path', record({ instanceOrigin: `${HS}/x` }), true, { file: INVALID, redactMessage: null }],
  ])('%s', (_name, rec, mediaRepo, plans) => {
    expect(planMatrixDelete(rec, { mediaRepo })).toEqual(plans);
  });

  it('encodes the server name, and refuses media ids outside the spec alphabet', () => {
    const plans = planMatrixDelete(record({ mxc: 'mxc://[::1]:8448/ab_-C' }), { mediaRepo: true });
    expect(plans.file).toMatchObject({ url: `${HS}/_matrix/media/unstable/download/%5B%3A%3A1%5D%3A8448/ab_-C` });
    expect(planMatrixDelete(record({ mxc: 'mxc://example.org/a%b' }), { mediaRepo: true }).file).toEqual({ kind: 'unavailable', reason: 'invalid-record' });
    expect(planMatrixDelete(record({ mxc: 'mxc://../abc' }), { mediaRepo: true }).file).toEqual({ kind: 'unavailable', reason: 'invalid-record' });
  });
});

describe('matrixProofUrl', () => {
  it('is the authenticated download path (the legacy path 404s for new media on Synapse 1.120+)', () => {
    expect(matrixProofUrl(record())).toBe(`${HS}/_matrix/client/v1/media/download/example.org/GCmhgzMPRjqgpODLsNQzVuHZ`);
  });
  it('is built from the mxc, not the stored URL', () => {
    expect(matrixProofUrl(record({ url: 'https://evil.example/x' }))).toBe(`${HS}/_matrix/client/v1/media/download/example.org/GCmhgzMPRjqgpODLsNQzVuHZ`);
  });
  it.each([
    ['not an mxc', record({ mxc: 'nope', key: 'nope' })],
    ['a Lemmy record', record({ platform: 'lemmy' })],
  ])('null for %s', (_name, rec) => {
    expect(matrixProofUrl(rec)).toBeNull();
  });
});

describe('isMediaRepoVersion (GET /_matrix/media/version)', () => {
  it.each<[number, string | null, boolean]>([
    [200, JSON.stringify({ Version: 'v1.3.7', GitCommit: 'abc', unstable_features: {} }), true],
    [404, JSON.stringify({ errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' }), false],
    [400, JSON.stringify({ errcode: 'M_UNRECOGNIZED' }), false],
    [200, JSON.stringify({ version: 'v1.3.7' }), false],
    [200, JSON.stringify({ Version: 137 }), false],
    [200, '<html>Element</html>', false],
    [200, `{"Version":"v1","pad":"${'a'.repeat(100_000)}"}`, false],
    [200, null, false],
  ])('%s %s → %s', (status, body, isRepo) => {
    expect(isMediaRepoVersion(status, body)).toBe(isRepo);
  });
});

const json = (v: unknown) => JSON.stringify(v);

describe('interpretMatrixDelete (matrix-media-repo uploader delete)', () => {
  it.each<[string, number, string | null, DeleteOutcome]>([
    ['200 {"purged":true}: the probe decides', 200, json({ purged: true }), { status: 'deleted-unverified' }],
    ['401 M_UNKNOWN_TOKEN: matrix-media-repo answers a non-uploader this way', 401, json({ errcode: 'M_UNKNOWN_TOKEN', error: 'Authentication Failed' }), { status: 'failed', reason: 'not-owner', detail: 'M_UNKNOWN_TOKEN: Authentication Failed' }],
    ['401 M_MISSING_TOKEN: no session', 401, json({ errcode: 'M_MISSING_TOKEN' }), { status: 'failed', reason: 'logged-out', detail: 'M_MISSING_TOKEN' }],
    ['403 M_FORBIDDEN', 403, json({ errcode: 'M_FORBIDDEN' }), { status: 'failed', reason: 'not-owner', detail: 'M_FORBIDDEN' }],
    ['404 M_NOT_FOUND: already gone or never there; the probe decides', 404, json({ errcode: 'M_NOT_FOUND', error: 'Not found' }), { status: 'deleted-unverified', reason: 'no-server-record', detail: 'M_NOT_FOUND: Not found' }],
    ['M_UNRECOGNIZED: not matrix-media-repo after all', 404, json({ errcode: 'M_UNRECOGNIZED' }), { status: 'needs-admin', reason: 'no-user-delete', detail: 'M_UNRECOGNIZED' }],
    ['400 M_UNRECOGNIZED', 400, json({ errcode: 'M_UNRECOGNIZED' }), { status: 'needs-admin', reason: 'no-user-delete', detail: 'M_UNRECOGNIZED' }],
    ['bare 405', 405, '', { status: 'needs-admin', reason: 'no-user-delete' }],
    ['bare 404', 404, '<html></html>', { status: 'needs-admin', reason: 'no-user-delete' }],
    ['429 retry_after_ms', 429, json({ errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 1500 }), { status: 'failed', reason: 'rate-limited', retryAfterMs: 1500 }],
    ['429 absurd retry_after_ms is capped', 429, json({ errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 1e15 }), { status: 'failed', reason: 'rate-limited', retryAfterMs: 3_600_000 }],
    ['429 retry_after_ms of the wrong type', 429, json({ errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 'soon' }), { status: 'failed', reason: 'rate-limited', detail: 'M_LIMIT_EXCEEDED' }],
    ['500', 500, json({ errcode: 'M_UNKNOWN', error: 'unexpected error' }), { status: 'failed', reason: 'server-error', detail: 'M_UNKNOWN: unexpected error' }],
    ['network', 0, null, { status: 'failed', reason: 'network' }],
    ['other 400', 400, json({ errcode: 'M_BAD_REQUEST', error: 'invalid server ID' }), { status: 'failed', reason: 'unexpected-response', detail: 'M_BAD_REQUEST: invalid server ID' }],
  ])('%s', (_name, status, body, outcome) => {
    expect(interpretMatrixDelete(status, body)).toEqual(outcome);
  });

  it('a Retry-After header wins over the body', () => {
    expect(interpretMatrixDelete(429, json({ retry_after_ms: 1500 }), '10')).toEqual({ status: 'failed', reason: 'rate-limited', retryAfterMs: 10_000 });
  });

  it.each<[string, number, string | null | undefined]>([
    ['huge body', 403, `{"errcode":"M_FORBIDDEN","pad":"${'a'.repeat(200_000)}"}`],
    ['wrong types', 401, json({ errcode: 401, error: { x: 1 }, retry_after_ms: -5 })],
    ['array', 404, '[]'],
    ['nested', 500, '['.repeat(5000) + ']'.repeat(5000)],
    ['undefined', 200, undefined],
    ['NaN status', Number.NaN, ''],
  ])('never throws: %s', (_name, status, body) => {
    const outcome = interpretMatrixDelete(status, body);
    expect(['deleted-unverified', 'failed', 'needs-admin']).toContain(outcome.status);
  });
});
