import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { saveSettings, SettingsSchema, type Settings } from '@/utils/settings';

const FIELDS = [
  { key: 'capturesPerHour', name: 'captures-per-hour', label: 'optionsPerHourLabel' },
  { key: 'capturesPerDay', name: 'captures-per-day', label: 'optionsPerDayLabel' },
] as const;

/**
 * How many uploads one site may report before recording from it pauses (utils/capture-limits.ts). A value that is not
 * a whole number in range is not saved, and the field says so.
 */
export function CaptureLimitSettings({ settings }: { settings: Settings }) {
  return (
    <section aria-labelledby="limits-title">
      <h2 id="limits-title">{t('optionsLimitsTitle')}</h2>
      <p id="limits-hint" class="hint">
        {t('optionsLimitsHint')}
      </p>
      {FIELDS.map((f) => (
        <div class="field" key={f.key}>
          <label for={f.name}>{t(f.label)}</label>
          <input
            id={f.name}
            name={f.name}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={settings[f.key]}
            aria-describedby="limits-hint"
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
    </section>
  );
}
