import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { createCaptureLimits } from '@/utils/capture-limits';
import { createFrontEndStore } from '@/utils/front-ends';
import type { KeyValueArea } from '@/utils/kv';
import { createCaptureService } from '@/utils/capture';
import { createLedger, openLedger } from '@/utils/ledger';
import type { Problem, SiteView } from '@/utils/messages';
import { RejectedMessage, route, senderOrigin, type SenderInfo, type Services } from '@/utils/router';
import type { SitePolicy } from '@/utils/policy';
import { DEFAULT_SETTINGS } from '@/utils/settings';
import { createRequestService, startOfLocalDate } from '@/utils/erasure/requests';
import { fileMeta, fixture, observation, uploadRecord } from './helpers';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const EXT_BASE = `chrome-extension://${EXT_ID}/`;
const LEMMY = 'https://lemmy.example';

let s: Services;
let problems: Problem[];
let thumbnails: boolean;
let stored: Map<string, SitePolicy>;
let jobCalls: unknown[][];
let kv: KeyValueArea;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  const ledger = createLedger(openLedger());
  problems = [];
  thumbnails = true;
  stored = new Map();
  jobCalls = [];
  const area = new Map<string, unknown>();
  kv = {
    get: async (k: string) => (area.has(k) ? { [k]: area.get(k) } : {}),
    set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => area.set(k, v)),
  };
  const call = (name: string) => async (...args: unknown[]) => (jobCalls.push([name, ...args]), name === 'list' ? [] : 'job-1');
  s = {
    jobs: { startDelete: call('delete'), startImport: call('import'), cancel: call('cancel'), recheck: call('recheck'), list: call('list') } as unknown as Services['jobs'],
    extensionId: EXT_ID,
    extensionBase: EXT_BASE,
    ledger,
    capture: createCaptureService(ledger, () => 5_000),
    problems: {
      add: async (p) => void problems.push(p),
      forOrigin: async (origin) => problems.filter((p) => p.pageOrigin === origin),
    },
    settings: async () => ({ ...DEFAULT_SETTINGS, thumbnails, askDelayMs: 2500 }),
    policies: {
      get: async (site: string) => stored.get(new URL(site).origin) ?? (site === 'https://blocked.example' ? 'never' : 'ask'),
      set: async (site: string, policy) => void stored.set(new URL(site).origin, policy),
    },
    requests: createRequestService({
      ledger,
      now: () => 5_000,
      today: () => '2027-01-31',
      startOf: startOfLocalDate,
      newId: () => `req-${++requestIds}`,
      alarms: { create: () => undefined, clear: async () => true },
      remind: async () => undefined,
      changed: () => undefined,
    }),
    contacts: async (instanceOrigin) => (contactCalls.push(instanceOrigin), { instanceOrigin, contacts: [], problems: ['none'] }),
    onCaptured: vi.fn(),
    startOfToday: () => 1_000,
    frontEnds: createFrontEndStore(kv),
    limits: createCaptureLimits({ area: kv, countSince: ledger.countReportedSince, limits: async () => ({ perHour: 3, perDay: 1000 }), now: () => 5_000 }),
  };
  requestIds = 0;
  contactCalls = [];
});
let requestIds = 0;
let contactCalls: string[] = [];

const tabSender = (url: string, extra: Partial<SenderInfo> = {}): SenderInfo => ({ id: EXT_ID, url, tab: { id: 7 }, ...extra });
const popup: SenderInfo = { id: EXT_ID, url: `${EXT_BASE}popup.html` };
const upload = (url = `${LEMMY}/pictrs/image`) =>
  observation('lemmy-v3-upload', 'POST', url, 201, fixture('lemmy', 'v0.19.0-upload.201.json'), [fileMeta('cat.png', 'image/png', 10)]);
const THUMB = 'data:image/jpeg;base64,/9j/4AAQSkZJRg==';

