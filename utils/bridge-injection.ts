import { browser } from 'wxt/browser';
import { LAZY_BRIDGE_FILE } from './lazy-bridge';

/** What a browser says when no frame listens: nothing was delivered, so sending again cannot repeat anything. */
export const NO_RECEIVER = /receiving end does not exist/i;

type Target = { tabId: number; documentIds: string[] } | { tabId: number; frameIds: number[] };

/** Injects the rest of Takeback's bridge (utils/lazy-bridge.ts): only ever that one file of ours, into `target`. */
export async function injectBridge(target: Target): Promise<void> {
  await browser.scripting.executeScript({ target, files: [LAZY_BRIDGE_FILE], injectImmediately: true } as never);
}

/**
 * A message to Takeback's bridge in one frame. A frame whose bridge has not needed its rest yet has no listener
 * (only the document_start part runs there): the rest is injected and the message sent again. A frame without
 * Takeback at all (a tab opened before it was installed) still fails with the browser's "receiving end does not exist".
 */
export async function messageBridge(tabId: number, frameId: number, message: unknown): Promise<unknown> {
  try {
    return await browser.tabs.sendMessage(tabId, message, { frameId });
  } catch (error) {
    if (!NO_RECEIVER.test(String(error))) throw error;
    try {
      await injectBridge({ tabId, frameIds: [frameId] });
    } catch {
      throw error;
    }
    return browser.tabs.sendMessage(tabId, message, { frameId });
  }
}
