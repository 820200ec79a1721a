import { describe, expect, it } from 'vitest';
import { formatBytes, formatTime, hostOf } from '@/utils/format';

describe('formatBytes', () => {
  it.each<[number | null, string]>([
    [null, ''],
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1,023 bytes'],
    [1024, '1 kB'],
    [1536, '1.5 kB'],
    [1024 * 1024, '1 MB'],
    [52_428_800, '50 MB'],
    [5 * 1024 ** 3, '5 GB'],
    [2 * 1024 ** 4, '2,048 GB'],
  ])('%s → %j', (bytes, text) => {
    expect(formatBytes(bytes, 'en')).toBe(text);
  });

  it('follows the locale', () => {
    expect(formatBytes(1536, 'de')).toBe('1,5 kB');
  });
});

describe('formatTime', () => {
  const now = new Date(2024, 0, 31, 13, 5).getTime();
  it.each([
    [now, 'this minute'],
    [now - 20_000, 'this minute'],
    [now - 5 * 60_000, '5 minutes ago'],
    [now - 59 * 60_000, '59 minutes ago'],
    [now - 60 * 60_000, '1 hour ago'],
    [now - 5 * 3_600_000, '5 hours ago'],
    [now + 2 * 60_000, 'in 2 minutes'],
  ])('%i → %j', (at, text) => {
    expect(formatTime(at, now, 'en')).toBe(text);
  });

  it('a day or more ago shows the date and time', () => {
    const at = new Date(2024, 0, 29, 13, 5).getTime();
    const text = formatTime(at, now, 'en');
    expect(text).toMatch(/^Jan 29, 2024, 1:05\sPM$/);
  });
});

describe('hostOf', () => {
  it('returns the host of an origin, with its port', () => {
    expect(hostOf('https://lemmy.example')).toBe('lemmy.example');
    expect(hostOf('https://lemmy.example:8443')).toBe('lemmy.example:8443');
    expect(hostOf('http://[::1]:8008')).toBe('[::1]:8008');
  });
  it('returns the input when it is not a URL', () => {
    expect(hostOf('not a url')).toBe('not a url');
  });
});
