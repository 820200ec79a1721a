import { MAX_RETRY_AFTER_MS, type DeleteOutcome, type DeleteStatus } from './deletion';
import type { JobRecord } from './records';

export interface BulkDeps {
  /** The instance origin of a record; null when the record is gone (the item is done, counted as skipped). */
  instanceOf(id: string): Promise<string | null>;
  /** One delete including its probe; persists the record's status itself. */
  deleteOne(id: string): Promise<DeleteOutcome>;
  saveJob(job: JobRecord): Promise<void>;
  /** Resolves after `ms`, or early (resolve or reject) once `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

export type BulkStatus = DeleteStatus | 'skipped';

export interface BulkCounts {
  /** Items of the job that are done, including those done by an earlier run. */
  done: number;
  total: number;
  /** Final statuses of the items finished in this run. */
  byStatus: Partial<Record<BulkStatus, number>>;
}

export interface BulkItemResult {
  id: string;
  /** null: the record was gone. */
  outcome: DeleteOutcome | null;
}

export interface BulkOptions {
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?(job: JobRecord, counts: BulkCounts, item: BulkItemResult): void;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_RETRY_AFTER_MS = 5_000;
export const SAVE_EVERY_MS = 500;
/** A 429 means the server did not act, so the same item may be sent again, up to this many times. */
export const MAX_RATE_LIMIT_RETRIES = 6;

/** Fake-time lower bound of a run: full waves of `concurrency` deletes. */
export function idealMs(n: number, concurrency: number, perItemMs: number): number {
  return Math.ceil(n / Math.max(1, concurrency)) * perItemMs;
}

const isRateLimited = (o: DeleteOutcome) => o.status === 'failed' && o.reason === 'rate-limited';

interface Item {
  id: string;
  index: number;
  retries: number;
}

/**
 * Deletes job.ids not yet in job.done, in order, with at most `concurrency` deletes in flight. Only a 429 is retried
 * (after pausing that instance); anything else is final, because a request that may have been processed must never be
 * re-sent blindly (Lemmy 0.19.0–0.19.11 drops its record even on a refused delete). Never throws because of one item;
 * a failing intermediate save is tolerated (the next save carries the same data), the final one is not.
 */
export async function runDeleteJob(job: JobRecord, deps: BulkDeps, opts: BulkOptions = {}): Promise<BulkCounts> {
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY));
  const signal = opts.signal;
  const done = new Set(job.done);
  const counts: BulkCounts = { done: job.ids.filter((id) => done.has(id)).length, total: new Set(job.ids).size, byStatus: {} };
  job.state = 'running';
  delete job.finishedAt;

  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  signal?.addEventListener('abort', notify);

  // Saves are coalesced, and nobody waits for them but the end of the run.
  let saving: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  const save = (): Promise<void> => {
    if (again) return again;
    if (!saving) {
      saving = deps.saveJob(job).catch(() => undefined).finally(() => (saving = null));
      return saving;
    }
    again = saving.then(() => {
      again = null;
      return save();
    });
    return again;
  };

  // Progress is saved (and so broadcast) at most every SAVE_EVERY_MS: a save copies the whole job, and one per item made
  // a 500-item run quadratic. A resumed job learns of later items from their records' own statuses (utils/jobs.ts).
  let lastSaveAt = -Infinity;
  let trailing: AbortController | null = null;
  const saveSoon = () => {
    const wait = lastSaveAt + SAVE_EVERY_MS - deps.now();
    if (wait <= 0) {
      lastSaveAt = deps.now();
      return void save();
    }
    if (trailing) return;
    const timer = (trailing = new AbortController());
    void deps.sleep(wait, timer.signal).then(() => {
      if (timer.signal.aborted) return;
      trailing = null;
      saveSoon();
    }, () => undefined);
  };

  const record = (item: Item, outcome: DeleteOutcome | null) => {
    const status: BulkStatus = outcome ? outcome.status : 'skipped';
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
    counts.done++;
    done.add(item.id);
    job.done.push(item.id);
  };
  const report = (item: Item, outcome: DeleteOutcome | null) => {
    try {
      opts.onProgress?.(job, { ...counts, byStatus: { ...counts.byStatus } }, { id: item.id, outcome });
    } catch {
      // A broken progress listener must not stop the deletes.
    }
  };

  // Per-instance queues, each in job order; the next item is the lowest index among instances not paused.
  const queues = new Map<string, Item[]>();
  const pausedUntil = new Map<string, number>();
  const todo = [...new Set(job.ids)].filter((id) => !done.has(id));
  const instances = await Promise.all(todo.map((id) => deps.instanceOf(id).then((o) => ({ o }), (e: unknown) => ({ e }))));
  const settled: Array<[Item, DeleteOutcome | null]> = [];
  for (const [index, id] of todo.entries()) {
    const found = instances[index]!;
    const item = { id, index, retries: 0 };
    if ('e' in found) settled.push([item, { status: 'failed', reason: 'unexpected-response', detail: message(found.e) }]);
    else if (found.o === null) settled.push([item, null]);
    else {
      const queue = queues.get(found.o) ?? [];
      queue.push(item);
      queues.set(found.o, queue);
    }
  }
  if (settled.length) {
    for (const [item, outcome] of settled) record(item, outcome);
    await save();
    for (const [item, outcome] of settled) report(item, outcome);
  }

  const inFlight = new Set<Promise<void>>();
  let unfinished = 0;
  const requeue = (instance: string, item: Item) => {
    const queue = queues.get(instance)!;
    const at = queue.findIndex((q) => q.index > item.index);
    queue.splice(at < 0 ? queue.length : at, 0, item);
  };
  const start = (instance: string, item: Item) => {
    const task = (async () => {
      let outcome: DeleteOutcome;
      try {
        outcome = await deps.deleteOne(item.id);
      } catch (e) {
        outcome = { status: 'failed', reason: 'unexpected-response', detail: message(e) };
      }
      if (outcome.status === 'deleting') {
        // Cut off mid-request (tab closed, browser quitting): not done; the resumed job looks before sending again.
        unfinished++;
      } else if (isRateLimited(outcome) && item.retries < MAX_RATE_LIMIT_RETRIES) {
        item.retries++;
        const wait = Math.min(Math.max(outcome.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS, 0), MAX_RETRY_AFTER_MS);
        pausedUntil.set(instance, Math.max(pausedUntil.get(instance) ?? 0, deps.now() + wait));
        requeue(instance, item);
      } else {
        // The slot is free before the job is saved: the record's own status is already committed, and a resumed job
        // skips records that reached a final status after it began (utils/jobs.ts).
        record(item, outcome);
        saveSoon();
        report(item, outcome);
      }
    })();
    inFlight.add(task);
    void task.finally(() => {
      inFlight.delete(task);
      notify();
    });
  };

  /** The next startable item, or the time the earliest paused instance resumes. */
  const pick = (): { instance: string; item: Item } | { until: number } | null => {
    const now = deps.now();
    let best: { instance: string; item: Item } | null = null;
    let until = Infinity;
    for (const [instance, queue] of queues) {
      const head = queue[0];
      if (!head) continue;
      const paused = pausedUntil.get(instance) ?? 0;
      if (paused > now) until = Math.min(until, paused);
      else if (!best || head.index < best.item.index) best = { instance, item: head };
    }
    return best ?? (until < Infinity ? { until } : null);
  };

  for (;;) {
    let next: ReturnType<typeof pick> = null;
    while (!signal?.aborted && inFlight.size < concurrency && (next = pick()) && 'item' in next) {
      queues.get(next.instance)!.shift();
      start(next.instance, next.item);
    }
    if (inFlight.size === 0 && (signal?.aborted || next === null)) break;
    const changed = new Promise<void>((resolve) => (wake = resolve));
    if (!signal?.aborted && inFlight.size < concurrency && next && 'until' in next) {
      const timer = new AbortController();
      const slept = deps.sleep(next.until - deps.now(), timer.signal).catch(() => undefined);
      await Promise.race([changed, slept]);
      timer.abort();
    } else {
      await changed;
    }
  }
  signal?.removeEventListener('abort', notify);
  (trailing as AbortController | null)?.abort();

  const remaining = [...queues.values()].some((q) => q.length > 0);
  // Items cut off mid-request keep the job running, so it resumes (and looks at them) later.
  job.state = remaining ? 'cancelled' : unfinished ? 'running' : 'done';
  if (job.state !== 'running') job.finishedAt = deps.now();
  await deps.saveJob(job);
  return counts;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}
