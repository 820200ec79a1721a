import { z } from 'zod';
import type { DeleteStatus, ReasonCode } from '../deletion';
import { KINDS, keysOf, PLATFORMS, SENT_VIA } from '../erasure/export';
import { LETTER_LANGUAGES, type ErasureRequest } from '../erasure/types';
import { SitePolicySchema } from '../policy';
import type { UnseenVia, UploadRecord } from '../records';
import { SettingsSchema } from '../settings';

// The extension CSP forbids eval: zod must not probe `new Function` (as in utils/platforms/types.ts).
z.config({ jitless: true });

/*
 * The backup file, version 1 (README, "Backup file format", documents it field by field). A backup may come from
 * anywhere (a file someone sent, a disk that flipped a bit): everything in it is checked here before it is shown or
 * written. The limits take every record the ledger can hold (what a page reports is not shortened at capture: a
 * Matrix file name from ?filename=, a URL near 8 KB plus Lemmy's route, a record of an upload whose key was never
 * seen, with no key and no address), so a backup Takeback writes always restores; they are tight on what could act:
 * every address Takeback would fetch, open or send a key to is http(s), every origin an origin.
 */

export const BACKUP_FORMAT = 'takeback-backup';
/** The newest version this Takeback writes; it reads every version up to this one. */
export const BACKUP_VERSION = 1;
/** A backup holding more is refused before any record is read (50,000 is a heavy user; see bench/backup.mjs). */
export const MAX_BACKUP_UPLOADS = 200_000;
export const MAX_BACKUP_REQUESTS = 10_000;
/** The largest file a restore reads at all (previews included). */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

const STATUSES = keysOf({
  captured: true, deleting: true, 'deleted-unverified': true, 'verified-gone': true, 'still-online': true, failed: true,
  'needs-admin': true, 'key-unknown': true,
} satisfies Record<DeleteStatus, true>);
const REASONS = keysOf({
  'wrong-token': true, 'logged-out': true, 'not-owner': true, 'no-api-key': true, 'no-delete-token': true, 'server-copy': true,
  'no-user-delete': true, 'no-server-record': true, 'rate-limited': true, 'server-error': true, network: true,
  'unknown-version': true, 'invalid-record': true, 'unexpected-response': true, 'still-served': true, 'probe-inconclusive': true,
  'wrong-account': true, 'front-end-login': true, 'no-app-page': true, cached: true,
} satisfies Record<ReasonCode, true>);
const UNSEEN_VIA = keysOf({ form: true, beacon: true, 'service-worker': true, script: true } satisfies Record<UnseenVia, true>);

const str = (max: number) => z.string().max(max);
/** A time as the ledger has it: Takeback's clock, or (responseAt) what the page's clock said. */
const time = z.number().finite();
const ID = 16 * 1024;
const LONG = 64 * 1024;
/** An http(s) address, or '' where the ledger has none (an upload whose key and address were never seen). */
const addressOrNone = z.union([z.literal(''), z.string().max(LONG).regex(/^https?:\/\/\S+$/i, 'http(s) URL').refine((u) => URL.canParse(u), 'http(s) URL')]);
const address = z.string().max(LONG).regex(/^https?:\/\/\S+$/i, 'http(s) URL').refine((u) => URL.canParse(u), 'http(s) URL');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** scheme://host[:port], as URL.origin gives it. */
export const WebOrigin = z.string().max(2048).regex(/^https?:\/\/[^/?#\s]+$/i, 'an http(s) origin');
/** A page origin: a web origin, or 'null' for a sandboxed frame (utils/router.ts OPAQUE). */
const PageOrigin = z.union([WebOrigin, z.literal('null')]);

export const BackupRecordSchema = z.object({
  id: str(ID).min(1),
  pageOrigin: PageOrigin,
  platform: z.enum(PLATFORMS),
  api: str(256),
  kind: z.enum(KINDS),
  instanceOrigin: WebOrigin,
  key: str(LONG),
  url: addressOrNone,
  deleteToken: str(LONG).optional(),
  mxc: str(LONG).startsWith('mxc://').optional(),
  fileName: str(LONG).nullable(),
  mime: str(LONG).nullable(),
  size: count.nullable(),
  width: count.optional(),
  height: count.optional(),
  encrypted: z.boolean().optional(),
  apiBase: address.optional(),
  transport: z.enum(['fetch', 'xhr', 'network']),
  status: z.enum(STATUSES),
  uploadedAt: time,
  responseAt: time,
  roomId: str(LONG).optional(),
  eventId: str(LONG).optional(),
  thumbnailOf: str(ID).optional(),
  serverCopy: z.literal(true).optional(),
  postId: z.number().int().optional(),
  source: z.literal('import').optional(),
  reason: z.enum(REASONS).optional(),
  detail: str(LONG).optional(),
  statusAt: time.optional(),
  serverRecordDropped: z.literal(true).optional(),
  deletedAt: time.optional(),
  checkedAt: time.optional(),
  proofUrl: address.optional(),
  proofStatus: z.number().int().min(0).max(999).optional(),
  proofSignedIn: z.literal(true).optional(),
  cachedUntil: time.optional(),
  nextCheckAt: time.optional(),
  rechecks: count.optional(),
  redactedAt: time.optional(),
  account: str(LONG).optional(),
  sentTo: address.optional(),
  unseenVia: z.enum(UNSEEN_VIA).optional(),
  conflictOf: str(ID).optional(),
});

/** A preview as the ledger keeps it: a small JPEG made by Takeback (utils/thumbnail.ts). */
export const BackupThumbSchema = z.object({
  id: str(ID).min(1),
  dataUrl: z.string().max(1024 * 1024).regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/]*={0,2}$/, 'a JPEG data URL'),
});

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const Contact = z.object({
  kind: z.enum(['email', 'matrix', 'lemmy-user', 'web']),
  value: str(2048).min(1),
  label: str(256).optional(),
  source: str(2048),
});

