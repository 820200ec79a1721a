import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { openBackup, readEnvelope } from '@/utils/backup/file';
import type { BackupPayload, Envelope } from '@/utils/backup/schema';
import { MAX_BACKUP_BYTES } from '@/utils/backup/schema';
import { ChoicesNotSaved, previewRestore, restoreBackup, type RestorePreview } from '@/utils/backup/service';
import { t } from '@/utils/i18n';
import type { Ledger } from '@/utils/ledger';
import type { PageMessage } from '@/utils/messages';
import { problemText } from './problem-text';

type State =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'locked'; envelope: Envelope; wrong: boolean }
  | { kind: 'opening'; envelope: Envelope }
  | { kind: 'preview'; envelope: Envelope; payload: BackupPayload; preview: RestorePreview }
  | { kind: 'merging'; envelope: Envelope; written?: number; total?: number }
  | { kind: 'done'; result: RestorePreview; unsent?: string }
  | { kind: 'error'; text: string };

const fmt = (n: number) => n.toLocaleString();
const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** How many entries of a list the preview names; the rest are counted. */
const LISTED = 50;
const More = ({ shown, of }: { shown: number; of: number }) => (of > shown ? <li>{t('restoreAndMore', [fmt(of - shown)])}</li> : null);

/** What the backup holds, and what a merge would do, in the words of the preview. */
function Summary({ envelope, preview }: { envelope: Envelope; preview: RestorePreview }) {
  const c = preview.counts;
  return (
    <div data-field="restore-preview">
      <p>{t('restoreHolds', [when(envelope.createdAt), fmt(c.items), fmt(c.requests)])}</p>
      <p data-field="restore-counts">
        <strong>{t('restoreCounts', [fmt(c.new), fmt(c.alreadyHere), fmt(c.conflicts)])}</strong>
        {c.updated > 0 && <> {t('restoreUpdated', [fmt(c.updated)])}</>}
      </p>
      <p class="hint">{t('restoreRequests', [fmt(c.newRequests), fmt(c.updatedRequests)])}</p>
      {(preview.policiesAddedList.length > 0 || preview.policiesKept > 0) && <p class="hint">{t('restorePolicies', [fmt(preview.policiesAddedList.length), fmt(preview.policiesKept)])}</p>}
      {preview.policiesAddedList.length > 0 && (
        <ul class="hint" data-field="restore-policies">
          {preview.policiesAddedList.slice(0, LISTED).map((p) => (
            <li key={p.origin}>
              {p.origin}: {t(p.policy === 'allow' ? 'restorePolicyAllow' : p.policy === 'never' ? 'restorePolicyNever' : 'restorePolicyAsk')}
            </li>
          ))}
          <More shown={LISTED} of={preview.policiesAddedList.length} />
        </ul>
      )}
      {preview.frontEndsAdded.length > 0 && (
        <div class="hint" data-field="restore-front-ends">
          <p>{t('restoreFrontEnds')}</p>
          <ul>
            {preview.frontEndsAdded.slice(0, LISTED).map((f) => (
              <li key={`${f.instance} ${f.page}`}>{t('restoreFrontEnd', [f.page, f.instance])}</li>
            ))}
            <More shown={LISTED} of={preview.frontEndsAdded.length} />
          </ul>
        </div>
      )}
      <p class="hint">{t(preview.settingsTaken ? 'restoreSettingsTaken' : 'restoreSettingsKept')}</p>
      {preview.conflicts.length > 0 && (
        <div class="problem" data-field="restore-conflicts">
          <p>{t('restoreConflictsExplain')}</p>
          <ul>
            {preview.conflicts.slice(0, LISTED).map((c) => (
              <li key={c.copyId}>
                {c.fileName ?? t('unnamedFile')} — {new URL(c.instanceOrigin).host}
              </li>
            ))}
            <More shown={LISTED} of={preview.conflicts.length} />
          </ul>
        </div>
      )}
    </div>
  );
}

/**
 * Restore: pick the file, type its passphrase, read what it holds and what would change; only "Merge" writes, all of
 * it or nothing. Every problem is a sentence, and nothing is changed by one.
 */
