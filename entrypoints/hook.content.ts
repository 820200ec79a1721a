import { defineContentScript } from 'wxt/utils/define-content-script';
import { installHook } from '@/utils/hook/install';

// Page world, document_start, every frame: must run before any page script and import nothing that touches `browser`.
export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main() {
    installHook(window);
  },
});
