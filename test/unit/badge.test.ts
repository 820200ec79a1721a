import { describe, expect, it } from 'vitest';
import { badgeText, nextLocalMidnight, startOfLocalDay } from '@/utils/badge';

const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => new Date(y, m - 1, d, h, min, s, ms);

describe('badge', () => {
  it('startOfLocalDay is local midnight of the same day', () => {
    expect(startOfLocalDay(local(2024, 5, 17, 15, 42, 7, 999))).toBe(local(2024, 5, 17).getTime());
    expect(startOfLocalDay(local(2024, 5, 17))).toBe(local(2024, 5, 17).getTime());
    expect(startOfLocalDay(local(2024, 5, 17, 23, 59, 59, 999))).toBe(local(2024, 5, 17).getTime());
  });

  it.each([
    ['mid-month', local(2024, 5, 17, 15, 42), local(2024, 5, 18)],
    ['30-day month end', local(2024, 4, 30, 23, 59, 59), local(2024, 5, 1)],
    ['31-day month end', local(2024, 1, 31, 12), local(2024, 2, 1)],
    ['leap February', local(2024, 2, 28, 9), local(2024, 2, 29)],
    ['leap day', local(2024, 2, 29, 9), local(2024, 3, 1)],
    ['plain February end', local(2023, 2, 28, 9), local(2023, 3, 1)],
    ['year end', local(2024, 12, 31, 23, 30), local(2025, 1, 1)],
    ['exactly midnight', local(2024, 1, 31), local(2024, 2, 1)],
  ])('nextLocalMidnight: %s', (_label, now, expected) => {
    expect(nextLocalMidnight(now)).toBe(expected.getTime());
    expect(nextLocalMidnight(now)).toBeGreaterThan(now.getTime());
  });

  it('defaults to now', () => {
    const before = Date.now();
    expect(startOfLocalDay()).toBeLessThanOrEqual(before);
    expect(nextLocalMidnight()).toBeGreaterThan(before);
  });

  it.each([
    [0, ''],
    [1, '1'],
    [42, '42'],
    [999, '999'],
    [1000, '999+'],
    [123456, '999+'],
  ])('badgeText(%i) = %j', (count, text) => {
    expect(badgeText(count)).toBe(text);
  });
});
