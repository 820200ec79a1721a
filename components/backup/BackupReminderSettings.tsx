import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { saveSettings, type Settings } from '@/utils/settings';
import { SettingsNumberField } from '../SettingsNumberField';

const FIELDS = [
  { key: 'backupReminderUploads', name: 'backup-reminder-uploads', label: 'backupReminderUploadsLabel' },
  { key: 'backupReminderDays', name: 'backup-reminder-days', label: 'backupReminderDaysLabel' },
] as const;

/** When the popup reminds the user to back up: after so many new uploads or days; or never. */
export function BackupReminderSettings({ settings }: { settings: Settings }) {
  return (
    <fieldset class="backup-reminders">
      <legend>{t('backupRemindersTitle')}</legend>
      <label class="check">
        <input type="checkbox" name="backup-reminder" checked={settings.backupReminder} onChange={(e) => void saveSettings(browser.storage.local, { backupReminder: e.currentTarget.checked })} />
        {t('backupReminderToggle')}
      </label>
      {FIELDS.map((f) => (
        <SettingsNumberField key={f.key} settings={settings} field={f.key} name={f.name} label={f.label} disabled={!settings.backupReminder} />
      ))}
    </fieldset>
  );
}
