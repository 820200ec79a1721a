import { z } from 'zod';
import type { KeyValueArea } from './kv';

export const MAX_ASK_DELAY_MS = 5000;

export const SettingsSchema = z.object({
  /** Keep a small preview of each uploaded image in the ledger. */
  thumbnails: z.boolean(),
  /** How long the warning's Upload button stays inactive, so a stray tap cannot confirm. */
  askDelayMs: z.number().int().min(0).max(MAX_ASK_DELAY_MS),
  /** Warn even where the app already asked (Element's own upload dialog). */
  alwaysAsk: z.boolean(),
  /**
   * How many uploads one site may report in an hour, and in a day, before recording from it pauses until the user
   * says to keep recording (utils/capture-limits.ts). A person shares at most an album at once; a page that reports
   * thousands is flooding the ledger.
   */
  capturesPerHour: z.number().int().min(1).max(100_000),
  capturesPerDay: z.number().int().min(1).max(1_000_000),
  /** The popup's quiet reminder to back up (utils/backup/service.ts reminderDue): after this many new uploads or days. */
  backupReminder: z.boolean(),
  backupReminderUploads: z.number().int().min(1).max(100_000),
  backupReminderDays: z.number().int().min(1).max(3650),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { thumbnails: true, askDelayMs: 1500, alwaysAsk: false, capturesPerHour: 200, capturesPerDay: 1000,
  backupReminder: true, backupReminderUploads: 20, backupReminderDays: 30,
};

/** Stored settings, field by field: a corrupt or missing value falls back to its default alone. */
export function parseSettings(stored: unknown): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return settings;
  for (const key of Object.keys(SettingsSchema.shape) as Array<keyof Settings>) {
    const field = SettingsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (field.success) (settings as Record<keyof Settings, unknown>)[key] = field.data;
  }
  return settings;
}

/** Where the settings are kept in storage.local. */
export const SETTINGS_KEY = 'settings';

export async function loadSettings(area: KeyValueArea): Promise<Settings> {
  return parseSettings((await area.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

export async function saveSettings(area: KeyValueArea, change: Partial<Settings>): Promise<Settings> {
  const next = { ...(await loadSettings(area)), ...SettingsSchema.partial().strict().parse(change) };
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}
