import { hostOf } from '@/utils/format';
import { reporterOf } from '@/utils/reporters';
import { t } from '@/utils/i18n';
import type { Item } from '@/utils/items';
import { fileLabel, formatDateTime, KIND_LABEL, platformName, reasonText, siteName, statusLabel } from './upload-text';

export const ROW_HEIGHT = 88;

// Shift+Space toggles a range too: the click a Space press makes does not carry the Shift key everywhere.
let shiftSpace = false;

export interface DashboardRowProps {
  upload: Item;
  /** Its preview (data URL), when it has one and it has been read. */
  thumb?: string | null;
  selected: boolean;
  /** The row the keyboard is on: its checkbox is the grid's Tab stop. */
  active: boolean;
  /** Checkbox toggled; range: with Shift (click or Space), from the last toggled row to this one. */
  onToggle(range: boolean): void;
  /** Its reporting site (when not the instance itself) is one the user confirmed as a front end there. */
  vouched?: boolean;
}

/** One upload in the dashboard's grid: a selection cell and a cell with its preview, facts and status. */
export function DashboardRow({ upload: r, thumb, selected, active, onToggle, vouched = true }: DashboardRowProps) {
  const name = fileLabel(r);
  const host = hostOf(r.instanceOrigin);
  const reporter = reporterOf(r);
  const reason = reasonText(r);
  const where = [
    r.roomId ? t('inRoom', [r.roomId]) : '',
    r.eventId ? t('inEvent', [r.eventId]) : '',
    r.source === 'import' ? t('importedLabel') : '',
  ].filter(Boolean);
  return (
    <>
      <div role="gridcell" class="cell-check">
        <input
          type="checkbox"
          name="select"
          data-row-focus=""
          tabIndex={active ? 0 : -1}
          checked={selected}
          aria-label={t('selectNamed', [name])}
          onKeyDown={(e) => {
            if (e.key === ' ') shiftSpace = e.shiftKey;
          }}
          onClick={(e) => {
            onToggle(e.shiftKey || shiftSpace);
            shiftSpace = false;
          }}
        />
      </div>
      <div role="gridcell" class="cell-main">
        {thumb ? (
          <img class="thumb" src={thumb} alt="" width={48} height={48} decoding="async" />
        ) : (
          <span class="thumb placeholder" aria-hidden="true">
            {r.mime?.split('/')[0]?.slice(0, 3) || 'file'}
          </span>
        )}
        <div class="meta">
          <span class="name" title={name}>
            {name}
          </span>
          <span class="line">
            {t(KIND_LABEL[r.kind])} · {platformName(r.platform)}
            {r.encrypted && <span data-field="encrypted"> · {t('encrypted')}</span>}
            {r.thumbnails && <span data-field="with-thumbnail"> · {t('withThumbnail')}</span>} · <span class="host">{host}</span>
            {r.conflictOf !== undefined && <span data-field="conflict" class="problem-text"> · {t('conflictMark')}</span>}
            {reporter && (
              <>
                {' · '}
                <span class="reported-by" data-vouched={vouched ? 'true' : 'false'}>
                  {t('reportedBy', [siteName(reporter)])}
                </span>
              </>
            )}
          </span>
          <span class="line" title={where.join(' · ') || undefined}>
            <time dateTime={new Date(r.uploadedAt).toISOString()}>{formatDateTime(r.uploadedAt)}</time>
            {where.length ? ` · ${where.join(' · ')}` : ''}
          </span>
          <span class="line status-line">
            <span class={`status status-${r.status}`}>{statusLabel(r.status)}</span>
            {reason && (
              <span class="reason" title={reason}>
                {reason}
              </span>
            )}
          </span>
        </div>
      </div>
    </>
  );
}
