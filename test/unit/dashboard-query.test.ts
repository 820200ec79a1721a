import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERY,
  dayEnd,
  dayStart,
  filterUploads,
  instancesOf,
  matches,
  queryUploads,
  searchTerms,
  sortUploads,
  statusCounts,
  type DashboardQuery,
} from '@/utils/dashboard-query';
import type { UploadRecord } from '@/utils/records';
import { uploadRecord } from './helpers';

const LEMMY = 'https://lemmy.example';
const OTHER = 'https://other.social:8443';
const MATRIX = 'https://matrix.example.org';
const day = (iso: string) => new Date(iso).getTime();

const records: UploadRecord[] = [
  uploadRecord({ id: 'a', fileName: 'Cat photo.png', size: 2000, uploadedAt: day('2025-03-01T10:00:00'), key: 'aaaa-alias.png' }),
  uploadRecord({ id: 'b', fileName: 'dog.jpg', size: 500, uploadedAt: day('2025-03-02T10:00:00'), status: 'failed', reason: 'logged-out', instanceOrigin: OTHER }),
  uploadRecord({ id: 'c', fileName: null, size: null, uploadedAt: day('2025-03-03T23:59:00'), status: 'verified-gone', key: 'cccc-alias.webp' }),
  uploadRecord({
    id: 'd',
    platform: 'matrix',
    api: 'matrix-media',
    kind: 'attachment',
    fileName: 'report 10.pdf',
    size: 90_000,
    instanceOrigin: MATRIX,
    key: 'mxc://example.org/AbCdEf',
    roomId: '!room:example.org',
    eventId: '$event1',
    uploadedAt: day('2025-03-04T00:00:00'),
    status: 'needs-admin',
  }),
  uploadRecord({ id: 'e', fileName: 'report 9.pdf', size: 90_000, uploadedAt: day('2025-03-04T12:00:00'), status: 'still-online', instanceOrigin: OTHER }),
];
const q = (over: Partial<DashboardQuery>): DashboardQuery => ({ ...DEFAULT_QUERY, ...over });
const ids = (list: UploadRecord[]) => list.map((r) => r.id);

