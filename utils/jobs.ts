import { runDeleteJob } from './bulk';
import type { DeleteService, HttpAnswer } from './delete-service';
import type { InstanceFacts } from './instances';
import type { Ledger } from './ledger';
import { backfillRecords, listMediaRequest, runImportJob } from './platforms/lemmy-backfill';
import type { JobRecord } from './records';
import type { JobService } from './router';

export interface JobDeps {
  ledger: Ledger;
  deletions: DeleteService;
  instances: InstanceFacts;
  /** A GET from a tab of the instance, with the user's live session; null when no tab could be used. */
  getInSession(origin: string, url: string): Promise<HttpAnswer | null>;
  /** Called when a run ends, to close tabs opened for it. */
  release(): Promise<void>;
  jobChanged(job: JobRecord): void;
  newId(): string;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Keeps at most this many finished jobs, for the dashboard to show what happened. */
const KEEP_FINISHED = 20;

export function createJobService(d: JobDeps): JobService & { resume(): Promise<void>; running(): boolean; releaseIdle(): Promise<void> } {
  const live = new Map<string, AbortController>();

  async function save(job: JobRecord) {
    await d.ledger.jobs.put(job);
    d.jobChanged(job);
  }

  /**
   * A job saved before its last items were recorded (the browser quit): the records themselves say which ones this job
   * already finished. A rate-limited one was not acted on and is tried again; one left "deleting" is looked at again.
   */
  async function finishedMeanwhile(job: JobRecord) {
    const done = new Set(job.done);
    for (const r of await d.ledger.getMany(job.ids.filter((id) => !done.has(id)))) {
      const finished = r.status !== 'captured' && r.status !== 'deleting' && r.reason !== 'rate-limited';
      if (finished && (r.statusAt ?? 0) >= job.createdAt) job.done.push(r.id);
    }
  }

  async function run(job: JobRecord) {
    if (live.has(job.id)) return;
    const control = new AbortController();
    live.set(job.id, control);
    try {
      if (job.kind === 'delete') {
        await finishedMeanwhile(job);
        await runDeleteJob(job, {
          instanceOf: async (id) => (await d.ledger.get(id))?.instanceOrigin ?? null,
          deleteOne: (id) => d.deletions.deleteOne(id),
          saveJob: save,
          sleep: d.sleep,
          now: d.now,
        }, { signal: control.signal });
      } else {
        await runImportJob(job, {
          async fetchPage(url) {
            const answer = await d.getInSession(job.instanceOrigin!, url);
            return answer ?? { status: 0, body: null, retryAfter: null };
          },
          async request(cursor) {
            const info = await d.instances.facts(job.instanceOrigin!, 'lemmy');
            return listMediaRequest(job.instanceOrigin!, info.band ?? 'unknown', info.version ?? '', cursor);
          },
          merge: async (items, band) => d.ledger.merge(backfillRecords(items, { instanceOrigin: job.instanceOrigin!, band, now: d.now() })),
          saveJob: save,
          sleep: d.sleep,
          now: d.now,
        }, { signal: control.signal });
      }
    } catch (error) {
      await save({ ...job, state: 'done', finishedAt: d.now(), error: error instanceof Error ? error.message.slice(0, 200) : 'failed' });
    } finally {
      live.delete(job.id);
      await releaseIdle();
    }
  }

  /** Closes the tabs Takeback opened, unless a job still runs in them. */
  async function releaseIdle() {
    if (!live.size) await d.release().catch(() => {});
  }

  async function start(job: JobRecord): Promise<string> {
    await save(job);
    void run(job);
    return job.id;
  }

  return {
    startDelete: (ids) => start({ id: d.newId(), kind: 'delete', state: 'running', createdAt: d.now(), ids: [...new Set(ids)], done: [] }),
    startImport: (instanceOrigin) =>
      start({ id: d.newId(), kind: 'import', state: 'running', createdAt: d.now(), ids: [], done: [], instanceOrigin, listed: 0, imported: 0 }),
    async cancel(jobId) {
      const control = live.get(jobId);
      if (control) {
        control.abort();
        return true;
      }
      const job = await d.ledger.jobs.get(jobId);
      if (job?.state !== 'running') return false;
      await save({ ...job, state: 'cancelled', finishedAt: d.now() });
      return true;
    },
    /** A re-check the user asked for; tabs it opened are closed after it, unless a job still uses them. */
    async recheck(ids) {
      try {
        return await d.deletions.recheck(ids);
      } finally {
        await releaseIdle();
      }
    },
    releaseIdle,
    async list() {
      const jobs = (await d.ledger.jobs.all()).sort((a, b) => b.createdAt - a.createdAt);
      const finished = jobs.filter((j) => j.state !== 'running');
      return [...jobs.filter((j) => j.state === 'running'), ...finished.slice(0, KEEP_FINISHED)];
    },
    /** Picks up jobs a closed browser or a stopped service worker left running. */
    async resume() {
      for (const job of await d.ledger.jobs.all()) if (job.state === 'running') void run(job);
    },
    running: () => live.size > 0,
  };
}
