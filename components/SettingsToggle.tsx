import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { loadSettings, saveSettings } from '@/utils/settings';

export function SettingsToggle() {
  const [thumbnails, setThumbnails] = useState<boolean | null>(null);
  useEffect(() => {
    void loadSettings(browser.storage.local).then((s) => setThumbnails(s.thumbnails));
  }, []);
  return (
    <label class="setting">
      <input
        type="checkbox"
        checked={thumbnails ?? true}
        disabled={thumbnails === null}
        onChange={(e) => {
          const value = e.currentTarget.checked;
          setThumbnails(value);
          void saveSettings(browser.storage.local, { thumbnails: value });
        }}
      />
      {t('popupThumbnails')}
    </label>
  );
}
