import { lemmyRules } from './lemmy-rules';
import { matrixRules } from './matrix-rules';
import type { WatchRule } from './types';

/**
 * The requests the page hook watches, for every platform. Kept apart from the platforms themselves (and from zod):
 * the bridge that every frame of every page evaluates at document_start sends these to the hook (issue 13).
 * A platform's rules are listed here and in its Platform (index.ts) from the same file, so they cannot differ.
 */
export const watchRules: WatchRule[] = [...lemmyRules, ...matrixRules];
