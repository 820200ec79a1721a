import { render } from 'preact';
import { RequestsPage } from '@/components/requests/RequestsPage';
import { t } from '@/utils/i18n';
import '@/components/ui.css';

document.title = t('requestsTitle');
render(<RequestsPage />, document.getElementById('app')!);
