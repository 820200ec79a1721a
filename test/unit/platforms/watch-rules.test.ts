// Issue 13: the document_start bridge carries the rules without the platforms (and zod); a platform registered in
// index.ts whose rules are missing from watch-rules.ts would never be watched.
import { describe, expect, it } from 'vitest';
import { platforms } from '@/utils/platforms';
import { watchRules } from '@/utils/platforms/watch-rules';

describe('watch rules', () => {
  it('are exactly the registered platforms\' rules, each id once', () => {
    expect(watchRules).toEqual(platforms.flatMap((p) => p.rules));
    expect(new Set(watchRules.map((r) => r.id)).size).toBe(watchRules.length);
  });
});
