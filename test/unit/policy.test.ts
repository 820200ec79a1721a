import { describe, expect, it } from 'vitest';
import { createPolicyStore } from '@/utils/policy';
import { memoryArea } from './kv-fake';

describe('site policy store', () => {
  it('defaults to ask for every site', async () => {
    const store = createPolicyStore(memoryArea());
    expect(await store.get('https://lemmy.example/post/1')).toBe('ask');
    expect(await store.list()).toEqual([]);
  });

  it('keys policies by origin: paths on the same site share one, other sites and ports do not', async () => {
    const store = createPolicyStore(memoryArea());
    await store.set('https://lemmy.example/create_post', 'never');
    expect(await store.get('https://lemmy.example/')).toBe('never');
    expect(await store.get('https://lemmy.example:8443/')).toBe('ask');
    expect(await store.get('http://lemmy.example/')).toBe('ask');
    expect(await store.get('https://other.example/')).toBe('ask');
  });

  it('allow and never are stored; ask removes the entry', async () => {
    const area = memoryArea();
    const store = createPolicyStore(area);
    await store.set('https://a.example', 'allow');
    await store.set('https://b.example', 'never');
    expect(await store.list()).toEqual([
      { origin: 'https://a.example', policy: 'allow' },
      { origin: 'https://b.example', policy: 'never' },
    ]);
    await store.set('https://a.example/x', 'ask');
    expect(await store.list()).toEqual([{ origin: 'https://b.example', policy: 'never' }]);
    expect(area.data.get('sitePolicies')).toEqual({ 'https://b.example': 'never' });
  });

  it('survives a new store over the same storage (a browser restart)', async () => {
    const area = memoryArea();
    await createPolicyStore(area).set('https://element.example', 'never');
    expect(await createPolicyStore(area).get('https://element.example/#/room/!a:b')).toBe('never');
  });

  it('rejects sites that are not web origins, and unknown policies', async () => {
    const store = createPolicyStore(memoryArea());
    await expect(store.set('about:blank', 'allow')).rejects.toThrow(RangeError);
    await expect(store.set('not a url', 'never')).rejects.toThrow(RangeError);
    await expect(store.set('https://a.example', 'sometimes' as never)).rejects.toThrow();
    expect(await store.get('about:blank')).toBe('ask');
  });

  it('ignores corrupt stored data instead of failing', async () => {
    const store = createPolicyStore(memoryArea({ sitePolicies: { 'https://a.example': 'maybe' } }));
    expect(await store.get('https://a.example')).toBe('ask');
    expect(await store.list()).toEqual([]);
  });
});
