import { describe, expect, it } from 'vitest';
import { idealMs, MAX_RATE_LIMIT_RETRIES, runDeleteJob, SAVE_EVERY_MS, type BulkCounts, type BulkDeps, type BulkItemResult } from '@/utils/bulk';
import { MAX_RETRY_AFTER_MS, type DeleteOutcome, type DeleteStatus } from '@/utils/deletion';
import type { JobRecord } from '@/utils/records';

/** Virtual time: timers fire one at a time, each after every pending promise has settled. */
function virtualClock() {
  let now = 0;
  let seq = 0;
  let timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: now + Math.max(0, ms), seq: seq++, fire: resolve };
      timers.push(timer);
      signal?.addEventListener('abort', () => {
        timers = timers.filter((t) => t !== timer);
        resolve();
      });
    });
  const at = (ms: number, fn: () => void) => timers.push({ at: ms, seq: seq++, fire: fn });
  async function run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (settled) return promise;
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.shift();
      if (!next) throw new Error('deadlock: the run waits for nothing');
      now = Math.max(now, next.at);
      next.fire();
    }
  }
  return { now: () => now, sleep, at, run };
}

/** mulberry32: a small seeded PRNG, so the random run is the same every time. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const A = 'https://a.example';
const B = 'https://b.example';
const newJob = (ids: string[]): JobRecord => ({ id: 'job1', kind: 'delete', state: 'running', createdAt: 0, ids, done: [] });
const ids = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

interface Call {
  id: string;
  start: number;
  end?: number;
  outcome?: DeleteOutcome;
}

/** A fake server: `answer` decides each call's outcome; every call and the live concurrency are recorded. */
function harness(opts: {
  instanceOf: (id: string) => string | null;
  perItemMs?: number;
  /** How long a save takes to commit (the job is copied when the save starts, as IndexedDB does). */
  saveMs?: number;
  answer?: (id: string, n: number) => DeleteOutcome;
}) {
  const clock = virtualClock();
  const calls: Call[] = [];
  const saved: JobRecord[] = [];
  const progress: Array<{ counts: BulkCounts; item: BulkItemResult }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const deps: BulkDeps = {
    instanceOf: async (id) => opts.instanceOf(id),
    async deleteOne(id) {
      const call: Call = { id, start: clock.now() };
      calls.push(call);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await clock.sleep(opts.perItemMs ?? 100);
      inFlight--;
      call.outcome = opts.answer?.(id, calls.filter((c) => c.id === id).length) ?? { status: 'verified-gone' };
      call.end = clock.now();
      return call.outcome;
    },
    async saveJob(job) {
      const copy = structuredClone(job);
      if (opts.saveMs) await clock.sleep(opts.saveMs);
      saved.push(copy);
    },
    sleep: clock.sleep,
    now: clock.now,
  };
  const onProgress = (_job: JobRecord, counts: BulkCounts, item: BulkItemResult) => progress.push({ counts, item });
  return { clock, calls, saved, progress, deps, onProgress, maxInFlight: () => maxInFlight };
}

const rateLimited = (retryAfterMs?: number): DeleteOutcome => ({
  status: 'failed',
  reason: 'rate-limited',
  ...(retryAfterMs !== undefined && { retryAfterMs }),
});
const is429 = (c: Call) => c.outcome?.status === 'failed' && c.outcome.reason === 'rate-limited';

