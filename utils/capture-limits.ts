import { z } from 'zod';
import type { KeyValueArea } from './kv';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Why recording from a site paused: how many it reported, against which limit. */
export interface CapturePause {
  origin: string;
  at: number;
  limit: number;
  per: 'hour' | 'day';
}

const PauseSchema = z.object({ origin: z.string().max(2048), at: z.number(), limit: z.number().int(), per: z.enum(['hour', 'day']) });
const StoredSchema = z.object({
  pauses: z.record(z.string().max(2048), PauseSchema),
  /** When the user last said "keep recording" for a site: its counts start again from then. */
  resumed: z.record(z.string().max(2048), z.number()),
});
type Stored = z.infer<typeof StoredSchema>;
const KEY = 'captureLimits';

export interface CaptureLimitDeps {
  area: KeyValueArea;
  /** Uploads the ledger holds from this reporting origin, recorded at or after `since` (exact up to `upTo`, or more). */
  countSince(pageOrigin: string, since: number, upTo: number): Promise<number>;
  limits(): Promise<{ perHour: number; perDay: number }>;
  now(): number;
}

/**
 * A human number of captures per reporting site (issue 11 §3): past the hourly or daily limit, recording from that
 * site pauses (nothing more is written) until the user says to keep recording, in the page or in the dashboard; the
 * counts then start again from that moment. Counted from the ledger itself, so a restarted worker forgets nothing.
 */
export function createCaptureLimits(d: CaptureLimitDeps) {
  let cache: Stored | null = null;
  const read = async (): Promise<Stored> => {
    if (cache) return cache;
    const parsed = StoredSchema.safeParse((await d.area.get(KEY))[KEY]);
    return (cache = parsed.success ? parsed.data : { pauses: {}, resumed: {} });
  };
  const write = async (next: Stored) => {
    cache = next;
    await d.area.set({ [KEY]: next });
  };

  /**
   * Per origin, an upper bound of its reports in the last hour and day: the ledger's count when last taken, plus every
   * admission since (the windows only lose records as they slide, and removals only lower the count). Within the
   * bound an upload is admitted without reading the ledger, which every capture waits for (bench P3); past it, the
   * ledger is counted again before anything pauses, so a pause is never decided on an estimate.
   */
  const bounds = new Map<string, { hour: number; day: number; resumed: number }>();

  return {
    /** Whether `incoming` more uploads from `origin` may be recorded now; a pause is noted the first time one is not. */
    async admit(origin: string, incoming = 1): Promise<{ ok: true } | { ok: false; pause: CapturePause }> {
      const [stored, { perHour, perDay }] = await Promise.all([read(), d.limits()]);
      const known = stored.pauses[origin];
      if (known) return { ok: false, pause: known };
      const now = d.now();
      // Counted from just after the resume: what was recorded before it is what the user chose to keep going after.
      const resumed = (stored.resumed[origin] ?? -Infinity) + 1;
      const bound = bounds.get(origin);
      if (bound && bound.resumed === resumed && bound.hour + incoming <= perHour && bound.day + incoming <= perDay) {
        bound.hour += incoming;
        bound.day += incoming;
        return { ok: true };
      }
      const [hour, day] = await Promise.all([
        d.countSince(origin, Math.max(now - HOUR_MS, resumed), perHour - incoming),
        d.countSince(origin, Math.max(now - DAY_MS, resumed), perDay - incoming),
      ]);
      const over = hour + incoming > perHour ? { limit: perHour, per: 'hour' as const } : day + incoming > perDay ? { limit: perDay, per: 'day' as const } : null;
      if (!over) {
        bounds.set(origin, { hour: hour + incoming, day: day + incoming, resumed });
        return { ok: true };
      }
      bounds.delete(origin);
      const pause: CapturePause = { origin, at: now, ...over };
      await write({ ...stored, pauses: { ...stored.pauses, [origin]: pause } });
      return { ok: false, pause };
    },

    /**
     * What the admitted capture wrote: one request can carry many files (up to 64 described), each a record that
     * counts. Keeps the bound an upper bound, so a page cannot pack a flood into few requests.
     */
    recorded(origin: string, written: number, admitted = 1): void {
      const bound = bounds.get(origin);
      if (!bound) return;
      bound.hour += written - admitted;
      bound.day += written - admitted;
    },

    /** The user chose "Keep recording uploads from this site": its counts start again now. */
    async resume(origin: string): Promise<void> {
      const stored = await read();
      const { [origin]: _gone, ...pauses } = stored.pauses;
      const now = d.now();
      // Old resumes no longer matter once a day has passed.
      const resumed = Object.fromEntries(Object.entries(stored.resumed).filter(([, at]) => now - at < DAY_MS));
      await write({ pauses, resumed: { ...resumed, [origin]: now } });
    },

    /** Sites whose recording is paused, newest first. */
    async paused(): Promise<CapturePause[]> {
      return Object.values((await read()).pauses).sort((a, b) => b.at - a.at);
    },

    /** Everything a site reported was removed: nothing about it is paused any more. */
    async forget(origin: string): Promise<void> {
      const stored = await read();
      const { [origin]: _gone, ...pauses } = stored.pauses;
      await write({ ...stored, pauses });
    },
  };
}
export type CaptureLimits = ReturnType<typeof createCaptureLimits>;