export function RestoreForm({ ledger }: { ledger: Ledger }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [passphrase, setPassphrase] = useState('');
  const busy = state.kind === 'reading' || state.kind === 'opening' || state.kind === 'merging';
  const input = useRef<HTMLInputElement>(null);
  // Once a file is dealt with, the same file can be picked again (a browser sends no change for an unchanged choice).
  useEffect(() => {
    if ((state.kind === 'done' || state.kind === 'error' || state.kind === 'idle') && input.current) input.current.value = '';
  }, [state.kind]);

  async function pick(file: File | undefined) {
    if (!file) return;
    setPassphrase('');
    if (file.size > MAX_BACKUP_BYTES) return setState({ kind: 'error', text: problemText({ kind: 'too-large', bytes: file.size }) });
    setState({ kind: 'reading' });
    try {
      const envelope = readEnvelope(await file.text());
      if (!envelope.ok) return setState({ kind: 'error', text: problemText(envelope.problem) });
      if (envelope.value.encryption) return setState({ kind: 'locked', envelope: envelope.value, wrong: false });
      await open(envelope.value, null);
    } catch (e) {
      setState({ kind: 'error', text: t('restoreReadFailed', [errorText(e)]) });
    }
  }

  async function open(envelope: Envelope, secret: string | null) {
    setState({ kind: 'opening', envelope });
    try {
      const payload = await openBackup(envelope, secret);
      if (!payload.ok) {
        if (payload.problem.kind === 'wrong-passphrase') return setState({ kind: 'locked', envelope, wrong: true });
        return setState({ kind: 'error', text: problemText(payload.problem) });
      }
      setState({ kind: 'preview', envelope, payload: payload.value, preview: await previewRestore(ledger, browser.storage.local, payload.value, envelope.createdAt) });
    } catch (e) {
      setState({ kind: 'error', text: t('restoreReadFailed', [errorText(e)]) });
    }
  }

  async function merge(envelope: Envelope, payload: BackupPayload) {
    setState({ kind: 'merging', envelope });
    try {
      // Writing 50,000 records takes IndexedDB some seconds (README, "Back up and restore"): say how far it has got.
      const progress = (written: number, total: number) => setState({ kind: 'merging', envelope, written, total });
      const result = await restoreBackup(ledger, browser.storage.local, payload, envelope.createdAt, progress);
      // The background schedules re-checks of what came in and tells every open page; if it cannot be told, say so.
      const told: PageMessage = { type: 'ledger-restored', ids: result.changedIds };
      const unsent = await browser.runtime.sendMessage(told).then(
        () => undefined,
        (e: unknown) => errorText(e),
      );
      setState({ kind: 'done', result, unsent });
    } catch (e) {
      if (e instanceof ChoicesNotSaved) {
        const told: PageMessage = { type: 'ledger-restored', ids: e.changedIds };
        await browser.runtime.sendMessage(told).catch(() => {}); // the sentence below already says what went wrong
        return setState({ kind: 'error', text: t('restoreChoicesFailed', [e.message]) });
      }
      setState({ kind: 'error', text: t('restoreMergeFailed', [errorText(e)]) });
    }
  }

  return (
    <section class="restore-form" aria-labelledby="restore-title" data-state={state.kind}>
      <h3 id="restore-title">{t('restoreTitle')}</h3>
      <p class="hint">{t('restoreExplain')}</p>
      <div class="field">
        <label for="restore-file">{t('restoreFile')}</label>
        <input ref={input} id="restore-file" name="backup-file" type="file" accept=".takeback,application/json" disabled={busy} onChange={(e) => void pick(e.currentTarget.files?.[0])} />
      </div>
      {busy && (
        <p aria-busy="true" data-field="restore-busy">
          {state.kind === 'merging' && state.total ? t('restoreMergingProgress', [fmt(state.written ?? 0), fmt(state.total)]) : t(state.kind === 'merging' ? 'restoreMerging' : 'restoreReading')}
          {state.kind === 'merging' && state.total ? <progress max={state.total} value={state.written} aria-hidden="true" /> : null}
        </p>
      )}
      {state.kind === 'error' && (
        <p class="problem" role="alert" data-field="restore-problem">
          {state.text}
        </p>
      )}
      {state.kind === 'locked' && (
        <form name="unlock" onSubmit={(e) => (e.preventDefault(), void open(state.envelope, passphrase))}>
          <p>{t('restoreLocked', [when(state.envelope.createdAt), fmt(state.envelope.uploads), fmt(state.envelope.requests)])}</p>
          <div class="field">
            <label for="restore-passphrase">{t('restorePassphrase')}</label>
            <input id="restore-passphrase" name="restore-passphrase" type="password" autocomplete="current-password" value={passphrase} aria-invalid={state.wrong} onInput={(e) => setPassphrase(e.currentTarget.value)} />
          </div>
          {state.wrong && (
            <p class="problem" role="alert" data-field="restore-problem">
              {problemText({ kind: 'wrong-passphrase' })}
            </p>
          )}
          <button type="submit" name="open-backup" class="secondary-button" disabled={!passphrase}>
            {t('restoreOpen')}
          </button>
        </form>
      )}
      {state.kind === 'preview' && (
        <>
          <Summary envelope={state.envelope} preview={state.preview} />
          <div class="actions">
            <button type="button" name="merge-backup" class="secondary-button" onClick={() => void merge(state.envelope, state.payload)}>
              {t('restoreMerge')}
            </button>
            <button type="button" name="cancel-restore" class="small-button" onClick={() => setState({ kind: 'idle' })}>
              {t('restoreCancel')}
            </button>
          </div>
        </>
      )}
      {state.kind === 'done' && (
        <p class="notice" role="status" data-field="restore-done">
          {t('restoreDone', [fmt(state.result.counts.new), fmt(state.result.counts.updated), fmt(state.result.counts.conflicts), fmt(state.result.counts.newRequests + state.result.counts.updatedRequests)])}
          {state.unsent !== undefined && <> {t('restoreNotTold', [state.unsent])}</>}
        </p>
      )}
    </section>
  );
}
