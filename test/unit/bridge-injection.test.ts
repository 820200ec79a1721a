// Issue 13: a frame whose bridge has not needed its rest yet has no listener. A message for it injects the rest (our
// one file, into that frame) and is sent again; nothing else is ever retried, and a frame without Takeback still says so.
import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { messageBridge } from '@/utils/bridge-injection';
import { LAZY_BRIDGE_FILE } from '@/utils/lazy-bridge';

const NONE = 'Could not establish connection. Receiving end does not exist.';

function fake(replies: Array<unknown | Error>, inject: 'works' | 'fails' = 'works') {
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
    return [];
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
});
