import type { ErasureRequest } from '../erasure/types';
import { MAX_FRONT_ENDS } from '../front-ends';
import type { UploadRecord } from '../records';
import type { BackupPayload } from './schema';

/*
 * How a backup merges into the ledger. Pure, so the preview the user reads before anything changes and the restore
 * itself (run again inside the write transaction, on the ledger as it is then) are the same computation.
 * - A record is matched by id, else by the file (platform, instance, key) under another id (an import, say).
 * - Merging is idempotent: a second restore of the same file changes nothing.
 * - A key is never replaced: a record gains a delete token it lacks; when both have one and they differ (or the same
 *   id names another file), the backup's record is kept beside the ledger's, as a conflict copy, and both are shown.
 * - Status: the one that changed last wins; facts the ledger lacks (room, post, account…) are added.
 * - Who reported each record (pageOrigin) is kept as the backup says; the dashboard shows it, as for any record.
 */

export interface LedgerSnapshot {
  uploads: UploadRecord[];
  /** Ids of records that have a preview. */
  thumbIds: Set<string>;
  requests: ErasureRequest[];
}

export interface MergeCounts {
  /** Items (a file with its thumbnails counts once, as on the dashboard). */
  items: number;
  new: number;
  alreadyHere: number;
  /** Of alreadyHere: brought up to date (a newer status, a missing key or fact). */
  updated: number;
  conflicts: number;
  requests: number;
  newRequests: number;
  updatedRequests: number;
}

export interface MergePlan {
  puts: UploadRecord[];
  thumbs: Array<{ id: string; dataUrl: string }>;
  requests: ErasureRequest[];
  counts: MergeCounts;
  /** The conflicts, for the preview: the ledger's record and the copy the backup's becomes. */
  conflicts: Array<{ id: string; copyId: string; fileName: string | null; instanceOrigin: string }>;
}

/** What the status of a record is made of: taken whole from the copy whose status changed last. */
const STATUS_FIELDS = [
  'status', 'reason', 'detail', 'statusAt', 'serverRecordDropped', 'deletedAt', 'checkedAt', 'proofUrl', 'proofStatus',
  'proofSignedIn', 'cachedUntil', 'nextCheckAt', 'rechecks', 'redactedAt',
] as const satisfies ReadonlyArray<keyof UploadRecord>;
/** Facts learned after the upload (a link, the account): added when the ledger's copy lacks them, never changed. */
const LATER_FACTS = [
  'deleteToken', 'roomId', 'eventId', 'thumbnailOf', 'postId', 'account', 'apiBase', 'mxc', 'width', 'height', 'encrypted',
] as const satisfies ReadonlyArray<keyof UploadRecord>;

const fileOf = (r: Pick<UploadRecord, 'platform' | 'instanceOrigin' | 'key'>) => `${r.platform} ${r.instanceOrigin} ${r.key}`;
const statusTime = (r: UploadRecord) => r.statusAt ?? r.uploadedAt;
/** Statuses the automatic re-checks probe: one taken from a backup is checked again soon, not believed for a week. */
const RECHECKED = new Set<UploadRecord['status']>(['verified-gone', 'deleted-unverified', 'still-online']);

/**
 * When the backup was made, and now: no status in it can have changed later than either (a file may say so; a clock
 * may run fast), so a status's time is counted as at most this.
 */
