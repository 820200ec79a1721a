import { describe, expect, it } from 'vitest';
import { matrix, mxcParts, mxcSchema } from '@/utils/platforms/matrix';
import { platformForRule, ruleById } from '@/utils/platforms';
import type { LinkFact, UploadDraft } from '@/utils/platforms/types';
import { fileMeta, fixture, observation, uploadRecord } from '../helpers';

const HS = 'https://matrix-client.example.org';
const upload = (response: unknown, { status = 200, files = [fileMeta('cat.png', 'image/png', 2048, null)], path = 'v3/upload', query = '' } = {}) =>
  observation('matrix-upload', 'POST', `${HS}/_matrix/media/${path}${query}`, status, response, files, null, { transport: 'xhr' });
const send = (room: string, type: string, request: unknown, { status = 200, response = fixture('matrix', 'send.200.json') as unknown } = {}) =>
  observation('matrix-send', 'PUT', `${HS}/_matrix/client/v3/rooms/${room}/send/${type}/m1700000000000.12`, status, response, [], request);

const downloadUrl = (server: string, id: string) => `${HS}/_matrix/client/v1/media/download/${server}/${id}`;

describe('matrix uploads', () => {
  it.each([
    ['v3/upload', 'upload-v3.200.json', 'GCmhgzMPRjqgpODLsNQzVuHZ'],
    ['r0/upload', 'upload-r0.200.json', 'aBcDeFgHiJkLmNoPqRsTuVwX'],
    ['v1/upload', 'upload-v1.200.json', 'zYxWvUtSrQpOnMlKjIhGfEdC'],
  ])('POST /_matrix/media/%s → mxc draft with an authenticated download URL', (path, name, id) => {
    const mxc = `mxc://matrix.example.org/${id}`;
    expect(matrix.parseUpload(upload(fixture('matrix', name), { path, query: '?filename=cat.png' }))).toEqual<UploadDraft[]>([
      {
        platform: 'matrix',
        api: 'matrix-media',
        kind: 'attachment',
        instanceOrigin: HS,
        key: mxc,
        mxc,
        url: downloadUrl('matrix.example.org', id),
        fileIndex: 0,
        fileName: 'cat.png',
        mime: 'image/png',
        size: 2048,
        encrypted: false,
      },
    ]);
  });

  it("prefers the File's name over the double-encoded ?filename=", () => {
    const files = [fileMeta('Holiday photo.png', 'image/png', 99, null)];
    const [d] = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files, query: '?filename=My%2520File.png' }));
    expect(d?.fileName).toBe('Holiday photo.png');
  });

  it('decodes the double-encoded ?filename= when the body is a nameless Blob', () => {
    const files = [fileMeta(null, 'image/png', 99, null)];
    const [d] = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files, query: '?filename=My%2520File.png' }));
    expect(d?.fileName).toBe('My File.png');
    expect(d?.encrypted).toBe(false);
  });

  it('decodes ?filename= even with no file metadata at all', () => {
    const [d] = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files: [], query: '?filename=r%25C3%25A9sum%25C3%25A9.pdf' }));
    expect(d).toMatchObject({ fileName: 'résumé.pdf', fileIndex: null, mime: null, size: null, encrypted: false });
  });

  it('a malformed ?filename= escape does not throw', () => {
    const [d] = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files: [], query: '?filename=%25E0%25A4%25A.png' }));
    expect(d?.key).toBe('mxc://matrix.example.org/GCmhgzMPRjqgpODLsNQzVuHZ');
    expect(typeof d?.fileName).toBe('string');
  });

  it('marks a nameless application/octet-stream Blob as encrypted', () => {
    const files = [fileMeta(null, 'application/octet-stream', 120016, null)];
    const [d] = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files }));
    expect(d).toMatchObject({ encrypted: true, fileName: null, mime: 'application/octet-stream', size: 120016 });
  });

  it("marks Element's typeless ciphertext Blob (type '') as encrypted octet-stream", () => {
    const [d] = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files: [fileMeta(null, '', 4096, null)] }));
    expect(d).toMatchObject({ encrypted: true, fileName: null, mime: 'application/octet-stream', size: 4096 });
  });

  it('a named octet-stream File, or a nameless image Blob (plain-room thumbnail), is not encrypted', () => {
    const named = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files: [fileMeta('data.bin', 'application/octet-stream', 5, null)] }));
    const thumb = matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { files: [fileMeta(null, 'image/png', 5, null)] }));
    expect(named[0]?.encrypted).toBe(false);
    expect(thumb[0]?.encrypted).toBe(false);
  });

  it('async upload: PUT /_matrix/media/v3/upload/{server}/{id} answering {} names the mxc in its URL', () => {
    const create = JSON.parse(fixture('matrix', 'create-v1.200.json')) as { content_uri: string };
    const { server, mediaId } = mxcParts(create.content_uri);
    const obs = observation('matrix-upload-async', 'PUT', `${HS}/_matrix/media/v3/upload/${server}/${mediaId}`, 200,
      fixture('matrix', 'upload-async-put.200.json'), [fileMeta('doc.pdf', 'application/pdf', 3000, null)]);
    expect(matrix.parseUpload(obs)).toEqual<UploadDraft[]>([
      {
        platform: 'matrix',
        api: 'matrix-media',
        kind: 'attachment',
        instanceOrigin: HS,
        key: create.content_uri,
        mxc: create.content_uri,
        url: downloadUrl('matrix.example.org', 'AsyncMediaId0123456789'),
        fileIndex: 0,
        fileName: 'doc.pdf',
        mime: 'application/pdf',
        size: 3000,
        encrypted: false,
      },
    ]);
  });

  it('async upload with a port in the server name keeps it and encodes it in the download URL', () => {
    const obs = observation('matrix-upload-async', 'PUT', `${HS}/_matrix/media/v3/upload/localhost%3A8448/abc_DEF-1`, 200, '{}');
    const [d] = matrix.parseUpload(obs);
    expect(d?.mxc).toBe('mxc://localhost:8448/abc_DEF-1');
    expect(d?.url).toBe(`${HS}/_matrix/client/v1/media/download/localhost%3A8448/abc_DEF-1`);
  });

  it('the create call itself is not watched (it uploads nothing)', () => {
    expect(new RegExp(ruleById('matrix-upload')!.path).test('/_matrix/media/v1/create')).toBe(false);
    expect(new RegExp(ruleById('matrix-upload-async')!.path).test('/_matrix/media/v1/create')).toBe(false);
  });

  it.each([
    ['error-too-large.413.json', 413],
    ['error-missing-token.401.json', 401],
  ])('error %s (%i) → []', (name, status) => {
    expect(matrix.parseUpload(upload(fixture('matrix', name), { status }))).toEqual([]);
  });

  it('a success body under a non-2xx status → []', () => {
    expect(matrix.parseUpload(upload(fixture('matrix', 'upload-v3.200.json'), { status: 403 }))).toEqual([]);
    const put = observation('matrix-upload-async', 'PUT', `${HS}/_matrix/media/v3/upload/matrix.example.org/abc`, 409, '{"errcode":"M_CANNOT_OVERWRITE_MEDIA"}');
    expect(matrix.parseUpload(put)).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['non-JSON', 'Gateway Timeout'],
    ['empty', ''],
    ['content_uri a number', { content_uri: 5 }],
    ['content_uri http', { content_uri: 'https://evil.example/x' }],
    ['mxc with a path', { content_uri: 'mxc://matrix.example.org/../../_synapse/admin/v1/users' }],
    ['mxc with a traversal server', { content_uri: 'mxc://../id123' }],
    ['mxc with a dot server', { content_uri: 'mxc://./id123' }],
    ['mxc with .. inside the server', { content_uri: 'mxc://evil..example/id123' }],
    ['mxc with an encoded slash', { content_uri: 'mxc://matrix.example.org/a%2Fb' }],
    ['mxc with a query', { content_uri: 'mxc://matrix.example.org/abc?x=1' }],
    ['mxc without media id', { content_uri: 'mxc://matrix.example.org/' }],
    ['huge media id', { content_uri: `mxc://matrix.example.org/${'a'.repeat(300)}` }],
    ['huge body', JSON.stringify({ junk: 'x'.repeat(255_000) })],
  ])('hostile upload response (%s) → [] without throwing', (_label, body) => {
    const obs = upload(body);
    expect(() => matrix.parseUpload(obs)).not.toThrow();
    expect(matrix.parseUpload(obs)).toEqual([]);
  });

  it.each([
    ['..', 'abc'],
    ['%2E%2E', 'abc'],
    ['matrix.example.org', '%2E%2E'],
    ['matrix.example.org', 'a%2Fb'],
    ['matrix.example.org', '%E0%A4%A'],
  ])('hostile async upload path /%s/%s → []', (server, id) => {
    const obs = observation('matrix-upload-async', 'PUT', `${HS}/_matrix/media/v3/upload/${server}/${id}`, 200, '{}');
    expect(() => matrix.parseUpload(obs)).not.toThrow();
    expect(matrix.parseUpload(obs)).toEqual([]);
  });

  it('mxcSchema accepts real server names (DNS, port, IPv6) and rejects traversal', () => {
    for (const ok of ['mxc://matrix.org/abc', 'mxc://localhost:8008/abc', 'mxc://[::1]:8448/abc', 'mxc://1.2.3.4/a_b-C'])
      expect(mxcSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['mxc://../abc', 'mxc://./abc', 'mxc://a..b/abc', 'mxc://matrix.org/..', 'mxc://matrix.org/a/b', 'mxc:///abc'])
      expect(mxcSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('is registered for its rules, and upload rules are not link rules', () => {
    expect(platformForRule('matrix-upload')).toBe(matrix);
    expect(ruleById('matrix-upload')?.role).toBe('upload');
    expect(ruleById('matrix-send')?.role).toBe('link');
    expect(matrix.parseUpload(send('%21abc%3Aexample.org', 'm.room.message', fixture('matrix', 'send-image.request.json')))).toEqual([]);
  });
});

describe('matrix links', () => {
  const ROOM = '!abc:example.org';
  const ROOM_ENC = '%21abc%3Aexample.org';
  const EVENT = '$YUwRidLecu:example.org';

  it('m.room.message with url and thumbnail_url → both keys, room and event (percent-encoded room id)', () => {
    expect(matrix.parseLink(send(ROOM_ENC, 'm.room.message', fixture('matrix', 'send-image.request.json')))).toEqual<LinkFact>({
      platform: 'matrix',
      instanceOrigin: HS,
      keys: ['mxc://matrix.example.org/MainMediaId00000000001'],
      thumbnailKeys: ['mxc://matrix.example.org/ThumbMediaId0000000001'],
      roomId: ROOM,
      eventId: EVENT,
      kind: 'attachment',
      encrypted: false,
    });
  });

  it('an unencoded room id in the path works too', () => {
    const fact = matrix.parseLink(send('!abc:example.org', 'm.room.message', fixture('matrix', 'send-file.request.json')));
    expect(fact).toMatchObject({ roomId: ROOM, keys: ['mxc://matrix.example.org/PdfMediaId000000000001'], thumbnailKeys: [] });
  });

  it('m.room.message with an encrypted attachment (file.url, thumbnail_file.url)', () => {
    const fact = matrix.parseLink(send(ROOM_ENC, 'm.room.message', fixture('matrix', 'send-encrypted-file.request.json')));
    expect(fact).toMatchObject({
      keys: ['mxc://matrix.example.org/EncMainMediaId00000001'],
      thumbnailKeys: ['mxc://matrix.example.org/EncThumbMediaId0000001'],
      roomId: ROOM,
      eventId: EVENT,
      encrypted: false,
    });
  });

  it('m.room.encrypted → an encrypted fact with room and event but no keys', () => {
    expect(matrix.parseLink(send(ROOM_ENC, 'm.room.encrypted', fixture('matrix', 'send-encrypted.request.json')))).toEqual<LinkFact>({
      platform: 'matrix',
      instanceOrigin: HS,
      keys: [],
      thumbnailKeys: [],
      roomId: ROOM,
      eventId: EVENT,
      encrypted: true,
    });
  });

  it('m.room.encrypted without a usable response still names the room', () => {
    const fact = matrix.parseLink(send(ROOM_ENC, 'm.room.encrypted', fixture('matrix', 'send-encrypted.request.json'), { response: 'oops' }));
    expect(fact).toMatchObject({ encrypted: true, roomId: ROOM });
    expect(fact).not.toHaveProperty('eventId');
  });

  it('m.sticker, text messages and reactions → null', () => {
    expect(matrix.parseLink(send(ROOM_ENC, 'm.sticker', fixture('matrix', 'send-sticker.request.json')))).toBeNull();
    expect(matrix.parseLink(send(ROOM_ENC, 'm.room.message', { msgtype: 'm.text', body: 'hi' }))).toBeNull();
    expect(matrix.parseLink(send(ROOM_ENC, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation' } }))).toBeNull();
  });

  it('failed sends → null', () => {
    const req = fixture('matrix', 'send-image.request.json');
    expect(matrix.parseLink(send(ROOM_ENC, 'm.room.message', req, { status: 401, response: fixture('matrix', 'error-missing-token.401.json') }))).toBeNull();
    expect(matrix.parseLink(send(ROOM_ENC, 'm.room.encrypted', fixture('matrix', 'send-encrypted.request.json'), { status: 403 }))).toBeNull();
  });

  it.each<[string, string, unknown]>([
    ['room id without !', 'abc%3Aexample.org', fixture('matrix', 'send-image.request.json')],
    ['room id with an encoded slash', '%21abc%2F..%3Aexample.org', fixture('matrix', 'send-image.request.json')],
    ['malformed escape in room id', '%21abc%E0%A4%A', fixture('matrix', 'send-image.request.json')],
    ['request body not JSON', ROOM_ENC, 'not json'],
    ['url not mxc', ROOM_ENC, { msgtype: 'm.image', body: 'x', url: 'https://evil.example/x' }],
    ['url mxc with traversal', ROOM_ENC, { msgtype: 'm.image', body: 'x', url: 'mxc://../x' }],
    ['url a number', ROOM_ENC, { msgtype: 'm.image', body: 'x', url: 1 }],
  ])('hostile send (%s) → null', (_label, room, body) => {
    const obs = send(room, 'm.room.message', body);
    expect(() => matrix.parseLink(obs)).not.toThrow();
    expect(matrix.parseLink(obs)).toBeNull();
  });

  it('profile avatar_url → avatar fact without a room', () => {
    const obs = observation('matrix-avatar', 'PUT', `${HS}/_matrix/client/v3/profile/%40alice%3Aexample.org/avatar_url`, 200,
      fixture('matrix', 'profile-avatar.200.json'), [], fixture('matrix', 'profile-avatar.request.json'));
    expect(matrix.parseLink(obs)).toEqual<LinkFact>({
      platform: 'matrix',
      instanceOrigin: HS,
      keys: ['mxc://matrix.example.org/AvatarMediaId000000001'],
      thumbnailKeys: [],
      kind: 'avatar',
      encrypted: false,
    });
  });

  it('profile avatar removal (empty avatar_url) → null', () => {
    const obs = observation('matrix-avatar', 'PUT', `${HS}/_matrix/client/v3/profile/%40alice%3Aexample.org/avatar_url`, 200, '{}', [], { avatar_url: '' });
    expect(matrix.parseLink(obs)).toBeNull();
  });

  it('m.room.avatar state → room-avatar fact with room and event', () => {
    const obs = observation('matrix-room-avatar', 'PUT', `${HS}/_matrix/client/v3/rooms/${ROOM_ENC}/state/m.room.avatar/`, 200,
      fixture('matrix', 'room-avatar.200.json'), [], fixture('matrix', 'room-avatar.request.json'));
    expect(matrix.parseLink(obs)).toEqual<LinkFact>({
      platform: 'matrix',
      instanceOrigin: HS,
      keys: ['mxc://matrix.example.org/RoomAvatarMediaId00001'],
      thumbnailKeys: [],
      kind: 'room-avatar',
      roomId: ROOM,
      eventId: '$RoomAvatarEvent0001:example.org',
      encrypted: false,
    });
  });

  it('m.room.avatar with a bad url or a bad room → null', () => {
    const url = `${HS}/_matrix/client/v3/rooms/${ROOM_ENC}/state/m.room.avatar/`;
    expect(matrix.parseLink(observation('matrix-room-avatar', 'PUT', url, 200, '{}', [], { url: 'mxc://a/b/c' }))).toBeNull();
    const badRoom = `${HS}/_matrix/client/v3/rooms/abc/state/m.room.avatar/`;
    expect(matrix.parseLink(observation('matrix-room-avatar', 'PUT', badRoom, 200, '{}', [], fixture('matrix', 'room-avatar.request.json')))).toBeNull();
  });

  it('link rules match Element paths (send, profile, room avatar)', () => {
    const m = (id: string, p: string) => new RegExp(ruleById(id)!.path).test(p);
    expect(m('matrix-send', '/_matrix/client/v3/rooms/%21abc%3Aexample.org/send/m.room.message/m123.4')).toBe(true);
    expect(m('matrix-send', '/_matrix/client/r0/rooms/%21abc%3Aexample.org/send/m.room.encrypted/m123.4')).toBe(true);
    expect(m('matrix-send', '/_matrix/client/v3/rooms/%21abc%3Aexample.org/redact/%24ev/m1')).toBe(false);
    expect(m('matrix-avatar', '/_matrix/client/v3/profile/%40alice%3Aexample.org/avatar_url')).toBe(true);
    expect(m('matrix-avatar', '/_matrix/client/v3/profile/%40alice%3Aexample.org/displayname')).toBe(false);
    expect(m('matrix-room-avatar', '/_matrix/client/v3/rooms/%21abc%3Aexample.org/state/m.room.avatar/')).toBe(true);
    expect(m('matrix-room-avatar', '/_matrix/client/v3/rooms/%21abc%3Aexample.org/state/m.room.name/')).toBe(false);
  });
});

describe('claiming uploads for an encrypted send (no mxc on the wire)', () => {
  const claim = matrix.claimUnnamed!.claim;
  const enc = (id: string, size: number, extra = {}) =>
    uploadRecord({ id, platform: 'matrix', encrypted: true, size, ...extra });

  it('claims the unlinked encrypted uploads and pairs the earlier, smaller one as the thumbnail', () => {
    // newest first, as the ledger lists them
    expect(claim([enc('file', 90_000), enc('thumb', 4_000)])).toEqual({
      ids: ['thumb', 'file'],
      thumbnail: { id: 'thumb', of: 'file' },
    });
  });

  it('skips uploads already linked to a room and plain uploads; pairs nothing when sizes do not fit', () => {
    const recent = [enc('b', 10), enc('a', 20), enc('linked', 5, { roomId: '!r:x' }), uploadRecord({ id: 'plain', platform: 'matrix', size: 1 })];
    expect(claim(recent)).toEqual({ ids: ['a', 'b'] });
  });

  it('a single upload is claimed alone', () => {
    expect(claim([enc('only', 10)])).toEqual({ ids: ['only'] });
  });
});
