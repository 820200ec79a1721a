import { describe, expect, it } from 'vitest';
import type { UnseenNotice } from '@/utils/messages';
import {
  classify,
  createUnseenWatcher,
  REPORT_GRACE_MS,
  tellUnseen,
  unseenRecord,
  unseenUrlPatterns,
  type FinishedRequest,
  type UnseenUpload,
} from '@/utils/unseen-uploads';

const LEMMY = 'https://lemmy.example';
const req = (over: Partial<FinishedRequest> = {}): FinishedRequest => ({
  requestId: '42',
  url: `${LEMMY}/pictrs/image`,
  method: 'POST',
  statusCode: 201,
  type: 'xmlhttprequest',
  tabId: 3,
  initiator: LEMMY,
  ...over,
});

describe('classify: which finished requests were uploads', () => {
  it('a Lemmy pictrs upload from a page, with its maker, instance and how it was sent', () => {
    expect(classify(req())).toMatchObject({ instanceOrigin: LEMMY, pageOrigin: LEMMY, via: 'script', tabId: 3, url: `${LEMMY}/pictrs/image` });
    expect(classify(req({ type: 'main_frame' }))?.via).toBe('form');
    expect(classify(req({ type: 'sub_frame' }))?.via).toBe('form');
    expect(classify(req({ type: 'ping' }))?.via).toBe('beacon');
    expect(classify(req({ type: 'beacon' }))?.via).toBe('beacon');
    expect(classify(req({ tabId: -1 }))?.via).toBe('service-worker');
  });

  it("Firefox's originUrl names the maker; a front end on another origin is the reporter, not the instance", () => {
    const u = classify(req({ initiator: undefined, originUrl: 'https://photon.example/c/pics' }));
    expect(u).toMatchObject({ pageOrigin: 'https://photon.example', instanceOrigin: LEMMY });
  });

  it('opaque makers (sandboxed frames, data:, about:srcdoc) are the opaque reporter; blob: keeps its origin', () => {
    expect(classify(req({ initiator: 'null' }))?.pageOrigin).toBe('null');
    expect(classify(req({ initiator: undefined, originUrl: 'about:srcdoc' }))?.pageOrigin).toBe('null');
    expect(classify(req({ initiator: undefined, originUrl: 'data:text/html,x' }))?.pageOrigin).toBe('null');
    expect(classify(req({ initiator: undefined, originUrl: 'blob:https://site.example/1-2-3' }))?.pageOrigin).toBe('https://site.example');
  });

  it('not uploads: failed answers, other paths and methods, the browser or an extension as maker', () => {
    expect(classify(req({ statusCode: 413 }))).toBeNull();
    expect(classify(req({ statusCode: 302 }))).toBeNull();
    expect(classify(req({ method: 'GET' }))).toBeNull();
    expect(classify(req({ url: `${LEMMY}/api/v3/post` }))).toBeNull();
    expect(classify(req({ initiator: undefined }))).toBeNull();
    expect(classify(req({ initiator: 'chrome-extension://abcdefghijklmnop' }))).toBeNull();
    expect(classify(req({ initiator: undefined, originUrl: 'moz-extension://1234/dashboard.html' }))).toBeNull();
    expect(classify(req({ url: 'ftp://lemmy.example/pictrs/image' }))).toBeNull();
  });

  it('Lemmy 1.0 and Matrix upload endpoints, each with its own api', () => {
    const v4 = classify(req({ url: `${LEMMY}/api/v4/account/avatar` }));
    expect(v4 && unseenRecord(v4, 1).kind).toBe('avatar');
    const mx = classify(req({ url: 'https://matrix.example.org/_matrix/media/v3/upload?filename=id.png', initiator: 'https://app.element.io' }));
    expect(mx && unseenRecord(mx, 1)).toMatchObject({ platform: 'matrix', api: 'matrix-media', instanceOrigin: 'https://matrix.example.org' });
  });

  it('the URL filter covers every rule classify accepts', () => {
    const patterns = unseenUrlPatterns();
    expect(patterns).toContain('*://*/*pictrs/image*');
    expect(patterns.some((p) => p.includes('_matrix/media'))).toBe(true);
  });
});

describe('unseenRecord', () => {
  it('a key-unknown record with no key, under the maker origin, that names where it went and how', () => {
    const u = classify(req({ type: 'main_frame', url: `${LEMMY}/pictrs/image#x` }))!;
    const r = unseenRecord(u, 1_700_000_000_000);
    expect(r).toMatchObject({ status: 'key-unknown', key: '', url: '', transport: 'network', sentTo: `${LEMMY}/pictrs/image`, unseenVia: 'form', pageOrigin: LEMMY });
    expect(r.id.endsWith(`@${LEMMY}`)).toBe(true);
    // The same browser request id in another session (ids restart) is another record.
    expect(unseenRecord(u, 1_700_000_000_001).id).not.toBe(r.id);
  });
});

