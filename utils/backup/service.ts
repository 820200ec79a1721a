import { z } from 'zod';
import type { Ledger } from '../ledger';
import type { KeyValueArea } from '../kv';
import { FRONT_ENDS_KEY } from '../front-ends';
import { POLICIES_KEY } from '../policy';
import { loadSettings, SETTINGS_KEY, type Settings } from '../settings';
import { firstIssue, writeBackup } from './file';
import { mergeChoices, planMerge, type MergeCounts, type MergePlan } from './merge';
import { BackupPayloadSchema, type BackupPayload } from './schema';

/*
 * Back up and restore, over the ledger service and storage.local. Runs in the page the user works in (dashboard,
 * Settings, welcome): a backup with previews can be hundreds of megabytes, more than a message to the background may
 * carry. The page then tells the background the ledger changed (re-checks are scheduled there).
 */

const STATE = 'backup';
const BACKED_UP = 'backedUp';

const BackupStateSchema = z.object({ lastAt: z.number(), items: z.number().int().min(0), encrypted: z.boolean() });
/** When the last backup was made here, how many uploads it held, whether it was encrypted. */
export type BackupState = z.infer<typeof BackupStateSchema>;

export async function loadBackupState(area: KeyValueArea): Promise<BackupState | null> {
  const parsed = BackupStateSchema.safeParse((await area.get(STATE))[STATE]);
  return parsed.success ? parsed.data : null;
}

/**
 * The ids of the records that are in a backup: those of the last one made here, and those a restored file brought.
 * By id, not by date: an import is dated when the server published the file, and a restored record when it was
 * uploaded, so no date says whether a record is in a backup.
 */
export async function loadBackedUp(area: KeyValueArea): Promise<Set<string>> {
  const stored = (await area.get(BACKED_UP))[BACKED_UP];
  return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
}

/** Items in no backup (a file with its thumbnails once), from records already read. */
export function notBackedUp(records: ReadonlyArray<{ id: string; thumbnailOf?: string }>, backedUp: ReadonlySet<string>): number {
  return records.filter((r) => r.thumbnailOf === undefined && !backedUp.has(r.id)).length;
}

/** Whether the popup shows its quiet reminder: enough uploads in no backup, or long enough since the last one (or the first upload). */
export function reminderDue(settings: Settings, state: BackupState | null, unbacked: number, oldestAt: number | null, now: number): boolean {
  if (!settings.backupReminder || unbacked === 0) return false;
  if (unbacked >= settings.backupReminderUploads) return true;
  const since = state?.lastAt ?? oldestAt ?? now;
  return now - since >= settings.backupReminderDays * 86_400_000;
}

const Policies = BackupPayloadSchema.shape.sitePolicies;
const FrontEnds = BackupPayloadSchema.shape.frontEnds;

/** The stored choices, each read on its own: one that does not parse is read as empty, never the other with it. */
async function storedChoices(area: KeyValueArea) {
  const [p, f, st] = await Promise.all([area.get(POLICIES_KEY), area.get(FRONT_ENDS_KEY), area.get(SETTINGS_KEY)]);
  const policies = Policies.safeParse(p[POLICIES_KEY] ?? {});
  const frontEnds = FrontEnds.safeParse(f[FRONT_ENDS_KEY] ?? {});
  return { sitePolicies: policies.success ? policies.data : {}, frontEnds: frontEnds.success ? frontEnds.data : {}, settingsSaved: st[SETTINGS_KEY] !== undefined };
}

/** Everything a backup holds, as it is now. */
export async function collectBackup(ledger: Ledger, area: KeyValueArea, previews: boolean): Promise<BackupPayload> {
  const [snapshot, choices, settings] = await Promise.all([ledger.snapshot(previews), storedChoices(area), loadSettings(area)]);
  return {
    uploads: snapshot.uploads,
    ...(previews && { thumbs: snapshot.thumbs ?? [] }),
    requests: snapshot.requests,
    sitePolicies: choices.sitePolicies,
    settings,
    frontEnds: choices.frontEnds,
  };
}

/**
 * The backup file's text, checked by the schema a restore will use (so a file Takeback writes always restores), and
 * the note of when it was made.
 */
