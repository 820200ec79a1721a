// Issue 13: a frame whose bridge has not needed its rest yet has no listener. A message for it injects the rest (our
// one file, into that frame) and is sent again; nothing else is ever retried, and a frame without Takeback still says so.
import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { injectIntoSender, messageBridge } from '@/utils/bridge-injection';
import { LAZY_BRIDGE_FILE } from '@/utils/lazy-bridge';

const NONE = 'Could not establish connection. Receiving end does not exist.';

function fake(replies: Array<unknown | Error>, inject: 'works' | 'fails' | 'no-core' = 'works') {
  const sent: unknown[] = [];
  const injected: unknown[] = [];
  vi.spyOn(browser.tabs, 'sendMessage').mockImplementation((async (...args: unknown[]) => {
    sent.push(args);
    const next = replies.shift();
    if (next instanceof Error) throw next;
    return next;
  }) as never);
  vi.spyOn(browser.scripting, 'executeScript').mockImplementation((async (injection: unknown) => {
    injected.push(injection);
    if (inject === 'fails') throw new Error('Missing host permission for the tab');
    return [{ result: inject === 'no-core' ? 'no-core' : 'attached' }];
  }) as never);
  return { sent, injected };
}

describe('messageBridge', () => {
  it('sends once when the frame listens', async () => {
    const f = fake(['answer']);
    await expect(messageBridge(7, 3, { type: 'relayed-prompt' })).resolves.toBe('answer');
    expect(f.sent).toEqual([[7, { type: 'relayed-prompt' }, { frameId: 3 }]]);
    expect(f.injected).toEqual([]);
  });

  it('with no listener yet: injects the rest into that frame only, then sends again', async () => {
    const f = fake([new Error(NONE), 'answer']);
    await expect(messageBridge(7, 3, { type: 'session-request' })).resolves.toBe('answer');
    expect(f.injected).toEqual([{ target: { tabId: 7, frameIds: [3] }, files: [LAZY_BRIDGE_FILE], injectImmediately: true }]);
    expect(f.sent).toHaveLength(2);
  });

  it('any other failure is not retried (the message may have arrived)', async () => {
    const f = fake([new Error('The message port closed before a response was received.')]);
    await expect(messageBridge(7, 0, { type: 'session-request' })).rejects.toThrow(/port closed/);
    expect(f.sent).toHaveLength(1);
    expect(f.injected).toEqual([]);
  });

  it('a frame where the rest cannot be injected still answers "receiving end does not exist"', async () => {
    const f = fake([new Error(NONE)], 'fails');
    await expect(messageBridge(7, 0, { type: 'session-request' })).rejects.toThrow(/receiving end does not exist/i);
    expect(f.sent).toHaveLength(1);
  });

  it('a frame with no first part to attach to (a tab from before install) is not sent the message again', async () => {
    const f = fake([new Error(NONE)], 'no-core');
    await expect(messageBridge(7, 0, { type: 'session-request' })).rejects.toThrow(/receiving end does not exist/i);
    expect(f.sent).toHaveLength(1);
    expect(f.injected).toHaveLength(1);
  });

  it('messages to a frame without its rest: one injection, then delivered in the order they were asked for', async () => {
    // The frame listens only once its rest is injected.
    let listening = false;
    const delivered: string[] = [];
    vi.spyOn(browser.tabs, 'sendMessage').mockImplementation((async (_tab: number, m: { op: string }) => {
      await Promise.resolve();
      if (!listening) throw new Error(NONE);
      delivered.push(m.op);
      return m.op;
    }) as never);
    const inject = vi.spyOn(browser.scripting, 'executeScript').mockImplementation((async () => {
      await new Promise((r) => setTimeout(r, 5));
      listening = true;
      return [{ result: 'attached' }];
    }) as never);
    const first = ['open', 'send'].map((op) => messageBridge(9, 4, { type: 'relayed-prompt', op }));
    await new Promise((r) => setTimeout(r, 1)); // the injection is under way
    const later = messageBridge(9, 4, { type: 'relayed-prompt', op: 'reveal' });
    expect(await Promise.all([...first, later])).toEqual(['open', 'send', 'reveal']);
    expect(delivered).toEqual(['open', 'send', 'reveal']);
    expect(inject).toHaveBeenCalledTimes(1);
  });

  it('a frame that listens gets its messages side by side (bulk deletes through one tab)', async () => {
    let inFlight = 0;
    let most = 0;
    vi.spyOn(browser.tabs, 'sendMessage').mockImplementation((async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return 'ok';
    }) as never);
    await Promise.all([1, 2, 3].map(() => messageBridge(5, 0, { type: 'session-request' })));
    expect(most).toBe(3);
  });
});

describe('injectIntoSender (the bridge asking for its rest)', () => {
  it('injects into the document that asked, by its id, and says whether the rest started', async () => {
    const f = fake([]);
    await expect(injectIntoSender({ tab: { id: 3 }, frameId: 2, documentId: 'doc-1' })).resolves.toEqual({ injected: true });
    expect(f.injected).toEqual([{ target: { tabId: 3, documentIds: ['doc-1'] }, files: [LAZY_BRIDGE_FILE], injectImmediately: true }]);
  });

  it('answers "not injected" (never throws) when there is no first part, the browser refuses, or there is no tab', async () => {
    fake([], 'no-core');
    await expect(injectIntoSender({ tab: { id: 3 }, frameId: 2, documentId: 'doc-1' })).resolves.toMatchObject({ injected: false });
    fake([], 'fails');
    await expect(injectIntoSender({ tab: { id: 3 }, frameId: 0 })).resolves.toEqual({ injected: false, reason: 'Missing host permission for the tab' });
    await expect(injectIntoSender({ frameId: 0 })).resolves.toMatchObject({ injected: false });
  });
});
