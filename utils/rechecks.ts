import type { DeleteService } from './delete-service';
import type { Ledger } from './ledger';
import type { UploadRecord } from './records';

export const RECHECK_ALARM = 'recheck';

interface Alarms {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<unknown>;
}

/** Keeps one alarm set for the earliest due re-check, and runs the due ones when it fires. */
export function createRechecks(
  ledger: Pick<Ledger, 'dueForCheck'>,
  deletions: Pick<DeleteService, 'recheck'>,
  alarms: Alarms,
  now = Date.now,
  /** Which records a check may act on with the user's login; the others move on to their next date unchecked. */
  allowed: () => Promise<(r: UploadRecord) => boolean> = async () => () => true,
) {
  let scheduling: Promise<void> | null = null;
  let again = false;

  async function schedule(): Promise<void> {
    // Many records change at once in a bulk run: one pass at a time, and one more if something changed meanwhile.
    if (scheduling) {
      again = true;
      return scheduling;
    }
    scheduling = (async () => {
      do {
        again = false;
        const { next } = await ledger.dueForCheck(-Infinity);
        if (next === null) await alarms.clear(RECHECK_ALARM);
        else await alarms.create(RECHECK_ALARM, { when: Math.max(next, now() + 1000) });
      } while (again);
    })().finally(() => (scheduling = null));
    return scheduling;
  }

  return {
    schedule,
    /** Probes every record whose re-check is due, then sets the alarm for the next one. */
    async runDue(): Promise<number> {
      const { due } = await ledger.dueForCheck(now());
      await deletions.recheck(due.map((r) => r.id), true, await allowed());
      await schedule();
      return due.length;
    },
  };
}
