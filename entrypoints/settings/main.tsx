import { render } from 'preact';
import { OptionsPage } from '@/components/OptionsPage';
import { t } from '@/utils/i18n';
import '@/components/ui.css';

document.title = t('optionsTitle');
render(<OptionsPage />, document.getElementById('app')!);
