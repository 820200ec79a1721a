import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeleteOutcome } from '@/utils/deletion';
import { createJobService, type JobDeps } from '@/utils/jobs';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import type { JobRecord } from '@/utils/records';
import { uploadRecord } from './helpers';

let ledger: Ledger;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  ledger = createLedger(openLedger());
});

function deps(deleteOne: (id: string) => Promise<DeleteOutcome>, over: Partial<JobDeps> = {}) {
  let n = 0;
  const changes: JobRecord[] = [];
  const d: JobDeps = {
    ledger,
    deletions: { deleteOne, recheck: vi.fn(async () => []) },
    instances: { facts: async (origin, platform) => ({ origin, platform, band: '0.19.12+', version: '0.19.12', checkedAt: 0 }) },
    getInSession: async () => null,
    release: vi.fn(async () => {}),
    jobChanged: (job) => void changes.push(structuredClone(job)),
    newId: () => `job-${++n}`,
    now: () => 5_000,
    sleep: async () => {},
    ...over,
  };
  return { d, changes };
}

async function settled(service: ReturnType<typeof createJobService>, id: string) {
  await vi.waitFor(async () => expect((await ledger.jobs.get(id))?.state).not.toBe('running'));
  await vi.waitFor(() => expect(service.running()).toBe(false));
  return (await ledger.jobs.get(id))!;
}

describe('job service', () => {
  it('a delete job runs every id once (duplicates too), reports progress, ends done and closes the tabs it opened', async () => {
    await ledger.insert(['a', 'b', 'c'].map((id) => uploadRecord({ id })));
    const deleted: string[] = [];
    const { d, changes } = deps(async (id) => (deleted.push(id), { status: 'verified-gone' }));
    const service = createJobService(d);
    const id = await service.startDelete(['a', 'b', 'c', 'a']);
    const job = await settled(service, id);
    expect(job).toMatchObject({ kind: 'delete', state: 'done', ids: ['a', 'b', 'c'] });
    expect([...job.done].sort()).toEqual(['a', 'b', 'c']);
    expect(deleted.sort()).toEqual(['a', 'b', 'c']);
    expect(changes[0]).toMatchObject({ id, state: 'running', done: [] });
    expect(changes.at(-1)).toMatchObject({ state: 'done' });
    expect(d.release).toHaveBeenCalled();
  });

  it('a re-check the user asked for closes the tabs it opened, unless a delete job still runs in them', async () => {
    await ledger.insert(['a', 'b'].map((id) => uploadRecord({ id })));
    const { d } = deps(async () => ({ status: 'verified-gone' }));
    await createJobService(d).recheck(['a']);
    expect(d.release).toHaveBeenCalledTimes(1);
    let finish!: () => void;
    const held = new Promise<void>((r) => (finish = r));
    const { d: busy } = deps(async () => (await held, { status: 'verified-gone' }));
    const running = createJobService(busy);
    const id = await running.startDelete(['b']);
    await running.recheck(['a']);
    expect(busy.release).not.toHaveBeenCalled();
    finish();
    await settled(running, id);
    expect(busy.release).toHaveBeenCalledTimes(1);
  });

  it('a job the browser left running is resumed with the remaining ids only', async () => {
    await ledger.insert(['a', 'b', 'c'].map((id) => uploadRecord({ id })));
    await ledger.jobs.put({ id: 'old', kind: 'delete', state: 'running', createdAt: 1, ids: ['a', 'b', 'c'], done: ['a'] });
    const deleted: string[] = [];
    const service = createJobService(deps(async (id) => (deleted.push(id), { status: 'verified-gone' })).d);
    await service.resume();
    expect((await settled(service, 'old')).done.sort()).toEqual(['a', 'b', 'c']);
    expect(deleted.sort()).toEqual(['b', 'c']);
  });

  it('resuming: records this job finished but did not save as done are skipped; rate-limited, older or "deleting" ones are not', async () => {
    await ledger.insert([
      uploadRecord({ id: 'finished', status: 'failed', reason: 'wrong-token', statusAt: 20 }),
      uploadRecord({ id: 'limited', status: 'failed', reason: 'rate-limited', statusAt: 20 }),
      uploadRecord({ id: 'before', status: 'failed', reason: 'logged-out', statusAt: 5 }),
      uploadRecord({ id: 'cut', status: 'deleting', statusAt: 20 }),
      uploadRecord({ id: 'fresh' }),
    ]);
    const ids = ['finished', 'limited', 'before', 'cut', 'fresh'];
    await ledger.jobs.put({ id: 'old', kind: 'delete', state: 'running', createdAt: 10, ids, done: [] });
    const deleted: string[] = [];
    const service = createJobService(deps(async (id) => (deleted.push(id), { status: 'verified-gone' })).d);
    await service.resume();
    expect((await settled(service, 'old')).done.sort()).toEqual([...ids].sort());
    expect(deleted.sort()).toEqual(['before', 'cut', 'fresh', 'limited']);
  });

  it('cancel stops a live job; a stale "running" job (no worker) is marked cancelled; unknown ids answer false', async () => {
    await ledger.insert(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => uploadRecord({ id })));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const service = createJobService(deps(async () => (await gate, { status: 'verified-gone' })).d);
    const id = await service.startDelete(['a', 'b', 'c', 'd', 'e', 'f']);
    await vi.waitFor(() => expect(service.running()).toBe(true));
    expect(await service.cancel(id)).toBe(true);
    release();
    const job = await settled(service, id);
    expect(job.state).toBe('cancelled');
    expect(job.done.length).toBeLessThanOrEqual(4);
    await ledger.jobs.put({ id: 'stale', kind: 'delete', state: 'running', createdAt: 1, ids: ['a'], done: [] });
    expect(await service.cancel('stale')).toBe(true);
    expect((await ledger.jobs.get('stale'))?.state).toBe('cancelled');
    expect(await service.cancel('nope')).toBe(false);
  });

  it('lists running jobs first, then the latest finished ones (at most 20)', async () => {
    for (let i = 0; i < 25; i++) await ledger.jobs.put({ id: `f${i}`, kind: 'delete', state: 'done', createdAt: i, ids: [], done: [] });
    await ledger.jobs.put({ id: 'r', kind: 'import', state: 'running', createdAt: 0, ids: [], done: [] });
    const list = await createJobService(deps(async () => ({ status: 'verified-gone' })).d).list();
    expect(list.map((j) => j.id)).toEqual(['r', ...Array.from({ length: 20 }, (_, i) => `f${24 - i}`)]);
  });
});