describe('dashboard query: filters', () => {
  it('no filter: every record, newest first', () => {
    expect(ids(queryUploads(records, DEFAULT_QUERY))).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it.each([
    [{ instance: OTHER }, ['e', 'b']],
    [{ instance: 'https://unknown.example' }, []],
    [{ platform: 'matrix' as const }, ['d']],
    [{ platform: 'lemmy' as const }, ['e', 'c', 'b', 'a']],
    [{ status: 'failed' as const }, ['b']],
    [{ status: 'verified-gone' as const, instance: LEMMY }, ['c']],
    [{ status: 'captured' as const, platform: 'matrix' as const }, []],
  ])('%j → %j', (over, expected) => {
    expect(ids(queryUploads(records, q(over)))).toEqual(expected);
  });

  it('date range: from is inclusive, to is exclusive', () => {
    const from = dayStart('2025-03-02')!;
    const to = dayEnd('2025-03-03')!;
    expect(ids(queryUploads(records, q({ from, to })))).toEqual(['c', 'b']);
    expect(ids(queryUploads(records, q({ from: day('2025-03-04T00:00:00') })))).toEqual(['e', 'd']);
    expect(ids(queryUploads(records, q({ to: day('2025-03-04T00:00:00') })))).toEqual(['c', 'b', 'a']);
  });

  it.each([
    ['cat', ['a']],
    ['CAT PHOTO', ['a']],
    ['photo cat', ['a']],
    ['cat dog', []],
    ['other.social', ['e', 'b']],
    ['8443', ['e', 'b']],
    ['cccc-alias', ['c']],
    ['mxc://example.org/abcdef', ['d']],
    ['!room:example', ['d']],
    ['$event1', ['d']],
    ['report', ['e', 'd']],
    ['   ', ['e', 'd', 'c', 'b', 'a']],
    ['lemmy.example', ['c', 'a']],
  ])('search %j → %j', (text, expected) => {
    expect(ids(queryUploads(records, q({ text })))).toEqual(expected);
  });

  it('searchTerms splits on any whitespace and lower-cases', () => {
    expect(searchTerms('  Foo\tBAR \n baz ')).toEqual(['foo', 'bar', 'baz']);
    expect(searchTerms('')).toEqual([]);
  });

  it('matches() sees a record that changed (records are replaced, the search text is per object)', () => {
    const before = records[0]!;
    expect(matches(before, q({ text: 'renamed' }))).toBe(false);
    const after = { ...before, fileName: 'renamed.png' };
    expect(matches(after, q({ text: 'renamed' }))).toBe(true);
  });

  it('filterUploads keeps the order it is given and returns a new array', () => {
    const sorted = sortUploads(records, 'name', 'asc');
    const out = filterUploads(sorted, DEFAULT_QUERY);
    expect(out).not.toBe(sorted);
    expect(ids(out)).toEqual(ids(sorted));
  });
});

describe('dashboard query: sort', () => {
  it.each([
    ['uploadedAt', 'asc', ['a', 'b', 'c', 'd', 'e']],
    ['uploadedAt', 'desc', ['e', 'd', 'c', 'b', 'a']],
    // numeric collation: "report 9" before "report 10"; the unnamed one last in both directions
    ['name', 'asc', ['a', 'b', 'e', 'd', 'c']],
    ['name', 'desc', ['d', 'e', 'b', 'a', 'c']],
    // unknown size last either way; equal sizes newest first
    ['size', 'asc', ['b', 'a', 'e', 'd', 'c']],
    ['size', 'desc', ['e', 'd', 'a', 'b', 'c']],
    // captured, …, verified-gone, still-online, failed, needs-admin
    ['status', 'asc', ['a', 'c', 'e', 'b', 'd']],
    ['status', 'desc', ['d', 'b', 'e', 'c', 'a']],
    // by host: lemmy.example, matrix.example.org, other.social:8443; ties newest first
    ['instance', 'asc', ['c', 'a', 'd', 'e', 'b']],
    ['instance', 'desc', ['e', 'b', 'd', 'c', 'a']],
  ] as const)('%s %s', (sort, dir, expected) => {
    expect(ids(sortUploads(records, sort, dir))).toEqual(expected);
    expect(ids(queryUploads(records, q({ sort, dir })))).toEqual(expected);
  });

  it('does not touch its input', () => {
    const copy = [...records];
    sortUploads(records, 'name', 'asc');
    expect(records).toEqual(copy);
  });

  // Timing is the benchmark's job (bench/dashboard.mjs, D2); here only the result over many records.
  it('sorts and filters 10,000 records (numeric name order, a search narrowing to 111)', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      uploadRecord({ id: `r${i}`, fileName: `IMG_${(i * 7919) % 10_000}.jpg`, uploadedAt: 1_700_000_000_000 + ((i * 104_729) % 10_000) * 1000 }),
    );
    const sorted = sortUploads(many, 'name', 'asc');
    expect(sorted.slice(0, 3).map((r) => r.fileName)).toEqual(['IMG_0.jpg', 'IMG_1.jpg', 'IMG_2.jpg']);
    expect(sorted[10]!.fileName).toBe('IMG_10.jpg');
    const out = filterUploads(sorted, q({ text: 'img_12' }));
    expect(out.length).toBe(111); // IMG_12, IMG_120–129, IMG_1200–1299
    expect(out[0]!.fileName).toBe('IMG_12.jpg');
    expect(out.at(-1)!.fileName).toBe('IMG_1299.jpg');
  });
});

describe('dashboard query: helpers', () => {
  it('dayStart/dayEnd are local midnights; bad input is null', () => {
    expect(dayStart('2025-03-02')).toBe(new Date(2025, 2, 2).getTime());
    expect(dayEnd('2025-03-02')).toBe(new Date(2025, 2, 3).getTime());
    expect(dayEnd('2024-12-31')).toBe(new Date(2025, 0, 1).getTime());
    for (const bad of ['', '2025-02-30', '2025-3-2', 'yesterday', '2025-13-01']) {
      expect(dayStart(bad)).toBeNull();
      expect(dayEnd(bad)).toBeNull();
    }
  });

  it('instancesOf lists each instance once, by host, with counts and platform', () => {
    expect(instancesOf(records)).toEqual([
      { origin: LEMMY, host: 'lemmy.example', platform: 'lemmy', count: 2 },
      { origin: MATRIX, host: 'matrix.example.org', platform: 'matrix', count: 1 },
      { origin: OTHER, host: 'other.social:8443', platform: 'lemmy', count: 2 },
    ]);
  });

  it('statusCounts counts every status, zero included', () => {
    expect(statusCounts(records)).toEqual({
      captured: 1,
      deleting: 0,
      'deleted-unverified': 0,
      'verified-gone': 1,
      'still-online': 1,
      failed: 1,
      'needs-admin': 1,
      'key-unknown': 0,
    });
  });
});