function watcher() {
  let clock = 1_000;
  const found: UnseenUpload[] = [];
  const waits: Array<() => void> = [];
  const w = createUnseenWatcher({
    now: () => clock,
    wait: (ms) => {
      expect(ms).toBe(REPORT_GRACE_MS);
      return new Promise((r) => waits.push(r));
    },
    found: async (u) => void found.push(u),
  });
  const graceOver = async () => {
    clock += REPORT_GRACE_MS;
    for (const w of waits.splice(0)) w();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { w, found, graceOver, tick: (ms: number) => (clock += ms) };
}

describe('createUnseenWatcher: a report pays for one request', () => {
  it('a request the hook reported (before or within the grace) is not unseen', async () => {
    const { w, found, graceOver } = watcher();
    w.reported('post', `${LEMMY}/pictrs/image`);
    await w.finished(req());
    const late = w.finished(req({ requestId: '43' }));
    w.reported('POST', `${LEMMY}/pictrs/image#frag`);
    await graceOver();
    await late;
    expect(found).toEqual([]);
  });

  it('two uploads and one report: exactly one is unseen', async () => {
    const { w, found, graceOver } = watcher();
    w.reported('POST', `${LEMMY}/pictrs/image`);
    const a = w.finished(req({ requestId: '1' }));
    const b = w.finished(req({ requestId: '2' }));
    await graceOver();
    await Promise.all([a, b]);
    expect(found.map((u) => u.requestId)).toEqual(['2']);
  });

  it('an old report does not pay for a request long after; requests that are not uploads are ignored', async () => {
    const { w, found, graceOver, tick } = watcher();
    w.reported('POST', `${LEMMY}/pictrs/image`);
    tick(60_000);
    const p = w.finished(req());
    await w.finished(req({ method: 'GET' }));
    await graceOver();
    await p;
    expect(found).toHaveLength(1);
  });

  it('a report of another URL or method pays for nothing', async () => {
    const { w, found, graceOver } = watcher();
    w.reported('PUT', `${LEMMY}/pictrs/image`);
    w.reported('POST', `${LEMMY}/pictrs/image?x=1`);
    w.reported('POST', 'not a url');
    const p = w.finished(req());
    await graceOver();
    await p;
    expect(found).toHaveLength(1);
  });
});

describe('tellUnseen: the user is told, in the page or by the browser', () => {
  const upload = (over: Partial<UnseenUpload> = {}) => ({ ...classify(req())!, ...over });
  const deps = (answering: number[]) => {
    const told: Array<[number, UnseenNotice]> = [];
    const fallbacks: UnseenNotice[] = [];
    const asked: string[] = [];
    return {
      told,
      fallbacks,
      asked,
      d: {
        tabsOf: async (o: string) => (asked.push(o), [5, 6]),
        toTop: async (tab: number, n: UnseenNotice) => {
          if (!answering.includes(tab)) throw new Error('no bridge');
          told.push([tab, n]);
        },
        fallback: async (n: UnseenNotice) => void fallbacks.push(n),
      },
    };
  };

  it("the sending tab's page shows it", async () => {
    const x = deps([3]);
    await tellUnseen(upload(), x.d);
    expect(x.told).toEqual([[3, { type: 'unseen-upload', host: 'lemmy.example', via: 'script' }]]);
    expect(x.fallbacks).toEqual([]);
  });

  it("a service worker's upload is shown in every tab of its site", async () => {
    const x = deps([5, 6]);
    await tellUnseen(upload({ tabId: -1, via: 'service-worker' }), x.d);
    expect(x.asked).toEqual([LEMMY]);
    expect(x.told.map(([t]) => t)).toEqual([5, 6]);
  });

  it('no page could show it (tab gone, opaque maker with no tab): the browser notification', async () => {
    const gone = deps([]);
    await tellUnseen(upload(), gone.d);
    expect(gone.fallbacks).toHaveLength(1);
    const opaque = deps([5, 6]);
    await tellUnseen(upload({ tabId: -1, pageOrigin: 'null' }), opaque.d);
    expect(opaque.asked).toEqual([]);
    expect(opaque.fallbacks).toEqual([{ type: 'unseen-upload', host: 'lemmy.example', via: 'script' }]);
  });
});
