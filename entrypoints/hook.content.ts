import { defineContentScript } from 'wxt/utils/define-content-script';
import { installHook } from '@/utils/hook/install';

// Page world, document_start, every frame: must run before any page script and import nothing that touches `browser`.
export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  // blob: and sandboxed srcdoc frames too (matched by the origin that made them): their uploads wait for the warning.
  matchOriginAsFallback: true,
  main() {
    installHook(window);
  },
});
