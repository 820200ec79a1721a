import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import { createRechecks, RECHECK_ALARM } from '@/utils/rechecks';
import { uploadRecord } from './helpers';

let ledger: Ledger;
let alarm: number | null;
const alarms = {
  create: vi.fn((_name: string, info: { when: number }) => void (alarm = info.when)),
  clear: vi.fn(async () => ((alarm = null), true)),
};
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  ledger = createLedger(openLedger());
  alarm = null;
  alarms.create.mockClear();
  alarms.clear.mockClear();
});

describe('re-check alarm', () => {
  it('is set for the earliest due re-check, and cleared when none is left', async () => {
    await ledger.insert([uploadRecord({ id: 'a', nextCheckAt: 50_000 }), uploadRecord({ id: 'b', nextCheckAt: 20_000 }), uploadRecord({ id: 'c' })]);
    const r = createRechecks(ledger, { recheck: vi.fn() }, alarms, () => 1_000);
    await r.schedule();
    expect(alarms.create).toHaveBeenLastCalledWith(RECHECK_ALARM, { when: 20_000 });
    await ledger.modify(['a', 'b'], ({ nextCheckAt: _n, ...x }) => x);
    await r.schedule();
    expect(alarm).toBeNull();
  });

  it('an overdue re-check (the browser was closed) fires a second from now, not in the past', async () => {
    await ledger.insert([uploadRecord({ id: 'a', nextCheckAt: 500 })]);
    await createRechecks(ledger, { recheck: vi.fn() }, alarms, () => 9_000).schedule();
    expect(alarm).toBe(10_000);
  });

  it('when it fires, the due records are re-checked as automatic, and the alarm moves to the next one', async () => {
    await ledger.insert([uploadRecord({ id: 'due', nextCheckAt: 900 }), uploadRecord({ id: 'later', nextCheckAt: 99_000 })]);
    const recheck = vi.fn(async (ids: string[]) => {
      await ledger.modify(ids, ({ nextCheckAt: _n, ...x }) => x);
      return ids.map((id) => ({ id, checked: true }));
    });
    const r = createRechecks(ledger, { recheck }, alarms, () => 1_000);
    expect(await r.runDue()).toBe(1);
    expect(recheck).toHaveBeenCalledWith(['due'], true, expect.any(Function));
    expect(alarm).toBe(99_000);
  });

  it('many changes at once schedule at most twice (a bulk run of 500 does not set 500 alarms)', async () => {
    await ledger.insert([uploadRecord({ id: 'a', nextCheckAt: 5_000 })]);
    const r = createRechecks(ledger, { recheck: vi.fn() }, alarms, () => 1_000);
    await Promise.all(Array.from({ length: 50 }, () => r.schedule()));
    expect(alarms.create.mock.calls.length).toBeLessThanOrEqual(2);
    expect(alarm).toBe(5_000);
  });
});
