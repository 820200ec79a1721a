import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '@/utils/i18n';
import { readUnseenWatchState, turnUnseenWatchOff, turnUnseenWatchOn, type UnseenWatchState } from '@/utils/unseen-watch';

const STATE_TEXT: Record<UnseenWatchState, MessageKey> = {
  'built-in': 'optionsUnseenBuiltIn',
  on: 'optionsUnseenOn',
  'after-restart': 'optionsUnseenAfterRestart',
  off: 'optionsUnseenOff',
};

/**
 * Whether Takeback tells the user about uploads its page hook cannot see (utils/unseen-watch.ts): a checkbox where it
 * is the user's choice (Chrome, where it costs every request), a plain statement where it is always on (Firefox).
 */
export function UnseenWatchSettings() {
  const [state, setState] = useState<UnseenWatchState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const refresh = () =>
      void readUnseenWatchState().then(setState, (e: unknown) => setProblem(t('optionsUnseenFailed', [e instanceof Error ? e.message : String(e)])));
    refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, []);

  // Runs in the click's (or key press's) own task: Chrome grants a permission only during a user gesture.
  function toggle(on: boolean) {
    setProblem(null);
    const done = on ? turnUnseenWatchOn().then((granted) => void (granted || setProblem(t('optionsUnseenRefused')))) : turnUnseenWatchOff();
    done.then(() => readUnseenWatchState().then(setState)).catch((e: unknown) => setProblem(t('optionsUnseenFailed', [e instanceof Error ? e.message : String(e)])));
  }

  return (
    <section aria-labelledby="unseen-title" data-unseen-watch={state ?? 'loading'}>
      <h2 id="unseen-title">{t('optionsUnseenTitle')}</h2>
      <p class="hint">{t('optionsUnseenHint')}</p>
      {state && state !== 'built-in' && (
        <>
          <label class="setting">
            <input type="checkbox" name="unseen-watch" checked={state !== 'off'} onChange={(e) => toggle(e.currentTarget.checked)} />
            {t('optionsUnseenToggle')}
          </label>
          <p class="hint">{t('optionsUnseenCost')}</p>
        </>
      )}
      <p role="status">{state ? t(STATE_TEXT[state]) : t('popupLoading')}</p>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
