import { useEffect, useRef } from 'preact/hooks';
import { reporterOf } from '@/utils/reporters';
import type { UploadView } from '@/utils/records';
import { LiveFile } from './LiveFile';
import { formatBytes, formatTime, hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';
import { canDelete, fileLabel, KIND_LABEL, reasonText, siteName, statusLabel } from './upload-text';

export interface RowDelete {
  /** Asks the background to delete the record (after the row's confirmation). */
  onDelete(id: string): void;
  /** The row's confirmation is open: the file as the instance serves it, and Delete / Cancel. */
  confirming: boolean;
  onConfirming(open: boolean): void;
  /** A delete was asked for and its status has not moved yet. */
  pending: boolean;
  /** Why asking failed, if it did. */
  error?: string;
}

export function UploadRow({ upload, now, del }: { upload: UploadView; now: number; del?: RowDelete }) {
  const name = fileLabel(upload);
  const details = [
    t(KIND_LABEL[upload.kind]),
    formatBytes(upload.size),
    t('uploadedTo', [hostOf(upload.instanceOrigin)]),
    upload.roomId ? t('inRoom', [upload.roomId]) : '',
    upload.encrypted ? t('encrypted') : '',
  ].filter(Boolean);
  const reason = reasonText(upload);
  const reasonId = `reason-${upload.id}`;
  const deletable = canDelete(upload);
  return (
    <li class="upload" data-id={upload.id} data-key={upload.key} data-status={upload.status}>
      {upload.thumb ? (
        <img class="thumb" src={upload.thumb} alt={t('previewOf', [name])} width={48} height={48} />
      ) : (
        <span class="thumb placeholder" aria-hidden="true">
          {upload.mime?.split('/')[0]?.slice(0, 3) || 'file'}
        </span>
      )}
      <div class="meta">
        <span class="name" title={name}>
          {name}
        </span>
        <span class="details">{details.join(' · ')}</span>
        <time class="when" dateTime={new Date(upload.uploadedAt).toISOString()}>
          {formatTime(upload.uploadedAt, now)}
        </time>
        {reason && (
          <span class="reason" id={reasonId}>
            {reason}
          </span>
        )}
        {del?.error && (
          <span class="reason problem-text" role="alert">
            {t('deleteRequestFailed', [del.error])}
          </span>
        )}
      </div>
      <div class="row-side">
        <span class={`status status-${upload.status}`}>{statusLabel(upload.status)}</span>
        {del && (deletable || upload.status === 'deleting') && (
          <button
            type="button"
            name="delete"
            class="small-button delete"
            data-id={upload.id}
            disabled={del.pending || upload.status === 'deleting'}
            aria-label={t('deleteNamed', [name])}
            aria-describedby={reason ? reasonId : undefined}
            aria-expanded={del.confirming}
            onClick={() => del.onConfirming(!del.confirming)}
          >
            {upload.status === 'deleting' || del.pending ? t('deletingShort') : upload.status === 'captured' ? t('deleteAction') : t('retryAction')}
          </button>
        )}
      </div>
      {del?.confirming && <RowConfirm upload={upload} name={name} onDelete={() => del.onDelete(upload.id)} onCancel={() => del.onConfirming(false)} />}
    </li>
  );
}

/**
 * Before a delete: the file as its instance serves it now, and who reported it when that was not the instance itself,
 * so the user sees what the delete removes (issue 11). Cancel has the focus; Escape cancels.
 */
function RowConfirm({ upload, name, onDelete, onCancel }: { upload: UploadView; name: string; onDelete(): void; onCancel(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const reporter = reporterOf(upload);
  const host = hostOf(upload.instanceOrigin);
  return (
    <div
      class="row-confirm"
      role="group"
      aria-label={t('confirmOneTitle', [name])}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <p>{t('confirmOneBody', [name, host])}</p>
      {reporter && (
        <p class="note note-reported" data-field="reported-by">
          <strong>{t('reportedBy', [siteName(reporter)])}</strong> — {t('confirmOneReported', [siteName(reporter), host])}
        </p>
      )}
      <LiveFile record={upload} />
      <div class="actions">
        <button ref={cancel} type="button" name="confirm-cancel" class="small-button" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="button" name="confirm-delete" class="small-button delete" onClick={onDelete}>
          {t('confirmDeleteOne', [name])}
        </button>
      </div>
    </div>
  );
}
