import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCaptureService } from '@/utils/capture';
import { ENCRYPTED_LINK_WINDOW_MS } from '@/utils/platforms/matrix';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import { recordId } from '@/utils/records';
import { fileMeta, fixture, observation } from './helpers';

const LEMMY = 'https://lemmy.example';
const ELEMENT = 'https://app.element.example';
const HS = 'https://matrix-client.example.org';
const ROOM = '%21abc%3Aexample.org';

let ledger: Ledger;
let clock: number;
let capture: ReturnType<typeof createCaptureService>;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  ledger = createLedger(openLedger());
  clock = 1_700_000_000_000;
  capture = createCaptureService(ledger, () => clock);
});

const lemmyUpload = () =>
  observation('lemmy-v3-upload', 'POST', `${LEMMY}/pictrs/image`, 201, fixture('lemmy', 'v0.19.3-upload-two-files.201.json'), [
    fileMeta('a.png', 'image/png', 10),
    fileMeta('b.webp', 'image/webp', 20),
  ]);
const matrixUpload = (mxcId: string, file = fileMeta('photo.png', 'image/png', 5000, null), hs = HS) =>
  observation('matrix-upload', 'POST', `${hs}/_matrix/media/v3/upload`, 200, { content_uri: `mxc://matrix.example.org/${mxcId}` }, [file], null, {
    transport: 'xhr',
  });
const sendMessage = (request: unknown, type = 'm.room.message', hs = HS) =>
  observation('matrix-send', 'PUT', `${hs}/_matrix/client/v3/rooms/${ROOM}/send/${type}/m1.1`, 200, fixture('matrix', 'send.200.json'), [], request);
const encryptedSend = (hs = HS) => sendMessage(fixture('matrix', 'send-encrypted.request.json'), 'm.room.encrypted', hs);
const encBlob = (size: number) => fileMeta(null, 'application/octet-stream', size, null);

describe('capture of uploads', () => {
  it('stores one record per draft with ids from pageOrigin + reqId, and reports file indexes', async () => {
    const obs = lemmyUpload();
    const saved = await capture.capture(obs, LEMMY);
    expect(saved).toEqual([
      { id: recordId(LEMMY, obs.reqId, 0), fileIndex: 0 },
      { id: recordId(LEMMY, obs.reqId, 1), fileIndex: 1 },
    ]);
    expect(recordId(LEMMY, obs.reqId, 1)).toBe(`${obs.reqId}.1@${LEMMY}`);
    const first = await ledger.get(saved[0]!.id);
    expect(first).toEqual({
      id: saved[0]!.id,
      platform: 'lemmy',
      api: 'lemmy-v3',
      kind: 'image',
      instanceOrigin: LEMMY,
      apiBase: LEMMY,
      key: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b.png',
      url: `${LEMMY}/pictrs/image/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b.png`,
      deleteToken: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
      fileName: 'a.png',
      mime: 'image/png',
      size: 10,
      pageOrigin: LEMMY,
      transport: 'fetch',
      status: 'captured',
      uploadedAt: clock,
      responseAt: obs.finishedAt,
    });
  });

  it('attributes records to the given pageOrigin, not to the URL the observation names', async () => {
    const obs = lemmyUpload();
    const [s] = await capture.capture(obs, 'https://ui.example');
    expect(s!.id.endsWith('@https://ui.example')).toBe(true);
    expect((await ledger.get(s!.id))?.pageOrigin).toBe('https://ui.example');
    expect(await ledger.listByPage(LEMMY)).toEqual([]);
  });

  it('a retry of the same observation does not duplicate and keeps the first time', async () => {
    const obs = lemmyUpload();
    await capture.capture(obs, LEMMY);
    clock += 60_000;
    await capture.capture(obs, LEMMY);
    const all = await ledger.all();
    expect(all).toHaveLength(2);
    expect(all.every((r) => r.uploadedAt === 1_700_000_000_000)).toBe(true);
  });

  it('the same reqId from two origins makes two records', async () => {
    const obs = lemmyUpload();
    await capture.capture(obs, LEMMY);
    await capture.capture(obs, 'https://other.example');
    expect(await ledger.all()).toHaveLength(4);
  });

  it('failed uploads and unknown rules store nothing', async () => {
    const failed = observation('lemmy-v3-upload', 'POST', `${LEMMY}/pictrs/image`, 413, fixture('lemmy', 'upload-too-large.413.json'));
    expect(await capture.capture(failed, LEMMY)).toEqual([]);
    expect(await capture.capture({ ...lemmyUpload(), rule: 'nope' }, LEMMY)).toEqual([]);
    expect(await ledger.all()).toEqual([]);
  });
});

