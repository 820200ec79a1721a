import type { Outcome } from './hooks';

/**
 * Where an action's progress and result are told. The status region is always in the page (screen readers announce
 * changes of a live region that already exists); a failure is an alert.
 */
export function OutcomeLine({ outcome, name }: { outcome: Outcome; name: string }) {
  return (
    <>
      <p class="outcome" role="status" data-outcome={name} aria-busy={outcome.kind === 'busy' ? 'true' : undefined}>
        {outcome.kind === 'busy' || outcome.kind === 'done' ? outcome.text : ''}
      </p>
      {outcome.kind === 'failed' && (
        <p class="problem" role="alert" data-outcome-error={name}>
          {outcome.text}
        </p>
      )}
    </>
  );
}
