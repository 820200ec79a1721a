import { render } from 'preact';
import { t } from '@/utils/i18n';
import '@/components/ui.css';

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
    </main>
  );
}

document.title = t('welcomeTitle');
render(<Welcome />, document.getElementById('app')!);
