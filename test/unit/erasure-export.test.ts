import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, ErasureExportSchema, toCsv, toExportJson } from '@/utils/erasure/export';
import type { ErasureItem, ErasureRequest, InstanceTarget } from '@/utils/erasure/types';

const LEMMY = 'https://lemmy.example';
const SYNAPSE = 'https://matrix.example.org';
const UNKNOWN = 'https://pics.unknown.example';

const targets: InstanceTarget[] = [
  { instanceOrigin: LEMMY, software: 'lemmy-0.19', version: '0.19.9' },
  { instanceOrigin: SYNAPSE, software: 'synapse', serverName: 'example.org' },
];

const request: ErasureRequest = {
  id: 'req-1',
  createdAt: Date.UTC(2025, 0, 30),
  updatedAt: Date.UTC(2025, 0, 31),
  state: 'sent',
  language: 'de',
  itemIds: [],
  instanceOrigins: [LEMMY, SYNAPSE],
  requester: { name: 'Alice Ünïcødé', email: 'alice@example.net', accounts: { [LEMMY]: 'alice' } },
  letterText: 'Sehr geehrte …',
  sentOn: '2025-01-31',
  sentVia: 'email',
  dueOn: '2025-02-28',
};

function lemmyItem(n: number, fileName: string | null, extra: Partial<ErasureItem> = {}): ErasureItem {
  const key = `a1b2c3d4-${n}.png`;
  return {
    id: `req${n}.0@${LEMMY}`, platform: 'lemmy', kind: 'post-image', instanceOrigin: LEMMY, url: `${LEMMY}/pictrs/image/${key}`,
    key, fileName, mime: 'image/png', uploadedAt: Date.UTC(2024, 1, 29, 23, 59, 59, 123), account: 'alice', reason: 'no-server-record', ...extra,
  };
}

function matrixItem(n: number, fileName: string | null, extra: Partial<ErasureItem> = {}): ErasureItem {
  const mxc = `mxc://example.org/Media_${n}-xyz`;
  return {
    id: `req${n}.0@https://app.element.io`, platform: 'matrix', kind: 'attachment', instanceOrigin: SYNAPSE,
    url: `${SYNAPSE}/_matrix/client/v1/media/download/example.org/Media_${n}-xyz`, key: mxc, mxc, fileName, mime: 'image/jpeg',
    uploadedAt: Date.UTC(2025, 0, 1, 12), account: '@alice:example.org', roomId: '!room:example.org', eventId: `$ev${n}`,
    reason: 'no-user-delete', ...extra,
  };
}

/** Names a spreadsheet or a naive CSV writer gets wrong. */
const TRICKY = [
  'plain.png',
  'comma, in name.png',
  'say "cheese".jpg',
  'line\nbreak.png',
  'windows\r\nbreak.png',
  '"quoted, with\r\nall of it"',
  'Ünïcødé 写真 ñ.png',
  '🐱 cat 👍🏽.jpg',
  '=cmd|\' /C calc\'!A0',
  '+1.png',
  '-rf.png',
  '@SUM(1+1).png',
  '\tTab.png',
  '\rCR.png',
  'old\rmac.png',
  "'already quoted.png",
];

const items: ErasureItem[] = [
  ...TRICKY.map((name, n) => (n % 2 ? matrixItem(n, name) : lemmyItem(n, name))),
  lemmyItem(100, null, { mime: null, account: undefined, reason: undefined }),
  lemmyItem(101, 'elsewhere.png', { instanceOrigin: UNKNOWN, url: `${UNKNOWN}/pictrs/image/x.png` }),
];

const exportOf = (overrides: Partial<Parameters<typeof toExportJson>[0]> = {}) =>
  toExportJson({ request, targets, items, generatedAt: Date.UTC(2025, 1, 1, 8, 30), ...overrides });