export interface MergeClock {
  madeAt: number;
  now: number;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** FNV-1a, 32 bits: a short, stable tag for a conflict copy's id, so a second restore finds the copy it made. */
function tag(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/** The id a backup's record gets when it conflicts with the ledger's: the same for the same backup record. */
export const conflictCopyId = (r: UploadRecord) => `${r.id}#backup-${tag(`${fileOf(r)} ${r.deleteToken ?? ''}`)}`;

function mergeInto(here: UploadRecord, from: UploadRecord, clock: MergeClock): UploadRecord {
  const next: UploadRecord = { ...here };
  const writable = next as unknown as Record<string, unknown>;
  for (const f of LATER_FACTS) if (next[f] === undefined && from[f] !== undefined) writable[f] = from[f];
  const fromTime = Math.min(statusTime(from), clock.madeAt, clock.now);
  if (fromTime > statusTime(here)) {
    for (const f of STATUS_FIELDS) writable[f] = from[f];
    // The status's time goes with it (a record that never changed status has its upload time as that): merged records
    // only move forward, so restoring the same file again changes nothing.
    next.statusAt = fromTime;
    if (next.status !== here.status && RECHECKED.has(next.status)) next.nextCheckAt = clock.now;
  }
  for (const f of STATUS_FIELDS) if (writable[f] === undefined) delete writable[f];
  return next;
}

export function planMerge(ledger: LedgerSnapshot, backup: BackupPayload, clock: MergeClock): MergePlan {
  /** The ledger's records as this plan leaves them (its puts included). */
  const byId = new Map(ledger.uploads.map((r) => [r.id, r]));
  /**
   * Files the ledger held before this restore, by the id it holds them under. Only those: two records of one file in
   * the backup itself (a capture and an import of it) are both kept, so a backup restored into an empty ledger gives
   * back the same ledger.
   */
  const fileHere = new Map<string, string>();
  // The file's own record, not a conflict copy an earlier restore kept beside it.
  for (const r of ledger.uploads) if (r.conflictOf === undefined && !fileHere.has(fileOf(r))) fileHere.set(fileOf(r), r.id);
  const thumbsIn = new Map((backup.thumbs ?? []).map((t) => [t.id, t.dataUrl]));
  const hasThumb = new Set(ledger.thumbIds);
  const plan: MergePlan = {
    puts: [], thumbs: [], requests: [], conflicts: [],
    counts: { items: 0, new: 0, alreadyHere: 0, updated: 0, conflicts: 0, requests: backup.requests.length, newRequests: 0, updatedRequests: 0 },
  };
  const put = (r: UploadRecord, thumbFrom: string) => {
    plan.puts.push(r);
    byId.set(r.id, r);
    const thumb = thumbsIn.get(thumbFrom);
    if (thumb && !hasThumb.has(r.id)) {
      plan.thumbs.push({ id: r.id, dataUrl: thumb });
      hasThumb.add(r.id);
    }
  };
  const count = (r: UploadRecord, outcome: 'new' | 'alreadyHere' | 'updated' | 'conflicts') => {
    if (r.thumbnailOf !== undefined) return;
    plan.counts.items++;
    if (outcome === 'updated') plan.counts.alreadyHere++;
    plan.counts[outcome]++;
  };

  for (const b of backup.uploads as UploadRecord[]) {
    if (byId.has(conflictCopyId(b)) && !byId.has(b.id)) {
      count(b, 'alreadyHere'); // kept as a conflict copy by an earlier restore of this backup
      continue;
    }
    const fileId = fileHere.get(fileOf(b));
    const sameId = byId.get(b.id);
    const here = sameId ?? (fileId === undefined ? undefined : byId.get(fileId));
    if (!here) {
      put(b, b.id);
      count(b, 'new');
      continue;
    }
    const sameFile = fileOf(here) === fileOf(b);
    // The same file under another id (an import of it, say) is matched by what anyone can know, its public key: such a
    // record changes nothing of the ledger's; a key it brings is kept beside it, as a conflict, never taken in.
    const differentKey = here.deleteToken !== b.deleteToken && b.deleteToken !== undefined && (here.deleteToken !== undefined || !sameId);
    if (!sameFile || differentKey) {
      const copyId = conflictCopyId(b);
      const copy = byId.get(copyId);
      if (copy) {
        count(b, 'alreadyHere');
        continue;
      }
      put({ ...b, id: copyId, conflictOf: here.id }, b.id);
      plan.conflicts.push({ id: here.id, copyId, fileName: b.fileName, instanceOrigin: b.instanceOrigin });
      count(b, 'conflicts');
      continue;
    }
    const merged = sameId ? mergeInto(here, b, clock) : here;
    if (deepEqual(merged, here)) {
      const thumb = thumbsIn.get(b.id);
      if (thumb && !hasThumb.has(here.id)) {
        plan.thumbs.push({ id: here.id, dataUrl: thumb });
        hasThumb.add(here.id);
      }
      count(b, 'alreadyHere');
    } else {
      put(merged, b.id);
      count(b, 'updated');
    }
  }

  const requestsHere = new Map(ledger.requests.map((r) => [r.id, r]));
  for (const b of backup.requests as ErasureRequest[]) {
    const here = requestsHere.get(b.id);
    if (!here) {
      plan.requests.push(b);
      plan.counts.newRequests++;
    } else if (b.updatedAt > here.updatedAt && !deepEqual(b, here)) {
      plan.requests.push(b);
      plan.counts.updatedRequests++;
    }
    requestsHere.set(b.id, here && b.updatedAt <= here.updatedAt ? here : b);
  }
  return plan;
}

export interface StoredChoices {
  sitePolicies: Record<string, string>;
  frontEnds: Record<string, string[]>;
  /** Whether settings were ever saved here: a backup's settings are taken only into a profile that has none. */
  settingsSaved: boolean;
}

/** Per-site policies: the backup adds sites that have none here; a site set here keeps its policy. */
export function mergeChoices(here: StoredChoices, backup: Pick<BackupPayload, 'sitePolicies' | 'frontEnds' | 'settings'>) {
  const sitePolicies: Record<string, string> = { ...here.sitePolicies };
  const added: Array<{ origin: string; policy: string }> = [];
  let policiesKept = 0;
  for (const [origin, policy] of Object.entries(backup.sitePolicies)) {
    if (!Object.hasOwn(sitePolicies, origin)) {
      sitePolicies[origin] = policy;
      added.push({ origin, policy });
    } else if (sitePolicies[origin] !== policy) policiesKept++;
  }
  // Confirmed front ends: a page confirmed for an instance is trusted with its uploads there (utils/reporters.ts), so
  // every one a backup adds is listed in the preview; the store's own limit (1,000 per instance) is kept.
  const frontEnds: Record<string, string[]> = { ...here.frontEnds };
  const frontEndsAdded: Array<{ instance: string; page: string }> = [];
  for (const [instance, pages] of Object.entries(backup.frontEnds)) {
    const list = [...(frontEnds[instance] ?? [])];
    for (const page of pages) {
      if (list.includes(page) || list.length >= MAX_FRONT_ENDS) continue;
      list.push(page);
      frontEndsAdded.push({ instance, page });
    }
    frontEnds[instance] = list;
  }
  return { sitePolicies, policiesAddedList: added, policiesKept, frontEnds, frontEndsAdded, settings: here.settingsSaved ? null : backup.settings };
}
