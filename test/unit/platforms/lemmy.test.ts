import { describe, expect, it } from 'vitest';
import { lemmy } from '@/utils/platforms/lemmy';
import { platformForRule, watchRules } from '@/utils/platforms';
import type { UploadDraft } from '@/utils/platforms/types';
import { fileMeta, fixture, observation } from '../helpers';

const HOST = 'https://lemmy.example';
const v3 = (response: unknown, status = 201, files = [fileMeta('cat.png', 'image/png', 51234)], url = `${HOST}/pictrs/image`) =>
  observation('lemmy-v3-upload', 'POST', url, status, response, files);
const v4 = (route: string, response: unknown, status = 200, files = [fileMeta('me.png', 'image/png', 4096)]) =>
  observation('lemmy-v4-upload', 'POST', `${HOST}/api/v4/${route}`, status, response, files);

const ruleMatches = (ruleId: string, path: string) =>
  new RegExp(watchRules.find((r) => r.id === ruleId)!.path).test(path);

describe('the API base comes from the request the browser sent, never from the answer (issue 11)', () => {
  it("a 1.0 answer whose image_url carries a path prefix: the record's URL and base are the request's", () => {
    const [d] = lemmy.parseUpload(v4('image', { image_url: `${HOST}/api/v3/admin/anything/api/v4/image/a.png`, filename: 'a.png' }));
    expect([d!.apiBase, d!.url]).toEqual([HOST, `${HOST}/api/v4/image/a.png`]);
  });
  it('an instance served under /lemmy keeps that prefix (0.19 and 1.0)', () => {
    const [a] = lemmy.parseUpload(v3(fixture('lemmy', 'v0.19.0-upload.201.json'), 201, undefined, `${HOST}/lemmy/pictrs/image`));
    expect(a!.apiBase).toBe(`${HOST}/lemmy`);
    const [b] = lemmy.parseUpload(observation('lemmy-v4-upload', 'POST', `${HOST}/lemmy/api/v4/image`, 200, { image_url: `${HOST}/api/v4/image/b.png`, filename: 'b.png' }));
    expect([b!.apiBase, b!.url]).toEqual([`${HOST}/lemmy`, `${HOST}/lemmy/api/v4/image/b.png`]);
  });
});

describe('lemmy rules', () => {
  it('watch the v3 and v4 upload paths, and nothing else', () => {
    expect(ruleMatches('lemmy-v3-upload', '/pictrs/image')).toBe(true);
    expect(ruleMatches('lemmy-v3-upload', '/lemmy/pictrs/image/')).toBe(true);
    expect(ruleMatches('lemmy-v3-upload', '/pictrs/image/delete/tok/alias.png')).toBe(false);
    for (const route of ['image', 'account/avatar', 'account/banner', 'community/icon', 'community/banner', 'site/icon', 'site/banner']) {
      expect(ruleMatches('lemmy-v4-upload', `/api/v4/${route}`), route).toBe(true);
    }
    expect(ruleMatches('lemmy-v4-upload', '/api/v4/image/list')).toBe(false);
    expect(ruleMatches('lemmy-v4-upload', '/api/v4/account/media')).toBe(false);
    expect(platformForRule('lemmy-v4-upload')).toBe(lemmy);
    const uploads = lemmy.rules.filter((r) => r.role === 'upload');
    expect(uploads.map((r) => r.id)).toEqual(['lemmy-v3-upload', 'lemmy-v4-upload']);
    expect(uploads.every((r) => r.methods.join() === 'POST')).toBe(true);
  });

  it('watch post creates and edits as links (a post may link an upload, issue 12 §3), nothing else of the API', () => {
    for (const path of ['/api/v3/post', '/api/v4/post', '/lemmy/api/v3/post/']) expect(ruleMatches('lemmy-post', path), path).toBe(true);
    for (const path of ['/api/v3/post/list', '/api/v3/post/like', '/api/v3/comment', '/api/v3/posts']) expect(ruleMatches('lemmy-post', path), path).toBe(false);
    expect(lemmy.rules.find((r) => r.id === 'lemmy-post')).toMatchObject({ methods: ['POST', 'PUT'], role: 'link' });
  });
});