describe('content-script senders', () => {
  it('capture records are attributed to the sender frame, whatever the observation URL says', async () => {
    const obs = upload();
    const reply = await route({ type: 'capture', obs }, tabSender('https://evil.example/page?x=1'), s);
    expect(reply).toEqual({ saved: [{ id: `${obs.reqId}.0@https://evil.example`, fileIndex: 0 }], thumbnails: true });
    expect(await s.ledger.listByPage(LEMMY)).toEqual([]);
    expect((await s.ledger.listByPage('https://evil.example')).map((r) => r.pageOrigin)).toEqual(['https://evil.example']);
    expect(s.onCaptured).toHaveBeenCalledTimes(1);
  });

  it('past the per-site limit a capture saves nothing and says recording is paused; "keep recording" from that page resumes it', async () => {
    const site = tabSender('https://flood.example/');
    for (let i = 0; i < 3; i++) expect(((await route({ type: 'capture', obs: upload() }, site, s)) as { saved: unknown[] }).saved).toHaveLength(1);
    const paused = await route({ type: 'capture', obs: upload() }, site, s);
    expect(paused).toEqual({ saved: [], thumbnails: false, paused: { origin: 'https://flood.example', at: 5_000, limit: 3, per: 'hour' } });
    expect(await s.ledger.listByPage('https://flood.example')).toHaveLength(3);
    expect(await route({ type: 'capture-pauses' }, popup, s)).toHaveLength(1);
    // Another site is not affected; a page cannot resume for another site (the sender's own origin is used).
    expect(((await route({ type: 'capture', obs: upload() }, tabSender('https://calm.example/'), s)) as { saved: unknown[] }).saved).toHaveLength(1);
    expect(await route({ type: 'resume-captures' }, site, s)).toBe(true);
    expect(((await route({ type: 'capture', obs: upload() }, site, s)) as { saved: unknown[] }).saved).toHaveLength(1);
    expect(await route({ type: 'remove-reporter', pageOrigin: 'https://flood.example/x' }, popup, s)).toBe(4);
    expect(await s.ledger.listByPage('https://flood.example')).toEqual([]);
  });

  it('a restore told by an extension page reaches the background (re-checks, pages re-read); a web page cannot send it', async () => {
    const restored = vi.fn();
    s.restored = restored;
    expect(await route({ type: 'ledger-restored', ids: ['a', 'b'] }, popup, s)).toBe(true);
    expect(restored).toHaveBeenCalledWith(['a', 'b']);
    expect(await route({ type: 'ledger-restored', ids: [] }, popup, s)).toBe(true); // only requests came in
    await expect(route({ type: 'ledger-restored', ids: ['a'] }, tabSender('https://evil.example/'), s)).rejects.toThrow();
    expect(restored).toHaveBeenCalledTimes(2);
  });

  it('one request with several files counts as that many uploads toward the limit (a flood cannot pack 64 files per request)', async () => {
    const site = tabSender('https://packed.example/');
    const files = (n: number) => Array.from({ length: n }, (_, i) => ({ file: `f${Math.random().toString(36).slice(2)}-${i}.png`, delete_token: `t${i}` }));
    const packed = () =>
      observation('lemmy-v3-upload', 'POST', `${LEMMY}/pictrs/image`, 201, { msg: 'ok', files: files(3) }, [0, 1, 2].map((i) => fileMeta(`p${i}.png`, 'image/png', 10)));
    expect(((await route({ type: 'capture', obs: packed() }, site, s)) as { saved: unknown[] }).saved).toHaveLength(3);
    // The limit (3 an hour) is reached: the next request, whatever it holds, pauses recording.
    expect(await route({ type: 'capture', obs: upload() }, site, s)).toMatchObject({ saved: [], paused: { limit: 3, per: 'hour' } });
    expect(await s.ledger.listByPage('https://packed.example')).toHaveLength(3);
  });

  it('a room-avatar change that arrives while its upload is still being admitted still names that upload (arrival order)', async () => {
    const HS = 'https://matrix.example.org';
    const slowAdmit = s.limits.admit;
    s.limits = { ...s.limits, admit: (origin) => new Promise((r) => setTimeout(r, 30)).then(() => slowAdmit(origin)) };
    const up = observation('matrix-upload', 'POST', `${HS}/_matrix/media/v3/upload?filename=club.png`, 200, fixture('matrix', 'upload-v3.200.json'),
      [fileMeta('club.png', 'image/png', 20480)]);
    const room = encodeURIComponent('!club:example.org');
    const link = observation('matrix-room-avatar', 'PUT', `${HS}/_matrix/client/v3/rooms/${room}/state/m.room.avatar/`, 200,
      '{"event_id":"$ev1:example.org"}', [], '{"url":"mxc://matrix.example.org/GCmhgzMPRjqgpODLsNQzVuHZ"}');
    const site = tabSender('https://app.element.example/#/room');
    // Sent one after the other, as the bridge does; the link is not awaited behind the upload by the sender.
    await Promise.all([route({ type: 'capture', obs: up }, site, s), route({ type: 'capture', obs: link }, site, s)]);
    const [r] = await s.ledger.listByPage('https://app.element.example');
    expect(r).toMatchObject({ kind: 'room-avatar', roomId: '!club:example.org', eventId: '$ev1:example.org' });
  });

  it('sender.origin wins over sender.url (about:blank frames)', async () => {
    const obs = upload();
    const reply = (await route({ type: 'capture', obs }, tabSender('about:blank', { origin: LEMMY }), s)) as { saved: Array<{ id: string }> };
    expect(reply.saved[0]?.id).toBe(`${obs.reqId}.0@${LEMMY}`);
  });

  it('a capture that saves nothing does not refresh the badge or ask for thumbnails', async () => {
    const failed = observation('lemmy-v3-upload', 'POST', `${LEMMY}/pictrs/image`, 400, fixture('lemmy', 'upload-failed.400.json'));
    expect(await route({ type: 'capture', obs: failed }, tabSender(`${LEMMY}/create_post`), s)).toEqual({ saved: [], thumbnails: false });
    expect(s.onCaptured).not.toHaveBeenCalled();
  });

  it('reports thumbnails: false when the setting is off', async () => {
    thumbnails = false;
    const reply = (await route({ type: 'capture', obs: upload() }, tabSender(`${LEMMY}/`), s)) as { thumbnails: boolean };
    expect(reply.thumbnails).toBe(false);
  });

  it('cannot list the ledger', async () => {
    await route({ type: 'capture', obs: upload() }, tabSender(`${LEMMY}/`), s);
    await expect(route({ type: 'list-site', site: LEMMY }, tabSender(`${LEMMY}/`), s)).rejects.toBeInstanceOf(ZodError);
  });

  it('thumbnail: only for its own origin, and only when the setting is on', async () => {
    const reply = (await route({ type: 'capture', obs: upload() }, tabSender(`${LEMMY}/`), s)) as { saved: Array<{ id: string }> };
    const id = reply.saved[0]!.id;
    const shown: string[] = [];
    s.previewSaved = (x) => void shown.push(x);
    expect(await route({ type: 'thumbnail', id, dataUrl: THUMB }, tabSender('https://evil.example/'), s)).toBe(false);
    thumbnails = false;
    expect(await route({ type: 'thumbnail', id, dataUrl: THUMB }, tabSender(`${LEMMY}/`), s)).toBe(false);
    expect(await s.ledger.thumbs([id])).toEqual({});
    thumbnails = true;
    expect(await route({ type: 'thumbnail', id, dataUrl: THUMB }, tabSender(`${LEMMY}/`), s)).toBe(true);
    expect(await s.ledger.thumbs([id])).toEqual({ [id]: THUMB });
    expect(shown).toEqual([id]); // an open dashboard hears of the saved preview, and of no refused one
  });

  it('thumbnail data must be an image data URL', async () => {
    for (const dataUrl of ['javascript:alert(1)', 'data:text/html;base64,PGgxPg==', 'https://evil.example/x.png']) {
      await expect(route({ type: 'thumbnail', id: 'x', dataUrl }, tabSender(`${LEMMY}/`), s), dataUrl).rejects.toBeInstanceOf(ZodError);
    }
  });

  it('problem reports are stored under the sender origin', async () => {
    expect(await route({ type: 'problem', reason: 'quota exceeded' }, tabSender(`${LEMMY}/post/1`), s)).toBe(true);
    expect(problems).toEqual([{ at: expect.any(Number), pageOrigin: LEMMY, reason: 'quota exceeded' }]);
  });
});

