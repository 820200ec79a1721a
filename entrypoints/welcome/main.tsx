import { render } from 'preact';
import { RestoreForm } from '@/components/backup/RestoreForm';
import { t } from '@/utils/i18n';
import { createLedger, openLedger } from '@/utils/ledger';
import '@/components/ui.css';

const ledger = createLedger(openLedger());

function Welcome() {
  return (
    <main class="welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p>{t('welcomeBody')}</p>
      <p>{t('welcomeDoes')}</p>
      <p>{t('welcomeHowTo')}</p>
      <h2>{t('extName')}</h2>
      <p>{t('welcomeStored')}</p>
      <p>{t('welcomeLeaves')}</p>
      <p>{t('backupUninstallWarning')}</p>
      <h2>{t('welcomeRestoreTitle')}</h2>
      <p>{t('welcomeRestoreBody')}</p>
      <RestoreForm ledger={ledger} />
    </main>
  );
}

document.title = t('welcomeTitle');
render(<Welcome />, document.getElementById('app')!);
