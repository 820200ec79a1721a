import { siteName } from '../upload-text';
import { useState } from 'preact/hooks';
import type { CapturePause } from '@/utils/capture-limits';
import { hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';

const fmt = (n: number) => n.toLocaleString();

/** Sites whose recording paused (too many uploads reported), each with "keep recording" and "remove what it reported". */
export function CapturePauses({ pauses, reportedBy, onResume, onRemove }: {
  pauses: CapturePause[];
  /** How many records a reporting origin left in the ledger. */
  reportedBy(origin: string): number;
  onResume(origin: string): void;
  onRemove(origin: string): void;
}) {
  if (!pauses.length) return null;
  return (
    <section class="problem captures-paused" data-notice="captures-paused" aria-labelledby="paused-title">
      <h2 id="paused-title">{t('dashPausedTitle', [pauses.map((p) => siteName(p.origin)).join(', ')])}</h2>
      {pauses.map((p) => (
        <div key={p.origin} data-origin={p.origin}>
          <p>{t('dashPausedBody', [siteName(p.origin), fmt(p.limit), t(p.per === 'hour' ? 'pausePerHour' : 'pausePerDay')])}</p>
          <span class="actions">
            <button type="button" name="keep-recording" class="small-button" onClick={() => onResume(p.origin)}>
              {t('keepRecordingFrom', [siteName(p.origin)])}
            </button>
            <RemoveReporter origin={p.origin} count={reportedBy(p.origin)} onRemove={onRemove} />
          </span>
        </div>
      ))}
    </section>
  );
}

/** "Remove everything reported by site.example", asked once more inline (it forgets keys, not files). */
export function RemoveReporter({ origin, count, onRemove }: { origin: string; count: number; onRemove(origin: string): void }) {
  const [asking, setAsking] = useState(false);
  const site = siteName(origin);
  if (!asking) {
    return (
      <button type="button" name="remove-reporter" class="small-button" disabled={!count} onClick={() => setAsking(true)}>
        {t('removeReporter', [site])}
      </button>
    );
  }
  return (
    <span class="confirm-inline" role="group" aria-label={t('removeReporter', [site])}>
      <span>{t('removeReporterConfirm', [fmt(count), site])}</span>{' '}
      <button type="button" name="confirm-remove-reporter" class="small-button danger-button" onClick={() => (setAsking(false), onRemove(origin))}>
        {t('removeReporterYes', [fmt(count)])}
      </button>{' '}
      <button type="button" name="cancel-remove-reporter" class="small-button" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </span>
  );
}
