import { z } from 'zod';
import type { Ledger } from '../ledger';
import type { KeyValueArea } from '../kv';
import { loadSettings, type Settings } from '../settings';
import { writeBackup } from './file';
import { mergeChoices, planMerge, type MergeCounts, type MergePlan } from './merge';
import { BackupPayloadSchema, type BackupPayload } from './schema';

/*
 * Back up and restore, over the ledger service and storage.local. Runs in the page the user works in (dashboard,
 * Settings, welcome): a backup with previews can be hundreds of megabytes, more than a message to the background may
 * carry. The page then tells the background the ledger changed (re-checks are scheduled there).
 */

export type StorageArea = KeyValueArea & { remove(keys: string[]): Promise<void> };

const POLICIES = 'sitePolicies';
const FRONT_ENDS = 'frontEnds';
const SETTINGS = 'settings';
const STATE = 'backup';

const BackupStateSchema = z.object({ lastAt: z.number(), items: z.number().int().min(0), encrypted: z.boolean() });
export type BackupState = z.infer<typeof BackupStateSchema>;

export async function loadBackupState(area: KeyValueArea): Promise<BackupState | null> {
  const parsed = BackupStateSchema.safeParse((await area.get(STATE))[STATE]);
  return parsed.success ? parsed.data : null;
}

/** Items recorded after the last backup (a file with its thumbnails once), from records already read. */
export function notBackedUp(records: ReadonlyArray<{ uploadedAt: number; thumbnailOf?: string }>, state: BackupState | null): number {
  return records.filter((r) => r.thumbnailOf === undefined && (!state || r.uploadedAt > state.lastAt)).length;
}

/** Whether the popup shows its quiet reminder: enough new uploads, or long enough since the last backup (or the first upload). */
export function reminderDue(settings: Settings, state: BackupState | null, unbacked: number, oldestUnbackedAt: number | null, now: number): boolean {
  if (!settings.backupReminder || unbacked === 0) return false;
  if (unbacked >= settings.backupReminderUploads) return true;
  const since = state?.lastAt ?? oldestUnbackedAt ?? now;
  return now - since >= settings.backupReminderDays * 86_400_000;
}

async function storedChoices(area: KeyValueArea) {
  const got = await area.get(POLICIES).then(async (p) => ({ ...p, ...(await area.get(FRONT_ENDS)), ...(await area.get(SETTINGS)) }));
  const payload = BackupPayloadSchema.pick({ sitePolicies: true, frontEnds: true });
  const parsed = payload.safeParse({ sitePolicies: got[POLICIES] ?? {}, frontEnds: got[FRONT_ENDS] ?? {} });
  return { ...(parsed.success ? parsed.data : { sitePolicies: {}, frontEnds: {} }), settingsSaved: got[SETTINGS] !== undefined, raw: got };
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
  const payload = BackupPayloadSchema.parse(await collectBackup(ledger, area, opts.previews));
  const text = await writeBackup(payload, opts.passphrase, opts.now, opts.iterations);
  const items = payload.uploads.filter((r) => r.thumbnailOf === undefined).length;
  return { text, items, requests: payload.requests.length, note: { lastAt: opts.now, items, encrypted: opts.passphrase !== null } satisfies BackupState };
}

/** The user saved the file: later uploads are the ones "not in any backup". */
export async function noteBackup(area: KeyValueArea, note: BackupState): Promise<void> {
  await area.set({ [STATE]: note });
}

export interface RestorePreview {
  counts: MergeCounts;
  conflicts: MergePlan['conflicts'];
  policiesAdded: number;
  /** The sites whose policy the backup brings (Allow among them skips the warning there): listed before the merge. */
  policiesAddedList: Array<{ origin: string; policy: string }>;
  policiesKept: number;
  settingsTaken: boolean;
}

/** What a restore would do, computed on the ledger as it is now; nothing is written. */
export async function previewRestore(ledger: Ledger, area: KeyValueArea, payload: BackupPayload): Promise<RestorePreview> {
  const [snapshot, here] = await Promise.all([ledger.snapshot(false), storedChoices(area)]);
  const plan = planMerge(snapshot, payload);
  const choices = mergeChoices(here, payload);
  return { counts: plan.counts, conflicts: plan.conflicts, policiesAdded: choices.policiesAdded, policiesAddedList: choices.policiesAddedList, policiesKept: choices.policiesKept, settingsTaken: choices.settings !== null };
}

/**
 * Merges the backup in, all or nothing: the choices (policies, front ends, settings) are written first and put back
 * as they were if the ledger's transaction fails, which writes every record or none.
 */
export async function restoreBackup(
  ledger: Ledger,
  area: StorageArea,
  payload: BackupPayload,
  createdAt: number,
  onProgress?: (written: number, total: number) => void,
): Promise<RestorePreview & { changedIds: string[] }> {
  const here = await storedChoices(area);
  const choices = mergeChoices(here, payload);
  const before = here.raw;
  const writes: Record<string, unknown> = { [POLICIES]: choices.sitePolicies, [FRONT_ENDS]: choices.frontEnds };
  if (choices.settings) writes[SETTINGS] = { ...(await loadSettings(area)), ...choices.settings };
  const state = await loadBackupState(area);
  // The restored file is a backup the user holds: what it had is in a backup, what was recorded after it is not.
  if (!state || state.lastAt < createdAt) writes[STATE] = { lastAt: createdAt, items: payload.uploads.filter((r) => r.thumbnailOf === undefined).length, encrypted: state?.encrypted ?? true };
  const stateBefore = (await area.get(STATE))[STATE];
  await area.set(writes);
  let plan: MergePlan;
  try {
    plan = await ledger.restore((now) => planMerge(now, payload), onProgress);
  } catch (error) {
    const absent = [POLICIES, FRONT_ENDS, SETTINGS, STATE].filter((k) => (k === STATE ? stateBefore : before[k]) === undefined);
    await area.remove(absent);
    const back: Record<string, unknown> = {};
    for (const k of [POLICIES, FRONT_ENDS, SETTINGS]) if (before[k] !== undefined) back[k] = before[k];
    if (stateBefore !== undefined) back[STATE] = stateBefore;
    await area.set(back);
    throw error;
  }
  return {
    counts: plan.counts,
    conflicts: plan.conflicts,
    policiesAdded: choices.policiesAdded,
    policiesAddedList: choices.policiesAddedList,
    policiesKept: choices.policiesKept,
    settingsTaken: choices.settings !== null,
    changedIds: plan.puts.map((r) => r.id),
  };
}
