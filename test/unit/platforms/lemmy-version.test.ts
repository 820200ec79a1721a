import { describe, expect, it } from 'vitest';
import { bandFromNodeinfo, bandFromSite, lemmyBand, nodeinfoUrl, type LemmyBand } from '@/utils/platforms/lemmy';
import { MAX_VERSION_DOC_CHARS } from '@/utils/platforms/lemmy-version';

describe('lemmyBand', () => {
  it.each<[unknown, LemmyBand, string]>([
    ['0.18.5', '0.18', 'delete needs no login (@0.18.5)'],
    ['0.18.0', '0.18', ''],
    ['0.19.0', '0.19.0-0.19.11', 'login required from 0.19.0 (#3946)'],
    ['0.19.3', '0.19.0-0.19.11', ''],
    ['v0.19.4', '0.19.0-0.19.11', 'leading v'],
    ['V0.19.4', '0.19.0-0.19.11', 'leading V'],
    [' 0.19.6\n', '0.19.0-0.19.11', 'whitespace'],
    ['0.19.11', '0.19.0-0.19.11', 'last version passing pict-rs status through'],
    ['0.19.12', '0.19.12+', 'token ignored, ownership checked (#5677, first tag 0.19.12)'],
    ['0.19.13-rc.1', '0.19.12+', 'prerelease of a later patch'],
    ['0.19.20', '0.19.12+', ''],
    ['0.19.12-beta.3', '0.19.0-0.19.11', 'a 0.19.12 prerelease sorts before 0.19.12: the cautious band'],
    ['0.19.12-5-gabc1234', '0.19.12+', 'git describe: a build after the tag'],
    ['0.19.11-3-g0123abcd', '0.19.0-0.19.11', 'git describe after 0.19.11'],
    ['0.19.5+build.7', '0.19.0-0.19.11', 'build metadata'],
    ['1.0.0-alpha.5', '1.0', 'v3 routes removed in alpha.5'],
    ['1.0.0-beta.1', '1.0', 'no 1.0.0 tag exists; betas are what runs'],
    ['1.0.0', '1.0', ''],
    ['1.2.3', '1.0', 'any 1.x keeps API v4'],
    ['1.0', '1.0', 'no patch'],
    ['0.19', 'unknown', '0.19 without a patch cannot pick a side of 0.19.12'],
    ['0.17.4', 'unknown', 'not researched'],
    ['0.20.0', 'unknown', 'no such release'],
    ['2.0.0', 'unknown', 'not researched'],
    ['unknown version', 'unknown', 'garbage'],
    ['', 'unknown', ''],
    ['0.19.x', 'unknown', ''],
    ['0..19.3', 'unknown', ''],
    ['0.19.3.4', 'unknown', ''],
    ['00000000000000000000.19.3', 'unknown', 'absurd digits'],
    ['0.19.3-' + 'a'.repeat(200), 'unknown', 'huge suffix'],
    [19, 'unknown', 'wrong type'],
    [null, 'unknown', ''],
    [undefined, 'unknown', ''],
    [{ version: '0.19.3' }, 'unknown', 'object'],
    [['0.19.3'], 'unknown', 'array'],
  ])('%j → %s %s', (version, band) => {
    expect(lemmyBand(version)).toBe(band);
  });
});

describe('bandFromSite (GET /api/v3/site, /api/v4/site: top-level `version`)', () => {
  const site = (extra: object) => JSON.stringify({ site_view: { site: { name: 'x' } }, admins: [], ...extra });
  it.each<[string | null | undefined, LemmyBand]>([
    [site({ version: '0.19.3' }), '0.19.0-0.19.11'],
    [site({ version: '0.19.12' }), '0.19.12+'],
    [site({ version: '1.0.0-beta.1', oauth_providers: [] }), '1.0'],
    [site({ version: '0.18.5', my_user: null }), '0.18'],
    [site({}), 'unknown'],
    [site({ version: 19 }), 'unknown'],
    [site({ version: null }), 'unknown'],
    [site({ site_view: { version: '0.19.3' } }), 'unknown'],
    ['[{"version":"0.19.3"}]', 'unknown'],
    ['{"version":"0.19.3"', 'unknown'],
    ['<html>Lemmy</html>', 'unknown'],
    ['', 'unknown'],
    [null, 'unknown'],
    [undefined, 'unknown'],
    [`{"version":"0.19.3","pad":"${'a'.repeat(MAX_VERSION_DOC_CHARS)}"}`, 'unknown'],
  ])('%#', (body, band) => {
    expect(bandFromSite(body)).toBe(band);
  });
  it('reads a large but plausible site document', () => {
    const languages = Array.from({ length: 5000 }, (_, id) => ({ id, code: 'xx', name: 'Language' }));
    expect(bandFromSite(site({ version: '0.19.4', all_languages: languages }))).toBe('0.19.0-0.19.11');
  });
});

describe('bandFromNodeinfo (software.version)', () => {
  const info = (software: unknown) => JSON.stringify({ version: '2.1', software, protocols: ['activitypub'] });
  it.each<[string | null, LemmyBand]>([
    [info({ name: 'lemmy', version: '0.19.3' }), '0.19.0-0.19.11'],
    [info({ name: 'Lemmy', version: '1.0.0-alpha.5', repository: 'https://github.com/LemmyNet/lemmy' }), '1.0'],
    [info({ name: 'piefed', version: '0.19.3' }), 'unknown'],
    [info({ name: 'sublinks', version: '0.19.5' }), 'unknown'],
    [info({ name: 'lemmy' }), 'unknown'],
    [info({ name: 'lemmy', version: 19 }), 'unknown'],
    [info('lemmy 0.19.3'), 'unknown'],
    [JSON.stringify({ version: '0.19.3' }), 'unknown'],
    ['not json', 'unknown'],
    [null, 'unknown'],
  ])('%#', (body, band) => {
    expect(bandFromNodeinfo(body)).toBe(band);
  });
});

describe('nodeinfoUrl (/.well-known/nodeinfo)', () => {
  const ORIGIN = 'https://lemmy.example';
  const links = (...l: unknown[]) => JSON.stringify({ links: l });
  it.each<[string | null, string | null]>([
    [links({ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${ORIGIN}/nodeinfo/2.0.json` }), `${ORIGIN}/nodeinfo/2.0.json`],
    [
      links(
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${ORIGIN}/nodeinfo/2.0.json` },
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${ORIGIN}/nodeinfo/2.1` },
      ),
      `${ORIGIN}/nodeinfo/2.1`,
    ],
    [links({ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: 'https://elsewhere.example/nodeinfo/2.1' }), null],
    [links({ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: 'javascript:alert(1)' }), null],
    [links({ rel: 'https://example.org/other', href: `${ORIGIN}/x` }), null],
    [links(42, { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${ORIGIN}/nodeinfo/2.0.json` }), `${ORIGIN}/nodeinfo/2.0.json`],
    [JSON.stringify({ links: { rel: 'x', href: 'y' } }), null],
    ['{}', null],
    ['nope', null],
    [null, null],
  ])('%#', (body, url) => {
    expect(nodeinfoUrl(body, ORIGIN)).toBe(url);
  });
});
