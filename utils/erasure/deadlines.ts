import type { IsoDate } from './types';

/**
 * Calendar-date arithmetic on YYYY-MM-DD strings. Everything is done on y/m/d integers (never on Date objects in a
 * local zone), so a deadline cannot shift by a day across time zones or daylight-saving changes.
 */

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function parse(date: IsoDate): Ymd {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return { y, m, d };
}

function format({ y, m, d }: Ymd): IsoDate {
  if (y < 1 || y > 9999) throw new RangeError(`Date out of range: year ${y}`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function checkInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), in integers only. */
function toDayNumber({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function isIsoDate(value: unknown): value is IsoDate {
  try {
    parse(value as IsoDate);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date of an instant in a time zone (default: the runtime's own). */
export function localDate(ms: number, timeZone?: string): IsoDate {
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${ms}`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return format({ y: part('year'), m: part('month'), d: part('day') });
}

/**
 * Regulation (EEC, Euratom) No 1182/71, Art. 3(2)(c): a period in months ends on the day of the last month that has
 * the same number as the starting day; when that month is too short, on its last day (31 Jan + 1 month = 28/29 Feb).
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  checkInteger(n, 'Months');
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

export function addDays(date: IsoDate, n: number): IsoDate {
  checkInteger(n, 'Days');
  return format(fromDayNumber(toDayNumber(parse(date)) + n));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(parse(to)) - toDayNumber(parse(from));
}

/**
 * Art. 12(3) GDPR: an answer is due one month after receipt, and the controller may extend that "by two further
 * months". We count the extended deadline as three months from receipt rather than two months from the first due
 * date; the two differ at month ends (sent 31 Jan: due 28 Feb, extended 30 Apr, where "due + 2 months" would give
 * 28 Apr), and three months from receipt is the outer limit the Regulation allows. The day the letter is sent stands
 * in for the day it is received.
 */
export function dueDates(sentOn: IsoDate): { dueOn: IsoDate; extendedDueOn: IsoDate } {
  return { dueOn: addMonths(sentOn, 1), extendedDueOn: addMonths(sentOn, 3) };
}

/** The date a follow-up letter asks for an answer by: two weeks after it is written. */
export function followUpReplyBy(writtenOn: IsoDate): IsoDate {
  return addDays(writtenOn, 14);
}

/** A deadline runs to the end of its last day: overdue only from the day after `dueOn`. */
export function isOverdue(dueOn: IsoDate, today: IsoDate): boolean {
  return daysBetween(dueOn, today) > 0;
}
