import type { Problem } from './messages';
import type { KeyValueArea } from './kv';

const KEY = 'problems';
const KEEP = 50;


/** Capture failures the user must hear about, newest last; only the latest few are kept. */
export function createProblemLog(area: KeyValueArea) {
  const read = async () => {
    const stored = (await area.get(KEY))[KEY];
    return Array.isArray(stored) ? (stored as Problem[]) : [];
  };
  return {
    async add(p: Problem) {
      await area.set({ [KEY]: [...(await read()), p].slice(-KEEP) });
    },
    async forOrigin(origin: string) {
      return (await read()).filter((p) => p.pageOrigin === origin);
    },
  };
}