export async function makeBackup(ledger: Ledger, area: KeyValueArea, opts: { passphrase: string | null; previews: boolean; now: number; iterations?: number }) {
  const collected = await collectBackup(ledger, area, opts.previews);
  const checked = BackupPayloadSchema.safeParse(collected);
  if (!checked.success) {
    // Never a file that would not restore: say which record, and which field, so it can be looked at.
    const problem = firstIssue(checked.error, '', collected);
    throw new Error(`${problem.where}: ${problem.what}`);
  }
  const payload = checked.data;
  const text = await writeBackup(payload, opts.passphrase, opts.now, opts.iterations);
  const items = payload.uploads.filter((r) => r.thumbnailOf === undefined).length;
  const note: BackupState = { lastAt: opts.now, items, encrypted: opts.passphrase !== null };
  return { text, items, requests: payload.requests.length, note, ids: payload.uploads.map((r) => r.id) };
}

/** The backup was made and offered to save: its records are the ones "in a backup" from now on. */
export async function noteBackup(area: KeyValueArea, note: BackupState, ids: string[]): Promise<void> {
  await area.set({ [STATE]: note, [BACKED_UP]: ids });
}

export interface RestorePreview {
  counts: MergeCounts;
  conflicts: MergePlan['conflicts'];
  /** The sites whose policy the backup brings (Allow among them skips the warning there): listed before the merge. */
  policiesAddedList: Array<{ origin: string; policy: string }>;
  policiesKept: number;
  /** Front ends the backup confirms (their reports then count as the instance's own): listed before the merge. */
  frontEndsAdded: Array<{ instance: string; page: string }>;
  settingsTaken: boolean;
}

function previewOf(plan: MergePlan, choices: ReturnType<typeof mergeChoices>): RestorePreview {
  return {
    counts: plan.counts,
    conflicts: plan.conflicts,
    policiesAddedList: choices.policiesAddedList,
    policiesKept: choices.policiesKept,
    frontEndsAdded: choices.frontEndsAdded,
    settingsTaken: choices.settings !== null,
  };
}

/** What a restore would do, computed on the ledger as it is now; nothing is written. */
export async function previewRestore(ledger: Ledger, area: KeyValueArea, payload: BackupPayload, madeAt: number, now = Date.now()): Promise<RestorePreview> {
  const [snapshot, here] = await Promise.all([ledger.snapshot(false), storedChoices(area)]);
  return previewOf(planMerge(snapshot, payload, { madeAt, now }), mergeChoices(here, payload));
}

/** The records came in; the choices the backup brings (policies, front ends, settings) could not be saved. */
export class ChoicesNotSaved extends Error {
  constructor(
    message: string,
    readonly changedIds: string[],
  ) {
    super(message);
  }
}

/**
 * Merges the backup in. The records, previews and requests first, in one transaction: all of them or none (a closed
 * tab or a crash meanwhile leaves everything as it was). Then the choices, read again and merged as they are at that
 * moment, in one storage write; if that write fails the records stay and ChoicesNotSaved says so.
 */
export async function restoreBackup(
  ledger: Ledger,
  area: KeyValueArea,
  payload: BackupPayload,
  madeAt: number,
  onProgress?: (written: number, total: number) => void,
  now = Date.now(),
): Promise<RestorePreview & { changedIds: string[] }> {
  const plan = await ledger.restore((current) => planMerge(current, payload, { madeAt, now }), onProgress);
  let choices: ReturnType<typeof mergeChoices>;
  try {
    choices = mergeChoices(await storedChoices(area), payload);
    // What the file held is in a backup (the file); conflict copies were made from it.
    const inBackup = [...(await loadBackedUp(area)), ...payload.uploads.map((r) => r.id), ...plan.conflicts.map((c) => c.copyId)];
    const writes: Record<string, unknown> = { [POLICIES_KEY]: choices.sitePolicies, [FRONT_ENDS_KEY]: choices.frontEnds, [BACKED_UP]: [...new Set(inBackup)] };
    if (choices.settings) writes[SETTINGS_KEY] = { ...(await loadSettings(area)), ...choices.settings };
    await area.set(writes);
  } catch (error) {
    throw new ChoicesNotSaved(error instanceof Error ? error.message : String(error), plan.puts.map((r) => r.id));
  }
  return { ...previewOf(plan, choices), changedIds: plan.puts.map((r) => r.id) };
}
