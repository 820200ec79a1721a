import { t } from '@/utils/i18n';
import type { Settings } from '@/utils/settings';
import { SettingsNumberField } from './SettingsNumberField';

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
        <SettingsNumberField key={f.key} settings={settings} field={f.key} name={f.name} label={f.label} describedBy="limits-hint" />
      ))}
    </section>
  );
}
