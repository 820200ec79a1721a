import { describe, expect, it } from 'vitest';
import { createProblemLog } from '@/utils/problems';
import { memoryArea } from './kv-fake';

const p = (n: number, pageOrigin = 'https://a.example') => ({ at: n, pageOrigin, reason: `reason ${n}` });

describe('problem log', () => {
  it('keeps problems newest last and filters by origin', async () => {
    const log = createProblemLog(memoryArea());
    await log.add(p(1));
    await log.add(p(2, 'https://b.example'));
    await log.add(p(3));
    expect(await log.forOrigin('https://a.example')).toEqual([p(1), p(3)]);
    expect(await log.forOrigin('https://b.example')).toEqual([p(2, 'https://b.example')]);
    expect(await log.forOrigin('https://c.example')).toEqual([]);
  });

  it('keeps only the latest 50', async () => {
    const area = memoryArea();
    const log = createProblemLog(area);
    for (let i = 1; i <= 55; i++) await log.add(p(i));
    const kept = await log.forOrigin('https://a.example');
    expect(kept).toHaveLength(50);
    expect(kept[0]).toEqual(p(6));
    expect(kept.at(-1)).toEqual(p(55));
    expect((area.data.get('problems') as unknown[]).length).toBe(50);
  });

  it('survives corrupt storage', async () => {
    const log = createProblemLog(memoryArea({ problems: 'garbage' }));
    expect(await log.forOrigin('https://a.example')).toEqual([]);
    await log.add(p(1));
    expect(await log.forOrigin('https://a.example')).toEqual([p(1)]);
  });

  it('persists across log instances on the same area', async () => {
    const area = memoryArea();
    await createProblemLog(area).add(p(1));
    expect(await createProblemLog(area).forOrigin('https://a.example')).toEqual([p(1)]);
  });
});
