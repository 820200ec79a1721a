import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, parseSettings, saveSettings } from '@/utils/settings';
import { memoryArea } from './kv-fake';

describe('settings', () => {
  it('defaults keep thumbnails on', () => {
    expect(DEFAULT_SETTINGS).toEqual({ thumbnails: true });
    expect(parseSettings(undefined)).toEqual({ thumbnails: true });
    expect(parseSettings({})).toEqual({ thumbnails: true });
  });

  it('parses stored values and ignores unknown keys', () => {
    expect(parseSettings({ thumbnails: false })).toEqual({ thumbnails: false });
    expect(parseSettings({ thumbnails: false, evil: 1 })).toEqual({ thumbnails: false });
  });

  it.each([null, 'yes', 42, [], { thumbnails: 'false' }, { thumbnails: 0 }])('falls back to defaults for corrupt data %j', (stored) => {
    expect(parseSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('does not hand out the shared defaults object', () => {
    const s = parseSettings(undefined);
    s.thumbnails = false;
    expect(DEFAULT_SETTINGS.thumbnails).toBe(true);
  });

  it('loadSettings reads the "settings" key', async () => {
    expect(await loadSettings(memoryArea())).toEqual({ thumbnails: true });
    expect(await loadSettings(memoryArea({ settings: { thumbnails: false } }))).toEqual({ thumbnails: false });
    expect(await loadSettings(memoryArea({ thumbnails: false }))).toEqual({ thumbnails: true });
  });

  it('saveSettings merges the change, stores it and returns the result', async () => {
    const area = memoryArea();
    expect(await saveSettings(area, { thumbnails: false })).toEqual({ thumbnails: false });
    expect(area.data.get('settings')).toEqual({ thumbnails: false });
    expect(await loadSettings(area)).toEqual({ thumbnails: false });
    expect(await saveSettings(area, {})).toEqual({ thumbnails: false });
    expect(await saveSettings(area, { thumbnails: true })).toEqual({ thumbnails: true });
  });

  it('saveSettings rejects an invalid change and stores nothing', async () => {
    const area = memoryArea({ settings: { thumbnails: false } });
    await expect(saveSettings(area, { thumbnails: 'no' as unknown as boolean })).rejects.toThrow();
    expect(area.data.get('settings')).toEqual({ thumbnails: false });
  });

  it('saveSettings drops unknown keys', async () => {
    const area = memoryArea();
    await saveSettings(area, { thumbnails: false, extra: 1 } as never);
    expect(area.data.get('settings')).toEqual({ thumbnails: false });
  });
});
