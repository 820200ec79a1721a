import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadBackedUp, loadBackupState, reminderDue } from '@/utils/backup/service';
import { t } from '@/utils/i18n';
import { createLedger, openLedger } from '@/utils/ledger';
import { loadSettings } from '@/utils/settings';

const fmt = (n: number) => n.toLocaleString();

/**
 * The popup's quiet reminder: after enough uploads in no backup, or days since the last one (Settings, "Backup
 * reminders"). It reads the ledger's keys only (ids, not records), so 50,000 records cost the popup little.
 */
export function BackupReminder() {
  const [unbacked, setUnbacked] = useState<{ count: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const [settings, state] = await Promise.all([loadSettings(browser.storage.local), loadBackupState(browser.storage.local)]);
      if (!settings.backupReminder) return;
      const ledger = createLedger(openLedger());
      const [ids, backedUp] = await Promise.all([ledger.fileIds(), loadBackedUp(browser.storage.local)]);
      const count = ids.filter((id) => !backedUp.has(id)).length;
      const oldest = state ? null : await ledger.firstSince(0);
      if (live && reminderDue(settings, state, count, oldest, Date.now())) setUnbacked({ count });
    })().catch((e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)));
    return () => void (live = false);
  }, []);
  if (failed) return <p class="hint" data-field="backup-reminder">{t('backupReminderFailed', [failed])}</p>;
  if (!unbacked) return null;
  const open = () => void browser.tabs.create({ url: `${browser.runtime.getURL('/dashboard.html')}#backup` });
  return (
    <p class="backup-reminder hint" data-field="backup-reminder">
      {unbacked.count === 1 ? t('backupReminderOne') : t('backupReminderMany', [fmt(unbacked.count)])}{' '}
      <button type="button" name="open-backup" class="link-button" onClick={open}>
        {t('backupReminderButton')}
      </button>
    </p>
  );
}
