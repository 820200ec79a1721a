import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { saveSettings, SettingsSchema, type Settings } from '@/utils/settings';

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
        <div class="field" key={f.key}>
          <label for={f.name}>{t(f.label)}</label>
          <input
            id={f.name} name={f.name} type="number" inputMode="numeric" min={1} step={1} value={settings[f.key]} disabled={!settings.backupReminder}
            onChange={(e) => {
              const input = e.currentTarget;
              const value = SettingsSchema.shape[f.key].safeParse(Number(input.value));
              input.setCustomValidity(value.success ? '' : t('optionsLimitInvalid'));
              input.reportValidity();
              if (value.success) void saveSettings(browser.storage.local, { [f.key]: value.data });
            }}
          />
        </div>
      ))}
    </fieldset>
  );
}
