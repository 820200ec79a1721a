import { useState } from 'preact/hooks';
import { daysBetween, followUpReplyBy, isIsoDate } from '@/utils/erasure/deadlines';
import { awaitedBy, isDue } from '@/utils/erasure/requests';
import type { Contact, ErasureRequest, IsoDate, SentVia } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import { useAction } from './hooks';
import { OutcomeLine } from './OutcomeLine';
import { formatDay, formatDayOf, send, SENT_VIA, VIA_LABEL, viaFor } from './request-text';

export interface SentTrackingProps {
  request: ErasureRequest;
  recipient: Contact | undefined;
  today: IsoDate;
  onRequest(r: ErasureRequest): void;
  /** Saves waiting in the editor, sent before the request is marked. */
  beforeSend(): Promise<void>;
}

const contactText = (c: Contact) => (c.label && c.label !== c.value ? `${c.label} (${c.value})` : c.value);

/** Mark as sent (date, channel), then the deadlines that follow from it. */
export function SentTracking({ request: r, recipient, today, onRequest, beforeSend }: SentTrackingProps) {
  const [sentOn, setSentOn] = useState<IsoDate>(r.sentOn ?? today);
  const [via, setVia] = useState<SentVia>(r.sentVia ?? viaFor(recipient));
  const [badDate, setBadDate] = useState(false);
  const action = useAction();
  const overdue = isDue(r, today);
  const by = awaitedBy(r);

  const markSent = async () => {
    if (!isIsoDate(sentOn) || daysBetween(sentOn, today) < 0) return setBadDate(true);
    setBadDate(false);
    await beforeSend();
    const updated = await action.run(
      () => send<ErasureRequest>({ type: 'erasure-sent', id: r.id, sentOn, sentVia: via, ...(recipient && { recipient }) }),
      t('requestWorking'),
      t('requestDone'),
    );
    if (updated) onRequest(updated);
  };

  return (
    <section class="tracking" aria-labelledby="tracking-title">
      <h3 id="tracking-title">{t('trackHeading')}</h3>
      {r.sentOn && r.state !== 'draft' && (
        <div class="sent-facts">
          <p data-field="sent">{t('trackSentSummary', [formatDay(r.sentOn), t(VIA_LABEL[r.sentVia ?? 'other'])])}</p>
          {r.recipient && <p data-field="sent-to">{t('trackSentTo', [contactText(r.recipient)])}</p>}
          {r.dueOn && <p data-field="due-on">{t('trackDueOn', [formatDay(r.dueOn)])}</p>}
          {r.extendedDueOn && <p data-field="extended-due-on">{t('trackExtendedDue', [formatDay(r.extendedDueOn)])}</p>}
          {r.followUpOn && <p data-field="follow-up-on">{t('trackFollowUpSent', [formatDay(r.followUpOn), formatDay(followUpReplyBy(r.followUpOn))])}</p>}
          {overdue && by && (
            <p class="notice-overdue" data-field="overdue">
              <span aria-hidden="true">⚠ </span>
              {t('trackOverdue', [formatDay(by)])}
            </p>
          )}
        </div>
      )}
      {r.state === 'resolved' && r.resolvedAt !== undefined && <p data-field="resolved">{t('trackResolved', [formatDayOf(r.resolvedAt)])}</p>}
      {r.state !== 'resolved' && (
        <form
          name="mark-sent-form"
          class="mark-sent"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void markSent();
          }}
        >
          {r.state === 'draft' && <p class="hint">{t('trackHint')}</p>}
          <div class="inline-fields">
            <div class="field">
              <label for="sent-on">{t('trackSentOn')}</label>
              <input
                id="sent-on"
                name="sent-on"
                type="date"
                required
                max={today}
                value={sentOn}
                aria-invalid={badDate ? 'true' : undefined}
                aria-describedby={badDate ? 'sent-on-error' : undefined}
                onInput={(e) => setSentOn(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="sent-via">{t('trackSentVia')}</label>
              <select id="sent-via" name="sent-via" value={via} onChange={(e) => setVia(e.currentTarget.value as SentVia)}>
                {SENT_VIA.map((v) => (
                  <option key={v} value={v}>
                    {t(VIA_LABEL[v])}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {badDate && (
            <p id="sent-on-error" class="problem" role="alert">
              {t('trackDateInvalid')}
            </p>
          )}
          <button type="submit" name="mark-sent" class="secondary-button" disabled={action.busy}>
            {r.state === 'draft' ? t('trackMarkSent') : t('trackMarkSentAgain')}
          </button>
          <OutcomeLine outcome={action.outcome} name="mark-sent" />
        </form>
      )}
    </section>
  );
}
