import type { z } from 'zod';
import { open, seal } from './crypto';
import {
  BACKUP_FORMAT, BACKUP_VERSION, BackupPayloadSchema, EnvelopeSchema, MAX_BACKUP_BYTES, MAX_BACKUP_REQUESTS, MAX_BACKUP_UPLOADS,
  type BackupPayload, type Envelope,
} from './schema';

/*
 * Writing and reading a backup file. Reading never throws and never writes: it answers with the payload, checked
 * against this version's schemas, or with what is wrong, which the page turns into a sentence (components/backup).
 */

export type ReadProblem =
  | { kind: 'too-large'; bytes: number }
  | { kind: 'not-backup' }
  | { kind: 'truncated' }
  | { kind: 'newer-version'; version: number }
  | { kind: 'too-many'; uploads: number; requests: number }
  | { kind: 'passphrase-needed' }
  | { kind: 'wrong-passphrase' }
  /** Where in the file (a record's number and field), and what that field should be. */
  | { kind: 'invalid'; where: string; what: string };

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problem: ReadProblem };

/** takeback-backup-YYYY-MM-DD.takeback, the date in the user's time zone. */
export function backupFileName(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `takeback-backup-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.takeback`;
}

/** The envelope's fields the ciphertext is bound to (GCM additional data). */
const boundFields = (e: Pick<Envelope, 'format' | 'version' | 'createdAt' | 'uploads' | 'requests' | 'previews'>) =>
  JSON.stringify([e.format, e.version, e.createdAt, e.uploads, e.requests, e.previews]);

const items = (p: BackupPayload) => p.uploads.filter((r) => r.thumbnailOf === undefined).length;

/** The file's text. `passphrase` null: not encrypted (the page has warned what that means). */
export async function writeBackup(payload: BackupPayload, passphrase: string | null, now: number, iterations?: number): Promise<string> {
  const outside = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now, uploads: items(payload), requests: payload.requests.length, previews: payload.thumbs !== undefined } as const;
  if (passphrase === null) return JSON.stringify({ ...outside, encryption: null, payload });
  const sealed = await seal(JSON.stringify(payload), passphrase, boundFields(outside), iterations);
  const encryption = { cipher: 'AES-256-GCM', kdf: 'PBKDF2-SHA-256', iterations: sealed.iterations, salt: sealed.salt, iv: sealed.iv };
  return JSON.stringify({ ...outside, encryption, ciphertext: sealed.ciphertext });
}

export function firstIssue(error: z.ZodError, prefix: string, data: unknown): ReadProblem & { kind: 'invalid' } {
  const issue = error.issues[0]!;
  const path = issue.path;
  let where = prefix;
  if ((path[0] === 'uploads' || path[0] === 'requests' || path[0] === 'thumbs') && typeof path[1] === 'number') {
    const entry = (data as Record<string, unknown[]>)[path[0]]?.[path[1]] as { id?: unknown } | undefined;
    const id = typeof entry?.id === 'string' ? ` (${entry.id.slice(0, 80)})` : '';
    where = `${path[0]} #${path[1] + 1}${id}${path.length > 2 ? `, ${path.slice(2).join('.')}` : ''}`;
  } else if (path.length) where = `${prefix ? `${prefix}, ` : ''}${path.join('.')}`;
  return { kind: 'invalid', where: where || 'the file', what: issue.message };
}

/** The outside of the file: what it is, how many it holds, whether a passphrase is needed. */
export function readEnvelope(text: string): ReadResult<Envelope> {
  if (text.length > MAX_BACKUP_BYTES) return { ok: false, problem: { kind: 'too-large', bytes: text.length } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A backup always starts with its format name; a file that does and still does not parse was cut short.
    const start = text.trimStart().slice(0, 64).replace(/\s/g, '');
    return { ok: false, problem: { kind: start.startsWith(`{"format":"${BACKUP_FORMAT}"`) ? 'truncated' : 'not-backup' } };
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== BACKUP_FORMAT) return { ok: false, problem: { kind: 'not-backup' } };
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > BACKUP_VERSION) return { ok: false, problem: { kind: 'newer-version', version } };
  const parsed = EnvelopeSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: firstIssue(parsed.error, '', json) };
  const e = parsed.data;
  if (e.uploads > MAX_BACKUP_UPLOADS || e.requests > MAX_BACKUP_REQUESTS) return { ok: false, problem: { kind: 'too-many', uploads: e.uploads, requests: e.requests } };
  if (e.encryption ? e.ciphertext === undefined : e.payload === undefined) return { ok: false, problem: { kind: 'truncated' } };
  return { ok: true, value: e };
}

/** The payload, decrypted when it is encrypted, and checked record by record. */
export async function openBackup(envelope: Envelope, passphrase: string | null): Promise<ReadResult<BackupPayload>> {
  let data: unknown = envelope.payload;
  if (envelope.encryption) {
    if (!passphrase) return { ok: false, problem: { kind: 'passphrase-needed' } };
    const sealed = { ...envelope.encryption, ciphertext: envelope.ciphertext ?? '' };
    const plain = await open(sealed, passphrase, boundFields(envelope)).catch(() => null);
    if (plain === null) return { ok: false, problem: { kind: 'wrong-passphrase' } };
    try {
      data = JSON.parse(plain);
    } catch {
      return { ok: false, problem: { kind: 'truncated' } };
    }
  }
  const raw = data as { uploads?: unknown; requests?: unknown } | null;
  const declared = { uploads: Array.isArray(raw?.uploads) ? raw.uploads.length : 0, requests: Array.isArray(raw?.requests) ? raw.requests.length : 0 };
  if (declared.uploads > MAX_BACKUP_UPLOADS || declared.requests > MAX_BACKUP_REQUESTS) return { ok: false, problem: { kind: 'too-many', ...declared } };
  const parsed = BackupPayloadSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problem: firstIssue(parsed.error, '', data) };
  const payload = parsed.data;
  // The outside says what the inside holds; a file whose two parts disagree was put together, not written by Takeback.
  if (items(payload) !== envelope.uploads || payload.requests.length !== envelope.requests) {
    return { ok: false, problem: { kind: 'invalid', where: 'the file', what: `it says it holds ${envelope.uploads} uploads and ${envelope.requests} requests, but holds ${items(payload)} and ${payload.requests.length}` } };
  }
  const ids = new Set<string>();
  for (const [i, r] of payload.uploads.entries()) {
    if (ids.has(r.id)) return { ok: false, problem: { kind: 'invalid', where: `uploads #${i + 1} (${r.id.slice(0, 80)})`, what: 'the same id twice' } };
    ids.add(r.id);
  }
  const requestIds = new Set<string>();
  for (const [i, r] of payload.requests.entries()) {
    if (requestIds.has(r.id)) return { ok: false, problem: { kind: 'invalid', where: `requests #${i + 1} (${r.id.slice(0, 80)})`, what: 'the same id twice' } };
    requestIds.add(r.id);
  }
  return { ok: true, value: payload as BackupPayload };
}
