import { browser } from 'wxt/browser';
import { t, type MessageKey } from '@/utils/i18n';
import { saveSettings, SettingsSchema, type Settings } from '@/utils/settings';

type NumberSetting = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

/** A whole-number setting: saved on change when the schema takes it, else not saved and the field says why. */
export function SettingsNumberField({ settings, field, name, label, describedBy, disabled }: {
  settings: Settings;
  field: NumberSetting;
  name: string;
  label: MessageKey;
  describedBy?: string;
  disabled?: boolean;
}) {
  return (
    <div class="field">
      <label for={name}>{t(label)}</label>
      <input
        id={name} name={name} type="number" inputMode="numeric" min={1} step={1} value={settings[field]} aria-describedby={describedBy} disabled={disabled}
        onChange={(e) => {
          const input = e.currentTarget;
          const value = SettingsSchema.shape[field].safeParse(Number(input.value));
          input.setCustomValidity(value.success ? '' : t('optionsLimitInvalid'));
          input.reportValidity();
          if (value.success) void saveSettings(browser.storage.local, { [field]: value.data });
        }}
      />
    </div>
  );
}
