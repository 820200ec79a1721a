// Session requests: the bridge performs only well-formed requests to its own page's origin, and the tab runner asks
// the bridge first, injects a script only where no bridge received the message, and never re-sends after a cut-off.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { INTERRUPTED, type HttpAnswer } from '@/utils/delete-service';
import { answerSessionRequest, DECLINED, type SessionRequest } from '@/utils/session-request';
import { createTabRunner } from '@/utils/tab-runner';
import { startLemmy } from '../e2e/servers/lemmy.mjs';
import { LAZY_BRIDGE_FILE } from '@/utils/lazy-bridge';

type Server = Awaited<ReturnType<typeof startLemmy>>;
let s: Server;
beforeEach(async () => {
  s = await startLemmy({ version: '0.19.4' });
});
afterEach(async () => {
  await s.close();
});

const get = (url: string): SessionRequest => ({ type: 'session-request', req: { method: 'GET', url } });

describe('answerSessionRequest (the bridge side)', () => {
  it('performs a request to the page origin and answers status, body and Retry-After', async () => {
    const answer = (await answerSessionRequest(get(`${s.origin}/api/v3/site`), s.origin)) as HttpAnswer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body!).version).toBe('0.19.4');
    expect(answer.retryAfter).toBeNull();
  });

  it('declines (explicitly) a request to any other origin, so a credentialed request never leaves the site', async () => {
    const before = s.stats.requests;
    expect(await answerSessionRequest(get(`${s.origin}/api/v3/site`), 'https://lemmy.example')).toEqual(DECLINED);
    expect(await answerSessionRequest(get('not a url'), s.origin)).toEqual(DECLINED);
    expect(s.stats.requests).toBe(before);
  });

  it.each([
    ['a method outside the plan set', { type: 'session-request', req: { method: 'PUT', url: 'http://127.0.0.1/' } }],
    ['no request', { type: 'session-request' }],
  ])('declines a malformed session request: %s', async (_name, message) => {
    expect(await answerSessionRequest(message, 'http://127.0.0.1')).toEqual(DECLINED);
  });

  it.each([
    ['another message type', { type: 'capture', req: { method: 'GET', url: 'x' } }],
    ['a non-object', 'session-request'],
    ['null', null],
  ])('leaves %s to other listeners', (_name, message) => {
    expect(answerSessionRequest(message, 'http://127.0.0.1')).toBeUndefined();
  });

  it('answers status 0 when the server cannot be reached', async () => {
    const origin = s.origin;
    await s.close();
    s = await startLemmy({ version: '0.19.4' }); // a fresh one for afterEach; the old port is closed
    expect(await answerSessionRequest(get(`${origin}/api/v3/site`), origin)).toEqual({ status: 0, body: null, retryAfter: null });
  });
});

