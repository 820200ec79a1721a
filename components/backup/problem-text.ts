import type { ReadProblem } from '@/utils/backup/file';
import { MAX_BACKUP_REQUESTS, MAX_BACKUP_UPLOADS } from '@/utils/backup/schema';
import { t } from '@/utils/i18n';

const fmt = (n: number) => n.toLocaleString();

/** What is wrong with a backup file, in one sentence, and that nothing was changed. */
export function problemText(p: ReadProblem): string {
  switch (p.kind) {
    case 'too-large':
      return t('restoreTooLarge', [fmt(Math.ceil(p.bytes / 1024 / 1024))]);
    case 'not-backup':
      return t('restoreNotBackup');
    case 'truncated':
      return t('restoreTruncated');
    case 'newer-version':
      return t('restoreNewerVersion', [p.version]);
    case 'too-many':
      return t('restoreTooMany', [fmt(p.uploads), fmt(p.requests), fmt(MAX_BACKUP_UPLOADS), fmt(MAX_BACKUP_REQUESTS)]);
    case 'passphrase-needed':
      return t('restorePassphraseNeeded');
    case 'wrong-passphrase':
      return t('restoreWrongPassphrase');
    case 'invalid':
      return t('restoreInvalid', [p.where, p.what]);
  }
}