describe('runDeleteJob', () => {
  it('500 items over 2 instances with random 429s and 5% failures: each ends once, in its final status, within the limits', async () => {
    const rand = prng(20240607);
    const instanceOf = (id: string) => (Number(id.slice(1)) % 3 === 0 ? B : A);
    const pausedUntil = new Map<string, number>();
    const pauses: Array<{ instance: string; from: number; until: number }> = [];
    let startedWhilePaused = 0;
    const h = harness({
      instanceOf,
      saveMs: 250,
      answer(id) {
        const r = rand();
        if (r < 0.12) {
          const retryAfterMs = rand() < 0.7 ? 500 + Math.floor(rand() * 3000) : undefined;
          const inst = instanceOf(id);
          const until = Math.max(pausedUntil.get(inst) ?? 0, h.clock.now() + (retryAfterMs ?? 5000));
          pausedUntil.set(inst, until);
          pauses.push({ instance: inst, from: h.clock.now(), until });
          return rateLimited(retryAfterMs);
        }
        if (r < 0.17) return { status: 'failed', reason: rand() < 0.5 ? 'server-error' : 'network' };
        return rand() < 0.9 ? { status: 'verified-gone' } : { status: 'still-online', reason: 'still-served' };
      },
    });
    const origDelete = h.deps.deleteOne;
    h.deps.deleteOne = (id) => {
      if (h.clock.now() < (pausedUntil.get(instanceOf(id)) ?? 0)) startedWhilePaused++;
      return origDelete(id);
    };

    const job = newJob(ids(500));
    const counts = await h.clock.run(runDeleteJob(job, h.deps, { onProgress: h.onProgress }));

    // Each item's last answer is its final status.
    const final = new Map(h.calls.map((c) => [c.id, c.outcome!.status]));
    expect(h.calls.filter(is429).length).toBeGreaterThan(40);
    expect(h.calls.filter((c) => c.outcome?.reason === 'server-error' || c.outcome?.reason === 'network').length).toBeGreaterThan(10);
    expect([...job.done].sort()).toEqual(ids(500).sort());
    expect(new Set(job.done).size).toBe(500);
    for (const id of ids(500)) {
      const mine = h.calls.filter((c) => c.id === id);
      expect(mine.filter((c) => !is429(c)).length, id).toBeLessThanOrEqual(1);
      expect(mine.slice(0, -1).every(is429), id).toBe(true);
      if (is429(mine.at(-1)!)) expect(mine.length, id).toBe(MAX_RATE_LIMIT_RETRIES + 1);
    }
    const tally: Partial<Record<DeleteStatus, number>> = {};
    for (const status of final.values()) tally[status] = (tally[status] ?? 0) + 1;
    expect(counts).toEqual({ done: 500, total: 500, byStatus: tally });
    for (const { item } of h.progress) expect(item.outcome?.status).toBe(final.get(item.id));
    expect(h.progress.at(-1)?.counts.done).toBe(500);
    expect(h.maxInFlight()).toBe(4);
    expect(startedWhilePaused).toBe(0);
    // While one instance was paused, the other kept working.
    const otherDuring = (p: (typeof pauses)[number]) =>
      h.calls.some((c) => instanceOf(c.id) !== p.instance && c.start >= p.from && c.start < p.until);
    expect(pauses.filter(otherDuring).length).toBeGreaterThan(pauses.length / 2);
    expect(job.state).toBe('done');
    expect(job.finishedAt).toBe(h.clock.now() - 250);
    expect(h.saved.at(-1)).toEqual(job);
  });

  it('a 429 pauses only its instance, for the Retry-After it gave', async () => {
    const h = harness({
      instanceOf: (id) => (id.startsWith('a') ? A : B),
      answer: (id, n) => (id === 'a0' && n === 1 ? rateLimited(3000) : { status: 'verified-gone' }),
    });
    const job = newJob(['a0', 'a1', 'b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'a2']);
    await h.clock.run(runDeleteJob(job, h.deps, { concurrency: 2 }));
    const starts = (id: string) => h.calls.filter((c) => c.id === id).map((c) => c.start);
    expect(starts('a0')).toEqual([0, 3100]);
    expect(starts('a1')).toEqual([0]);
    expect(['b0', 'b1', 'b2', 'b3', 'b4', 'b5'].map((id) => starts(id)[0])).toEqual([100, 100, 200, 200, 300, 300]);
    expect(starts('a2')).toEqual([3100]);
    expect(job.done).toEqual(['a1', 'b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'a0', 'a2']);
  });

  it('a 429 without Retry-After waits 5 s; an item gets 6 retries, then stays failed rate-limited', async () => {
    const h = harness({ instanceOf: () => A, perItemMs: 0, answer: () => rateLimited() });
    const job = newJob(['r0']);
    const counts = await h.clock.run(runDeleteJob(job, h.deps));
    expect(h.calls.map((c) => c.start)).toEqual([0, 5000, 10000, 15000, 20000, 25000, 30000]);
    expect(counts.byStatus).toEqual({ failed: 1 });
    expect(job.done).toEqual(['r0']);
  });

  it('a huge Retry-After is capped', async () => {
    const h = harness({ instanceOf: () => A, perItemMs: 0, answer: (_id, n) => (n === 1 ? rateLimited(10 * MAX_RETRY_AFTER_MS) : { status: 'verified-gone' }) });
    await h.clock.run(runDeleteJob(newJob(['r0']), h.deps));
    expect(h.calls.map((c) => c.start)).toEqual([0, MAX_RETRY_AFTER_MS]);
  });

  it('failures other than 429 are final: never re-sent (a request that may have been processed)', async () => {
    const outcomes: DeleteOutcome[] = [
      { status: 'failed', reason: 'network' },
      { status: 'failed', reason: 'server-error' },
      { status: 'failed', reason: 'wrong-token', serverRecordDropped: true },
      { status: 'failed', reason: 'logged-out' },
      { status: 'needs-admin', reason: 'no-api-key' },
    ];
    const h = harness({ instanceOf: () => A, answer: (id) => outcomes[Number(id.slice(1))]! });
    const counts = await h.clock.run(runDeleteJob(newJob(ids(5)), h.deps));
    expect(h.calls.map((c) => c.id)).toEqual(ids(5));
    expect(counts.byStatus).toEqual({ failed: 4, 'needs-admin': 1 });
  });

  it('a throwing deleteOne fails that item (unexpected-response with the message); the others go on', async () => {
    const h = harness({ instanceOf: () => A });
    const original = h.deps.deleteOne;
    h.deps.deleteOne = (id) => (id === 'r1' ? Promise.reject(new Error('boom')) : original(id));
    const job = newJob(ids(3));
    const counts = await h.clock.run(runDeleteJob(job, h.deps, { onProgress: h.onProgress }));
    expect(counts.byStatus).toEqual({ failed: 1, 'verified-gone': 2 });
    expect(h.progress.find((p) => p.item.id === 'r1')?.item.outcome).toEqual({ status: 'failed', reason: 'unexpected-response', detail: 'boom' });
    expect(job.done.sort()).toEqual(ids(3));
  });

  it('an item cut off mid-request ("deleting") is not done and not re-sent in this run; the job stays running to resume', async () => {
    const h = harness({ instanceOf: () => A, answer: (id, n) => (id === 'r1' && n === 1 ? { status: 'deleting', detail: 'interrupted' } : { status: 'verified-gone' }) });
    const job = newJob(ids(3));
    await h.clock.run(runDeleteJob(job, h.deps));
    expect(h.calls.map((c) => c.id)).toEqual(['r0', 'r1', 'r2']);
    expect(job.done.sort()).toEqual(['r0', 'r2']);
    expect(job.state).toBe('running');
    expect(job).not.toHaveProperty('finishedAt');
    await h.clock.run(runDeleteJob(job, h.deps));
    expect(h.calls.map((c) => c.id)).toEqual(['r0', 'r1', 'r2', 'r1']);
    expect(job).toMatchObject({ state: 'done' });
  });

  it('a record that is gone is done as skipped and never sent', async () => {
    const h = harness({ instanceOf: (id) => (id === 'r1' ? null : A) });
    const job = newJob(ids(3));
    const counts = await h.clock.run(runDeleteJob(job, h.deps));
    expect(h.calls.map((c) => c.id)).toEqual(['r0', 'r2']);
    expect(counts).toEqual({ done: 3, total: 3, byStatus: { skipped: 1, 'verified-gone': 2 } });
  });

  it('duplicate ids are deleted once', async () => {
    const h = harness({ instanceOf: () => A });
    const job = newJob(['r0', 'r1', 'r0']);
    const counts = await h.clock.run(runDeleteJob(job, h.deps));
    expect(h.calls.map((c) => c.id)).toEqual(['r0', 'r1']);
    expect(counts).toMatchObject({ done: 2, total: 2 });
  });

  it('cancel: nothing new starts, in-flight deletes finish and are recorded; resuming the saved job does the rest once', async () => {
    const h = harness({ instanceOf: (id) => (Number(id.slice(1)) % 2 ? A : B), answer: (id, n) => (id === 'r20' && n === 1 ? rateLimited(1000) : { status: 'verified-gone' }) });
    const control = new AbortController();
    const cancelAt = 3050;
    h.clock.at(cancelAt, () => control.abort());
    const job = newJob(ids(500));
    await h.clock.run(runDeleteJob(job, h.deps, { signal: control.signal }));

    expect(h.calls.filter((c) => c.start > cancelAt)).toEqual([]);
    const afterCancel = h.calls.filter((c) => c.end! > cancelAt);
    expect(afterCancel.length).toBeGreaterThan(0);
    expect(afterCancel.length).toBeLessThanOrEqual(4);
    expect(job.state).toBe('cancelled');
    expect(job.finishedAt).toBe(h.clock.now());
    const saved = h.saved.at(-1)!;
    expect(saved).toEqual(job);
    expect(saved.done.length).toBe(h.calls.filter((c) => !is429(c)).length);

    const firstRun = h.calls.filter((c) => !is429(c)).map((c) => c.id);
    const resumed = structuredClone(saved);
    h.calls.length = 0;
    const counts = await h.clock.run(runDeleteJob(resumed, h.deps));
    const secondRun = h.calls.map((c) => c.id);
    expect(secondRun.filter((id) => firstRun.includes(id))).toEqual([]);
    expect([...firstRun, ...secondRun].sort()).toEqual(ids(500).sort());
    expect(counts.done).toBe(500);
    expect(resumed.state).toBe('done');
    expect([...resumed.done].sort()).toEqual(ids(500).sort());
  });

  it('cancel while every remaining item waits out a 429 ends at once', async () => {
    const h = harness({ instanceOf: () => A, perItemMs: 0, answer: () => rateLimited(60_000) });
    const control = new AbortController();
    h.clock.at(1000, () => control.abort());
    const job = newJob(['r0']);
    await h.clock.run(runDeleteJob(job, h.deps, { signal: control.signal }));
    expect(h.clock.now()).toBe(1000);
    expect(job).toMatchObject({ state: 'cancelled', done: [] });
  });

  it('a resumed job continues with the rest only, and counts the earlier ones as done', async () => {
    const h = harness({ instanceOf: () => A });
    const job = { ...newJob(ids(6)), state: 'cancelled' as const, done: ['r0', 'r2'] };
    const counts = await h.clock.run(runDeleteJob(job, h.deps, { onProgress: h.onProgress }));
    expect(h.calls.map((c) => c.id)).toEqual(['r1', 'r3', 'r4', 'r5']);
    expect(h.progress[0]?.counts.done).toBe(3);
    expect(counts).toEqual({ done: 6, total: 6, byStatus: { 'verified-gone': 4 } });
    expect(job.state).toBe('done');
  });

  it('a failing intermediate save or progress listener does not stop the run; a failing final save is reported', async () => {
    const h = harness({ instanceOf: () => A });
    h.deps.saveJob = async (job) => {
      if (job.state === 'running') throw new Error('quota');
    };
    const job = newJob(ids(10));
    const throwing = () => {
      throw new Error('listener');
    };
    const counts = await h.clock.run(runDeleteJob(job, h.deps, { onProgress: throwing }));
    expect(counts.done).toBe(10);
    expect(job.state).toBe('done');

    h.deps.saveJob = () => Promise.reject(new Error('quota'));
    await expect(h.clock.run(runDeleteJob(newJob(ids(3)), h.deps))).rejects.toThrow('quota');
  });

  it('progress is saved at most every SAVE_EVERY_MS while running (a save copies the whole job), and the final save has every item', async () => {
    const h = harness({ instanceOf: () => A });
    await h.clock.run(runDeleteJob(newJob(ids(500)), h.deps));
    const running = h.saved.filter((j) => j.state === 'running');
    expect(running.length).toBeGreaterThan(10);
    expect(running.length).toBeLessThanOrEqual(Math.ceil(12_500 / SAVE_EVERY_MS) + 1);
    expect(running.map((j) => j.done.length)).toEqual([...running.map((j) => j.done.length)].sort((a, b) => a - b));
    expect(h.saved.at(-1)).toMatchObject({ state: 'done' });
    expect(h.saved.at(-1)?.done).toHaveLength(500);
  });

  it('ideal time: 500 items of 100 ms at concurrency 4 take 12.5 s', async () => {
    const h = harness({ instanceOf: (id) => (Number(id.slice(1)) % 2 ? A : B) });
    await h.clock.run(runDeleteJob(newJob(ids(500)), h.deps));
    expect(idealMs(500, 4, 100)).toBe(12_500);
    expect(Math.abs(h.clock.now() - 12_500)).toBeLessThanOrEqual(100);
    expect(h.maxInFlight()).toBe(4);
  });
});