describe('rejections', () => {
  it('a foreign extension id is rejected', async () => {
    await expect(route({ type: 'capture', obs: upload() }, { ...tabSender(`${LEMMY}/`), id: 'other-extension' }, s)).rejects.toBeInstanceOf(RejectedMessage);
    await expect(route({ type: 'list-site', site: LEMMY }, { ...popup, id: 'other-extension' }, s)).rejects.toBeInstanceOf(RejectedMessage);
    await expect(route({ type: 'capture', obs: upload() }, { url: `${LEMMY}/`, tab: { id: 1 } }, s)).rejects.toBeInstanceOf(RejectedMessage);
    expect(await s.ledger.all()).toEqual([]);
  });

  it('a web-page sender without a tab is rejected', async () => {
    await expect(route({ type: 'capture', obs: upload() }, { id: EXT_ID, url: `${LEMMY}/` }, s)).rejects.toBeInstanceOf(RejectedMessage);
    expect(await s.ledger.all()).toEqual([]);
  });

  it('a document whose tab just closed (Firefox keeps documentId) is still attributed to its own origin', async () => {
    const sender = { id: EXT_ID, url: 'https://evil.example/page', documentId: 'doc-1' };
    await route({ type: 'capture', obs: upload() }, sender, s);
    expect((await s.ledger.all()).map((r) => r.pageOrigin)).toEqual(['https://evil.example']);
  });

  it('a sender with no http(s) origin is rejected', async () => {
    for (const url of ['about:blank', 'file:///etc/passwd', 'data:text/html,x', 'not a url']) {
      await expect(route({ type: 'capture', obs: upload() }, tabSender(url), s), url).rejects.toBeInstanceOf(RejectedMessage);
    }
    await expect(route({ type: 'capture', obs: upload() }, { id: EXT_ID, tab: { id: 1 } }, s)).rejects.toBeInstanceOf(RejectedMessage);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'capture'],
    ['unknown type', { type: 'delete-all' }],
    ['capture without obs', { type: 'capture' }],
    ['obs with a bad reqId', { type: 'capture', obs: { ...upload(), reqId: '../x' } }],
    ['obs with a non-http URL', { type: 'capture', obs: { ...upload(), url: 'javascript:alert(1)' } }],
    ['obs with a huge response', { type: 'capture', obs: { ...upload(), response: 'x'.repeat(256 * 1024 + 1) } }],
    ['obs with a negative file size', { type: 'capture', obs: { ...upload(), files: [fileMeta('a', 'b', -1)] } }],
    ['problem with a huge reason', { type: 'problem', reason: 'x'.repeat(501) }],
  ])('invalid content message (%s) is rejected by the schema', async (_label, msg) => {
    await expect(route(msg, tabSender(`${LEMMY}/`), s)).rejects.toBeInstanceOf(ZodError);
    expect(await s.ledger.all()).toEqual([]);
  });
});

