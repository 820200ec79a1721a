import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { MAX_ASK_DELAY_MS, saveSettings, type Settings } from '@/utils/settings';
import { ThumbnailsToggle } from './SettingsToggle';

/** The slider's seconds as stored milliseconds: whole half-seconds from 0 to MAX_ASK_DELAY_MS. */
export function delayMsFromSeconds(seconds: number): number {
  if (Number.isNaN(seconds)) return 0;
  return Math.min(MAX_ASK_DELAY_MS, Math.max(0, Math.round(seconds * 2) * 500));
}

export function WarningSettings({ settings }: { settings: Settings }) {
  // Where the slider is while it moves; it is saved when released (change), not at every step (input). The draft
  // counts only while the stored delay is still the one it started from: a save or a change elsewhere ends it.
  const [draft, setDraft] = useState<{ ms: number; from: number } | null>(null);
  const delayMs = draft?.from === settings.askDelayMs ? draft.ms : settings.askDelayMs;
  const delayText = t('optionsDelaySeconds', [delayMs / 1000]);
  const save = (change: Partial<Settings>) => void saveSettings(browser.storage.local, change);

  return (
    <section aria-labelledby="warnings-title">
      <h2 id="warnings-title">{t('optionsWarningsTitle')}</h2>
      <div class="field">
        <label for="ask-delay">{t('optionsDelayLabel')}</label>
        <div class="slider">
          <input
            id="ask-delay"
            name="ask-delay"
            type="range"
            min={0}
            max={MAX_ASK_DELAY_MS / 1000}
            step={0.5}
            value={delayMs / 1000}
            aria-valuetext={delayText}
            aria-describedby="ask-delay-hint"
            onInput={(e) => setDraft({ ms: delayMsFromSeconds(Number(e.currentTarget.value)), from: settings.askDelayMs })}
            onChange={(e) => save({ askDelayMs: delayMsFromSeconds(Number(e.currentTarget.value)) })}
          />
          <output for="ask-delay">{delayText}</output>
        </div>
        <span id="ask-delay-hint" class="hint">
          {t('optionsDelayHint')}
        </span>
      </div>
      <label class="setting">
        <input type="checkbox" name="always-ask" checked={settings.alwaysAsk} onChange={(e) => save({ alwaysAsk: e.currentTarget.checked })} />
        {t('optionsAlwaysAsk')}
      </label>
      <ThumbnailsToggle settings={settings} />
    </section>
  );
}
