import { browser } from 'wxt/browser';
import { LAZY_BRIDGE_FILE, type RestStatus } from './lazy-bridge';
import type { SenderInfo } from './router';

/** What a browser says when no frame listens: nothing was delivered, so sending again cannot repeat anything. */
export const NO_RECEIVER = /receiving end does not exist/i;

type Target = { tabId: number; documentIds: string[] } | { tabId: number; frameIds: number[] };

/**
 * Injects the rest of Takeback's bridge (utils/lazy-bridge.ts): only ever that one file of ours, into `target`. What
 * its start-up said: attached, already there, or no first part to attach to (a document from before Takeback).
 */
export async function injectBridge(target: Target): Promise<RestStatus | undefined> {
  const results = (await browser.scripting.executeScript({ target, files: [LAZY_BRIDGE_FILE], injectImmediately: true } as never)) as Array<{ result?: unknown }>;
  const status = results?.[0]?.result;
  return status === 'attached' || status === 'there' || status === 'no-core' ? status : undefined;
}

/**
 * The rest of the bridge, into the one document that asked for it ('load-bridge'), never anywhere else. Always an
 * answer: the bridge tells "Takeback is gone" (no answer at all) from "it did not start here" (this, injected false).
 */
export async function injectIntoSender(sender: SenderInfo): Promise<{ injected: boolean; reason?: string }> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return { injected: false, reason: 'no tab to load the bridge in' };
  try {
    const status = await injectBridge(sender.documentId ? { tabId, documentIds: [sender.documentId] } : { tabId, frameIds: [sender.frameId ?? 0] });
    return status === 'attached' || status === 'there' ? { injected: true } : { injected: false, reason: `the bridge did not start (${status ?? 'no answer'})` };
  } catch (e) {
    return { injected: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

// The injection under way per frame. Messages for a frame whose rest is being injected wait for it, then go in the
// order they were asked for (a relayed warning's open, send and reveal must arrive in that order); a frame gets its
// rest injected once, not once per message. Frames that listen get their messages at once, side by side (bulk deletes
// send several requests through one tab).
const injecting = new Map<string, Promise<RestStatus | undefined>>();

/**
 * A message to Takeback's bridge in one frame. A frame whose bridge has not needed its rest yet has no listener (only
 * the document_start part runs there): the rest is injected and the message sent again. A frame without Takeback at
 * all (a tab opened before it was installed) still fails with the browser's "receiving end does not exist".
 */
export async function messageBridge(tabId: number, frameId: number, message: unknown): Promise<unknown> {
  const key = `${tabId}/${frameId}`;
  const send = () => browser.tabs.sendMessage(tabId, message, { frameId });
  const pending = injecting.get(key);
  if (pending) {
    await pending.catch(() => undefined);
    return send();
  }
  try {
    return await send();
  } catch (error) {
    if (!NO_RECEIVER.test(String(error))) throw error;
    let injection = injecting.get(key);
    if (!injection) {
      injection = injectBridge({ tabId, frameIds: [frameId] });
      injecting.set(key, injection);
      const done = () => void (injecting.get(key) === injection && injecting.delete(key));
      injection.then(done, done);
    }
    let status: RestStatus | undefined;
    try {
      status = await injection;
    } catch {
      throw error;
    }
    if (status === 'no-core') throw error;
    return send();
  }
}