describe('extension pages', () => {
  it('can list a site: its uploads, problems and the count for today', async () => {
    await route({ type: 'capture', obs: upload() }, tabSender(`${LEMMY}/`), s);
    await route({ type: 'capture', obs: upload() }, tabSender('https://other.example/'), s);
    await route({ type: 'problem', reason: 'boom' }, tabSender(`${LEMMY}/`), s);
    const view = (await route({ type: 'list-site', site: `${LEMMY}/post/12?x#y` }, popup, s)) as SiteView;
    expect(view.origin).toBe(LEMMY);
    expect(view.uploads.map((u) => u.pageOrigin)).toEqual([LEMMY]);
    expect(view.problems.map((p) => p.reason)).toEqual(['boom']);
    expect(view.capturedToday).toBe(2);
  });

  it('cannot send content messages (no tab, not a web page)', async () => {
    await expect(route({ type: 'capture', obs: upload() }, popup, s)).rejects.toBeInstanceOf(ZodError);
    expect(await s.ledger.all()).toEqual([]);
  });

  it('an invalid site is rejected', async () => {
    await expect(route({ type: 'list-site', site: 'not a url' }, popup, s)).rejects.toThrow();
    await expect(route({ type: 'list-site' }, popup, s)).rejects.toBeInstanceOf(ZodError);
  });
});

