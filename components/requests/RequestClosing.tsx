import { useEffect, useRef, useState } from 'preact/hooks';
import type { ErasureRequest } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import { useAction } from './hooks';
import { InlineConfirm } from './InlineConfirm';
import { OutcomeLine } from './OutcomeLine';
import { send } from './request-text';
import { uncheckedText } from '../upload-text';

export interface RequestClosingProps {
  request: ErasureRequest;
  /** The request's files still in the ledger (the ones that can be checked). */
  itemIds: string[];
  onRequest(r: ErasureRequest): void;
  /** Reads the request's files again (their statuses after a check). */
  onReload(): Promise<void>;
  onDeleted(): void;
}

/** Resolve or reopen, check the files' addresses again, delete the request. */
export function RequestClosing({ request: r, itemIds, onRequest, onReload, onDeleted }: RequestClosingProps) {
  const state = useAction();
  const check = useAction();
  const removal = useAction();
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (!asking && asked.current) trigger.current?.focus();
    asked.current = asking;
  }, [asking]);

  const change = async (type: 'erasure-resolve' | 'erasure-reopen') => {
    const updated = await state.run(() => send<ErasureRequest>({ type, id: r.id }), t('requestWorking'), t('requestDone'));
    if (updated) onRequest(updated);
  };
  const recheck = () =>
    check.run(
      async () => {
        const reply = await send<unknown>({ type: 'recheck', ids: itemIds });
        await onReload();
        // "Checked." only when every file's address answered.
        const notChecked = uncheckedText(reply);
        if (notChecked) throw new Error(notChecked);
      },
      t('requestRechecking', [itemIds.length.toLocaleString()]),
      t('requestRechecked'),
      (reason) => reason, // already a whole sentence: what could not be checked, and what to do
    );
  const remove = async () => {
    setAsking(false);
    const done = await removal.run(() => send({ type: 'erasure-delete', id: r.id }).then(() => true), t('requestWorking'));
    if (done) onDeleted();
  };

  return (
    <section class="closing" aria-labelledby="closing-title">
      <h3 id="closing-title">{t('closeHeading')}</h3>
      <div class="actions">
        {r.state === 'resolved' ? (
          <button type="button" name="reopen" class="secondary-button" disabled={state.busy} onClick={() => void change('erasure-reopen')}>
            {t('requestReopen')}
          </button>
        ) : (
          <button type="button" name="resolve" class="secondary-button" disabled={state.busy} onClick={() => void change('erasure-resolve')}>
            {t('requestResolve')}
          </button>
        )}
        <button type="button" name="recheck-files" class="secondary-button" disabled={check.busy || !itemIds.length} onClick={() => void recheck()}>
          {t('requestRecheck')}
        </button>
        {!asking && (
          <button ref={trigger} type="button" name="delete-request" class="danger-button" disabled={removal.busy} onClick={() => setAsking(true)}>
            {t('requestDelete')}
          </button>
        )}
      </div>
      <OutcomeLine outcome={state.outcome} name="state" />
      <OutcomeLine outcome={check.outcome} name="recheck" />
      {asking && (
        <InlineConfirm
          name="delete-request"
          question={t('requestDeleteAsk')}
          yes={t('requestDeleteYes')}
          no={t('requestDeleteNo')}
          onYes={() => void remove()}
          onNo={() => setAsking(false)}
        />
      )}
      <OutcomeLine outcome={removal.outcome} name="delete" />
    </section>
  );
}
