import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadBackedUp, loadBackupState, notBackedUp, type BackupState } from '@/utils/backup/service';
import { t } from '@/utils/i18n';
import type { Ledger } from '@/utils/ledger';
import { useStored } from '../useStored';
import { BackupForm } from './BackupForm';
import { RestoreForm } from './RestoreForm';

const fmt = (n: number) => n.toLocaleString();
const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { dateStyle: 'long' });

type Dated = ReadonlyArray<{ id: string; thumbnailOf?: string }>;

/** When the last backup was made, and how many uploads are in none (from the records the page has, or read here). */
export function BackupStatus({ ledger, records }: { ledger: Ledger; records?: Dated }) {
  const state = useStored('backup', () => loadBackupState(browser.storage.local));
  const backedUp = useStored('backedUp', () => loadBackedUp(browser.storage.local));
  const last: BackupState | null = state.kind === 'ready' ? state.value : null;
  const [counted, setCounted] = useState<number | null>(null);
  useEffect(() => {
    if (records !== undefined || backedUp.kind !== 'ready') return;
    let live = true;
    const ids = backedUp.value;
    ledger.fileIds().then((all) => live && setCounted(all.filter((id) => !ids.has(id)).length), () => live && setCounted(null));
    return () => void (live = false);
  }, [records === undefined, backedUp]);
  // The dashboard re-renders on every keystroke of its search: count its 50,000 records only when they or the note change.
  const fromRecords = useMemo(() => (records && backedUp.kind === 'ready' ? notBackedUp(records, backedUp.value) : null), [records, backedUp]);
  if (state.kind === 'error' || backedUp.kind === 'error') {
    return <p class="problem" role="alert">{t('backupStatusFailed', [state.kind === 'error' ? state.reason : backedUp.kind === 'error' ? backedUp.reason : ''])}</p>;
  }
  if (state.kind !== 'ready' || backedUp.kind !== 'ready') return null;
  const missing = records ? fromRecords : counted;
  return (
    <p class="backup-status" data-field="backup-status" data-unbacked={missing ?? ''}>
      {last ? t(last.encrypted ? 'backupLast' : 'backupLastUnencrypted', [day(last.lastAt)]) : t('backupNever')}{' '}
      {missing !== null && missing > 0 && <strong>{missing === 1 ? t('backupUnbackedOne') : t('backupUnbackedMany', [fmt(missing)])}</strong>}
    </p>
  );
}

/**
 * Back up and restore: when the last backup was made, how many uploads are in none, and that uninstalling deletes what
 * Takeback keeps, always in view; the forms behind one button (shown at once on Settings, or at #backup).
 */
export function BackupSection({ ledger, records, open = false }: { ledger: Ledger; records?: Dated; open?: boolean }) {
  const [shown, setShown] = useState(open || location.hash === '#backup');
  return (
    <section class="backup-section" id="backup" aria-labelledby="backup-section-title">
      <h2 id="backup-section-title">{t('backupSectionTitle')}</h2>
      <BackupStatus ledger={ledger} records={records} />
      <p class="hint">{t('backupUninstallWarning')}</p>
      {!open && (
        <button type="button" name="show-backup" class="secondary-button" aria-expanded={shown} aria-controls="backup-forms" onClick={() => setShown(!shown)}>
          {t('backupOpenForms')}
        </button>
      )}
      {shown && (
        <div id="backup-forms" class="backup-forms">
          <BackupForm ledger={ledger} />
          <RestoreForm ledger={ledger} />
        </div>
      )}
    </section>
  );
}
