import { asItems } from '@/utils/items';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageNotice, SiteView } from '@/utils/messages';
import type { UploadStatus } from '@/utils/records';
import { hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';
import { NeverUploadToggle } from './NeverUploadToggle';
import { UploadList } from './UploadList';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Re-lists the site when the ledger changes (a delete moving on, a new capture), at most every RELIST_MS. */
export const RELIST_MS = 100;

/**
 * The popup's body: what was uploaded from one site, or why there is nothing to show. Each row can be deleted; the
 * statuses follow the background's ledger-changed notices.
 */
export function SitePanel({ view: initial }: { view: SiteView }) {
  const [view, setView] = useState(initial);
  // id -> the status it had when Delete was clicked: the button stays busy until the status moves on.
  const [pending, setPending] = useState<ReadonlyMap<string, UploadStatus>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Records a ledger-changed notice named since the last re-list.
  const touched = useRef(new Set<string>());

  useEffect(() => setView(initial), [initial]);

  useEffect(() => {
    let live = true;
    const relist = () => {
      timer.current = null;
      const seen = new Set(touched.current);
      touched.current.clear();
      (browser.runtime.sendMessage({ type: 'list-site', site: initial.origin }) as Promise<SiteView>).then(
        (next) => {
          if (!live || !next) return;
          setView(next);
          // A pending delete is over once its record changed: a notice named it, or it shows another status.
          const statusOf = new Map(next.uploads.map((u) => [u.id, u.status]));
          setPending((p) => {
            const left = new Map([...p].filter(([id, status]) => !seen.has(id) && statusOf.get(id) === status));
            return left.size === p.size ? p : left;
          });
        },
        () => {}, // keep what is shown; the next notice tries again
      );
    };
    const onMessage = (message: unknown) => {
      const notice = message as PageNotice | undefined;
      if (notice?.type !== 'ledger-changed') return;
      for (const id of notice.ids ?? []) touched.current.add(id);
      timer.current ??= setTimeout(relist, RELIST_MS);
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => {
      live = false;
      browser.runtime.onMessage.removeListener(onMessage);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [initial.origin]);

  const [confirming, setConfirming] = useState<string | null>(null);
  const onDelete = (id: string) => {
    setConfirming(null);
    const status = view.uploads.find((u) => u.id === id)?.status ?? 'captured';
    setPending((p) => new Map(p).set(id, status));
    setErrors((e) => {
      const next = new Map(e);
      next.delete(id);
      return next;
    });
    (browser.runtime.sendMessage({ type: 'delete', ids: [id] }) as Promise<unknown>).catch((e: unknown) => {
      setPending((p) => {
        const next = new Map(p);
        next.delete(id);
        return next;
      });
      setErrors((m) => new Map(m).set(id, errorText(e)));
    });
  };

  const host = hostOf(view.origin);
  const lastProblem = view.problems.at(-1);
  return (
    <section aria-labelledby="site-title">
      <h2 id="site-title">{t('popupUploadsOn', [host])}</h2>
      <NeverUploadToggle site={view.origin} />
      {lastProblem && (
        <p class="problem" role="alert">
          {t('popupProblems', [view.problems.length, lastProblem.reason])}
        </p>
      )}
      {view.uploads.length ? (
        <UploadList uploads={asItems(view.uploads)} label={t('popupUploadsOn', [host])} del={{ onDelete, confirming, onConfirming: setConfirming, pending: new Set(pending.keys()), errors }} />
      ) : (
        <div class="empty">
          <h3>{t('popupEmptyTitle')}</h3>
          <p>{t('popupEmptyBody')}</p>
        </div>
      )}
    </section>
  );
}
