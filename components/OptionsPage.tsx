import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { createPolicyStore } from '@/utils/policy';
import { loadSettings } from '@/utils/settings';
import { CaptureLimitSettings } from './CaptureLimitSettings';
import { SitePolicies } from './SitePolicies';
import { UnseenWatchSettings } from './UnseenWatchSettings';
import { useStored } from './useStored';
import { WarningSettings } from './WarningSettings';
import { BackupSection } from './backup/BackupSection';
import { BackupReminderSettings } from './backup/BackupReminderSettings';
import type { Ledger } from '@/utils/ledger';

/** The Settings page: upload warnings and per-site policies, both following changes made elsewhere. */
export function OptionsPage({ ledger }: { ledger?: Ledger }) {
  const settings = useStored('settings', () => loadSettings(browser.storage.local));
  const policies = useStored('sitePolicies', () => createPolicyStore(browser.storage.local).list());
  const failed = settings.kind === 'error' ? settings : policies.kind === 'error' ? policies : null;
  const ready = settings.kind === 'ready' && policies.kind === 'ready';

  return (
    <main class="options" data-state={failed ? 'error' : ready ? 'ready' : 'loading'}>
      <h1>{t('optionsTitle')}</h1>
      {failed ? (
        <p class="problem" role="alert">
          {t('optionsLoadFailed', [failed.reason])}
        </p>
      ) : ready ? (
        <>
          <WarningSettings settings={settings.value} />
          <CaptureLimitSettings settings={settings.value} />
          <UnseenWatchSettings />
          <SitePolicies policies={policies.value} />
          {ledger && <BackupSection ledger={ledger} open />}
          <BackupReminderSettings settings={settings.value} />
        </>
      ) : (
        <p aria-busy="true">{t('popupLoading')}</p>
      )}
    </main>
  );
}
