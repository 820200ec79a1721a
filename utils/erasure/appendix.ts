import type { InstanceInfo } from '../records';
import { lemmyBand } from '../platforms/lemmy-version';
import { lemmyAdminSteps } from '../platforms/lemmy-admin';
import { matrixAdminSteps, matrixSoftware, userServer } from '../platforms/matrix-admin';
import type { AdminStep, ErasureItem, InstanceTarget, ServerSoftware } from './types';

const isLemmy = (software: ServerSoftware) => software.startsWith('lemmy-');

/** The admin appendix: per target in the given order, its items in the given order. A target without items adds nothing. */
export function adminSteps(targets: InstanceTarget[], items: ErasureItem[]): AdminStep[] {
  const byOrigin = new Map<string, ErasureItem[]>();
  for (const item of items) {
    const list = byOrigin.get(item.instanceOrigin);
    if (list) list.push(item);
    else byOrigin.set(item.instanceOrigin, [item]);
  }
  const seen = new Set<string>();
  return targets.flatMap((target) => {
    if (seen.has(target.instanceOrigin)) return [];
    seen.add(target.instanceOrigin);
    const mine = byOrigin.get(target.instanceOrigin) ?? [];
    return isLemmy(target.software) ? lemmyAdminSteps(target, mine) : matrixAdminSteps(target, mine);
  });
}

const LEMMY_SOFTWARE = {
  '0.18': 'lemmy-0.18',
  '0.19.0-0.19.11': 'lemmy-0.19',
  '0.19.12+': 'lemmy-0.19',
  '1.0': 'lemmy-1.0',
  unknown: 'lemmy-unknown',
} as const;

/** What the instance facts say the admin runs; facts of the other platform (or none) say nothing. */
export function softwareOf(info: InstanceInfo | undefined, platform: 'lemmy' | 'matrix'): ServerSoftware {
  const facts = info?.platform === platform ? info : undefined;
  if (platform === 'lemmy') return LEMMY_SOFTWARE[facts?.band ?? lemmyBand(facts?.version)];
  return matrixSoftware(facts?.software, facts?.mediaRepo);
}

/**
 * The target for one instance. A Matrix server name comes from the uploaders' user ids: an account uploads to its own
 * homeserver. (Not from the items' mxc URIs: that would make every item "local" by definition.)
 */
export function instanceTarget(instanceOrigin: string, platform: 'lemmy' | 'matrix', info: InstanceInfo | undefined, items: ErasureItem[]): InstanceTarget {
  const software = softwareOf(info, platform);
  if (platform === 'lemmy') return { instanceOrigin, software, ...(info?.platform === 'lemmy' && info.version && { version: info.version }) };
  const servers = new Map<string, string>();
  for (const item of items) {
    const server = item.instanceOrigin === instanceOrigin ? userServer(item.account) : null;
    if (server) servers.set(server.toLowerCase(), server);
  }
  // Accounts on several servers at one origin make no sense; then the server name stays unknown.
  const [only] = servers.values();
  return { instanceOrigin, software, ...(servers.size === 1 && only && { serverName: only }) };
}