describe('createTabRunner().inSession (the background side)', () => {
  const ORIGIN = 'https://lemmy.example';
  const req = { method: 'DELETE' as const, url: `${ORIGIN}/pictrs/image/delete/t/a.png` };
  let inject: ReturnType<typeof vi.fn<(arg: unknown) => Promise<unknown>>>;

  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7, url: `${ORIGIN}/post/1`, status: 'complete', active: true }] as never);
    inject = vi.fn(async (_arg: unknown): Promise<unknown> => [{ result: { status: 204, body: '', retryAfter: null } }]);
    (fakeBrowser as unknown as { scripting: unknown }).scripting = { executeScript: inject };
  });

  const bridgeAnswers = (impl: () => Promise<unknown>) => vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(impl as never);

  it("asks the tab's bridge (top frame) and does not inject a script", async () => {
    const send = bridgeAnswers(async () => ({ status: 204, body: '', retryAfter: null }));
    expect(await createTabRunner().inSession(ORIGIN, req)).toEqual({ status: 204, body: '', retryAfter: null });
    expect(send).toHaveBeenCalledWith(7, { type: 'session-request', req }, { frameId: 0 });
    expect(inject).not.toHaveBeenCalled();
  });

  it('injects the request when no bridge received the message (a tab from before install)', async () => {
    bridgeAnswers(async () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')));
    expect(await createTabRunner().inSession(ORIGIN, req)).toEqual({ status: 204, body: '', retryAfter: null });
    // First the rest of the bridge, for a frame whose bridge never needed it (issue 13); still no one listens there
    // (a tab from before install has no bridge at all), so the request itself is injected.
    expect(inject).toHaveBeenCalledTimes(2);
    expect(inject.mock.calls[0]?.[0]).toMatchObject({ target: { tabId: 7, frameIds: [0] }, files: [LAZY_BRIDGE_FILE] });
    expect(inject.mock.calls[1]?.[0]).toMatchObject({ target: { tabId: 7, frameIds: [0] }, world: 'ISOLATED' });
  });

  it('reports a message cut off after it was received as INTERRUPTED and sends nothing again', async () => {
    bridgeAnswers(async () => Promise.reject(new Error('The message port closed before a response was received.')));
    expect(await createTabRunner().inSession(ORIGIN, req)).toBe(INTERRUPTED);
    expect(inject).not.toHaveBeenCalled();
  });

  it('treats a malformed answer as INTERRUPTED (it may have been sent) and a declined one as no tab', async () => {
    bridgeAnswers(async () => ({ status: 'ok' }));
    expect(await createTabRunner().inSession(ORIGIN, req)).toBe(INTERRUPTED);
    bridgeAnswers(async () => DECLINED);
    expect(await createTabRunner().inSession(ORIGIN, req)).toBeNull();
    expect(inject).not.toHaveBeenCalled();
  });

  it('no answer at all (the polyfill\'s "message port closed": the tab unloaded mid-request) is INTERRUPTED, never "logged out"', async () => {
    bridgeAnswers(async () => undefined);
    expect(await createTabRunner().inSession(ORIGIN, req)).toBe(INTERRUPTED);
    expect(inject).not.toHaveBeenCalled();
  });
});

describe('createTabRunner().inPage: a page-world call in the document that was chosen (issue 11 §1)', () => {
  const ELEMENT = 'https://element.example';
  let calls: Array<{ target: unknown; world?: string }>;
  const runner = (origins: string[]) => {
    let n = 0;
    (fakeBrowser as unknown as { scripting: unknown }).scripting = {
      executeScript: vi.fn(async (arg: { target: unknown; world?: string; func: (...a: unknown[]) => unknown; args?: unknown[] }) => {
        calls.push({ target: arg.target, world: arg.world });
        // The first injection asks which origin the top document is on; the answer names the document.
        if (arg.world === 'ISOLATED') return [{ result: origins[n++] ?? null, documentId: `doc-${n}` }];
        return [{ result: 'page answer' }];
      }),
    };
    return createTabRunner();
  };
  beforeEach(() => {
    fakeBrowser.reset();
    calls = [];
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 9, url: `${ELEMENT}/#/room`, status: 'complete', active: true }] as never);
  });

  it('runs in the MAIN world of exactly the document it looked at', async () => {
    expect(await runner([ELEMENT]).inPage(ELEMENT, () => 'x', [])).toBe('page answer');
    expect(calls).toEqual([
      { target: { tabId: 9, frameIds: [0] }, world: 'ISOLATED' },
      { target: { tabId: 9, documentIds: ['doc-1'] }, world: 'MAIN' },
    ]);
  });

  it('runs nothing when the tab has meanwhile gone to another origin', async () => {
    expect(await runner(['https://evil.example']).inPage(ELEMENT, () => 'x', [])).toBeNull();
    expect(calls.filter((c) => c.world === 'MAIN')).toEqual([]);
  });

  it('opens no tab for a page-world call', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([] as never);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await runner([ELEMENT]).inPage(ELEMENT, () => 'x', [])).toBeNull();
    expect(create).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });
});