export const BackupRequestSchema = z.object({
  id: str(256).min(1),
  createdAt: time,
  updatedAt: time,
  state: z.enum(['draft', 'sent', 'resolved']),
  language: z.enum(LETTER_LANGUAGES),
  itemIds: z.array(str(ID)).max(MAX_BACKUP_UPLOADS),
  heldBack: z.array(str(ID)).max(MAX_BACKUP_UPLOADS).optional(),
  instanceOrigins: z.array(WebOrigin).max(10_000),
  requester: z.object({
    name: str(256).optional(),
    email: str(320).optional(),
    accounts: z.record(str(4096), str(1024)).optional(),
  }),
  recipient: Contact.optional(),
  letterText: str(20 * 1024 * 1024).optional(),
  sentOn: IsoDate.optional(),
  sentVia: z.enum(SENT_VIA).optional(),
  dueOn: IsoDate.optional(),
  extendedDueOn: IsoDate.optional(),
  remindedAt: time.optional(),
  followUpOn: IsoDate.optional(),
  resolvedAt: time.optional(),
});

/** What a backup holds, once decrypted. */
export const BackupPayloadSchema = z.object({
  uploads: z.array(BackupRecordSchema).max(MAX_BACKUP_UPLOADS),
  /** Present when the user chose to include previews. */
  thumbs: z.array(BackupThumbSchema).max(MAX_BACKUP_UPLOADS).optional(),
  requests: z.array(BackupRequestSchema).max(MAX_BACKUP_REQUESTS),
  sitePolicies: z.record(WebOrigin, SitePolicySchema),
  /** The settings as saved; a field this version does not know is left out, one it lacks keeps its default. */
  settings: SettingsSchema.partial(),
  /** The sites the user confirmed as front ends, per instance (utils/front-ends.ts). */
  frontEnds: z.record(WebOrigin, z.array(WebOrigin).max(1000)),
});
export type BackupPayload = z.infer<typeof BackupPayloadSchema>;

// atob refuses a length of 4n + 1 whatever the characters.
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64').refine((b) => b.length % 4 !== 1, 'base64');

/** The encryption of an encrypted backup: AES-256-GCM, its key from the passphrase by PBKDF2-HMAC-SHA-256. */
export const EncryptionSchema = z.object({
  cipher: z.literal('AES-256-GCM'),
  kdf: z.literal('PBKDF2-SHA-256'),
  /** At least OWASP's 2023 figure; at most what a browser derives in a few seconds (a file cannot make us spin). */
  iterations: z.number().int().min(600_000).max(10_000_000),
  salt: Base64.min(22).max(88),
  iv: Base64.length(16),
});

/** The outside of the file, readable without the passphrase: what it is, which version, when it was made. */
export const EnvelopeSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().min(1),
  createdAt: time,
  /** How many uploads and erasure requests it holds (shown before the passphrase is asked; checked after). */
  uploads: count,
  requests: count,
  previews: z.boolean(),
  encryption: EncryptionSchema.nullable(),
  /** Encrypted: the payload's JSON, encrypted, in base64. */
  ciphertext: Base64.optional(),
  /** Not encrypted: the payload itself. */
  payload: z.unknown().optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/* The compiler keeps the schemas and the ledger's types in step: a field added to either fails here until both have it. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const recordsMatch: Same<z.infer<typeof BackupRecordSchema>, UploadRecord> = true;
const requestsMatch: Same<z.infer<typeof BackupRequestSchema>, ErasureRequest> = true;
void recordsMatch;
void requestsMatch;
