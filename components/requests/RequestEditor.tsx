import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ErasureRequest } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import type { ErasureDetail } from '@/utils/messages';
import { EditorBody } from './EditorBody';
import { useNotices } from './hooks';
import { errorText, send } from './request-text';

type Load = { kind: 'loading' } | { kind: 'gone' } | { kind: 'error'; reason: string } | { kind: 'ready'; detail: ErasureDetail };

export interface RequestEditorProps {
  id: string;
  /** The request as the latest list has it: newer than ours when another page changed it. */
  listed: ErasureRequest | undefined;
  /** Move the focus to the editor's heading once it shows (the user chose this request). */
  focus: boolean;
  onDeleted(): void;
}

/** ledger-changed notices for the request's files within this window are read back together. */
const RELOAD_MS = 100;

/** Reads one request with its records, and reads them again when their statuses change. */
export function RequestEditor({ id, listed, focus, onDeleted }: RequestEditorProps) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const itemIds = useRef<ReadonlySet<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const read = useCallback(
    () =>
      send<ErasureDetail | null>({ type: 'erasure-get', id }).then(
        (detail) => {
          if (!detail) return setLoad({ kind: 'gone' });
          itemIds.current = new Set(detail.request.itemIds);
          // The request part may be newer here (a save answered since the read started): keep the newer one.
          setLoad((prev) =>
            prev.kind === 'ready' && prev.detail.request.updatedAt > detail.request.updatedAt ? { kind: 'ready', detail: { ...detail, request: prev.detail.request } } : { kind: 'ready', detail },
          );
        },
        (e: unknown) => setLoad((prev) => (prev.kind === 'ready' ? prev : { kind: 'error', reason: errorText(e) })),
      ),
    [id],
  );
  useEffect(() => {
    void read();
    return () => clearTimeout(timer.current);
  }, [read]);

  useNotices((notice) => {
    if (notice.type !== 'ledger-changed' || !Array.isArray(notice.ids)) return;
    if (!notice.ids.some((changed) => itemIds.current.has(changed))) return;
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      void read();
    }, RELOAD_MS);
  });

  const setRequest = useCallback((request: ErasureRequest) => {
    setLoad((prev) => (prev.kind === 'ready' && request.updatedAt >= prev.detail.request.updatedAt ? { kind: 'ready', detail: { ...prev.detail, request } } : prev));
  }, []);
  useEffect(() => {
    if (listed) setRequest(listed);
  }, [listed, setRequest]);

  if (load.kind !== 'ready') {
    return (
      <section class="request-editor" data-request-id={id} data-state={load.kind} aria-busy={load.kind === 'loading' ? 'true' : undefined}>
        {load.kind === 'loading' && <p>{t('requestLoading')}</p>}
        {load.kind === 'gone' && <p class="problem">{t('requestGone')}</p>}
        {load.kind === 'error' && (
          <p class="problem" role="alert">
            {t('actionFailed', [load.reason])}
          </p>
        )}
      </section>
    );
  }
  return <EditorBody detail={load.detail} focus={focus} onRequest={setRequest} onReload={read} onDeleted={onDeleted} />;
}
