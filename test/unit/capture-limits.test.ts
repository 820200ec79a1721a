// Issue 11 §3: a human number of captures per reporting site; past it recording pauses until the user says to keep
// recording, and counting starts again from then.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCaptureLimits, DAY_MS, HOUR_MS } from '@/utils/capture-limits';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import { uploadRecord } from './helpers';

const SITE = 'https://site.example';
let ledger: Ledger;
let now: number;
let area: Map<string, unknown>;
const kv = () => ({
  get: async (k: string) => (area.has(k) ? { [k]: structuredClone(area.get(k)) } : {}),
  set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => area.set(k, structuredClone(v))),
});
const limits = (perHour = 3, perDay = 5) => createCaptureLimits({ area: kv(), countSince: ledger.countReportedSince, limits: async () => ({ perHour, perDay }), now: () => now });
let n = 0;
const captured = (at: number, over = {}) => ledger.insert([uploadRecord({ id: `r${++n}`, pageOrigin: SITE, uploadedAt: at, ...over })]);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  ledger = createLedger(openLedger());
  now = 10 * DAY_MS;
  area = new Map();
});

describe('capture limits', () => {
  it('admits up to the hourly limit, then pauses that site only, and says why', async () => {
    const l = limits();
    for (let i = 0; i < 3; i++) {
      expect(await l.admit(SITE)).toEqual({ ok: true });
      await captured(now);
    }
    expect(await l.admit(SITE)).toEqual({ ok: false, pause: { origin: SITE, at: now, limit: 3, per: 'hour' } });
    expect(await l.admit('https://lemmy.example')).toEqual({ ok: true });
    // It stays paused, also for a new worker reading the stored state, even once the hour has passed.
    now += HOUR_MS + 1;
    expect((await limits().admit(SITE)).ok).toBe(false);
    expect((await limits().paused()).map((p) => p.origin)).toEqual([SITE]);
  });

  it('counts a day too: what fits each hour can still pass the daily limit', async () => {
    const l = limits(3, 5);
    for (let h = 0; h < 5; h++) await captured(now - h * 2 * HOUR_MS);
    expect(await l.admit(SITE)).toMatchObject({ ok: false, pause: { per: 'day', limit: 5 } });
  });

  it('"keep recording" starts the counts again from that moment', async () => {
    const l = limits();
    for (let i = 0; i < 3; i++) await captured(now);
    expect((await l.admit(SITE)).ok).toBe(false);
    now += 1000;
    await l.resume(SITE);
    expect(await l.paused()).toEqual([]);
    for (let i = 0; i < 3; i++) {
      now += 1;
      expect((await l.admit(SITE)).ok).toBe(true);
      await captured(now);
    }
    expect((await l.admit(SITE)).ok).toBe(false);
  });

  it('an import (the instance listing the user\'s own files) does not count', async () => {
    for (let i = 0; i < 10; i++) await captured(now, { source: 'import' });
    expect(await limits().admit(SITE)).toEqual({ ok: true });
  });

  it('removing what a site reported clears its pause', async () => {
    const l = limits(1, 1);
    await captured(now);
    expect((await l.admit(SITE)).ok).toBe(false);
    expect(await ledger.removeByPage(SITE)).toHaveLength(1);
    await l.forget(SITE);
    expect(await l.admit(SITE)).toEqual({ ok: true });
  });
});

describe('capture limits: counting the ledger only near a limit (bench P3: every capture waits for admit)', () => {
  it('admits within the bound without counting again, and counts again before it pauses, so removals are seen', async () => {
    let counts = 0;
    const l = createCaptureLimits({
      area: kv(),
      countSince: (...args) => (counts++, ledger.countReportedSince(...args)),
      limits: async () => ({ perHour: 3, perDay: 100 }),
      now: () => now,
    });
    expect(await l.admit(SITE)).toEqual({ ok: true });
    await captured(now);
    const first = counts;
    expect(first).toBe(2); // the hour and the day, once
    expect(await l.admit(SITE)).toEqual({ ok: true });
    await captured(now);
    expect(await l.admit(SITE)).toEqual({ ok: true });
    await captured(now);
    expect(counts).toBe(first); // within the bound: the ledger was not read
    // The user removed two of them: the bound (3) says full, the ledger says 1, so the next one is admitted.
    await ledger.removeByPage(SITE);
    await captured(now);
    expect(await l.admit(SITE)).toEqual({ ok: true });
    expect(counts).toBe(first + 2);
    await captured(now);
    expect(await l.admit(SITE)).toEqual({ ok: true });
    await captured(now);
    expect(await l.admit(SITE)).toMatchObject({ ok: false, pause: { per: 'hour', limit: 3 } });
  });

  it('a resume starts the count again even within the bound', async () => {
    const l = limits(2, 100);
    for (let i = 0; i < 2; i++) {
      expect((await l.admit(SITE)).ok).toBe(true);
      await captured(now);
    }
    expect((await l.admit(SITE)).ok).toBe(false);
    now += 1;
    await l.resume(SITE);
    now += 1;
    expect((await l.admit(SITE)).ok).toBe(true);
  });
});
