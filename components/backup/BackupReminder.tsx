import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadBackupState, reminderDue } from '@/utils/backup/service';
import { t } from '@/utils/i18n';
import { createLedger, openLedger } from '@/utils/ledger';
import { loadSettings } from '@/utils/settings';

const fmt = (n: number) => n.toLocaleString();

/**
 * The popup's quiet reminder: after enough new uploads, or days, since the last backup (Settings, "Backup reminders").
 * Counting stops at the threshold, so a ledger of 50,000 records costs the popup no more than one of 20.
 */
export function BackupReminder() {
  const [unbacked, setUnbacked] = useState<{ count: number; capped: boolean } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const [settings, state] = await Promise.all([loadSettings(browser.storage.local), loadBackupState(browser.storage.local)]);
      if (!settings.backupReminder) return;
      const ledger = createLedger(openLedger());
      const since = state ? state.lastAt + 1 : 0;
      const count = await ledger.countSince(since, settings.backupReminderUploads);
      const oldest = await ledger.firstSince(since);
      if (live && reminderDue(settings, state, count, oldest, Date.now())) setUnbacked({ count, capped: count >= settings.backupReminderUploads });
    })().catch((e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)));
    return () => void (live = false);
  }, []);
  if (failed) return <p class="hint" data-field="backup-reminder">{t('backupReminderFailed', [failed])}</p>;
  if (!unbacked) return null;
  const open = () => void browser.tabs.create({ url: `${browser.runtime.getURL('/dashboard.html')}#backup` });
  return (
    <p class="backup-reminder hint" data-field="backup-reminder">
      {unbacked.count === 1 ? t('backupReminderOne') : t(unbacked.capped ? 'backupReminderAtLeast' : 'backupReminderMany', [fmt(unbacked.count)])}{' '}
      <button type="button" name="open-backup" class="link-button" onClick={open}>
        {t('backupReminderButton')}
      </button>
    </p>
  );
}
