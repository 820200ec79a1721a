import { describe, expect, it } from 'vitest';
import {
  commonFailure,
  detailOf,
  errorBody,
  interpretProbe,
  isTransient,
  MAX_ERROR_BODY_CHARS,
  MAX_RETRY_AFTER_MS,
  outcomeAfterProbe,
  parseRetryAfter,
  pathSegment,
  type DeleteOutcome,
  type ProbeVerdict,
} from '@/utils/deletion';

describe('interpretProbe', () => {
  it.each<[number, ProbeVerdict, string]>([
    [404, 'gone', 'pict-rs/Lemmy empty 404 for a deleted alias (Lemmy api test "ensure that image is deleted"); Synapse M_NOT_FOUND'],
    [410, 'gone', 'Gone is as good as 404'],
    [200, 'online', 'still served'],
    [206, 'online', 'a range answer is still the file'],
    [303, 'online', 'pict-rs on object storage redirects a live alias to the bucket'],
    [304, 'online', 'not modified: it still exists'],
    [401, 'unknown', 'private Lemmy 0.19.0–0.19.3 without login; Matrix authenticated media without a session'],
    [403, 'unknown', 'a proxy or WAF says nothing about the file'],
    [400, 'unknown', 'bad request proves nothing'],
    [429, 'unknown', 'rate limited'],
    [500, 'unknown', 'pict-rs down'],
    [504, 'unknown', 'Synapse M_NOT_YET_UPLOADED'],
    [0, 'unknown', 'network error or opaque response'],
    [-1, 'unknown', 'hostile'],
    [Number.NaN, 'unknown', 'hostile'],
    [404.5, 'unknown', 'not an HTTP status'],
    [Number.POSITIVE_INFINITY, 'unknown', 'hostile'],
  ])('%s → %s (%s)', (status, verdict) => {
    expect(interpretProbe(status)).toBe(verdict);
  });
});

describe('outcomeAfterProbe: never "deleted" without a probe result', () => {
  it.each<[ProbeVerdict, DeleteOutcome]>([
    ['gone', { status: 'verified-gone' }],
    ['online', { status: 'still-online', reason: 'still-served' }],
    ['unknown', { status: 'deleted-unverified', reason: 'probe-inconclusive' }],
  ])('%s', (verdict, outcome) => {
    expect(outcomeAfterProbe(verdict)).toEqual(outcome);
  });
});

describe('isTransient', () => {
  it.each<[DeleteOutcome, boolean]>([
    [{ status: 'failed', reason: 'rate-limited' }, true],
    [{ status: 'failed', reason: 'server-error' }, true],
    [{ status: 'failed', reason: 'network' }, true],
    [{ status: 'failed', reason: 'wrong-token', serverRecordDropped: true }, false],
    [{ status: 'failed', reason: 'logged-out' }, false],
    [{ status: 'failed', reason: 'not-owner' }, false],
    [{ status: 'needs-admin', reason: 'no-api-key' }, false],
    [{ status: 'deleted-unverified' }, false],
  ])('%j → %s', (outcome, transient) => {
    expect(isTransient(outcome)).toBe(transient);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it.each<[string | null | undefined, number | undefined]>([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 12:00:30 GMT', 30_000],
    ['Thu, 01 Jan 2026 11:00:00 GMT', 0],
    ['99999999', MAX_RETRY_AFTER_MS],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    ['9'.repeat(100), undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %s', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it('ignores values of the wrong type', () => {
    expect(parseRetryAfter(42 as unknown as string, now)).toBeUndefined();
  });
});

describe('errorBody', () => {
  it('reads Lemmy, pict-rs and Matrix error shapes', () => {
    expect(errorBody('{"error":"incorrect_login"}')).toEqual({ error: 'incorrect_login' });
    expect(errorBody('{"msg":"Provided token did not match expected token","code":"invalid-delete-token"}')).toMatchObject({
      code: 'invalid-delete-token',
    });
    expect(errorBody('{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":2000}')).toMatchObject({ errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 2000 });
  });
  it('keeps well-typed fields when others have the wrong type', () => {
    expect(errorBody('{"error":42,"message":"Record not found","code":["x"],"retry_after_ms":-1}')).toEqual({ message: 'Record not found' });
  });
  it.each([
    ['empty', ''],
    ['not JSON', '<html>502 Bad Gateway</html>'],
    ['an array', '[{"error":"x"}]'],
    ['null', 'null'],
    ['a string', '"incorrect_login"'],
    ['a number', '404'],
    ['too big', `{"error":"x","pad":"${'a'.repeat(MAX_ERROR_BODY_CHARS)}"}`],
  ])('%s → null', (_name, body) => {
    expect(errorBody(body)).toBeNull();
  });
  it('null and undefined → null', () => {
    expect(errorBody(null)).toBeNull();
    expect(errorBody(undefined)).toBeNull();
  });
  it('drops over-long fields instead of failing', () => {
    expect(errorBody(JSON.stringify({ error: 'x'.repeat(300), message: 'm' }))).toEqual({ message: 'm' });
  });
});

describe('detailOf', () => {
  it('joins, strips control characters and caps the length', () => {
    expect(detailOf('unknown', 'Record not found')).toBe('unknown: Record not found');
    expect(detailOf(undefined, 'a\u0000\nb')).toBe('a b');
    expect(detailOf(undefined, undefined)).toBeUndefined();
    expect(detailOf('x'.repeat(500))).toHaveLength(200);
  });
});

describe('commonFailure', () => {
  it.each<[number, DeleteOutcome | null]>([
    [0, { status: 'failed', reason: 'network' }],
    [Number.NaN, { status: 'failed', reason: 'network' }],
    [99, { status: 'failed', reason: 'network' }],
    [600, { status: 'failed', reason: 'network' }],
    [401, { status: 'failed', reason: 'logged-out' }],
    [429, { status: 'failed', reason: 'rate-limited' }],
    [500, { status: 'failed', reason: 'server-error' }],
    [503, { status: 'failed', reason: 'server-error' }],
    [302, { status: 'failed', reason: 'unexpected-response', detail: 'HTTP 302' }],
    [204, null],
    [403, null],
    [404, null],
  ])('%s', (status, outcome) => {
    expect(commonFailure(status)).toEqual(outcome);
  });
  it('429 carries Retry-After', () => {
    expect(commonFailure(429, '7')).toEqual({ status: 'failed', reason: 'rate-limited', retryAfterMs: 7000 });
  });
});

describe('pathSegment', () => {
  it.each<[string | undefined, string | null]>([
    ['6a0d3b1e.png', '6a0d3b1e.png'],
    ['a/b', 'a%2Fb'],
    ['%2e%2e', '%252e%252e'],
    ['a b?#', 'a%20b%3F%23'],
    ['.', null],
    ['..', null],
    ['', null],
    ['x'.repeat(256), null],
    [undefined, null],
  ])('%j → %j', (value, segment) => {
    expect(pathSegment(value)).toBe(segment);
  });
});
