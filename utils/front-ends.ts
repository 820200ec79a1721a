import { z } from 'zod';
import type { KeyValueArea } from './kv';
import type { FrontEnds } from './reporters';

export { reporterOf, unvouched, vouchedFor, type FrontEnds } from './reporters';

/** Where the confirmed front ends are kept in storage.local (a backup reads and merges them there too). */
export const FRONT_ENDS_KEY = 'frontEnds';
const KEY = FRONT_ENDS_KEY;
const Origin = z.string().max(2048).regex(/^https?:\/\/[^/]+$/);
/** Confirmed front ends kept per instance. */
export const MAX_FRONT_ENDS = 1000;
const StoredSchema = z.record(Origin, z.array(Origin).max(MAX_FRONT_ENDS));

/** The user's confirmed front ends, in storage.local. */
export function createFrontEndStore(area: KeyValueArea) {
  const read = async (): Promise<Record<string, string[]>> => {
    const parsed = StoredSchema.safeParse((await area.get(KEY))[KEY]);
    return parsed.success ? parsed.data : {};
  };
  return {
    all: read as () => Promise<FrontEnds>,
    /** The user confirmed `pageOrigin` as a front end they use for `instanceOrigin`. */
    async confirm(instanceOrigin: string, pageOrigin: string): Promise<void> {
      Origin.parse(instanceOrigin);
      Origin.parse(pageOrigin);
      const all = await read();
      const known = all[instanceOrigin] ?? [];
      if (!known.includes(pageOrigin)) await area.set({ [KEY]: { ...all, [instanceOrigin]: [...known, pageOrigin] } });
    },
  };
}
export type FrontEndStore = ReturnType<typeof createFrontEndStore>;
