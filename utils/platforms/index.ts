import { lemmy } from './lemmy';
import { matrix } from './matrix';
import type { Platform, WatchRule } from './types';

export const platforms: readonly Platform[] = [lemmy, matrix];

export const watchRules: WatchRule[] = platforms.flatMap((p) => p.rules);

export function platformForRule(ruleId: string): Platform | undefined {
  return platforms.find((p) => p.rules.some((r) => r.id === ruleId));
}

export function ruleById(ruleId: string): WatchRule | undefined {
  return watchRules.find((r) => r.id === ruleId);
}
