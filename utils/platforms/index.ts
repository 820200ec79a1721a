import { lemmy } from './lemmy';
import { matrix } from './matrix';
import type { Platform, PlatformId, WatchRule } from './types';
import { watchRules } from './in-page';

export const platforms: readonly Platform[] = [lemmy, matrix];

export { watchRules };

export function platformForRule(ruleId: string): Platform | undefined {
  return platforms.find((p) => p.rules.some((r) => r.id === ruleId));
}

export function ruleById(ruleId: string): WatchRule | undefined {
  return watchRules.find((r) => r.id === ruleId);
}

/** The platform of a record (every PlatformId has one). */
export function platformById(id: PlatformId): Platform {
  const found = platforms.find((p) => p.id === id);
  if (!found) throw new Error(`no platform ${id}`);
  return found;
}
