import { t } from '@/utils/i18n';

const fmt = (n: number) => n.toLocaleString();

// `name` on a link is valid HTML (kept for the e2e tests' selectors) but absent from preact's anchor type.
const REQUESTS_LINK_NAME = { name: 'requests-link' };

/** The link to the erasure requests, with a count of the ones past their deadline. */
export function RequestsLink({ due }: { due: number }) {
  return (
    <a class="requests-link" {...REQUESTS_LINK_NAME} href="requests.html" data-due={due}>
      {t('requestsLink')}
      {due > 0 && (
        <>
          <span class="count-pill" aria-hidden="true">
            {fmt(due)}
          </span>
          <span class="visually-hidden"> ({due === 1 ? t('requestsDueOne') : t('requestsDueMany', [fmt(due)])})</span>
        </>
      )}
    </a>
  );
}

