import { deleteTargetLabel, fileLabel, siteName } from '../upload-text';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { hostOf } from '@/utils/format';
import { reporterOf, unvouched, vouchedFor, type FrontEnds } from '@/utils/reporters';
import { t } from '@/utils/i18n';
import type { Item } from '@/utils/items';
import type { UploadRecord } from '@/utils/records';
import { LiveFile } from '../LiveFile';

const fmt = (n: number) => n.toLocaleString();

// Items (utils/items.ts): a file with its thumbnails, which the delete removes with it.
export type Confirm = { kind: 'selected'; ids: string[]; records: Item[] } | { kind: 'instance'; ids: string[]; records: Item[]; origin: string };

export interface ConfirmDeleteProps {
  confirm: Confirm;
  frontEnds: FrontEnds;
  /** The user vouched, in this dialog that names both, for a site as a front end of an instance. */
  onConfirmFrontEnd(instanceOrigin: string, reporter: string): void;
  onCancel(): void;
  /** Deletes these (the ones the dialog shows as included). */
  onConfirm(ids: string[]): void;
}

/**
 * The confirmation before any delete. One file: the file as its instance serves it now, its name, and who reported it.
 * Several: how many, which reports of other sites are left out (each with the button that names both origins), and what
 * deleting cannot do on each platform. The background applies the same rule (router.ts), so what is shown is what runs.
 */
export function ConfirmDelete({ confirm, frontEnds, onConfirmFrontEnd, onCancel, onConfirm }: ConfirmDeleteProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(document.activeElement);
  useLayoutEffect(() => {
    const d = dialog.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
    cancel.current?.focus();
    const back = opener.current;
    return () => {
      // The button that opened it may be gone with the status it was for (Delete): the detail's heading then.
      if (back instanceof HTMLElement && back.isConnected) back.focus();
      else document.getElementById('detail-title')?.focus();
    };
  }, []);
  const single = confirm.records.length === 1 ? confirm.records[0]! : null;
  const included = single ? confirm.records : confirm.records.filter((r) => vouchedFor(r, frontEnds));
  const leftOut = single ? [] : unvouched(confirm.records, frontEnds);
  const count = included.length;
  const hasLemmy = included.some((r) => r.platform === 'lemmy');
  const hasMatrix = included.some((r) => r.platform === 'matrix');
  const host = confirm.kind === 'instance' ? hostOf(confirm.origin) : '';
  const name = single ? single.fileName || t('unnamedFile') : '';
  const reporter = single && reporterOf(single);
  const title = single ? t('confirmOneTitle', [name]) : confirm.kind === 'instance' ? t('confirmInstanceTitle', [host]) : count ? `${deleteTargetLabel(included)}?` : t('confirmTitle', [fmt(0)]);
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      data-kind={confirm.kind}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <div id="confirm-body">
        {single ? (
          <>
            <p>{t('confirmOneBody', [name, hostOf(single.instanceOrigin)])}</p>
            {reporter && (
              <p class="note note-reported" data-field="reported-by">
                <strong>{t('reportedBy', [siteName(reporter)])}</strong> — {t('confirmOneReported', [siteName(reporter), hostOf(single.instanceOrigin)])}
              </p>
            )}
            <LiveFile record={single} />
            {single.thumbnails?.length ? (
              <p class="note" data-field="with-thumbnails">
                {t('confirmWithThumbnails', [single.thumbnails.map((th) => th.url).join(', ')])}
              </p>
            ) : null}
          </>
        ) : (
          <>
            <p>{count ? t('confirmBody', [fmt(count)]) : t('confirmNothing', [host || hostOf(confirm.records[0]?.instanceOrigin ?? '')])}</p>
            {count > 0 && <FileNames records={included} />}
          </>
        )}
        {leftOut.map((l) => (
          <div key={`${l.instanceOrigin} ${l.reporter}`} class="note note-left-out" data-reporter={l.reporter}>
            <p>{t('confirmLeftOut', [fmt(l.count), siteName(l.reporter), hostOf(l.instanceOrigin)])}</p>
            {/* A sandboxed frame has no site to vouch for: its reports can only be acted on one at a time. */}
            {l.reporter !== 'null' && (
              <button type="button" name="confirm-front-end" class="secondary-button" onClick={() => onConfirmFrontEnd(l.instanceOrigin, l.reporter)}>
                {t('confirmFrontEnd', [siteName(l.reporter), hostOf(l.instanceOrigin), fmt(l.count)])}
              </button>
            )}
          </div>
        ))}
        {confirm.kind === 'instance' && hasLemmy && <p class="note note-lemmy-account">{t('confirmLemmyAccount')}</p>}
        {hasLemmy && <p class="note note-lemmy">{t('confirmLemmyCopies')}</p>}
        {hasMatrix && <p class="note note-matrix">{t('confirmMatrixRedact')}</p>}
      </div>
      <div class="actions">
        <button ref={cancel} type="button" name="confirm-cancel" class="secondary-button" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="button" name="confirm-delete" class="danger-button" disabled={!count} onClick={() => onConfirm(included.map((r) => r.id))}>
          {single ? t('confirmDeleteOne', [name]) : count ? deleteTargetLabel(included) : t('confirmDelete', [fmt(0)])}
        </button>
      </div>
    </dialog>
  );
}

const LISTED = 8;

/** The files a delete of several acts on, by name: the first few, then how many more. */
function FileNames({ records }: { records: readonly Item[] }) {
  const shown = records.slice(0, LISTED);
  return (
    <div class="confirm-files" data-field="file-names">
      <p>{t('confirmFileList')}</p>
      <ul>
        {shown.map((r) => (
          <li key={r.id}>
            {fileLabel(r)}
            {r.thumbnails?.length ? ` · ${t('withThumbnail')}` : ''} · {hostOf(r.instanceOrigin)}
          </li>
        ))}
        {records.length > LISTED && <li>{t('confirmMoreFiles', [fmt(records.length - LISTED)])}</li>}
      </ul>
    </div>
  );
}
