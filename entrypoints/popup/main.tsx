import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SitePanel } from '@/components/SitePanel';
import { SettingsToggle } from '@/components/SettingsToggle';
import { BackupReminder } from '@/components/backup/BackupReminder';
import type { SiteView } from '@/utils/messages';
import { t } from '@/utils/i18n';
import '@/components/ui.css';

type State = { kind: 'loading' } | { kind: 'no-site' } | { kind: 'error'; reason: string } | { kind: 'ready'; view: SiteView };

/** The site to show: ?site= when opened from elsewhere in Takeback, else the active tab. */
async function currentSite(): Promise<string | null> {
  const fromQuery = new URLSearchParams(location.search).get('site');
  const url = fromQuery ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.url;
  return url && /^https?:\/\//.test(url) ? url : null;
}

/** Opens one of Takeback's pages in a tab (the popup closes as the tab takes focus). */
function openPage(path: '/dashboard.html' | '/settings.html') {
  void browser.tabs.create({ url: browser.runtime.getURL(path) });
}

function Popup() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    currentSite()
      .then(async (site) => {
        if (!site) return setState({ kind: 'no-site' });
        const view = (await browser.runtime.sendMessage({ type: 'list-site', site })) as SiteView;
        setState({ kind: 'ready', view });
      })
      .catch((e: unknown) => setState({ kind: 'error', reason: e instanceof Error ? e.message : String(e) }));
  }, []);

  return (
    <main class="popup" data-state={state.kind}>
      <header>
        <h1>{t('extName')}</h1>
        {state.kind === 'ready' && (
          <span class="today" data-today={state.view.capturedToday}>
            {t('popupCapturedToday', [state.view.capturedToday])}
          </span>
        )}
      </header>
      {state.kind === 'loading' && <p aria-busy="true">{t('popupLoading')}</p>}
      {state.kind === 'no-site' && <p class="empty">{t('popupNotAWebPage')}</p>}
      {state.kind === 'error' && (
        <p class="problem" role="alert">
          {t('popupLoadFailed', [state.reason])}
        </p>
      )}
      {state.kind === 'ready' && <SitePanel view={state.view} />}
      <BackupReminder />
      <footer>
        <SettingsToggle />
        <nav class="popup-links" aria-label={t('popupLinks')}>
          <button type="button" name="open-dashboard" class="link-button" onClick={() => openPage('/dashboard.html')}>
            {t('dashboardOpen')}
          </button>
          <button type="button" name="open-options" class="link-button" onClick={() => openPage('/settings.html')}>
            {t('optionsOpen')}
          </button>
        </nav>
      </footer>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
