import type { SiteView } from '@/utils/messages';
import { hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';
import { NeverUploadToggle } from './NeverUploadToggle';
import { UploadList } from './UploadList';

/** The popup's body: what was uploaded from one site, or why there is nothing to show. */
export function SitePanel({ view }: { view: SiteView }) {
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
        <UploadList uploads={view.uploads} label={t('popupUploadsOn', [host])} />
      ) : (
        <div class="empty">
          <h3>{t('popupEmptyTitle')}</h3>
          <p>{t('popupEmptyBody')}</p>
        </div>
      )}
    </section>
  );
}
