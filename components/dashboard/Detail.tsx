import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { hostOf } from '@/utils/format';
import { reporterOf } from '@/utils/reporters';
import { RemoveReporter } from './CapturePauses';
import { t } from '@/utils/i18n';
import type { Item } from '@/utils/items';
import type { UploadRecord } from '@/utils/records';
import { canDelete, canRetry, fileLabel, formatDateTime, guidanceText, KIND_LABEL, needsLogin, platformName, RECHECKABLE, siteName, statusLabel, viaText } from '../upload-text';

/** Where to sign in for this file's next try (the platform knows: lemmy-ui's login page, the Element page), in a tab. */
function useSignInUrl(r: UploadRecord): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const wanted = needsLogin(r);
  useEffect(() => {
    setUrl(null);
    if (!wanted) return;
    let live = true;
    (browser.runtime.sendMessage({ type: 'sign-in-url', id: r.id }) as Promise<{ url?: unknown } | undefined>).then(
      (a) => live && setUrl(typeof a?.url === 'string' && /^https?:\/\//.test(a.url) ? a.url : r.instanceOrigin),
      () => live && setUrl(r.instanceOrigin),
    );
    return () => {
      live = false;
    };
  }, [r.id, wanted]);
  return url;
}

/**
 * A button the user pressed here can go away once the status changes (Delete turns into Check again), and so can the
 * confirmation that was opened from it: the focus would fall to the page's body, and a keyboard user would start again
 * from the top. It moves to the detail's heading instead. Where the focus was is kept for the page, not per mount: the
 * detail is drawn again for the new status.
 */
let focusWasHere = false;
let watchingFocus = false;
function useFocusKept() {
  useEffect(() => {
    if (watchingFocus) return;
    watchingFocus = true;
    document.addEventListener('focusin', (e) => {
      focusWasHere = e.target instanceof Element && !!e.target.closest('.detail, dialog.confirm');
    });
    // A click on nothing in particular: the user let go of the focus (a removed button is no longer connected).
    document.addEventListener('focusout', (e) => {
      const from = e.target;
      queueMicrotask(() => {
        if (from instanceof Element && from.isConnected && !from.closest('dialog.confirm') && document.activeElement === document.body) focusWasHere = false;
      });
    });
  }, []);
  useEffect(() => {
    const lost = document.activeElement === document.body || document.activeElement === null;
    if (focusWasHere && lost) document.getElementById('detail-title')?.focus();
  });
}