describe('lemmy v3 (0.18, 0.19) uploads', () => {
  it.each([
    ['v0.18.5-upload.201.json', '0b5d6f24-6a2e-4c7e-9d0f-8e8a1f3b2c10.png', 'd9c1a2b3-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
    ['v0.19.0-upload.201.json', '6a0d3b1e-2f4c-4f7a-9b9d-1c2e3f4a5b6c.jpeg', 'f1e2d3c4-b5a6-4789-8abc-def012345678'],
  ])('%s → one draft with alias, token and pictrs URL', (name, alias, token) => {
    const drafts = lemmy.parseUpload(v3(fixture('lemmy', name)));
    expect(drafts).toEqual<UploadDraft[]>([
      {
        platform: 'lemmy',
        api: 'lemmy-v3',
        kind: 'image',
        instanceOrigin: HOST,
        apiBase: HOST,
        key: alias,
        url: `${HOST}/pictrs/image/${alias}`,
        deleteToken: token,
        fileIndex: 0,
        fileName: 'cat.png',
        mime: 'image/png',
        size: 51234,
      },
    ]);
  });

  it('0.19.3 with two files pairs each alias with its File by index', () => {
    const files = [fileMeta('a.png', 'image/png', 10), fileMeta('b.webp', 'image/webp', 20)];
    const drafts = lemmy.parseUpload(v3(fixture('lemmy', 'v0.19.3-upload-two-files.201.json'), 201, files));
    expect(drafts.map((d) => [d.key, d.deleteToken, d.fileIndex, d.fileName, d.mime, d.size])).toEqual([
      ['1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b.png', 'aa11bb22-cc33-4d44-8e55-ff6677889900', 0, 'a.png', 'image/png', 10],
      ['9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b.webp', '0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e', 1, 'b.webp', 'image/webp', 20],
    ]);
  });

  it.each([
    ['v0.19.4-upload.201.json', '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e.png', '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a', 1280, 720, 'image/png'],
    ['v0.19.20-upload.201.json', 'c0ffee00-1234-4abc-8def-0123456789ab.gif', 'beefcafe-5678-4def-9abc-ba9876543210', 400, 300, 'image/gif'],
  ])('%s → dimensions from details, mime from details when the File has none', (name, alias, token, width, height, mime) => {
    const drafts = lemmy.parseUpload(v3(fixture('lemmy', name), 201, [fileMeta(null, '', 777)]));
    expect(drafts).toEqual<UploadDraft[]>([
      {
        platform: 'lemmy',
        api: 'lemmy-v3',
        kind: 'image',
        instanceOrigin: HOST,
        apiBase: HOST,
        key: alias,
        url: `${HOST}/pictrs/image/${alias}`,
        deleteToken: token,
        fileIndex: 0,
        fileName: null,
        mime,
        size: 777,
        width,
        height,
      },
    ]);
  });

  it("prefers the File's own type over details.content_type", () => {
    const [d] = lemmy.parseUpload(v3(fixture('lemmy', 'v0.19.4-upload.201.json'), 201, [fileMeta('x.png', 'image/apng', 1)]));
    expect(d?.mime).toBe('image/apng');
  });

  it('keeps an API base prefix and drops the query', () => {
    const [d] = lemmy.parseUpload(v3(fixture('lemmy', 'v0.19.0-upload.201.json'), 201, undefined, `${HOST}/lemmy/pictrs/image/?x=1`));
    expect(d?.url).toBe(`${HOST}/lemmy/pictrs/image/6a0d3b1e-2f4c-4f7a-9b9d-1c2e3f4a5b6c.jpeg`);
    expect(d?.instanceOrigin).toBe(HOST);
  });

  it('without file metadata the draft has no file index, name or size', () => {
    const [d] = lemmy.parseUpload(v3(fixture('lemmy', 'v0.19.0-upload.201.json'), 201, []));
    expect(d).toMatchObject({ fileIndex: null, fileName: null, mime: null, size: null });
  });

  it.each([
    ['upload-failed.400.json', 400],
    ['upload-too-large.413.json', 413],
    ['incorrect-login.401.json', 401],
  ])('failure %s (%i) → []', (name, status) => {
    expect(lemmy.parseUpload(v3(fixture('lemmy', name), status))).toEqual([]);
  });

  it('files: null even with a 2xx status → []', () => {
    expect(lemmy.parseUpload(v3({ msg: 'ok', files: null }))).toEqual([]);
  });

  it('a success body under a non-2xx status → []', () => {
    expect(lemmy.parseUpload(v3(fixture('lemmy', 'v0.19.0-upload.201.json'), 500))).toEqual([]);
    expect(lemmy.parseUpload(v3(fixture('lemmy', 'v0.19.0-upload.201.json'), 0))).toEqual([]);
  });
});

describe('lemmy v4 (1.0) uploads', () => {
  it.each([
    ['image', 'image', 'v1.0-image.200.json'],
    ['account/avatar', 'avatar', 'v1.0-account-avatar.200.json'],
    ['account/banner', 'banner', 'v1.0-account-banner.200.json'],
    ['community/icon?id=3', 'community-icon', 'v1.0-community-icon.200.json'],
    ['community/banner?id=3', 'community-banner', 'v1.0-community-banner.200.json'],
    ['site/icon', 'site-icon', 'v1.0-site-icon.200.json'],
    ['site/banner', 'site-banner', 'v1.0-site-banner.200.json'],
  ])('POST /api/v4/%s → kind %s', (route, kind, name) => {
    const body = JSON.parse(fixture('lemmy', name)) as { image_url: string; filename: string };
    expect(lemmy.parseUpload(v4(route, fixture('lemmy', name)))).toEqual<UploadDraft[]>([
      {
        platform: 'lemmy',
        api: 'lemmy-v4',
        kind: kind as UploadDraft['kind'],
        instanceOrigin: HOST,
        apiBase: HOST,
        key: body.filename,
        url: `${HOST}/api/v4/image/${body.filename}`,
        fileIndex: 0,
        fileName: 'me.png',
        mime: 'image/png',
        size: 4096,
      },
    ]);
  });

  it('has no delete token', () => {
    const [d] = lemmy.parseUpload(v4('image', fixture('lemmy', 'v1.0-image.200.json')));
    expect(d).toBeDefined();
    expect(d).not.toHaveProperty('deleteToken');
  });

  it('a v3 body on the v4 route, or a v4 body on the v3 route → []', () => {
    expect(lemmy.parseUpload(v4('image', fixture('lemmy', 'v0.19.4-upload.201.json')))).toEqual([]);
    expect(lemmy.parseUpload(v3(fixture('lemmy', 'v1.0-image.200.json')))).toEqual([]);
  });

  it('error answers → []', () => {
    expect(lemmy.parseUpload(v4('image', fixture('lemmy', 'incorrect-login.401.json'), 401))).toEqual([]);
    expect(lemmy.parseUpload(v4('image', fixture('lemmy', 'v1.0-image.200.json'), 413))).toEqual([]);
  });

  it('image_url that is not an http(s) URL → []', () => {
    const alias = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c.png';
    expect(lemmy.parseUpload(v4('image', { image_url: `javascript:alert(1)//${alias}`, filename: alias }))).toEqual([]);
    expect(lemmy.parseUpload(v4('image', { image_url: 'not a url', filename: alias }))).toEqual([]);
  });
});

describe('lemmy hostile or malformed responses', () => {
  const token = 'f1e2d3c4-b5a6-4789-8abc-def012345678';
  const bodies: Array<[string, unknown]> = [
    ['non-JSON', '<html><body>502 Bad Gateway</body></html>'],
    ['truncated JSON', '{"msg":"ok","files":[{"file":"a.png"'],
    ['empty body', ''],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['files is an object', { msg: 'ok', files: { file: 'a.png', delete_token: token } }],
    ['file is a number', { msg: 'ok', files: [{ file: 42, delete_token: token }] }],
    ['delete_token missing', { msg: 'ok', files: [{ file: 'a.png' }] }],
    ['msg missing', { files: [{ file: 'a.png', delete_token: token }] }],
    ['alias with a slash', { msg: 'ok', files: [{ file: '../../api/v3/user/delete', delete_token: token }] }],
    ['alias ..', { msg: 'ok', files: [{ file: '..', delete_token: token }] }],
    ['alias .', { msg: 'ok', files: [{ file: '.', delete_token: token }] }],
    ['alias with ..', { msg: 'ok', files: [{ file: 'a..png', delete_token: token }] }],
    ['alias with a query', { msg: 'ok', files: [{ file: 'a.png?x=1', delete_token: token }] }],
    ['alias with a percent escape', { msg: 'ok', files: [{ file: '%2e%2e', delete_token: token }] }],
    ['token with a slash', { msg: 'ok', files: [{ file: 'a.png', delete_token: 'x/../../y' }] }],
    ['width is a string', { msg: 'ok', files: [{ file: 'a.png', delete_token: token, details: { width: '100' } }] }],
    ['too many files', { msg: 'ok', files: Array.from({ length: 1025 }, (_, i) => ({ file: `a${i}.png`, delete_token: token })) }],
    ['huge alias', { msg: 'ok', files: [{ file: 'a'.repeat(300), delete_token: token }] }],
  ];

  it.each(bodies)('%s → []', (_label, body) => {
    const obs = v3(body);
    expect(() => lemmy.parseUpload(obs)).not.toThrow();
    expect(lemmy.parseUpload(obs)).toEqual([]);
  });

  it.each([
    ['filename with a slash', { image_url: `${HOST}/api/v4/image/x`, filename: 'a/../b.png' }],
    ['filename ..', { image_url: `${HOST}/api/v4/image/..`, filename: '..' }],
    ['filename missing', { image_url: `${HOST}/api/v4/image/x.png` }],
    ['image_url a number', { image_url: 7, filename: 'x.png' }],
  ])('v4 %s → []', (_label, body) => {
    expect(lemmy.parseUpload(v4('image', body))).toEqual([]);
  });

  it('a huge body near the response limit does not throw and yields []', () => {
    const huge = JSON.stringify({ msg: 'x'.repeat(250_000), files: [] });
    const obs = v3(huge);
    expect(obs.response!.length).toBeGreaterThan(250_000);
    expect(lemmy.parseUpload(obs)).toEqual([]);
  });

  it('a null response (the hook gave up reading it) → []', () => {
    expect(lemmy.parseUpload(v3(null))).toEqual([]);
  });

  it('an unknown rule → [] and no link facts', () => {
    const obs = observation('matrix-upload', 'POST', `${HOST}/pictrs/image`, 201, fixture('lemmy', 'v0.19.0-upload.201.json'));
    expect(lemmy.parseUpload(obs)).toEqual([]);
    expect(lemmy.parseLink(obs)).toBeNull();
  });
});
