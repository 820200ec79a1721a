import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { loadSettings, saveSettings, type Settings } from '@/utils/settings';
import { useStored } from './useStored';

/** The thumbnails checkbox for settings the caller loaded (null while loading). */
export function ThumbnailsToggle({ settings }: { settings: Settings | null }) {
  return (
    <label class="setting">
      <input
        type="checkbox"
        name="thumbnails"
        checked={settings?.thumbnails ?? true}
        disabled={!settings}
        onChange={(e) => void saveSettings(browser.storage.local, { thumbnails: e.currentTarget.checked })}
      />
      {t('popupThumbnails')}
    </label>
  );
}

/** The popup's thumbnails checkbox: loads the settings itself and follows changes made elsewhere. */
export function SettingsToggle() {
  const settings = useStored('settings', () => loadSettings(browser.storage.local));
  return <ThumbnailsToggle settings={settings.kind === 'ready' ? settings.value : null} />;
}
