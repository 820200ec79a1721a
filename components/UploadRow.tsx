import type { UploadView } from '@/utils/records';
import { formatBytes, formatTime, hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';
import { canDelete, KIND_LABEL, reasonText, statusLabel } from './upload-text';

export interface RowDelete {
  /** Asks the background to delete the record. */
  onDelete(id: string): void;
  /** A delete was asked for and its status has not moved yet. */
  pending: boolean;
  /** Why asking failed, if it did. */
  error?: string;
}

export function UploadRow({ upload, now, del }: { upload: UploadView; now: number; del?: RowDelete }) {
  const name = upload.fileName ?? t('unnamedFile');
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
            onClick={() => del.onDelete(upload.id)}
          >
            {upload.status === 'deleting' || del.pending ? t('deletingShort') : upload.status === 'captured' ? t('deleteAction') : t('retryAction')}
          </button>
        )}
      </div>
    </li>
  );
}
