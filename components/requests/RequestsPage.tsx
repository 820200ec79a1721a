import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { localDate } from '@/utils/erasure/deadlines';
import type { ErasureRequest } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import { useNotices } from './hooks';
import { RequestEditor } from './RequestEditor';
import { RequestList } from './RequestList';
import { errorText, idsFromHash, send, sortRequests } from './request-text';

type Load = { kind: 'loading' } | { kind: 'ready'; list: ErasureRequest[] } | { kind: 'error'; reason: string };

/**
 * The erasure requests page: the list, and the editor of the one the URL's hash names. "#id1,id2" (several drafted at
 * once, one per instance) opens the first and says how many were drafted. Sets <html data-requests="ready"> once the
 * list is loaded (a hook for the e2e tests).
 */
export function RequestsPage() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [hashIds, setHashIds] = useState(() => idsFromHash(location.hash));
  /** Focus moves to the editor only when the user chose a request (not on opening the page). */
  const [chosen, setChosen] = useState(0);
  const [deleted, setDeleted] = useState(false);
  const [today, setToday] = useState(() => localDate(Date.now()));

  const reload = useCallback(
    () =>
      send<ErasureRequest[]>({ type: 'erasure-list' }).then(
        (list) => {
          setLoad({ kind: 'ready', list: Array.isArray(list) ? list : [] });
          setToday(localDate(Date.now()));
        },
        (e: unknown) => setLoad((prev) => (prev.kind === 'ready' ? prev : { kind: 'error', reason: errorText(e) })),
      ),
    [],
  );
  useEffect(() => void reload(), [reload]);
  useNotices((notice) => {
    if (notice.type === 'requests-changed') void reload();
  });

  useEffect(() => {
    const onHash = () => {
      setHashIds(idsFromHash(location.hash));
      setChosen((n) => n + 1);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useLayoutEffect(() => {
    if (load.kind !== 'loading') document.documentElement.dataset.requests = load.kind;
  }, [load.kind]);

  const sorted = useMemo(() => (load.kind === 'ready' ? sortRequests(load.list, today) : []), [load, today]);

  // Opened without a hash: the first request (an overdue one when there is one) is shown.
  useEffect(() => {
    if (load.kind !== 'ready' || hashIds.length || deleted || !sorted[0]) return;
    history.replaceState(null, '', `#${encodeURIComponent(sorted[0].id)}`);
    setHashIds([sorted[0].id]);
  }, [load.kind, sorted, hashIds.length, deleted]);

  const select = (id: string) => {
    const hash = `#${encodeURIComponent(id)}`;
    if (location.hash !== hash) location.hash = hash; // a history entry: Back returns to the previous request
    setHashIds([id]);
    setDeleted(false);
    setChosen((n) => n + 1);
  };

  const onDeleted = () => {
    history.replaceState(null, '', location.pathname + location.search);
    setHashIds([]);
    setDeleted(true);
    void reload();
  };

  const selectedId = hashIds[0];
  const listed = load.kind === 'ready' ? load.list.find((r) => r.id === selectedId) : undefined;

  return (
    <main class="requests" data-state={load.kind}>
      <header class="dash-header">
        <h1>{t('requestsTitle')}</h1>
        <a class="settings-link" href="dashboard.html">
          {t('requestsAllUploads')}
        </a>
      </header>
      <p class="intro">{t('requestsIntro')}</p>

      {load.kind === 'loading' && <p aria-busy="true">{t('requestsLoading')}</p>}
      {load.kind === 'error' && (
        <p class="problem" role="alert">
          {t('requestsLoadFailed', [load.reason])}
        </p>
      )}
      <p class="outcome" role="status">
        {hashIds.length > 1 ? t('requestsDrafted', [hashIds.length]) : deleted ? t('requestDone') : ''}
      </p>

      {load.kind === 'ready' && load.list.length === 0 && (
        <section class="empty-state" aria-labelledby="requests-empty">
          <h2 id="requests-empty">{t('requestsEmptyTitle')}</h2>
          <p>{t('requestsEmptyBody')}</p>
        </section>
      )}

      {load.kind === 'ready' && load.list.length > 0 && (
        <div class="requests-body">
          <RequestList requests={sorted} selectedId={selectedId} today={today} onSelect={select} />
          <div class="editor-pane">
            {selectedId ? (
              <RequestEditor key={selectedId} id={selectedId} listed={listed} focus={chosen > 0} onDeleted={onDeleted} />
            ) : (
              <p class="hint">{t('requestChoose')}</p>
            )}
          </div>
        </div>
      )}
    </main>
  );
}