describe('matrix links', () => {
  it('a plain-room send sets room and event, and pairs the thumbnail with its file', async () => {
    const [thumb] = await capture.capture(matrixUpload('ThumbMediaId0000000001', fileMeta(null, 'image/png', 800, null)), ELEMENT);
    const [main] = await capture.capture(matrixUpload('MainMediaId00000000001'), ELEMENT);
    expect(await capture.capture(sendMessage(fixture('matrix', 'send-image.request.json')), ELEMENT)).toEqual([]);
    expect(await ledger.get(main!.id)).toMatchObject({ kind: 'attachment', roomId: '!abc:example.org', eventId: '$YUwRidLecu:example.org' });
    expect(await ledger.get(main!.id)).not.toHaveProperty('thumbnailOf');
    expect(await ledger.get(thumb!.id)).toMatchObject({
      kind: 'thumbnail',
      thumbnailOf: main!.id,
      roomId: '!abc:example.org',
      eventId: '$YUwRidLecu:example.org',
    });
  });

  it('a retried upload report after the link keeps what the link set', async () => {
    const thumbObs = matrixUpload('ThumbMediaId0000000001', fileMeta(null, 'image/png', 800, null));
    const [thumb] = await capture.capture(thumbObs, ELEMENT);
    const [main] = await capture.capture(matrixUpload('MainMediaId00000000001'), ELEMENT);
    await capture.capture(sendMessage(fixture('matrix', 'send-image.request.json')), ELEMENT);
    await capture.capture(thumbObs, ELEMENT);
    expect(await ledger.get(thumb!.id)).toMatchObject({ kind: 'thumbnail', thumbnailOf: main!.id, roomId: '!abc:example.org' });
  });

  it('a profile avatar link sets kind avatar', async () => {
    const [s] = await capture.capture(matrixUpload('AvatarMediaId000000001'), ELEMENT);
    const obs = observation('matrix-avatar', 'PUT', `${HS}/_matrix/client/v3/profile/%40a%3Aexample.org/avatar_url`, 200, '{}', [],
      fixture('matrix', 'profile-avatar.request.json'));
    await capture.capture(obs, ELEMENT);
    expect(await ledger.get(s!.id)).toMatchObject({ kind: 'avatar' });
    expect(await ledger.get(s!.id)).not.toHaveProperty('roomId');
  });

  it('a link from another page origin never touches records of a different origin', async () => {
    const [s] = await capture.capture(matrixUpload('MainMediaId00000000001'), ELEMENT);
    await capture.capture(sendMessage(fixture('matrix', 'send-image.request.json')), 'https://evil.example');
    const r = await ledger.get(s!.id);
    expect(r).not.toHaveProperty('roomId');
    expect(r).not.toHaveProperty('eventId');
  });

  it('a link naming the key on another homeserver does not touch the record', async () => {
    const [s] = await capture.capture(matrixUpload('MainMediaId00000000001'), ELEMENT);
    await capture.capture(sendMessage(fixture('matrix', 'send-image.request.json'), 'm.room.message', 'https://other-hs.example'), ELEMENT);
    expect(await ledger.get(s!.id)).not.toHaveProperty('roomId');
  });

  it('an encrypted send claims the recent unlinked encrypted uploads of the same page and homeserver, smaller one as thumbnail', async () => {
    const [thumb] = await capture.capture(matrixUpload('EncThumb', encBlob(900)), ELEMENT);
    clock += 1000;
    const [main] = await capture.capture(matrixUpload('EncMain', encBlob(120_000)), ELEMENT);
    clock += 1000;
    await capture.capture(encryptedSend(), ELEMENT);
    expect(await ledger.get(main!.id)).toMatchObject({ roomId: '!abc:example.org', eventId: '$YUwRidLecu:example.org', kind: 'attachment', encrypted: true });
    expect(await ledger.get(main!.id)).not.toHaveProperty('thumbnailOf');
    expect(await ledger.get(thumb!.id)).toMatchObject({ roomId: '!abc:example.org', kind: 'thumbnail', thumbnailOf: main!.id });
  });

  it('an encrypted upload made from a picked file is recorded under its name, type and size, still marked encrypted (issue 12 §2)', async () => {
    const picked = { name: 'id-card.jpg', type: 'image/jpeg', size: 119_990, derived: false };
    const [main] = await capture.capture(matrixUpload('EncMain', encBlob(120_000)), ELEMENT, [picked]);
    expect(await ledger.get(main!.id)).toMatchObject({ fileName: 'id-card.jpg', mime: 'image/jpeg', size: 119_990, encrypted: true });
    // Its thumbnail (made from the file, not the file): the name, but not the file's type or size.
    const [thumb] = await capture.capture(matrixUpload('EncThumb', encBlob(900)), ELEMENT, [{ ...picked, derived: true }]);
    expect(await ledger.get(thumb!.id)).toMatchObject({ fileName: 'id-card.jpg', mime: 'application/octet-stream', size: 900, encrypted: true });
    // What the request named wins over the pick.
    const [named] = await capture.capture(matrixUpload('Named', fileMeta('photo.png', 'image/png', 5000, null)), ELEMENT, [{ ...picked, name: 'other.png' }]);
    expect(await ledger.get(named!.id)).toMatchObject({ fileName: 'photo.png', mime: 'image/png', size: 5000 });
  });

  it('a single encrypted upload is claimed without a thumbnail', async () => {
    const [main] = await capture.capture(matrixUpload('EncMain', encBlob(5000)), ELEMENT);
    await capture.capture(encryptedSend(), ELEMENT);
    expect(await ledger.get(main!.id)).toMatchObject({ roomId: '!abc:example.org', kind: 'attachment' });
  });

  it('an encrypted send does not claim uploads of other origins, other homeservers, plain uploads, linked ones or old ones', async () => {
    const [old] = await capture.capture(matrixUpload('EncOld', encBlob(100)), ELEMENT);
    clock += ENCRYPTED_LINK_WINDOW_MS + 1;
    const [otherPage] = await capture.capture(matrixUpload('EncOtherPage', encBlob(100)), 'https://evil.example');
    const [otherHs] = await capture.capture(matrixUpload('EncOtherHs', encBlob(100), 'https://other-hs.example'), ELEMENT);
    const [plain] = await capture.capture(matrixUpload('Plain', fileMeta('a.png', 'image/png', 100, null)), ELEMENT);
    const [mine] = await capture.capture(matrixUpload('EncMine', encBlob(100)), ELEMENT);
    await ledger.modify([mine!.id], (r) => ({ ...r, roomId: '!earlier:example.org' }));
    const [fresh] = await capture.capture(matrixUpload('EncFresh', encBlob(100)), ELEMENT);
    await capture.capture(encryptedSend(), ELEMENT);

    expect((await ledger.get(fresh!.id))?.roomId).toBe('!abc:example.org');
    expect((await ledger.get(mine!.id))?.roomId).toBe('!earlier:example.org');
    for (const id of [old!.id, otherPage!.id, otherHs!.id, plain!.id]) expect(await ledger.get(id), id).not.toHaveProperty('roomId');
  });

  it('the window boundary: an upload exactly ENCRYPTED_LINK_WINDOW_MS old is still claimed', async () => {
    const [s] = await capture.capture(matrixUpload('EncEdge', encBlob(100)), ELEMENT);
    clock += ENCRYPTED_LINK_WINDOW_MS;
    await capture.capture(encryptedSend(), ELEMENT);
    expect((await ledger.get(s!.id))?.roomId).toBe('!abc:example.org');
  });
});

