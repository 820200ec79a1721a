import type { WxtBrowser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startBridgeCore } from '@/utils/bridge-core';

// Isolated world, document_start, every frame (declared in wxt.config.ts): the only path from the page's world to the
// background. Only what must run before the page's own scripts is here (utils/bridge-core.ts); the rest is injected on
// first need (utils/lazy-bridge.ts says how, and why). It imports neither zod nor the webextension polyfill: the
// browser's own `browser` (Firefox) or `chrome` (Chrome) namespace, whose MV3 methods return promises, is enough for
// the one message that asks for the rest. An unlisted script, not a wxt content script: wxt wraps those in a context that
// announces itself to the page (a window.postMessage and a document event named "wxt:content-script-started"), which
// any page could read to learn that Takeback is installed.
export default defineUnlistedScript({
  main() {
    const g = globalThis as unknown as { browser?: WxtBrowser; chrome?: WxtBrowser };
    startBridgeCore((g.browser ?? g.chrome)!, window);
  },
});
