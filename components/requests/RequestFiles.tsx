import { siteName } from '../upload-text';
import { useMemo } from 'preact/hooks';
import type { ErasureItem } from '@/utils/erasure/types';
import { hostOf } from '@/utils/format';
import { reporterOf } from '@/utils/reporters';
import { t } from '@/utils/i18n';
import type { UploadRecord } from '@/utils/records';
import { formatDateTime, statusLabel } from '../upload-text';

/** A request may hold 10,000 files: this many are listed, the letter and the exports have them all. */
export const FILES_SHOWN = 200;
/** Longer lists start folded. */
const OPEN_UP_TO = 10;

export interface RequestFilesProps {
  items: ErasureItem[];
  records: UploadRecord[];
  /** Files of the request no longer in the ledger. */
  missing: number;
  /** Records another site reported, held back from the letter until the user picks them (ErasureRequest.heldBack). */
  held?: UploadRecord[];
  /** The user picks (true) or drops (false) a reported file for the letter. */
  onInclude?(id: string, included: boolean): void;
}

/** The files the request is about: name, address (or mxc URI), upload time, and their status now. */
export function RequestFiles({ items, records, missing, held = [], onInclude }: RequestFilesProps) {
  const status = useMemo(() => new Map(records.map((r) => [r.id, r.status])), [records]);
  const byId = useMemo(() => new Map(records.map((r) => [r.id, r])), [records]);
  const hosts = useMemo(() => [...new Set(items.map((i) => hostOf(i.instanceOrigin)))].join(', '), [items]);
  const shown = items.slice(0, FILES_SHOWN);
  return (
    <section class="request-files" aria-labelledby="files-title">
      <h3 id="files-title">{t('requestFilesHeading')}</h3>
      {missing > 0 && <p class="note">{t('requestFilesMissing', [missing.toLocaleString()])}</p>}
      {items.length > 0 && (
        <details open={items.length <= OPEN_UP_TO}>
          <summary>{t('requestFilesSummary', [items.length.toLocaleString(), hosts])}</summary>
          <ul class="file-list">
            {shown.map((item) => {
              const s = status.get(item.id);
              const mxc = item.mxc ?? (item.platform === 'matrix' ? item.key : undefined);
              return (
                <li key={item.id} data-item-id={item.id} data-status={s}>
                  <span class="name">{item.fileName || t('unnamedFile')}</span>
                  {s && <span class={`status status-${s}`}>{statusLabel(s)}</span>}
                  <Reported record={byId.get(item.id)} included onInclude={onInclude} />
                  <span class="break file-url">{item.url}</span>
                  {mxc && (
                    <span class="break file-mxc">
                      {t('requestFileMxc')}: {mxc}
                    </span>
                  )}
                  <time class="hint" dateTime={new Date(item.uploadedAt).toISOString()}>
                    {formatDateTime(item.uploadedAt)}
                  </time>
                </li>
              );
            })}
          </ul>
          {items.length > shown.length && <p class="hint" data-field="more-files">{t('requestFilesMore', [(items.length - shown.length).toLocaleString()])}</p>}
        </details>
      )}
      {held.length > 0 && (
        <div class="held-back" data-field="held-back">
          <h4>{t('requestHeldHeading')}</h4>
          <p class="hint">{t('requestHeldHint')}</p>
          <ul class="file-list">
            {held.slice(0, FILES_SHOWN).map((r) => (
              <li key={r.id} data-item-id={r.id} data-status={r.status} data-held="">
                <span class="name">{r.fileName || t('unnamedFile')}</span>
                <span class={`status status-${r.status}`}>{statusLabel(r.status)}</span>
                <Reported record={r} included={false} onInclude={onInclude} />
                <span class="break file-url">{r.url}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** "reported by site.example", with the box that puts the file into the letter or takes it out again. */
function Reported({ record, included, onInclude }: { record: UploadRecord | undefined; included: boolean; onInclude?(id: string, included: boolean): void }) {
  const reporter = record && reporterOf(record);
  if (!record || !reporter) return null;
  return (
    <label class="reported-by">
      <input type="checkbox" name="include-reported" checked={included} disabled={!onInclude} onChange={(e) => onInclude?.(record.id, e.currentTarget.checked)} />{' '}
      {t('reportedBy', [siteName(reporter)])} · {t('requestIncludeReported')}
    </label>
  );
}