/** Everything about the row the keyboard is on, with what can be done about it. */
export function Detail({
  record: r,
  onDelete,
  onRetry,
  onRecheck,
  onDraftErasure,
  drafting,
  checking,
  vouched = true,
  reportedBy = () => 0,
  onRemoveReporter = () => {},
  onImport,
  onForget,
}: {
  /** The row's item: the file, with its thumbnails when it has any (utils/items.ts). */
  record: Item;
  /** How many records a reporting origin left, and removing them all (issue 11 §3). */
  reportedBy?(origin: string): number;
  onRemoveReporter?(origin: string): void;
  /** Its reporting site (when not the instance) is one the user confirmed as a front end there. */
  vouched?: boolean;
  onDelete(): void;
  onRetry(): void;
  onRecheck(): void;
  onDraftErasure(): void;
  /** An upload whose key Takeback never saw: import the account's uploads from its instance, or drop the entry. */
  onImport?(instanceOrigin: string): void;
  onForget?(): void;
  drafting: boolean;
  checking: boolean;
}) {
  const name = fileLabel(r);
  const host = hostOf(r.instanceOrigin);
  const reporter = reporterOf(r);
  const signIn = useSignInUrl(r);
  useFocusKept();
  return (
    <section class="detail" aria-labelledby="detail-title" data-id={r.id} data-status={r.status}>
      <h2 id="detail-title" title={name} tabIndex={-1}>
        {name}
      </h2>
      <p>
        <span class={`status status-${r.status}`}>{statusLabel(r.status)}</span>
      </p>
      <div class="guidance">
        {guidanceText(r).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      {r.conflictOf !== undefined && (
        <p class="problem" data-field="conflict-note">
          {t('conflictExplain')}
        </p>
      )}
      {reporter && !vouched && (
        <p class="hint" data-field="reported-note">
          {t('reportedByNote', [siteName(reporter), host])}
        </p>
      )}
      {reporter && (
        <p>
          <RemoveReporter origin={reporter} count={reportedBy(reporter)} onRemove={onRemoveReporter} />
        </p>
      )}
      {r.status === 'needs-admin' && (
        <p class="hint" data-field="erasure-hint">
          {t('needsAdminRequestHint')}
        </p>
      )}
      <dl class="facts">
        <dt>{t('factKind')}</dt>
        <dd>
          {t(KIND_LABEL[r.kind])} · {platformName(r.platform)}
          {r.encrypted && <span data-field="encrypted"> · {t('encrypted')}</span>}
        </dd>
        <dt>{t('factInstance')}</dt>
        <dd>{host}</dd>
        {r.thumbnails?.map((th) => (
          <Fragment key={th.id}>
            <dt>{t('factThumbnail')}</dt>
            <dd class="break" data-field="thumbnail" data-status={th.status}>
              {t('thumbnailStatus', [statusLabel(r.fileStatus ?? r.status), statusLabel(th.status)])}
              <br />
              {th.url}
            </dd>
          </Fragment>
        ))}
        {reporter && (
          <>
            <dt>{t('factReportedBy')}</dt>
            <dd data-field="reported-by">{t('reportedBy', [siteName(reporter)])}</dd>
          </>
        )}
        <dt>{t('factUploadedAt')}</dt>
        <dd>{formatDateTime(r.uploadedAt)}</dd>
        {r.status === 'key-unknown' ? (
          <>
            <dt>{t('factSentTo')}</dt>
            <dd class="break" data-field="sent-to">{r.sentTo}</dd>
            <dt>{t('factSentBy')}</dt>
            <dd>{viaText(r.unseenVia)}</dd>
          </>
        ) : (
          <>
            <dt>{t('factAddress')}</dt>
            <dd class="break">{r.url}</dd>
          </>
        )}
        {r.roomId && (
          <>
            <dt>{t('factRoom')}</dt>
            <dd class="break">{r.roomId}</dd>
          </>
        )}
        {r.eventId && (
          <>
            <dt>{t('factEvent')}</dt>
            <dd class="break">{r.eventId}</dd>
          </>
        )}
      </dl>
      <div class="actions">
        {needsLogin(r) && (
          <button type="button" name="open-instance" class="secondary-button" disabled={!signIn} onClick={() => signIn && void browser.tabs.create({ url: signIn })}>
            {t('signInOn', [signIn ? hostOf(signIn) : host])}
          </button>
        )}
        {r.status === 'captured' && (
          <button type="button" name="delete-one" class="danger-button" onClick={onDelete}>
            {t('deleteNamed', [name])}
          </button>
        )}
        {(canRetry(r) || ((r.status === 'still-online' || r.status === 'deleted-unverified') && canDelete(r))) && (
          <button type="button" name="retry-one" class="secondary-button" onClick={onRetry}>
            {t('retryNamed', [name])}
          </button>
        )}
        {RECHECKABLE.has(r.status) && (
          <button type="button" name="recheck-one" class="secondary-button" disabled={checking} onClick={onRecheck}>
            {t('checkAgain')}
          </button>
        )}
        {r.status === 'key-unknown' && r.platform === 'lemmy' && onImport && (
          <button type="button" name="import-one" class="secondary-button" onClick={() => onImport(r.instanceOrigin)}>
            {t('importFrom', [host])}
          </button>
        )}
        {r.status === 'key-unknown' && onForget && (
          <button type="button" name="forget-unseen" class="secondary-button" onClick={onForget}>
            {t('forgetUnseen')}
          </button>
        )}
        {r.status === 'needs-admin' && (
          <button type="button" name="draft-erasure-one" class="secondary-button" disabled={drafting} onClick={onDraftErasure}>
            {t('draftErasureOne')}
          </button>
        )}
      </div>
    </section>
  );
}

