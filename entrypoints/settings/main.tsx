import { render } from 'preact';
import { OptionsPage } from '@/components/OptionsPage';
import { t } from '@/utils/i18n';
import { createLedger, openLedger } from '@/utils/ledger';
import '@/components/ui.css';

document.title = t('optionsTitle');
render(<OptionsPage ledger={createLedger(openLedger())} />, document.getElementById('app')!);
