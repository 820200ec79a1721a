import { siteName } from './upload-text';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { filterUploads, instancesOf, sortUploads, statusCounts, haystack } from '@/utils/dashboard-query';
import { hostOf } from '@/utils/format';
import { asItems } from '@/utils/items';
import { t } from '@/utils/i18n';
import type { PageMessage, PageNotice } from '@/utils/messages';
import type { JobRecord, UploadRecord } from '@/utils/records';
import { io, uiLetterLanguage } from './requests/request-text';
import { DashboardFilters, DEFAULT_FILTERS, isFiltered, queryOf, type FilterState } from './DashboardFilters';
import { DashboardRow, ROW_HEIGHT } from './DashboardRow';
import { canDelete, canRetry, deleteTargetLabel, RECHECKABLE, uncheckedText } from './upload-text';
import { VirtualList } from './VirtualList';
import { ConfirmDelete, type Confirm } from './dashboard/ConfirmDelete';
import { CapturePauses } from './dashboard/CapturePauses';
import type { CapturePause } from '@/utils/capture-limits';
import { vouchedFor, type FrontEnds } from '@/utils/reporters';
import { Detail } from './dashboard/Detail';
import { EmptyState } from './dashboard/EmptyState';
import { JobList } from './dashboard/JobList';
import { RequestsLink } from './dashboard/RequestsLink';
import { BackupSection } from './backup/BackupSection';
import type { Ledger } from '@/utils/ledger';

/** What the dashboard reads; the ledger in the page, a stand-in in tests. Writes go through the background. */
export interface DashboardSource {
  all(): Promise<UploadRecord[]>;
  getMany(ids: string[]): Promise<UploadRecord[]>;
  thumbs(ids: string[]): Promise<Record<string, string>>;
  /**
   * The newest `limit` records, read before all of them: reading 10,000 records takes far longer than painting the
   * first screenful, so those rows show while the rest load.
   */
  newest?(limit: number): Promise<UploadRecord[]>;
}

/** Rows read ahead of the full list (a screenful, and some to scroll through). */
export const FIRST_ROWS = 24;

/** ledger-changed notices arriving within this window are read back together. */
export const CHANGE_BATCH_MS = 50;

/** partial: the newest records are shown, the rest are still being read (filters and actions wait for them). */
type Load = { kind: 'loading' } | { kind: 'partial' } | { kind: 'ready' } | { kind: 'error'; reason: string };

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const send = (message: PageMessage) => browser.runtime.sendMessage(message) as Promise<unknown>;
const openInstance = (origin: string) => void browser.tabs.create({ url: origin });
const fmt = (n: number) => n.toLocaleString();

/** The newer of two copies of a job (a listing can answer after a later broadcast). */
function newerJob(a: JobRecord | undefined, b: JobRecord): JobRecord {
  if (!a) return b;
  if (a.state !== 'running' && b.state === 'running') return a;
  if (b.state !== 'running' && a.state === 'running') return b;
  return (b.done?.length ?? 0) >= (a.done?.length ?? 0) && (b.listed ?? 0) >= (a.listed ?? 0) ? b : a;
}

/**
 * Hooks for the e2e tests and the benchmark, set in the frame that paints: the performance mark 'dashboard:first-rows'
 * and <html data-dashboard="rows"> once the first rows (or the empty state) show; 'dashboard:all-rows' and
 * data-dashboard="ready" once every record is in and the page is fully usable.
 */
function markPainted(complete: boolean, first: boolean) {
  requestAnimationFrame(() => {
    if (first) performance.mark('dashboard:first-rows');
    if (complete) performance.mark('dashboard:all-rows');
    document.documentElement.dataset.dashboard = complete ? 'ready' : 'rows';
  });
}

/**
 * Every upload Takeback knows, across instances and accounts: read once from the ledger, then kept current from the
 * background's ledger-changed notices (only the changed records are read again). Filtering, search and sort run in
 * memory; only the visible rows are rendered.
 */
