import { z } from 'zod';
import type { KeyValueArea } from './kv';

/** What Takeback does when a page on this site starts an upload. */
export const SitePolicySchema = z.enum(['ask', 'allow', 'never']);
export type SitePolicy = z.infer<typeof SitePolicySchema>;

/** Where the policies are kept in storage.local (a backup reads and merges them there too). */
export const POLICIES_KEY = 'sitePolicies';
const KEY = POLICIES_KEY;
const StoredSchema = z.record(z.string(), SitePolicySchema);

function originOf(site: string): string | null {
  try {
    const { origin } = new URL(site);
    return /^https?:\/\//.test(origin) ? origin : null;
  } catch {
    return null;
  }
}

/**
 * Per-site upload policies, keyed by the page's origin, kept in storage.local so they survive restarts.
 * "ask" is the default and is never stored: removing a site's entry sets it back to ask.
 */
export function createPolicyStore(area: KeyValueArea) {
  const read = async (): Promise<Record<string, SitePolicy>> => {
    const parsed = StoredSchema.safeParse((await area.get(KEY))[KEY]);
    return parsed.success ? parsed.data : {};
  };
  return {
    async get(site: string): Promise<SitePolicy> {
      const origin = originOf(site);
      return (origin && (await read())[origin]) || 'ask';
    },
    async set(site: string, policy: SitePolicy): Promise<void> {
      const origin = originOf(site);
      if (!origin) throw new RangeError(`not a web origin: ${site}`);
      const { [origin]: _old, ...rest } = await read();
      await area.set({ [KEY]: policy === 'ask' ? rest : { ...rest, [origin]: SitePolicySchema.parse(policy) } });
    },
    /** Sites with a policy other than ask, sorted by origin. */
    async list(): Promise<Array<{ origin: string; policy: SitePolicy }>> {
      return Object.entries(await read())
        .map(([origin, policy]) => ({ origin, policy }))
        .sort((a, b) => a.origin.localeCompare(b.origin));
    },
  };
}
export type PolicyStore = ReturnType<typeof createPolicyStore>;
