import { z } from 'zod';
import type { PlatformId, UploadKind } from '../platforms/types';
import { LETTER_LANGUAGES, type ErasureItem, type ErasureRequest, type InstanceTarget, type SentVia, type ServerSoftware } from './types';

// As in utils/platforms/types.ts: the extension CSP forbids eval, so zod must not probe `new Function`.
z.config({ jitless: true });

/** `satisfies Record<T, true>`: the compiler rejects a missing or an unknown member, so the enums track the types. */
export const keysOf = <T extends string>(o: Record<T, true>) => Object.keys(o) as [T, ...T[]];

export const SOFTWARE = keysOf({
  'lemmy-0.18': true, 'lemmy-0.19': true, 'lemmy-1.0': true, 'lemmy-unknown': true,
  synapse: true, 'matrix-media-repo': true, continuwuity: true, 'matrix-unknown': true,
} satisfies Record<ServerSoftware, true>);
export const PLATFORMS = keysOf({ lemmy: true, matrix: true } satisfies Record<PlatformId, true>);
export const KINDS = keysOf({
  image: true, 'post-image': true, avatar: true, banner: true, 'community-icon': true, 'community-banner': true,
  'site-icon': true, 'site-banner': true, attachment: true, thumbnail: true, 'room-avatar': true,
} satisfies Record<UploadKind, true>);
export const SENT_VIA = keysOf({ email: true, matrix: true, 'web-form': true, post: true, other: true } satisfies Record<SentVia, true>);

const text = (max: number) => z.string().min(1).max(max);
// Not z.url(): the same WHATWG parse behind a scheme check, about twice as fast on 10,000 items.
export const httpUrl = z.string().max(8192).regex(/^https?:\/\/\S+$/i, 'http(s) URL').refine((u) => URL.canParse(u), 'http(s) URL');
/** mxc://<server name>/<media id>; the media id alphabet is the one the Matrix spec allows. */
export const mxc = z.string().max(1024).regex(/^mxc:\/\/[^/\s]+\/[A-Za-z0-9_-]+$/, 'mxc://server/mediaId');

/** Version 1 of the export, published in the README. A change that breaks a reader bumps schemaVersion. */
export const ErasureExportSchema = z.strictObject({
  schema: z.literal('takeback.erasure-request'),
  schemaVersion: z.literal(1),
  generatedAt: z.iso.datetime(),
  request: z.strictObject({
    id: text(256),
    language: z.enum(LETTER_LANGUAGES),
    state: z.enum(['draft', 'sent', 'resolved']),
    sentOn: z.iso.date().optional(),
    sentVia: z.enum(SENT_VIA).optional(),
    dueOn: z.iso.date().optional(),
    extendedDueOn: z.iso.date().optional(),
  }),
  requester: z.strictObject({ name: text(256).optional(), email: text(320).optional() }),
  instances: z.array(
    z.strictObject({
      instanceOrigin: httpUrl,
      software: z.enum(SOFTWARE),
      version: text(64).optional(),
      serverName: text(255).optional(),
    }),
  ),
  items: z.array(
    z.strictObject({
      id: text(1024),
      platform: z.enum(PLATFORMS),
      kind: z.enum(KINDS),
      instanceOrigin: httpUrl,
      url: httpUrl,
      key: text(1024),
      mxc: mxc.optional(),
      fileName: z.string().max(1024).nullable(),
      mime: z.string().max(256).nullable(),
      uploadedAt: z.iso.datetime(),
      account: text(512).optional(),
      roomId: text(512).optional(),
      eventId: text(512).optional(),
      reason: text(64).optional(),
    }),
  ),
});
export type ErasureExport = z.infer<typeof ErasureExportSchema>;

export interface ExportInput {
  request: ErasureRequest;
  targets: InstanceTarget[];
  items: ErasureItem[];
  generatedAt: number;
}

/** Copies the named optional fields that have a value, so absent ones are left out instead of written as null or "". */
function withOptional<T extends object, K extends keyof T>(into: object, from: T, keys: readonly K[]): void {
  for (const k of keys) {
    const v = from[k];
    if (v !== undefined && v !== null && v !== '') (into as T)[k] = v;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

type ExportItem = ErasureExport['items'][number];
const ITEM_OPTIONAL = ['mxc', 'account', 'roomId', 'eventId', 'reason'] as const;

/**
 * Every field is copied by name: whatever else the objects carry (a delete token, session data, a thumbnail) is never
 * read, so it cannot leak into a file meant for someone else.
 */
export function toExportJson({ request: r, targets, items, generatedAt }: ExportInput): string {
  const request: ErasureExport['request'] = { id: r.id, language: r.language, state: r.state };
  withOptional(request, r, ['sentOn', 'sentVia', 'dueOn', 'extendedDueOn']);
  const requester: ErasureExport['requester'] = {};
  withOptional(requester, { name: r.requester.name?.trim(), email: r.requester.email?.trim() }, ['name', 'email']);
  const instances = targets.map((t) => {
    const out: ErasureExport['instances'][number] = { instanceOrigin: t.instanceOrigin, software: t.software };
    withOptional(out, t, ['version', 'serverName']);
    return out;
  });
  const exported = items.map((i) => {
    const out: ExportItem = {
      id: i.id, platform: i.platform, kind: i.kind, instanceOrigin: i.instanceOrigin, url: i.url, key: i.key,
      fileName: i.fileName, mime: i.mime, uploadedAt: iso(i.uploadedAt),
    };
    withOptional(out, i, ITEM_OPTIONAL);
    return out;
  });
  const data: ErasureExport = {
    schema: 'takeback.erasure-request', schemaVersion: 1, generatedAt: iso(generatedAt), request, requester, instances, items: exported,
  };
  return JSON.stringify(ErasureExportSchema.parse(data), null, 2);
}

export const CSV_COLUMNS = [
  'instance', 'software', 'platform', 'kind', 'url', 'key', 'mxc', 'file_name', 'mime', 'uploaded_at', 'account', 'room_id', 'event_id', 'reason',
] as const;

/**
 * Formula injection (CWE-1236): a spreadsheet runs a cell that starts with = + - @ as a formula, and some apps strip
 * leading whitespace and line breaks first, or read the full-width ＝ ＋ － ＠ as the same signs. Such a field (and one
 * starting with a tab or CR) gets a leading ' so it is shown as text. URLs, mxc URIs and origins start with a letter
 * and are never changed; Matrix user ids (@alice:server) are. The JSON export keeps every value exact.
 */
const FORMULA_START = /^(?:[\s\u200B-\u200D\u2060\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/;
const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string | null | undefined): string {
  if (!value) return '';
  const v = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** RFC 4180 with a UTF-8 byte order mark (spreadsheet apps then read non-ASCII names right), CRLF after every row. */
export function toCsv(items: ErasureItem[], targets: InstanceTarget[]): string {
  const software = new Map(targets.map((t) => [t.instanceOrigin, t.software]));
  const rows = [CSV_COLUMNS.join(',')];
  for (const i of items) {
    rows.push(
      [
        i.instanceOrigin, software.get(i.instanceOrigin), i.platform, i.kind, i.url, i.key, i.mxc, i.fileName, i.mime,
        iso(i.uploadedAt), i.account, i.roomId, i.eventId, i.reason,
      ].map(csvField).join(','),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
