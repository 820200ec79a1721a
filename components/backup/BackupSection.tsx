import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadBackupState, notBackedUp, type BackupState } from '@/utils/backup/service';
import { t } from '@/utils/i18n';
import type { Ledger } from '@/utils/ledger';
import { useStored } from '../useStored';
import { BackupForm } from './BackupForm';
import { RestoreForm } from './RestoreForm';

const fmt = (n: number) => n.toLocaleString();
const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { dateStyle: 'long' });

type Dated = ReadonlyArray<{ uploadedAt: number; thumbnailOf?: string }>;

/** When the last backup was made, and how many uploads are in none (from the records the page has, or read here). */
export function BackupStatus({ ledger, records }: { ledger: Ledger; records?: Dated }) {
  const state = useStored('backup', () => loadBackupState(browser.storage.local));
  const last: BackupState | null = state.kind === 'ready' ? state.value : null;
  const [counted, setCounted] = useState<number | null>(null);
  useEffect(() => {
    if (records !== undefined || state.kind !== 'ready') return;
    let live = true;
    ledger.countSince(last ? last.lastAt + 1 : 0).then((n) => live && setCounted(n), () => live && setCounted(null));
    return () => void (live = false);
  }, [records === undefined, state.kind, last?.lastAt]);
  if (state.kind !== 'ready') return null;
  const missing = records ? notBackedUp(records, last) : counted;
  return (
    <p class="backup-status" data-field="backup-status" data-unbacked={missing ?? ''}>
      {last ? t(last.encrypted ? 'backupLast' : 'backupLastUnencrypted', [day(last.lastAt)]) : t('backupNever')}{' '}
      {missing !== null && missing > 0 && <strong>{missing === 1 ? t('backupUnbackedOne') : t('backupUnbackedMany', [fmt(missing)])}</strong>}
    </p>
  );
}

/** Back up and restore, with the plain fact that uninstalling deletes what Takeback keeps. */
export function BackupSection({ ledger, records, open = false }: { ledger: Ledger; records?: Dated; open?: boolean }) {
  return (
    <details class="backup-section" id="backup" open={open || location.hash === '#backup'}>
      <summary>
        <h2>{t('backupSectionTitle')}</h2>
      </summary>
      <BackupStatus ledger={ledger} records={records} />
      <p class="hint">{t('backupUninstallWarning')}</p>
      <BackupForm ledger={ledger} />
      <RestoreForm ledger={ledger} />
    </details>
  );
}
