import { lemmyInPage, lemmyRules } from './lemmy-in-page';
import { matrixInPage, matrixRules } from './matrix-in-page';
import type { InPagePlatform, WatchRule } from './types';

/**
 * The platforms as the bridge in the page knows them (issue 13): kept apart from the full platforms in index.ts (and
 * from zod), since every frame of every page carries the rules at document_start and the injected rest of the bridge
 * describes held uploads. Each full platform spreads its in-page part, so the two cannot differ.
 */
export const inPagePlatforms: readonly InPagePlatform[] = [lemmyInPage, matrixInPage];

/**
 * The requests the page hook watches, for every platform: the rules themselves, so that the document_start part, which
 * needs nothing else, carries nothing else (test/unit/platforms/in-page.test.ts checks them against the platforms).
 */
export const watchRules: WatchRule[] = [...lemmyRules, ...matrixRules];

export function inPagePlatformForRule(ruleId: string): InPagePlatform | undefined {
  return inPagePlatforms.find((p) => p.rules.some((r) => r.id === ruleId));
}