describe('senderOrigin', () => {
  it('returns http(s) origins only', () => {
    expect(senderOrigin({ url: 'https://a.example:8443/x/y?z' })).toBe('https://a.example:8443');
    expect(senderOrigin({ url: 'http://a.example/' })).toBe('http://a.example');
    expect(senderOrigin({ origin: 'null', url: 'https://a.example/' })).toBeNull();
    expect(senderOrigin({ url: `${EXT_BASE}popup.html` })).toBeNull();
    expect(senderOrigin({})).toBeNull();
  });
});

describe('upload policy', () => {
  it("answers with the sender frame's policy and the warning settings", async () => {
    expect(await route({ type: 'upload-policy' }, tabSender('https://blocked.example/post'), s)).toEqual({
      policy: 'never', delayMs: 2500, alwaysAsk: false,
    });
    expect(await route({ type: 'upload-policy' }, tabSender(`${LEMMY}/post`), s)).toMatchObject({ policy: 'ask' });
  });

  it('remember-policy stores the choice for the sender frame only, never for a site the message names', async () => {
    const msg = { type: 'remember-policy', policy: 'allow', site: 'https://victim.example' };
    await route(msg, tabSender(`${LEMMY}/create_post`), s);
    expect(stored).toEqual(new Map([[LEMMY, 'allow']]));
    expect(await route({ type: 'upload-policy' }, tabSender(`${LEMMY}/x`), s)).toMatchObject({ policy: 'allow' });
  });

  it('remember-policy refuses "ask" and anything but allow/never, and pages without a web origin', async () => {
    await expect(route({ type: 'remember-policy', policy: 'ask' }, tabSender(`${LEMMY}/`), s)).rejects.toThrow(ZodError);
    await expect(route({ type: 'remember-policy', policy: 'never' }, tabSender('about:blank'), s)).rejects.toThrow(RejectedMessage);
    expect(stored.size).toBe(0);
  });
});

describe('delete, recheck, import and jobs', () => {
  it('extension pages start jobs with the ids they name', async () => {
    expect(await route({ type: 'delete', ids: ['a', 'b'] }, popup, s)).toEqual({ jobId: 'job-1', leftOut: 0 });
    expect(await route({ type: 'recheck', ids: ['a'] }, popup, s)).toEqual({ leftOut: 0, unchecked: 0, accounts: [] });
    expect(await route({ type: 'import', instanceOrigin: 'https://lemmy.example/some/path' }, popup, s)).toEqual({ jobId: 'job-1' });
    expect(await route({ type: 'cancel-job', jobId: 'job-1' }, popup, s)).toBe('job-1');
    expect(await route({ type: 'jobs' }, popup, s)).toEqual([]);
    expect(jobCalls).toEqual([['delete', ['a', 'b']], ['recheck', ['a']], ['import', 'https://lemmy.example'], ['cancel', 'job-1'], ['list']]);
  });

  it('recheck says how many files could not be looked at, and as whom to sign in for them (issue 12 §2)', async () => {
    await s.ledger.insert([uploadRecord({ id: 'mx', platform: 'matrix', api: 'matrix-media', instanceOrigin: 'https://hs.example', pageOrigin: 'https://hs.example', key: 'mxc://hs.example/a', account: '@alice:hs.example' })]);
    s.jobs.recheck = async (ids: string[]) => ids.map((id) => ({ id, checked: false }));
    expect(await route({ type: 'recheck', ids: ['mx'] }, popup, s)).toEqual({ leftOut: 0, unchecked: 1, accounts: ['@alice:hs.example'] });
  });

  it("several files: another site's reports are left out until the user confirms that site as a front end (issue 11 §2)", async () => {
    const own = uploadRecord({ id: 'own', instanceOrigin: LEMMY, pageOrigin: LEMMY });
    const reported = uploadRecord({ id: 'evil', instanceOrigin: LEMMY, pageOrigin: 'https://site.example' });
    const element = uploadRecord({ id: 'mx', platform: 'matrix', api: 'matrix-media', instanceOrigin: 'https://hs.example', pageOrigin: 'https://element.example', key: 'mxc://hs.example/a' });
    await s.ledger.insert([own, reported, element]);
    expect(await route({ type: 'delete', ids: ['own', 'evil', 'mx'] }, popup, s)).toEqual({ jobId: 'job-1', leftOut: 2 });
    // One file, named on purpose after its confirmation showed it and its reporter: deleted.
    expect(await route({ type: 'delete', ids: ['evil'] }, popup, s)).toEqual({ jobId: 'job-1', leftOut: 0 });
    // Lemmy checks are public (no login): all of them; Matrix checks use Element's login: left out.
    expect(await route({ type: 'recheck', ids: ['own', 'evil', 'mx'] }, popup, s)).toEqual({ leftOut: 1, unchecked: 0, accounts: [] });
    expect(await route({ type: 'confirm-front-end', instanceOrigin: 'https://hs.example', pageOrigin: 'https://element.example/x' }, popup, s)).toBe(true);
    expect(await route({ type: 'front-ends' }, popup, s)).toEqual({ 'https://hs.example': ['https://element.example'] });
    expect(await route({ type: 'delete', ids: ['own', 'evil', 'mx'] }, popup, s)).toEqual({ jobId: 'job-1', leftOut: 1 });
    expect(jobCalls.filter((c) => c[0] === 'delete')).toEqual([['delete', ['own']], ['delete', ['evil']], ['delete', ['own', 'mx']]]);
    await expect(route({ type: 'confirm-front-end', instanceOrigin: 'javascript:x', pageOrigin: LEMMY }, popup, s)).rejects.toBeInstanceOf(RejectedMessage);
  });

  it('an import names a web origin, and an empty delete is refused', async () => {
    await expect(route({ type: 'import', instanceOrigin: 'javascript:alert(1)' }, popup, s)).rejects.toBeInstanceOf(RejectedMessage);
    await expect(route({ type: 'delete', ids: [] }, popup, s)).rejects.toBeInstanceOf(ZodError);
    expect(jobCalls).toEqual([]);
  });

  it('a web page can neither delete, import, cancel nor list jobs', async () => {
    for (const msg of [{ type: 'delete', ids: ['a'] }, { type: 'import', instanceOrigin: LEMMY }, { type: 'cancel-job', jobId: 'x' }, { type: 'jobs' }]) {
      await expect(route(msg, tabSender(`${LEMMY}/`), s), msg.type).rejects.toBeInstanceOf(ZodError);
    }
    expect(jobCalls).toEqual([]);
  });
});

