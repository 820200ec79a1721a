import { z } from 'zod';
import type { KeyValueArea } from './kv';

export const SettingsSchema = z.object({
  /** Keep a small preview of each uploaded image in the ledger. */
  thumbnails: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { thumbnails: true };


export function parseSettings(stored: unknown): Settings {
  const parsed = SettingsSchema.partial().safeParse(stored);
  return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export async function loadSettings(area: KeyValueArea): Promise<Settings> {
  return parseSettings((await area.get('settings')).settings);
}

export async function saveSettings(area: KeyValueArea, change: Partial<Settings>): Promise<Settings> {
  const next = { ...(await loadSettings(area)), ...SettingsSchema.partial().parse(change) };
  await area.set({ settings: next });
  return next;
}