export function Dashboard({ source, ledger }: { source: DashboardSource; ledger?: Ledger }) {
  const records = useRef(new Map<string, UploadRecord>());
  const [version, setVersion] = useState(0);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [filters, setFilters] = useState<FilterState>(DEFAULT_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  const [activeId, setActiveId] = useState<string | undefined>(undefined);
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobRecord>>(new Map());
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [frontEnds, setFrontEnds] = useState<FrontEnds>({});
  const [pauses, setPauses] = useState<CapturePause[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(0);
  const [drafting, setDrafting] = useState(false);
  const [dueCount, setDueCount] = useState(0);
  const thumbs = useRef(new Map<string, string | null>());
  const [, setThumbVersion] = useState(0);
  const marked = useRef<'none' | 'rows' | 'ready'>('none');

  const refreshJobs = () =>
    (send({ type: 'jobs' }) as Promise<JobRecord[] | undefined>).then(
      (list) => {
        if (!Array.isArray(list)) return;
        setJobs((prev) => {
          const next = new Map(prev);
          for (const job of list) next.set(job.id, newerJob(prev.get(job.id), job));
          return next;
        });
      },
      () => {}, // no jobs to show
    );
  /** Erasure requests past their deadline, for the badge on the requests link. */
  /** The sites the user confirmed as front ends (which reports bulk actions include). */
  const refreshFrontEnds = () =>
    (send({ type: 'front-ends' }) as Promise<FrontEnds | undefined>).then(
      (map) => setFrontEnds(map && typeof map === 'object' ? map : {}),
      () => {}, // none known: every other site's report is left out, as the background does
    );
  const refreshPauses = () =>
    (send({ type: 'capture-pauses' }) as Promise<CapturePause[] | undefined>).then(
      (list) => setPauses(Array.isArray(list) ? list : []),
      () => {}, // none shown
    );
  const refreshDue = () =>
    (send({ type: 'erasure-due-count' }) as Promise<unknown>).then(
      (n) => setDueCount(typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0),
      () => {}, // no badge
    );

  // A layout effect: the reads start in the same task as the first render, not a frame later.
  useLayoutEffect(() => {
    let live = true;
    let loaded = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = new Set<string>();
    const flush = async () => {
      timer = undefined;
      if (!loaded || !changed.size) return;
      const ids = [...changed];
      changed.clear();
      let fresh: UploadRecord[];
      try {
        fresh = await source.getMany(ids);
      } catch {
        return;
      }
      if (!live) return;
      const found = new Set(fresh.map((r) => r.id));
      for (const r of fresh) records.current.set(r.id, r);
      for (const id of ids) {
        if (!found.has(id)) records.current.delete(id);
        if (!thumbs.current.get(id)) thumbs.current.delete(id); // a new record's preview may have arrived since
      }
      setVersion((v) => v + 1);
    };
    const schedule = () => {
      timer ??= setTimeout(() => void flush(), CHANGE_BATCH_MS);
    };
    const onMessage = (message: unknown) => {
      const notice = message as PageNotice | undefined;
      if (notice?.type === 'ledger-changed' && Array.isArray(notice.ids)) {
        for (const id of notice.ids) changed.add(id);
        schedule();
      } else if (notice?.type === 'requests-changed') {
        void refreshDue();
      } else if (notice?.type === 'pauses-changed') {
        void refreshPauses();
      } else if (notice?.type === 'job-changed' && notice.job?.id) {
        const job = notice.job;
        setJobs((prev) => new Map(prev).set(job.id, newerJob(prev.get(job.id), job)));
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    const readAll = () =>
      source.all().then(
        (all) => {
          if (!live) return;
          records.current = new Map(all.map((r) => [r.id, r]));
          loaded = true;
          setVersion((v) => v + 1);
          setLoad({ kind: 'ready' });
          schedule();
        },
        (e: unknown) => live && setLoad({ kind: 'error', reason: errorText(e) }),
      );
    // The newest first (one short cursor), then everything. The long read starts once those rows are painted, so it
    // neither queues the short one nor competes with the first paint for the CPU.
    const first = source.newest ? source.newest(FIRST_ROWS) : Promise.resolve([]);
    void first
      .then(
        (newest) => {
          if (!live || loaded || !newest.length) return;
          records.current = new Map(newest.map((r) => [r.id, r]));
          setVersion((v) => v + 1);
          setLoad({ kind: 'partial' });
          return new Promise<void>((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
        },
        () => {}, // the full read decides
      )
      .then(() => {
        // Asking the background wakes its service worker: not while the first rows are being painted.
        void refreshJobs();
        void refreshDue();
        void refreshFrontEnds();
        void refreshPauses();
        return readAll();
      });
    return () => {
      live = false;
      browser.runtime.onMessage.removeListener(onMessage);
      if (timer) clearTimeout(timer);
    };
  }, [source]);

  // A file and its thumbnails are one row, one item to act on (utils/items.ts).
  const all = useMemo(() => asItems([...records.current.values()]), [version]);
  const items = useMemo(() => new Map(all.map((r) => [r.id, r])), [all]);
  const sorted = useMemo(() => sortUploads(all, filters.sort, filters.dir), [all, filters.sort, filters.dir]);
  const query = useMemo(() => queryOf(filters), [filters]);
  const filtered = useMemo(() => filterUploads(sorted, query), [sorted, query]);
  const instances = useMemo(() => instancesOf(all), [all]);
  const counts = useMemo(() => statusCounts(all), [all]);
  const chosen = useMemo(() => (selected.size ? filtered.filter((r) => selected.has(r.id)) : []), [filtered, selected]);
  const retryable = useMemo(() => filtered.filter(canRetry), [filtered]);
  const loggedOut = useMemo(() => {
    const byOrigin = new Map<string, string[]>();
    for (const r of all) if (r.status === 'failed' && r.reason === 'logged-out') byOrigin.set(r.instanceOrigin, [...(byOrigin.get(r.instanceOrigin) ?? []), r.id]);
    return [...byOrigin];
  }, [all]);

  // Search strings for every record are built while the page is idle, so the first keystroke finds them ready.
  useEffect(() => {
    if (load.kind !== 'ready') return;
    let i = 0;
    let handle: ReturnType<typeof setTimeout>;
    const step = () => {
      const until = performance.now() + 8;
      while (i < all.length && performance.now() < until) haystack(all[i++]!);
      if (i < all.length) handle = setTimeout(step, 0);
    };
    handle = setTimeout(step, 50);
    return () => clearTimeout(handle);
  }, [all, load.kind]);

  useLayoutEffect(() => {
    if (load.kind === 'loading' || marked.current === 'ready') return;
    const complete = load.kind !== 'partial';
    if (!complete && marked.current === 'rows') return;
    markPainted(complete, marked.current === 'none');
    marked.current = complete ? 'ready' : 'rows';
  });
  const partial = load.kind === 'partial';

  // The detail pane shows the grid's active row, and only a row the grid shows: a filtered-out file is never the one
  // a Delete in the pane would act on (issue 12 §1).
  const active = useMemo(() => (activeId !== undefined && filtered.find((r) => r.id === activeId)) || filtered[0], [filtered, activeId, version]);
  // Enter on a row moves the keyboard to its detail pane, once that shows the row.
  const [detailFocus, setDetailFocus] = useState(0);
  useEffect(() => {
    if (detailFocus) document.getElementById('detail-title')?.focus();
  }, [detailFocus]);
  const instance = filters.instance ? instances.find((i) => i.origin === filters.instance) : undefined;

  const loadThumbs = (start: number, end: number) => {
    const ids = filtered
      .slice(start, end)
      .map((r) => r.id)
      .filter((id) => !thumbs.current.has(id));
    if (!ids.length) return;
    for (const id of ids) thumbs.current.set(id, null);
    source.thumbs(ids).then(
      (found) => {
        let any = false;
        for (const id of ids) {
          const url = found[id];
          if (url && thumbs.current.get(id) === null) {
            thumbs.current.set(id, url);
            any = true;
          }
        }
        if (any) setThumbVersion((v) => v + 1);
      },
      () => {}, // placeholders stay
    );
  };

  const toggle = (r: UploadRecord, index: number, range: boolean) => {
    const from = range && anchor.current !== null ? filtered.findIndex((x) => x.id === anchor.current) : -1;
    setSelected((prev) => {
      const next = new Set(prev);
      const on = !prev.has(r.id);
      const [lo, hi] = from < 0 ? [index, index] : from < index ? [from, index] : [index, from];
      for (let i = lo; i <= hi; i++) {
        const id = filtered[i]!.id;
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
    anchor.current = r.id;
    setActiveId(r.id);
  };

  const allChosen = filtered.length > 0 && chosen.length === filtered.length;
  const selectAll = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = chosen.length > 0 && !allChosen;
  });
  const toggleAll = () => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const r of filtered) {
        if (allChosen) next.delete(r.id);
        else next.add(r.id);
      }
      return next;
    });
  };

  const run = async (what: Promise<unknown>) => {
    setProblem(null);
    try {
      return await what;
    } catch (e) {
      setProblem(t('actionFailed', [errorText(e)]));
      return undefined;
    }
  };

  /** The background leaves out other sites' unconfirmed reports in bulk (router.ts); the user is told how many. */
  const toldLeftOut = (reply: unknown) => {
    const leftOut = (reply as { leftOut?: unknown } | undefined)?.leftOut;
    if (typeof leftOut === 'number' && leftOut > 0) setProblem(t('leftOutNotice', [fmt(leftOut)]));
  };
  const startDelete = async (ids: string[]) => {
    setConfirm(null);
    if (!ids.length) return;
    const reply = await run(send({ type: 'delete', ids }));
    if (reply !== undefined) {
      toldLeftOut(reply);
      setSelected(new Set());
      void refreshJobs();
    }
  };
  const recheck = async (ids: string[]) => {
    if (!ids.length) return;
    setChecking((n) => n + ids.length);
    const reply = await run(send({ type: 'recheck', ids }));
    toldLeftOut(reply);
    const notChecked = uncheckedText(reply);
    if (notChecked) setProblem(notChecked);
    setChecking((n) => n - ids.length);
  };
  const resumeCaptures = (origin: string) => void run(send({ type: 'resume-captures', origin }));
  const removeReporter = async (origin: string) => {
    const removed = await run(send({ type: 'remove-reporter', pageOrigin: origin }));
    if (typeof removed === 'number') setNotice(t('removedReporter', [fmt(removed), siteName(origin)]));
  };
  const reportedBy = (origin: string) => all.reduce((n, r) => n + (r.pageOrigin === origin ? 1 : 0), 0);
  const confirmFrontEnd = async (instanceOrigin: string, pageOrigin: string) => {
    if ((await run(send({ type: 'confirm-front-end', instanceOrigin, pageOrigin }))) !== undefined) await refreshFrontEnds();
  };
  const forgetUnseen = (ids: string[]) => void run(send({ type: 'forget-unseen', ids }));
  const startImport = async (origin: string) => {
    const reply = await run(send({ type: 'import', instanceOrigin: origin }));
    if (reply !== undefined) void refreshJobs();
  };
  const cancelJob = (jobId: string) => void run(send({ type: 'cancel-job', jobId }));
  /** One request per instance is drafted; the requests page opens on the first and says how many there are. */
  const draftErasure = async (ids: string[]) => {
    if (!ids.length || drafting) return;
    setDrafting(true);
    const reply = (await run(send({ type: 'erasure-draft', ids, language: uiLetterLanguage() }))) as { requestIds?: unknown } | undefined;
    setDrafting(false);
    const requestIds = Array.isArray(reply?.requestIds) ? reply.requestIds.filter((id): id is string => typeof id === 'string') : [];
    if (!requestIds.length) {
      if (reply !== undefined) setProblem(t('draftNothing'));
      return;
    }
    io.navigate(browser.runtime.getURL(`/requests.html#${requestIds.map(encodeURIComponent).join(',')}`));
  };

  const askDelete = (list: UploadRecord[]) => {
    const deletable = list.filter(canDelete);
    if (deletable.length) setConfirm({ kind: 'selected', ids: deletable.map((r) => r.id), records: deletable });
  };
  const askDeleteInstance = (origin: string) => {
    const deletable = all.filter((r) => r.instanceOrigin === origin && canDelete(r));
    setConfirm({ kind: 'instance', ids: deletable.map((r) => r.id), records: deletable, origin });
  };

  const chosenDeletableRecords = useMemo(() => chosen.filter(canDelete), [chosen]);
  const chosenDeletable = chosenDeletableRecords.length;
  const instanceDeletable = useMemo(() => (instance ? all.filter((r) => r.instanceOrigin === instance.origin && canDelete(r)) : []), [all, instance?.origin]);
  const chosenRecheckable = chosen.filter((r) => RECHECKABLE.has(r.status)).length;
  const needsAdmin = useMemo(() => all.filter((r) => r.status === 'needs-admin' && (!filters.instance || r.instanceOrigin === filters.instance)), [all, filters.instance]);
  const shownJobs = useMemo(() => {
    const list = [...jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
    const running = list.filter((j) => j.state === 'running');
    const lastFinished = list.find((j) => j.state !== 'running');
    return lastFinished && !dismissed.has(lastFinished.id) ? [...running, lastFinished] : running;
  }, [jobs, dismissed]);

  return (
    <main class="dashboard" data-state={load.kind} data-query={filters.text} data-count={filtered.length} data-total={all.length}>
      <header class="dash-header">
        <h1>{t('dashboardTitle')}</h1>
        <span class="header-links">
          <RequestsLink due={dueCount} />
          <a class="settings-link" href="settings.html">
            {t('optionsOpen')}
          </a>
        </span>
      </header>

      {load.kind === 'loading' && <p aria-busy="true">{t('popupLoading')}</p>}
      {load.kind === 'error' && (
        <p class="problem" role="alert">
          {t('dashboardLoadFailed', [load.reason])}
        </p>
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}

      {notice && (
        <p class="notice" role="status" data-field="notice">
          {notice}
        </p>
      )}
      <CapturePauses pauses={pauses} reportedBy={reportedBy} onResume={resumeCaptures} onRemove={(o) => void removeReporter(o)} />

      <JobList jobs={shownJobs} records={items} onCancel={cancelJob} onDismiss={(id) => setDismissed((d) => new Set(d).add(id))} />

      {ledger && load.kind === 'ready' && <BackupSection ledger={ledger} records={all} />}

      {loggedOut.length > 0 && (
        <section class="problem login-needed" aria-labelledby="login-title">
          <h2 id="login-title">{t('loginNeededTitle')}</h2>
          <ul>
            {loggedOut.map(([origin, ids]) => (
              <li key={origin} data-origin={origin}>
                <span>{t('guideLoggedOut', [hostOf(origin)])}</span>
                <span class="actions">
                  <button type="button" name="open-instance" class="small-button" onClick={() => openInstance(origin)}>
                    {t('openHost', [hostOf(origin)])}
                  </button>
                  <button type="button" name="retry-instance" class="small-button" disabled={partial} onClick={() => void startDelete(ids)}>
                    {t('retryCount', [fmt(ids.length)])}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {load.kind === 'ready' && all.length === 0 && <EmptyState onImport={startImport} />}

      {(load.kind === 'ready' || partial) && all.length > 0 && (
        <>
          <DashboardFilters
            filters={filters}
            onChange={(change) => setFilters((f) => ({ ...f, ...change }))}
            instances={instances}
            counts={counts}
            disabled={partial}
          />

          <div class="dash-toolbar" role="group" aria-label={t('actionsLabel')}>
            <label class="select-all">
              <input ref={selectAll} type="checkbox" name="select-all" checked={allChosen} disabled={partial || !filtered.length} onChange={toggleAll} />
              <span>{t('selectAllMatching', [fmt(filtered.length)])}</span>
            </label>
            <button type="button" name="delete-selected" class="danger-button" disabled={!chosenDeletable} onClick={() => askDelete(chosen)}>
              {chosenDeletable ? deleteTargetLabel(chosenDeletableRecords) : t('deleteSelected', [fmt(0)])}
            </button>
            <button type="button" name="recheck" class="secondary-button" disabled={!chosenRecheckable || checking > 0} onClick={() => void recheck(chosen.filter((r) => RECHECKABLE.has(r.status)).map((r) => r.id))}>
              {checking > 0 ? t('checkingNow') : t('checkAgainCount', [fmt(chosenRecheckable)])}
            </button>
            <button type="button" name="draft-erasure" class="secondary-button" disabled={!chosen.length || drafting} onClick={() => void draftErasure(chosen.map((r) => r.id))}>
              {drafting ? t('drafting') : t('draftErasure', [fmt(chosen.length)])}
            </button>
            {needsAdmin.length > 0 && (
              <button type="button" name="draft-erasure-admin" class="secondary-button" disabled={drafting || partial} onClick={() => void draftErasure(needsAdmin.map((r) => r.id))}>
                {instance ? t('draftErasureAdminOn', [instance.host, fmt(needsAdmin.length)]) : t('draftErasureAdmin', [fmt(needsAdmin.length)])}
              </button>
            )}
            {retryable.length > 0 && (
              <button type="button" name="retry-failed" class="secondary-button" disabled={partial} onClick={() => void startDelete(retryable.map((r) => r.id))}>
                {t('retryFailed', [fmt(retryable.length)])}
              </button>
            )}
            {instance && (
              <button type="button" name="delete-instance" class="danger-button" onClick={() => askDeleteInstance(instance.origin)}>
                {instanceDeletable.length > 1 ? t('deleteAllFilesOn', [fmt(instanceDeletable.length), instance.host]) : instanceDeletable.length ? deleteTargetLabel(instanceDeletable) : t('deleteEverythingOn', [instance.host])}
              </button>
            )}
            {instance?.platform === 'lemmy' && (
              <button type="button" name="import" class="secondary-button" onClick={() => void startImport(instance.origin)}>
                {t('importFrom', [instance.host])}
              </button>
            )}
          </div>

          <p class="count" role="status" aria-busy={partial ? 'true' : undefined}>
            {partial ? t('dashboardLoadingRest') : isFiltered(filters) ? t('showingOf', [fmt(filtered.length), fmt(all.length)]) : t('showingAll', [fmt(all.length)])}
            {selected.size > 0 && ` · ${t('selectedCount', [fmt(chosen.length)])}`}
          </p>

          {filtered.length ? (
            <div class="dash-body">
              <VirtualList
                id="uploads-grid"
                items={filtered}
                rowHeight={ROW_HEIGHT}
                label={t('dashboardListLabel')}
                keyOf={(r) => r.id}
                isSelected={(r) => selected.has(r.id)}
                activeKey={active?.id}
                onActiveChange={(id) => setActiveId(id)}
                onOpen={(id) => {
                  setActiveId(id);
                  setDetailFocus((n) => n + 1);
                }}
                onWindow={loadThumbs}
                rowAttrs={(r) => ({ 'data-id': r.id, 'data-status': r.status, 'data-testid': 'dashboard-row' })}
                renderRow={(r, i, isActive) => (
                  <DashboardRow
                    upload={r}
                    vouched={vouchedFor(r, frontEnds)}
                    thumb={thumbs.current.get(r.id)}
                    selected={selected.has(r.id)}
                    active={isActive}
                    onToggle={(range) => toggle(r, i, range)}
                  />
                )}
              />
              {active && (
                <Detail
                  record={active}
                  vouched={vouchedFor(active, frontEnds)}
                  reportedBy={reportedBy}
                  onRemoveReporter={(o) => void removeReporter(o)}
                  onDelete={() => askDelete([active])}
                  onRetry={() => askDelete([active])}
                  onRecheck={() => void recheck([active.id])}
                  onDraftErasure={() => void draftErasure([active.id])}
                  onImport={(origin) => void startImport(origin)}
                  onForget={() => void forgetUnseen([active.id])}
                  drafting={drafting}
                  checking={checking > 0}
                />
              )}
            </div>
          ) : (
            <div class="empty">
              <h2>{t('noMatchTitle')}</h2>
              <p>{t('noMatchBody')}</p>
            </div>
          )}
        </>
      )}

      {confirm && (
        <ConfirmDelete
          confirm={confirm}
          frontEnds={frontEnds}
          onConfirmFrontEnd={(instance, reporter) => void confirmFrontEnd(instance, reporter)}
          onCancel={() => setConfirm(null)}
          onConfirm={(ids) => void startDelete(ids)}
        />
      )}
    </main>
  );
}

