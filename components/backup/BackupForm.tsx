import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { backupFileName } from '@/utils/backup/file';
import { makeBackup, noteBackup } from '@/utils/backup/service';
import { t } from '@/utils/i18n';
import type { Ledger } from '@/utils/ledger';

/** Shorter passphrases are refused: the file may sit on a shared disk or in a mailbox for years. */
export const MIN_PASSPHRASE = 10;

type State =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'saved'; url: string; fileName: string; items: number; requests: number; encrypted: boolean; noteFailed?: string }
  | { kind: 'error'; reason: string };

const fmt = (n: number) => n.toLocaleString();
// `name` on a link is valid HTML (the e2e tests' selector) but absent from preact's anchor type.
const LINK_NAME = { name: 'backup-link' };

/**
 * Back up: one file with every record and its keys, encrypted unless the user, warned, says otherwise. Saved through a
 * link to a blob (no downloads permission; works where there is no downloads API, as on Firefox for Android). The
 * link stays on the page in case the browser did not save the file at once.
 */
export function BackupForm({ ledger, now = Date.now }: { ledger: Ledger; now?: () => number }) {
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [previews, setPreviews] = useState(false);
  const [unencrypted, setUnencrypted] = useState(false);
  const [checked, setChecked] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const link = useRef<HTMLAnchorElement>(null);
  const url = state.kind === 'saved' ? state.url : null;
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  useEffect(() => {
    if (state.kind === 'saved') link.current?.click();
  }, [state]);

  const tooShort = !unencrypted && passphrase.length < MIN_PASSPHRASE;
  const mismatch = !unencrypted && !tooShort && passphrase !== again;

  async function backUp(e: Event) {
    e.preventDefault();
    setChecked(true);
    if (tooShort || mismatch || state.kind === 'working') return;
    setState({ kind: 'working' });
    try {
      const at = now();
      const made = await makeBackup(ledger, browser.storage.local, { passphrase: unencrypted ? null : passphrase, previews, now: at });
      const blobUrl = URL.createObjectURL(new Blob([made.text], { type: 'application/json' }));
      setPassphrase('');
      setAgain('');
      setChecked(false);
      const saved = { kind: 'saved', url: blobUrl, fileName: backupFileName(at), items: made.items, requests: made.requests, encrypted: !unencrypted } as const;
      setState(saved);
      // The file is offered first; the note of what it holds (for "not in any backup") is written after, and a failure
      // to write it is said, since the dashboard's count would then be wrong.
      await noteBackup(browser.storage.local, made.note, made.ids).catch((e: unknown) => setState({ ...saved, noteFailed: e instanceof Error ? e.message : String(e) }));
    } catch (error) {
      setState({ kind: 'error', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form class="backup-form" name="backup" onSubmit={(e) => void backUp(e)} aria-labelledby="backup-title" data-state={state.kind}>
      <h3 id="backup-title">{t('backupTitle')}</h3>
      <p class="hint">{t('backupExplain')}</p>
      <div class="field">
        <label for="backup-passphrase">{t('backupPassphrase')}</label>
        <input
          id="backup-passphrase" name="passphrase" type="password" autocomplete="new-password" value={passphrase} disabled={unencrypted}
          aria-invalid={checked && tooShort} aria-describedby="backup-passphrase-hint"
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
        <span id="backup-passphrase-hint" class={checked && tooShort ? 'problem-text' : 'hint'}>
          {t('backupPassphraseHint', [MIN_PASSPHRASE])}
        </span>
      </div>
      <div class="field">
        <label for="backup-passphrase-again">{t('backupPassphraseAgain')}</label>
        <input
          id="backup-passphrase-again" name="passphrase-again" type="password" autocomplete="new-password" value={again} disabled={unencrypted}
          aria-invalid={checked && mismatch} onInput={(e) => setAgain(e.currentTarget.value)}
        />
        {checked && mismatch && <span class="problem-text">{t('backupPassphraseMismatch')}</span>}
      </div>
      <label class="check">
        <input type="checkbox" name="previews" checked={previews} onChange={(e) => setPreviews(e.currentTarget.checked)} />
        {t('backupPreviews')}
      </label>
      <label class="check">
        <input type="checkbox" name="unencrypted" checked={unencrypted} onChange={(e) => setUnencrypted(e.currentTarget.checked)} />
        {t('backupUnencrypted')}
      </label>
      {unencrypted && (
        <p class="problem" role="alert" data-field="unencrypted-warning">
          {t('backupUnencryptedWarning')}
        </p>
      )}
      <button type="submit" name="make-backup" class="secondary-button" disabled={state.kind === 'working'} aria-busy={state.kind === 'working'}>
        {state.kind === 'working' ? t('backupWorking') : unencrypted ? t('backupButtonUnencrypted') : t('backupButton')}
      </button>
      {state.kind === 'error' && (
        <p class="problem" role="alert">
          {t('backupFailed', [state.reason])}
        </p>
      )}
      {state.kind === 'saved' && (
        <p class="notice" role="status" data-field="backup-saved">
          {t(state.encrypted ? 'backupSaved' : 'backupSavedUnencrypted', [state.fileName, fmt(state.items), fmt(state.requests)])}{' '}
          <a ref={link} href={state.url} download={state.fileName} {...LINK_NAME}>
            {t('backupSaveAgain')}
          </a>
          {state.noteFailed !== undefined && <> {t('backupNoteFailed', [state.noteFailed])}</>}
        </p>
      )}
    </form>
  );
}
