import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_ASK_DELAY_MS, loadSettings, parseSettings, saveSettings } from '@/utils/settings';
import { memoryArea } from './kv-fake';

/** The backup reminder's defaults (issue 14): 20 uploads or 30 days. */
const REMINDERS = { backupReminder: true, backupReminderUploads: 20, backupReminderDays: 30 };

const DEFAULTS = { thumbnails: true, askDelayMs: 1500, alwaysAsk: false, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS };

describe('settings', () => {
  it('defaults: thumbnails on, a 1.5 s delay, no warning where the app already asked', () => {
    expect(DEFAULT_SETTINGS).toEqual(DEFAULTS);
    expect(MAX_ASK_DELAY_MS).toBe(5000);
    expect(parseSettings(undefined)).toEqual(DEFAULTS);
    expect(parseSettings({})).toEqual(DEFAULTS);
  });

  it('parses stored values and ignores unknown keys', () => {
    const stored = { thumbnails: false, askDelayMs: 0, alwaysAsk: true, capturesPerHour: 20, capturesPerDay: 50, backupReminder: false, backupReminderUploads: 5, backupReminderDays: 7 };
    expect(parseSettings(stored)).toEqual(stored);
    expect(parseSettings({ ...stored, evil: 1 })).toEqual(stored);
    expect(parseSettings({ askDelayMs: MAX_ASK_DELAY_MS })).toEqual({ ...DEFAULTS, askDelayMs: MAX_ASK_DELAY_MS });
  });

  it.each([null, 'yes', 42, [], { thumbnails: 'false' }, { thumbnails: 0 }, { askDelayMs: -1 }, { askDelayMs: 5001 }, { askDelayMs: 1.5 }, { askDelayMs: '1500' }, { alwaysAsk: 'true' }])(
    'falls back to defaults for corrupt data %j',
    (stored) => {
      expect(parseSettings(stored)).toEqual(DEFAULT_SETTINGS);
    },
  );

  it('falls back field by field: a corrupt value does not discard the valid ones', () => {
    expect(parseSettings({ thumbnails: false, askDelayMs: 99999, alwaysAsk: true })).toEqual({ thumbnails: false, askDelayMs: 1500, alwaysAsk: true, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS });
    expect(parseSettings({ thumbnails: 'no', askDelayMs: 500 })).toEqual({ ...DEFAULTS, askDelayMs: 500 });
  });

  it('does not hand out the shared defaults object', () => {
    const s = parseSettings(undefined);
    s.thumbnails = false;
    s.askDelayMs = 0;
    expect(DEFAULT_SETTINGS).toEqual(DEFAULTS);
  });

  it('loadSettings reads the "settings" key', async () => {
    expect(await loadSettings(memoryArea())).toEqual(DEFAULTS);
    expect(await loadSettings(memoryArea({ settings: { thumbnails: false } }))).toEqual({ ...DEFAULTS, thumbnails: false });
    expect(await loadSettings(memoryArea({ thumbnails: false }))).toEqual(DEFAULTS);
  });

  it('saveSettings merges the change, stores it and returns the result', async () => {
    const area = memoryArea();
    expect(await saveSettings(area, { thumbnails: false })).toEqual({ ...DEFAULTS, thumbnails: false });
    expect(area.data.get('settings')).toEqual({ ...DEFAULTS, thumbnails: false });
    expect(await saveSettings(area, { askDelayMs: 3000, alwaysAsk: true })).toEqual({ thumbnails: false, askDelayMs: 3000, alwaysAsk: true, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS });
    expect(await loadSettings(area)).toEqual({ thumbnails: false, askDelayMs: 3000, alwaysAsk: true, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS });
    expect(await saveSettings(area, {})).toEqual({ thumbnails: false, askDelayMs: 3000, alwaysAsk: true, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS });
    expect(await saveSettings(area, { thumbnails: true })).toEqual({ thumbnails: true, askDelayMs: 3000, alwaysAsk: true, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS });
  });

  it.each([{ thumbnails: 'no' }, { askDelayMs: 5500 }, { askDelayMs: -500 }, { askDelayMs: 250.5 }, { alwaysAsk: 1 }])(
    'saveSettings rejects the invalid change %j and stores nothing',
    async (change) => {
      const area = memoryArea({ settings: { thumbnails: false } });
      await expect(saveSettings(area, change as never)).rejects.toThrow();
      expect(area.data.get('settings')).toEqual({ thumbnails: false });
    },
  );

  it('saveSettings rejects unknown keys and stores nothing', async () => {
    const area = memoryArea();
    await expect(saveSettings(area, { thumbnails: false, extra: 1 } as never)).rejects.toThrow();
    expect(area.data.has('settings')).toBe(false);
  });
});
