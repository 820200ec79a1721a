// The request service: one draft per instance, Art. 12(3) dates when sent, one reminder per deadline (alarm at the
// start of the day after it), a follow-up moves the deadline two weeks on, resolving stops reminders.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRequestService, ERASURE_DUE_ALARM, startOfLocalDate } from '@/utils/erasure/requests';
import type { ErasureRequest, IsoDate } from '@/utils/erasure/types';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import { uploadRecord } from './helpers';

let ledger: Ledger;
let today: IsoDate;
let alarm: number | null;
let reminded: ErasureRequest[];
let changes: number;

function service() {
  let n = 0;
  return createRequestService({
    ledger,
    now: () => startOfLocalDate(today) + 3_600_000,
    today: () => today,
    startOf: startOfLocalDate,
    newId: () => `r${++n}`,
    alarms: {
      create: (name, info) => void (name === ERASURE_DUE_ALARM && (alarm = info.when)),
      clear: async (name) => (name === ERASURE_DUE_ALARM && (alarm = null), true),
    },
    remind: async (r) => void reminded.push(r),
    changed: () => void changes++,
  });
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  ledger = createLedger(openLedger());
  today = '2027-01-31';
  alarm = null;
  reminded = [];
  changes = 0;
  await ledger.insert([
    uploadRecord({ id: 'a', status: 'needs-admin' }),
    uploadRecord({ id: 'b', instanceOrigin: 'https://other.example', pageOrigin: 'https://other.example', status: 'still-online' }),
    uploadRecord({ id: 'c', status: 'needs-admin' }),
  ]);
});

describe('erasure request service', () => {
  it('drafts one request per instance, in the order the records come, skipping ids the ledger lacks', async () => {
    const ids = await service().draft(['a', 'b', 'c', 'gone'], 'fr', { name: 'Zoë' });
    expect(ids).toEqual(['r1', 'r2']);
    const all = await ledger.requests.all();
    expect(all.map((r) => [r.instanceOrigins, r.itemIds, r.state, r.language])).toEqual([
      [['https://lemmy.example'], ['a', 'c'], 'draft', 'fr'],
      [['https://other.example'], ['b'], 'draft', 'fr'],
    ]);
    expect(changes).toBe(1);
  });

  it("another site's reports are held back (listed, not in the letter) until the user picks them, unless it is a confirmed front end", async () => {
    await ledger.insert([uploadRecord({ id: 'x', status: 'needs-admin', pageOrigin: 'https://site.example' })]);
    const s = service();
    const [id] = await s.draft(['a', 'x'], 'en');
    expect(await ledger.requests.get(id!)).toMatchObject({ itemIds: ['a'], heldBack: ['x'] });
    expect(await s.include(id!, 'x', true)).toMatchObject({ itemIds: ['a', 'x'], heldBack: [] });
    expect(await s.include(id!, 'x', false)).toMatchObject({ itemIds: ['a'], heldBack: ['x'] });
    expect(await s.include(id!, 'nope', true)).toMatchObject({ itemIds: ['a'], heldBack: ['x'] });
    const [confirmed] = await s.draft(['a', 'x'], 'en', {}, { 'https://lemmy.example': ['https://site.example'] });
    const request = await ledger.requests.get(confirmed!);
    expect(request?.itemIds).toEqual(['a', 'x']);
    expect(request?.heldBack).toBeUndefined();
  });

  it('marking sent computes the due dates (31 Jan → 28 Feb, extended 30 Apr) and sets the alarm for 1 March', async () => {
    const s = service();
    const [id] = await s.draft(['a'], 'en');
    const sent = await s.markSent(id!, '2027-01-31', 'email', { kind: 'email', value: 'admin@lemmy.example', source: 'typed' });
    expect(sent).toMatchObject({ state: 'sent', dueOn: '2027-02-28', extendedDueOn: '2027-04-30', recipient: { value: 'admin@lemmy.example' } });
    expect(alarm).toBe(startOfLocalDate('2027-03-01'));
    expect(await s.dueCount()).toBe(0);
  });

  it('reminds once when the deadline has passed, never before; the badge count follows', async () => {
    const s = service();
    const [id] = await s.draft(['a'], 'en');
    await s.markSent(id!, '2028-01-31', 'matrix');
    today = '2028-02-29'; // leap year: due on the 29th, the last day still counts
    expect(await s.runDue()).toBe(0);
    expect(await s.dueCount()).toBe(0);
    today = '2028-03-01';
    expect(await s.dueCount()).toBe(1);
    expect(await s.runDue()).toBe(1);
    expect(reminded.map((r) => r.id)).toEqual([id]);
    expect(await s.runDue()).toBe(0);
    expect(alarm).toBeNull();
    expect(await s.dueCount()).toBe(1);
  });

  it('a follow-up moves the awaited date two weeks on and reminds again then; resolving stops it', async () => {
    const s = service();
    const [id] = await s.draft(['a'], 'en');
    await s.markSent(id!, '2027-01-31', 'email');
    today = '2027-03-02';
    await s.runDue();
    await s.markFollowUp(id!, '2027-03-02');
    expect(alarm).toBe(startOfLocalDate('2027-03-17'));
    expect(await s.dueCount()).toBe(0);
    today = '2027-03-17';
    expect(await s.runDue()).toBe(1);
    expect(reminded).toHaveLength(2);
    await s.resolve(id!);
    expect(await s.dueCount()).toBe(0);
    expect(alarm).toBeNull();
    expect(await s.reopen(id!)).toMatchObject({ state: 'sent' });
  });

  it('only a sent request can be followed up; unknown ids are an error', async () => {
    const s = service();
    const [id] = await s.draft(['a'], 'en');
    await expect(s.markFollowUp(id!, '2027-02-01')).rejects.toThrow('only a sent request');
    await expect(s.update('nope', { language: 'it' })).rejects.toThrow('no such request');
    expect(await s.update(id!, { letterText: 'edited', language: 'it' })).toMatchObject({ letterText: 'edited', language: 'it' });
  });

  it('the earliest of several deadlines sets the alarm', async () => {
    const s = service();
    const [a, b] = await s.draft(['a', 'b'], 'en');
    await s.markSent(a!, '2027-01-20', 'email');
    await s.markSent(b!, '2027-01-10', 'email');
    expect(alarm).toBe(startOfLocalDate('2027-02-11'));
    await s.remove(b!);
    expect(alarm).toBe(startOfLocalDate('2027-02-21'));
  });
});
