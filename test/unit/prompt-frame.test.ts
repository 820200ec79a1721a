// @vitest-environment happy-dom
// The warning's host in the page (issue 11 §4): any move, removal or reload of it ends the upload as denied
// (a reload after the dialog started is caught by its second load event, proven end to end: scenarios-attack-hook.mjs).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { framePrompt } from '@/utils/prompt-frame';
import type { FrameFailure } from '@/utils/upload-gate';

let roots: ShadowRoot[];
const nativeAttach = Element.prototype.attachShadow;
beforeEach(() => {
  roots = [];
  document.documentElement.innerHTML = '<head></head><body><main id="app"></main></body>';
  // The host's shadow root is closed: keep a handle on it, as only the bridge has.
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = nativeAttach.call(this, init);
    roots.push(root);
    return root;
  };
  if (!HTMLDialogElement.prototype.showModal) HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) { this.setAttribute('open', ''); };
});
afterEach(() => {
  Element.prototype.attachShadow = nativeAttach;
});

function opened() {
  const failures: FrameFailure[] = [];
  const open = framePrompt(document, { url: 'about:blank', origin: 'https://ext.example' }, 'Takeback');
  const handle = open({ promptId: 'a'.repeat(32), site: 'site.example', delayMs: 0 }, { message: () => {}, failure: (why) => void failures.push(why) });
  const host = document.querySelector('takeback-warning')!;
  const root = roots.at(-1)!;
  const frame = root.querySelector('iframe')!;
  const dialog = root.querySelector('dialog')!;
  return { failures, handle, host, frame, dialog };
}
const mutations = () => new Promise((r) => setTimeout(r, 0));

describe('framePrompt: the warning the user saw is the only one that can answer', () => {
  it('moving the host into another element ends it as removed', async () => {
    const f = opened();
    document.getElementById('app')!.append(f.host);
    await mutations();
    expect(f.failures).toEqual(['removed']);
  });

  it('taking it out and putting it straight back (the frame reloads) ends it too', async () => {
    const f = opened();
    const parent = f.host.parentNode!;
    f.host.remove();
    parent.appendChild(f.host);
    await mutations();
    expect(f.failures).toEqual(['removed']);
  });

  it('removing it from deep inside the page (not only from <html>) is seen', async () => {
    const f = opened();
    await mutations();
    f.host.remove();
    await mutations();
    expect(f.failures).toEqual(['removed']);
  });

  it('other changes in the page leave it alone', async () => {
    const f = opened();
    document.body.append(document.createElement('div'));
    document.getElementById('app')!.textContent = 'framework re-render';
    await mutations();
    expect(f.failures).toEqual([]);
    f.handle.close();
  });
});