describe('setThumbnail', () => {
  it('attaches a preview for the page that made the upload', async () => {
    const [s] = await capture.capture(lemmyUpload(), LEMMY);
    expect(await capture.setThumbnail(s!.id, 'data:image/jpeg;base64,AAAA', LEMMY)).toBe(true);
    expect(await ledger.thumbs([s!.id])).toEqual({ [s!.id]: 'data:image/jpeg;base64,AAAA' });
  });

  it('is refused for another origin and for unknown ids', async () => {
    const [s] = await capture.capture(lemmyUpload(), LEMMY);
    expect(await capture.setThumbnail(s!.id, 'data:image/jpeg;base64,BBBB', 'https://evil.example')).toBe(false);
    expect(await capture.setThumbnail('nope', 'data:image/jpeg;base64,BBBB', LEMMY)).toBe(false);
    expect(await ledger.thumbs([s!.id, 'nope'])).toEqual({});
  });
});

describe('who the page was signed in as (issue 11 §1)', () => {
  it("notes Element's account with a Matrix record when its client is on the upload's homeserver", async () => {
    const [saved] = await capture.capture(matrixUpload('m1'), ELEMENT);
    await capture.identify([saved!.id], async () => ({ userId: '@alice:example.org', homeserver: `${HS}/` }));
    expect((await ledger.get(saved!.id))?.account).toBe('@alice:example.org');
  });

  it('notes nothing when the client is on another homeserver, answers nonsense, or fails; Lemmy records are not asked', async () => {
    const [a] = await capture.capture(matrixUpload('m2'), ELEMENT);
    await capture.identify([a!.id], async () => ({ userId: '@bob:h.example', homeserver: 'https://h.example' }));
    await capture.identify([a!.id], async () => ({ userId: 'not a user id', homeserver: HS }));
    await capture.identify([a!.id], async () => Promise.reject(new Error('tab gone')));
    expect((await ledger.get(a!.id))?.account).toBeUndefined();
    const lemmy = await capture.capture(lemmyUpload(), LEMMY);
    let asked = false;
    await capture.identify(lemmy.map((x) => x.id), async () => ((asked = true), null));
    expect(asked).toBe(false);
  });
});
