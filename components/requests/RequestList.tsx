import { isDue } from '@/utils/erasure/requests';
import type { ErasureRequest, IsoDate } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import { dueText, hostsOf, stateText } from './request-text';

export interface RequestListProps {
  /** Already in display order (overdue first, then newest). */
  requests: readonly ErasureRequest[];
  selectedId: string | undefined;
  today: IsoDate;
  onSelect(id: string): void;
}

/** The user's requests as links to #<id>: keyboard, history and bookmarks work as for any link. */
export function RequestList({ requests, selectedId, today, onSelect }: RequestListProps) {
  return (
    <nav class="request-list" aria-label={t('requestsListLabel')}>
      <ul>
        {requests.map((r) => {
          const overdue = isDue(r, today);
          const due = dueText(r, today);
          const current = r.id === selectedId;
          return (
            <li key={r.id} data-request-id={r.id} data-state={r.state} data-overdue={overdue ? 'true' : undefined} class={overdue ? 'overdue' : undefined}>
              <a
                href={`#${encodeURIComponent(r.id)}`}
                aria-current={current ? 'true' : undefined}
                onClick={(e) => {
                  if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
                  e.preventDefault();
                  onSelect(r.id);
                }}
              >
                <span class="req-hosts">{hostsOf(r)}</span>{' '}
                {overdue && (
                  <span class="overdue-mark">
                    <span aria-hidden="true">⚠ </span>
                    {t('requestOverdueMark')}
                  </span>
                )}{' '}
                <span class="req-line">
                  <span class="req-state">{stateText(r)}</span> · {t('requestFileCount', [r.itemIds.length.toLocaleString()])}
                </span>{' '}
                {due && <span class="req-line req-due">{due}</span>}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