describe('toExportJson', () => {
  it('validates against the published schema and round-trips every item', () => {
    const json = exportOf();
    expect(json).toContain('\n  "schema": "takeback.erasure-request"');
    const back = ErasureExportSchema.parse(JSON.parse(json));
    expect(back.schemaVersion).toBe(1);
    expect(back.generatedAt).toBe('2025-02-01T08:30:00.000Z');
    expect(back.request).toEqual({ id: 'req-1', language: 'de', state: 'sent', sentOn: '2025-01-31', sentVia: 'email', dueOn: '2025-02-28' });
    expect(back.requester).toEqual({ name: 'Alice Ünïcødé', email: 'alice@example.net' });
    expect(back.instances).toEqual(targets);
    expect(back.items).toHaveLength(items.length);
    back.items.forEach((got, n) => {
      const { uploadedAt, redactedAt, encrypted, ...rest } = items[n]!;
      const want = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      expect(got).toEqual({ ...want, uploadedAt: new Date(uploadedAt).toISOString() });
    });
    expect(back.items[0]!.uploadedAt).toBe('2024-02-29T23:59:59.123Z');
    expect(back.items.at(-2)).toMatchObject({ fileName: null, mime: null });
    expect(back.items.at(-2)).not.toHaveProperty('account');
  });

  it('leaves out absent and empty optional fields instead of writing null', () => {
    const bare: ErasureRequest = { ...request, state: 'draft', requester: { name: '  ' }, sentOn: undefined, sentVia: undefined, dueOn: undefined };
    const back = JSON.parse(exportOf({ request: bare, targets: [], items: [] }));
    expect(back.request).toEqual({ id: 'req-1', language: 'de', state: 'draft' });
    expect(back.requester).toEqual({});
    expect(ErasureExportSchema.parse(back).items).toEqual([]);
  });

  it('never carries delete tokens, sessions or thumbnails, whatever the objects hold', () => {
    const leaky = items.map((i, n) => ({ ...i, deleteToken: `SECRET-TOKEN-${n}`, jwt: 'SECRET-JWT', thumb: 'data:image/jpeg;base64,SECRETTHUMB' }));
    const leakyRequest = { ...request, session: 'SECRET-SESSION', requester: { ...request.requester, accessToken: 'SECRET-ACCESS' } };
    const json = exportOf({ request: leakyRequest as ErasureRequest, items: leaky as ErasureItem[] });
    expect(json).not.toMatch(/SECRET|token|jwt|session|thumb|letterText|accounts/i);
    expect(JSON.parse(json).items).toHaveLength(items.length);
  });

  it('refuses to produce an export that does not validate', () => {
    const bad = lemmyItem(1, 'x.png', { url: 'javascript:alert(1)' });
    expect(() => exportOf({ items: [bad] })).toThrow();
  });

  const valid = () => JSON.parse(exportOf());
  const tampered: Array<[string, (e: ReturnType<typeof valid>) => void]> = [
    ['a newer schemaVersion', (e) => (e.schemaVersion = 2)],
    ['another schema name', (e) => (e.schema = 'takeback.other')],
    ['an unknown top-level key', (e) => (e.extra = true)],
    ['an unknown key in an item', (e) => (e.items[0].deleteToken = 'abc')],
    ['an unknown key in the request', (e) => (e.request.letterText = 'hi')],
    ['a javascript: URL', (e) => (e.items[0].url = 'javascript:alert(1)')],
    ['a data: URL', (e) => (e.items[0].url = 'data:text/html,<b>x</b>')],
    ['a non-http instance origin', (e) => (e.instances[0].instanceOrigin = 'ftp://lemmy.example')],
    ['a malformed mxc URI', (e) => (e.items[1].mxc = 'mxc://example.org/../../etc')],
    ['an mxc URI without a media id', (e) => (e.items[1].mxc = 'mxc://example.org/')],
    ['an unknown server software', (e) => (e.instances[0].software = 'mastodon')],
    ['uploadedAt as a number', (e) => (e.items[0].uploadedAt = 1700000000000)],
    ['an impossible due date', (e) => (e.request.dueOn = '2025-02-30')],
    ['a missing item field', (e) => delete e.items[0].key],
  ];
  it.each(tampered)('rejects %s', (_, change) => {
    const e = valid();
    expect(ErasureExportSchema.safeParse(e).success).toBe(true);
    change(e);
    expect(ErasureExportSchema.safeParse(e).success).toBe(false);
  });
});

/** What each item's row must read back as, column by column (the formula guard applied as documented). */
function expectedRow(i: ErasureItem): string[] {
  const guard = (v: string) => (/^(?:\s*[=+\-@＝＋－＠]|[\t\r])/.test(v) ? `'${v}` : v);
  const software = targets.find((t) => t.instanceOrigin === i.instanceOrigin)?.software;
  return [
    i.instanceOrigin, software, i.platform, i.kind, i.url, i.key, i.mxc, i.fileName, i.mime,
    new Date(i.uploadedAt).toISOString(), i.account, i.roomId, i.eventId, i.reason,
  ].map((v) => guard(v ?? ''));
}

const parseCsv = (csv: string): string[][] => parse(csv, { bom: true, record_delimiter: '\r\n' });