describe('uploads that left unseen (issue 11 §4)', () => {
  it('"Remove from the list" removes key-unknown entries only, and only from an extension page', async () => {
    await s.ledger.insert([
      uploadRecord({ id: 'net.0@https://lemmy.example', status: 'key-unknown', key: '', url: '', deleteToken: undefined, transport: 'network' }),
      uploadRecord({ id: 'kept.0@https://lemmy.example' }),
    ]);
    const removed: string[][] = [];
    s.removed = (ids) => void removed.push(ids);
    const ids = ['net.0@https://lemmy.example', 'kept.0@https://lemmy.example'];
    await expect(route({ type: 'forget-unseen', ids }, tabSender(`${LEMMY}/`), s)).rejects.toBeInstanceOf(ZodError);
    expect(await route({ type: 'forget-unseen', ids }, popup, s)).toBe(1);
    expect(removed).toEqual([['net.0@https://lemmy.example']]);
    expect((await s.ledger.listByPage(LEMMY)).map((r) => r.id)).toEqual(['kept.0@https://lemmy.example']);
  });

  it("the hook's report of an upload tells the watcher it was seen; a page may open the dashboard", async () => {
    const seen: string[] = [];
    let opened = 0;
    s.unseen = { reported: (method, url) => void seen.push(`${method} ${url}`) };
    s.openDashboard = () => void opened++;
    await route({ type: 'capture', obs: upload() }, tabSender(`${LEMMY}/`), s);
    expect(seen).toEqual([`POST ${LEMMY}/pictrs/image`]);
    expect(await route({ type: 'open-dashboard' }, tabSender(`${LEMMY}/`), s)).toBe(true);
    expect(opened).toBe(1);
  });
});

