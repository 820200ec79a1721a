import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  dueDates,
  followUpReplyBy,
  isIsoDate,
  isOverdue,
  localDate,
} from '@/utils/erasure/deadlines';

describe('addMonths (Regulation 1182/71 Art. 3(2)(c))', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2000-01-31', 1, '2000-02-29'],
    ['2027-03-31', 1, '2027-04-30'],
    ['2027-05-31', 1, '2027-06-30'],
    ['2027-08-31', 1, '2027-09-30'],
    ['2027-10-31', 1, '2027-11-30'],
    ['2027-01-30', 1, '2027-02-28'],
    ['2027-01-29', 1, '2027-02-28'],
    ['2028-01-29', 1, '2028-02-29'],
    ['2027-01-28', 1, '2027-02-28'],
    ['2027-02-28', 1, '2027-03-28'],
    ['2028-02-29', 1, '2028-03-29'],
    ['2027-12-15', 1, '2028-01-15'],
    ['2027-12-31', 1, '2028-01-31'],
    ['2027-11-30', 1, '2027-12-30'],
    ['2027-01-31', 3, '2027-04-30'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2027-12-31', 2, '2028-02-29'],
    ['2027-01-15', 12, '2028-01-15'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2027-03-31', -1, '2027-02-28'],
    ['2028-01-15', -1, '2027-12-15'],
    ['2027-06-10', 0, '2027-06-10'],
  ])('%s + %i months → %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });
});

describe('dueDates (Art. 12(3))', () => {
  it.each([
    ['2027-01-31', '2027-02-28', '2027-04-30'],
    ['2028-01-31', '2028-02-29', '2028-04-30'],
    ['2027-03-31', '2027-04-30', '2027-06-30'],
    ['2027-12-15', '2028-01-15', '2028-03-15'],
    ['2027-11-30', '2027-12-30', '2028-02-29'],
    ['2099-11-30', '2099-12-30', '2100-02-28'],
  ])('sent %s → due %s, extended %s', (sentOn, dueOn, extendedDueOn) => {
    expect(dueDates(sentOn)).toEqual({ dueOn, extendedDueOn });
  });
});

describe('addDays and daysBetween', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2027-12-31', 1, '2028-01-01'],
    ['2028-01-01', -1, '2027-12-31'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2027-01-01', 365, '2028-01-01'],
    ['2028-01-01', 366, '2029-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2027-06-10', 0, '2027-06-10'],
  ])('%s + %i days → %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  it('counts across centuries both ways', () => {
    expect(daysBetween('2000-01-01', '2100-01-01')).toBe(36525);
    expect(daysBetween('2100-01-01', '2000-01-01')).toBe(-36525);
    expect(daysBetween('2100-02-28', '2100-03-01')).toBe(1);
  });

  it('agrees with UTC Date arithmetic over many years', () => {
    let date = '1999-12-25';
    for (let i = 0; i < 3000; i++) {
      const next = addDays(date, 13);
      const viaDate = new Date(Date.parse(`${date}T00:00:00Z`) + 13 * 86_400_000).toISOString().slice(0, 10);
      expect(next).toBe(viaDate);
      date = next;
    }
  });
});

describe('followUpReplyBy', () => {
  it.each([
    ['2027-03-01', '2027-03-15'],
    ['2027-02-20', '2027-03-06'],
    ['2028-02-20', '2028-03-05'],
    ['2027-12-25', '2028-01-08'],
  ])('written %s → reply by %s', (writtenOn, expected) => {
    expect(followUpReplyBy(writtenOn)).toBe(expected);
  });
});

describe('isOverdue', () => {
  it('is not overdue on the due day itself, only from the day after', () => {
    expect(isOverdue('2027-02-28', '2027-02-27')).toBe(false);
    expect(isOverdue('2027-02-28', '2027-02-28')).toBe(false);
    expect(isOverdue('2027-02-28', '2027-03-01')).toBe(true);
    expect(isOverdue('2027-12-31', '2028-01-01')).toBe(true);
  });
});

describe('localDate', () => {
  const instant = Date.UTC(2027, 0, 31, 23, 30);
  it('takes the calendar date in the given zone', () => {
    expect(localDate(instant, 'UTC')).toBe('2027-01-31');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2027-02-01');
    expect(localDate(instant, 'America/New_York')).toBe('2027-01-31');
    expect(localDate(Date.UTC(2028, 1, 29, 12), 'Pacific/Kiritimati')).toBe('2028-03-01');
  });

  it('defaults to the runtime zone', () => {
    const now = Date.now();
    expect(localDate(now)).toBe(localDate(now, Intl.DateTimeFormat().resolvedOptions().timeZone));
  });

  it('rejects a non-time', () => {
    expect(() => localDate(Number.NaN)).toThrow(/Not a time/);
  });
});

describe('invalid input', () => {
  it.each(['', '2027-2-3', '2027-02-30', '2027-02-29', '2100-02-29', '2027-13-01', '2027-00-10', '2027-01-00', '27-01-31', '2027-01-31T00:00', ' 2027-01-31', 'tomorrow', '0000-01-01'])(
    'rejects %j',
    (bad) => {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => addMonths(bad, 1)).toThrow(/Not a calendar date/);
      expect(() => addDays(bad, 1)).toThrow(/Not a calendar date/);
      expect(() => dueDates(bad)).toThrow(/Not a calendar date/);
      expect(() => isOverdue(bad, '2027-01-01')).toThrow(/Not a calendar date/);
    },
  );

  it('rejects non-strings and fractional counts', () => {
    expect(() => addDays(undefined as unknown as string, 1)).toThrow(/Not a calendar date/);
    expect(() => addDays(20270131 as unknown as string, 1)).toThrow(/Not a calendar date/);
    expect(() => addDays('2027-01-31', 1.5)).toThrow(/whole number/);
    expect(() => addMonths('2027-01-31', Number.NaN)).toThrow(/whole number/);
  });

  it('accepts leap days that exist', () => {
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });
});