describe('toCsv', () => {
  const csv = toCsv(items, targets);

  it('starts with one UTF-8 byte order mark and ends every row with CRLF', () => {
    expect(csv.startsWith('\uFEFFinstance,software,')).toBe(true);
    expect(csv.indexOf('\uFEFF', 1)).toBe(-1);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('follows the RFC 4180 grammar: a field is bare (no comma, quote, CR or LF) or quoted with inner quotes doubled', () => {
    const field = '(?:"(?:[^"]|"")*"|[^",\\r\\n]*)';
    const record = `${field}(?:,${field}){${CSV_COLUMNS.length - 1}}\\r\\n`;
    expect(new RegExp(`^\\uFEFF(?:${record}){${items.length + 1}}$`).test(csv)).toBe(true);
  });

  it('opens cleanly in a real CSV parser: header plus one row per item, 14 columns each', () => {
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(items.length + 1);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    for (const row of rows) expect(row).toHaveLength(14);
  });

  it('round-trips commas, quotes, LF and CRLF line breaks and non-ASCII names field for field', () => {
    const rows = parseCsv(csv).slice(1);
    rows.forEach((row, n) => expect(row).toEqual(expectedRow(items[n]!)));
    const names = rows.map((r) => r[7]);
    expect(names).toContain('windows\r\nbreak.png');
    expect(names).toContain('"quoted, with\r\nall of it"');
    expect(names).toContain('Ünïcødé 写真 ñ.png');
    expect(names).toContain('🐱 cat 👍🏽.jpg');
  });

  it('neutralises formulas with a leading apostrophe and leaves URLs, mxc URIs and other text alone', () => {
    const rows = parseCsv(csv).slice(1);
    const byName = (start: string) => rows.find((r) => r[7]!.startsWith(start))!;
    expect(byName("'=cmd")[7]).toBe("'=cmd|' /C calc'!A0");
    expect(['+1', '-rf', '@SUM', '\tTab', '\rCR'].map((s) => byName(`'${s}`)[7]!.slice(0, 2))).toEqual(["'+", "'-", "'@", "'\t", "'\r"]);
    expect(byName("'already")[7]).toBe("'already quoted.png");
    const matrix = rows.find((r) => r[2] === 'matrix')!;
    expect(matrix[4]).toMatch(/^https:\/\/matrix\.example\.org\/_matrix\//);
    expect(matrix[5]).toMatch(/^mxc:\/\/example\.org\//);
    expect(matrix[6]).toBe(matrix[5]);
    expect(matrix[10]).toBe("'@alice:example.org");
  });

  it('also neutralises a formula after line breaks or spaces, and the full-width ＝ ＋ － ＠ (issue 11 §5)', () => {
    const names = ['\n=HYPERLINK("https://evil.example")', '   =1+1', '\r\n+cmd', '＝cmd|\' /C calc\'!A0', '＋1', '－1', '＠SUM(A1)', '\u00A0=NBSP', '\u200B=zero-width'];
    const tricky = names.map((name, n) => lemmyItem(9000 + n, name));
    const rows = parseCsv(toCsv(tricky, targets)).slice(1);
    expect(rows.map((r) => r[7])).toEqual(names.map((name) => `'${name}`));
    const plain = parseCsv(toCsv([lemmyItem(9100, 'holiday = fun.png'), lemmyItem(9101, 'a-b.png')], targets)).slice(1);
    expect(plain.map((r) => r[7])).toEqual(['holiday = fun.png', 'a-b.png']);
  });

  it('leaves empty cells for unknown values, including the software of an instance without a target', () => {
    const rows = parseCsv(csv).slice(1);
    expect(rows.at(-1)!.slice(0, 2)).toEqual([UNKNOWN, '']);
    expect(rows.at(-2)!.slice(7, 9)).toEqual(['', '']);
  });
});

describe('10,000 items', () => {
  const many = Array.from({ length: 10_000 }, (_, n) => (n % 3 ? lemmyItem(n, TRICKY[n % TRICKY.length]!) : matrixItem(n, `photo ${n}.jpg`)));

  it('gives 10,001 CSV rows and a valid JSON export', () => {
    const rows = parseCsv(toCsv(many, targets));
    expect(rows).toHaveLength(10_001);
    expect(rows[10_000]).toEqual(expectedRow(many[9_999]!));
    const back = ErasureExportSchema.parse(JSON.parse(toExportJson({ request, targets, items: many, generatedAt: 0 })));
    expect(back.items).toHaveLength(10_000);
    expect(back.items[9_999]!.id).toBe(many[9_999]!.id);
  });
});
