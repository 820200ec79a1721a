import type { InstanceInfo } from './records';
import { lemmyBand, nodeinfoUrl, nodeinfoVersion, siteVersion } from './platforms/lemmy-version';
import { isMediaRepoVersion } from './platforms/matrix-delete';
import { parseFederationVersion } from './platforms/matrix-admin';

/** A GET without credentials, as anyone on the internet would make it; status 0 when it failed. */
export type PublicGet = (url: string) => Promise<{ status: number; body: string | null }>;

/** How long what an instance said about itself is trusted; an upgrade changes how deleting works. */
export const INSTANCE_FACTS_TTL_MS = 6 * 60 * 60 * 1000;

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

  async function lemmyVersion(origin: string): Promise<string | null> {
    for (const path of ['/api/v3/site', '/api/v4/site']) {
      const site = await get(origin + path);
      const version = site.status === 200 ? siteVersion(site.body) : null;
      if (version && lemmyBand(version) !== 'unknown') return version;
    }
    const wellKnown = await get(`${origin}/.well-known/nodeinfo`);
    const url = wellKnown.status === 200 ? nodeinfoUrl(wellKnown.body, origin) : null;
    const info = url ? await get(url) : null;
    return info?.status === 200 ? nodeinfoVersion(info.body) : null;
  }

  async function learn(origin: string, platform: InstanceInfo['platform']): Promise<InstanceInfo> {
    if (platform === 'lemmy') {
      const version = await lemmyVersion(origin);
      return { origin, platform, band: lemmyBand(version), ...(version && { version }), checkedAt: now() };
    }
    // The federation API is often served on the client origin too; where it is not, the software stays unknown.
    const [media, federation] = await Promise.all([get(`${origin}/_matrix/media/version`), get(`${origin}/_matrix/federation/v1/version`)]);
    const server = parseFederationVersion(federation.status, federation.body);
    const software = server && { software: server.name, ...(server.version && { version: server.version }) };
    return { origin, platform, mediaRepo: isMediaRepoVersion(media.status, media.body), ...software, checkedAt: now() };
  }

  /** Cached facts; a lookup that learned nothing (band unknown) is not kept, so the next try asks again. */
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
      running = learn(origin, platform).then(async (info) => {
        if (info.band !== 'unknown') {
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
