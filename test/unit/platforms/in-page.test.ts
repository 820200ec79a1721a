// Issue 13: the bridge in the page knows the platforms through their zod-free in-page parts (in-page.ts); a platform
// registered in index.ts without its in-page part would never be watched or described in the warning.
import { describe, expect, it } from 'vitest';
import { platforms } from '@/utils/platforms';
import { inPagePlatformForRule, inPagePlatforms, watchRules } from '@/utils/platforms/in-page';

describe('watch rules', () => {
  it('are exactly the registered platforms\' rules, each id once', () => {
    expect(watchRules).toEqual(platforms.flatMap((p) => p.rules));
    expect(watchRules).toEqual(inPagePlatforms.flatMap((p) => p.rules));
    expect(new Set(watchRules.map((r) => r.id)).size).toBe(watchRules.length);
  });

  it('every rule leads the page to the same description and app check as the full platform', () => {
    for (const p of platforms) {
      for (const rule of p.rules) {
        const inPage = inPagePlatformForRule(rule.id);
        expect(inPage?.describeHold).toBe(p.describeHold);
        expect(inPage?.appConfirms).toBe(p.appConfirms);
      }
    }
  });
});
