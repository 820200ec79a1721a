import { describe, expect, it } from 'vitest';
import { createInstanceFacts, INSTANCE_FACTS_TTL_MS } from '@/utils/instances';
import type { InstanceInfo } from '@/utils/records';

function setup(pages: Record<string, { status: number; body: string }>) {
  const stored = new Map<string, InstanceInfo>();
  const asked: string[] = [];
  const reads: string[] = [];
  let now = 10_000;
  const facts = createInstanceFacts(
    { get: async (o) => (reads.push(o), stored.get(o)), put: async (i) => void stored.set(i.origin, i) },
    async (url) => (asked.push(url), pages[url] ?? { status: 404, body: '' }),
    () => now,
  );
  return { facts: facts.facts, stored, asked, reads, advance: (ms: number) => (now += ms) };
}

const O = 'https://lemmy.example';
const site = (version: string) => ({ status: 200, body: JSON.stringify({ version, site_view: {} }) });

describe('instance facts', () => {
  it('the v3 site version decides the band, and is cached until it is stale', async () => {
    const t = setup({ [`${O}/api/v3/site`]: site('0.19.12') });
    expect(await t.facts(O, 'lemmy')).toMatchObject({ band: '0.19.12+', version: '0.19.12' });
    expect(await t.facts(O, 'lemmy')).toMatchObject({ band: '0.19.12+' });
    expect(t.asked).toEqual([`${O}/api/v3/site`]);
    t.advance(INSTANCE_FACTS_TTL_MS);
    await t.facts(O, 'lemmy');
    expect(t.asked).toHaveLength(2);
  });

  it('facts once learned (or read from the store) are remembered, so a bulk run does not read the store per item', async () => {
    const t = setup({ [`${O}/api/v3/site`]: site('0.19.4') });
    for (let i = 0; i < 5; i++) await t.facts(O, 'lemmy');
    expect(t.reads).toEqual([O]);
    const stored = setup({});
    stored.stored.set(O, { origin: O, platform: 'lemmy', band: '1.0', version: '1.0.0', checkedAt: 10_000 });
    for (let i = 0; i < 5; i++) expect(await stored.facts(O, 'lemmy')).toMatchObject({ band: '1.0' });
    expect(stored.reads).toEqual([O]);
    expect(stored.asked).toEqual([]);
  });

  it('Lemmy 1.0 answers on /api/v4/site; nodeinfo is the last resort', async () => {
    expect(await setup({ [`${O}/api/v4/site`]: site('1.0.0-beta.2') }).facts(O, 'lemmy')).toMatchObject({ band: '1.0' });
    const viaNodeinfo = setup({
      [`${O}/.well-known/nodeinfo`]: { status: 200, body: JSON.stringify({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${O}/nodeinfo/2.1` }] }) },
      [`${O}/nodeinfo/2.1`]: { status: 200, body: JSON.stringify({ software: { name: 'lemmy', version: '0.18.5' } }) },
    });
    expect(await viaNodeinfo.facts(O, 'lemmy')).toMatchObject({ band: '0.18', version: '0.18.5' });
  });

  it('an instance that says nothing useful is "unknown" and not cached, so the next delete asks again', async () => {
    const t = setup({ [`${O}/api/v3/site`]: { status: 200, body: '<html>' } });
    expect(await t.facts(O, 'lemmy')).toMatchObject({ band: 'unknown' });
    expect(t.stored.size).toBe(0);
  });

  it('concurrent lookups of one instance share one request (a bulk run of 500 asks once)', async () => {
    const t = setup({ [`${O}/api/v3/site`]: site('0.19.4') });
    await Promise.all(Array.from({ length: 20 }, () => t.facts(O, 'lemmy')));
    expect(t.asked).toEqual([`${O}/api/v3/site`]);
  });

  it('Matrix: matrix-media-repo is recognised by /_matrix/media/version; Synapse is not', async () => {
    const M = 'https://matrix.example';
    const repo = setup({ [`${M}/_matrix/media/version`]: { status: 200, body: '{"Version":"v1.3.7"}' } });
    expect(await repo.facts(M, 'matrix')).toMatchObject({ mediaRepo: true });
    const synapse = setup({ [`${M}/_matrix/media/version`]: { status: 404, body: '{"errcode":"M_UNRECOGNIZED"}' } });
    expect(await synapse.facts(M, 'matrix')).toMatchObject({ mediaRepo: false });
  });

  it('Matrix: the server software and its version from /_matrix/federation/v1/version, when it answers', async () => {
    const M = 'https://matrix.example';
    const t = setup({ [`${M}/_matrix/federation/v1/version`]: { status: 200, body: '{"server":{"name":"continuwuity","version":"0.5.0"}}' } });
    expect(await t.facts(M, 'matrix')).toEqual({ origin: M, platform: 'matrix', mediaRepo: false, software: 'continuwuity', version: '0.5.0', checkedAt: 10_000 });
    expect(t.asked.sort()).toEqual([`${M}/_matrix/federation/v1/version`, `${M}/_matrix/media/version`]);
    const silent = setup({});
    expect(await silent.facts(M, 'matrix')).toEqual({ origin: M, platform: 'matrix', mediaRepo: false, checkedAt: 10_000 });
  });
});
