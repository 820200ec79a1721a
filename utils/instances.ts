import type { PublicGet } from './deletion';
import { platformById } from './platforms';
import type { InstanceInfo } from './records';

export type { PublicGet } from './deletion';

/** How long what an instance said about itself is trusted; an upgrade changes how deleting works. */
export const INSTANCE_FACTS_TTL_MS = 6 * 60 * 60 * 1000;

/**
 * What each instance runs, as its platform learns it (utils/platforms/<id>-delete.ts learnFacts), cached in the ledger
 * and in the worker.
 */
export function createInstanceFacts(
  store: { get(origin: string): Promise<InstanceInfo | undefined>; put(info: InstanceInfo): Promise<void> },
  get: PublicGet,
  now: () => number = Date.now,
) {
  const pending = new Map<string, Promise<InstanceInfo>>();
  // A bulk run asks once per item; the store is read only when the worker has not seen the origin yet.
  const known = new Map<string, InstanceInfo>();
  const fresh = (info: InstanceInfo | undefined, platform: InstanceInfo['platform']): info is InstanceInfo =>
    !!info && info.platform === platform && now() - info.checkedAt < INSTANCE_FACTS_TTL_MS;

  /** Cached facts; a lookup that learned nothing (an unknown version) is not kept, so the next try asks again. */
  async function facts(origin: string, platform: InstanceInfo['platform']): Promise<InstanceInfo> {
    const remembered = known.get(origin);
    if (fresh(remembered, platform)) return remembered;
    const cached = await store.get(origin);
    if (fresh(cached, platform)) {
      known.set(origin, cached);
      return cached;
    }
    let running = pending.get(origin);
    if (!running) {
      const deletion = platformById(platform).deletion;
      running = deletion.learnFacts(origin, get).then(async (learned) => {
        const info: InstanceInfo = { ...learned, checkedAt: now() };
        if (deletion.factsKnown(info)) {
          await store.put(info);
          known.set(origin, info);
        }
        return info;
      });
      pending.set(origin, running);
      void running.finally(() => pending.delete(origin)).catch(() => {});
    }
    return running;
  }

  return { facts };
}
export type InstanceFacts = ReturnType<typeof createInstanceFacts>;
