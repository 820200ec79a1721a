import { describe, expect, it } from 'vitest';
import { cacheLetsGoAt, pastCaches } from '@/utils/http-cache';

const now = Date.UTC(2026, 11, 3, 12, 0, 0);
const headers = (over: Partial<Parameters<typeof cacheLetsGoAt>[0]>) => ({ cacheControl: null, age: null, expires: null, date: null, ...over });

describe('cacheLetsGoAt: when a shared cache should stop serving an answer (RFC 9111 §4.2)', () => {
  it.each([
    ['max-age less Age', { cacheControl: 'public, max-age=600', age: '120' }, now + 480_000],
    ['s-maxage before max-age (a shared cache)', { cacheControl: 'max-age=60, s-maxage=3600' }, now + 3_600_000],
    ['quoted, spaced, any case', { cacheControl: 'Public, MAX-AGE = "30"' }, now + 30_000],
    ['already stale: now', { cacheControl: 'max-age=10', age: '50' }, now],
    ['Expires less Date', { expires: 'Thu, 03 Dec 2026 12:10:00 GMT', date: 'Thu, 03 Dec 2026 12:05:00 GMT' }, now + 300_000],
    ['Expires without Date: less now', { expires: 'Thu, 03 Dec 2026 12:10:00 GMT' }, now + 600_000],
    ["pict-rs's week", { cacheControl: 'public, max-age=604800, immutable' }, now + 604_800_000],
  ])('%s', (_label, over, at) => {
    expect(cacheLetsGoAt(headers(over), now)).toBe(at);
  });

  it.each([
    ['nothing said', {}],
    ['no-store only', { cacheControl: 'no-store' }],
    ['a bad Expires', { expires: 'soon' }],
    ['an unbelievable max-age (a year)', { cacheControl: 'max-age=31536000' }],
    ['max-age-ish names are not max-age', { cacheControl: 'x-max-age=60' }],
  ])('%s: null', (_label, over) => {
    expect(cacheLetsGoAt(headers(over), now)).toBeNull();
  });

  it('a malformed Age is taken as 0', () => {
    expect(cacheLetsGoAt(headers({ cacheControl: 'max-age=60', age: '-5' }), now)).toBe(now + 60_000);
  });
});

describe('pastCaches: the same address with a query no cache has seen', () => {
  it('adds the parameter and keeps the rest of the address', () => {
    expect(pastCaches('https://lemmy.example/pictrs/image/a.png', 'n1')).toBe('https://lemmy.example/pictrs/image/a.png?takeback-check=n1');
    expect(pastCaches('https://lemmy.example/pictrs/image/a.png?format=webp', 'n2')).toBe('https://lemmy.example/pictrs/image/a.png?format=webp&takeback-check=n2');
  });
  it('null for what is not a URL', () => {
    expect(pastCaches('not a url', 'n')).toBeNull();
  });
});