describe('erasure requests', () => {
  const MATRIX = 'https://matrix.example';
  async function seed() {
    await s.ledger.insert([
      uploadRecord({ id: 'a', status: 'needs-admin' }),
      uploadRecord({ id: 'b', status: 'still-online' }),
      uploadRecord({ id: 'c', platform: 'matrix', instanceOrigin: MATRIX, key: 'mxc://matrix.example/x', mxc: 'mxc://matrix.example/x', status: 'needs-admin' }),
    ]);
  }

  it('an extension page drafts one request per instance, reads it back with its records, and tracks it to resolved', async () => {
    await seed();
    const { requestIds: ids } = (await route({ type: 'erasure-draft', ids: ['a', 'b', 'c'], language: 'de' }, popup, s)) as { requestIds: string[] };
    expect(ids).toHaveLength(2);
    const details = await Promise.all(ids.map((id) => route({ type: 'erasure-get', id }, popup, s))) as Array<{ request: { instanceOrigins: string[]; itemIds: string[]; language: string }; records: Array<{ id: string }> }>;
    const byInstance = Object.fromEntries(details.map((d) => [d.request.instanceOrigins[0], d]));
    expect(byInstance[LEMMY]?.request.itemIds).toEqual(['a', 'b']);
    expect(byInstance[MATRIX]?.records.map((r: { id: string }) => r.id)).toEqual(['c']);
    expect(byInstance[LEMMY]?.request.language).toBe('de');

    const sent = await route({ type: 'erasure-sent', id: ids[0]!, sentOn: '2027-01-31', sentVia: 'email' }, popup, s);
    expect(sent).toMatchObject({ state: 'sent', sentOn: '2027-01-31', dueOn: '2027-02-28', extendedDueOn: '2027-04-30' });
    expect(await route({ type: 'erasure-resolve', id: ids[0]! }, popup, s)).toMatchObject({ state: 'resolved' });
    expect(await route({ type: 'erasure-delete', id: ids[1]! }, popup, s)).toBe(true);
    expect(((await route({ type: 'erasure-list' }, popup, s)) as unknown[]).length).toBe(1);
  });

  it('refuses a malformed date, an unknown channel and a contact lookup for a non-web origin', async () => {
    await seed();
    const { requestIds: [id] } = (await route({ type: 'erasure-draft', ids: ['a'], language: 'en' }, popup, s)) as { requestIds: string[] };
    await expect(route({ type: 'erasure-sent', id, sentOn: '2027-02-30', sentVia: 'email' }, popup, s)).rejects.toBeInstanceOf(ZodError);
    await expect(route({ type: 'erasure-sent', id, sentOn: '2027-02-01', sentVia: 'pigeon' }, popup, s)).rejects.toBeInstanceOf(ZodError);
    await expect(route({ type: 'erasure-draft', ids: ['a'], language: 'xx' }, popup, s)).rejects.toBeInstanceOf(ZodError);
    await expect(route({ type: 'erasure-contacts', instanceOrigin: 'javascript:alert(1)', platform: 'lemmy' }, popup, s)).rejects.toBeInstanceOf(RejectedMessage);
    expect(await route({ type: 'erasure-contacts', instanceOrigin: `${LEMMY}/legal`, platform: 'lemmy' }, popup, s)).toMatchObject({ instanceOrigin: LEMMY });
    expect(contactCalls).toEqual([LEMMY]);
  });

  it('a web page can neither draft, read, list, change nor look up requests', async () => {
    await seed();
    const { requestIds: [id] } = (await route({ type: 'erasure-draft', ids: ['a'], language: 'en' }, popup, s)) as { requestIds: string[] };
    const messages = [
      { type: 'erasure-draft', ids: ['a'], language: 'en' },
      { type: 'erasure-list' },
      { type: 'erasure-get', id },
      { type: 'erasure-update', id, patch: { letterText: 'x' } },
      { type: 'erasure-sent', id, sentOn: '2027-01-31', sentVia: 'email' },
      { type: 'erasure-resolve', id },
      { type: 'erasure-delete', id },
      { type: 'erasure-contacts', instanceOrigin: LEMMY, platform: 'lemmy' },
    ];
    for (const msg of messages) await expect(route(msg, tabSender(`${LEMMY}/`), s), msg.type).rejects.toBeInstanceOf(ZodError);
    expect(await s.ledger.requests.all()).toHaveLength(1);
    expect((await s.ledger.requests.all())[0]).toMatchObject({ state: 'draft' });
    expect(contactCalls).toEqual([]);
  });
});
