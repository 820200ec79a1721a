// @vitest-environment happy-dom
// Issue 13: the document_start bridge holds what the hook sends until the rest of the bridge is injected, loses and
// reorders nothing, asks for the rest only on first need, and when the rest cannot come never leaves the page waiting
// and says so.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOAD_TIMEOUT_MS, startBridgeCore, type CoreApi } from '@/utils/bridge-core';
import { HELLO_HOOK, SECRET, down, up } from '@/utils/hook/protocol';
import { BRIDGE_CORE, type BridgeCore, type LazyBridge } from '@/utils/lazy-bridge';
import type { BridgeMessage } from '@/utils/messages';

const REQ = (n: number) => n.toString(16).padStart(40, '0');
let secrets = 0;

/** A page (happy-dom's window) with the core started, the test playing the hook and the background. */
function page(background: 'injects' | 'fails' | 'refuses' | 'silent' | 'manual' = 'injects') {
  const SECRET_NAME = `takeback-${(++secrets).toString(16).padStart(32, '0')}`;
  const fromHook: unknown[] = [];
  const replies: BridgeMessage[] = [];
  let touched = 0;
  let loads = 0;
  const lazy: LazyBridge = { fromHook: (d) => void fromHook.push(d) };
  const inject = () => (globalThis as unknown as Record<string, BridgeCore>)[BRIDGE_CORE]!.attach(lazy);
  let release: () => void = () => {};
  const runtime: CoreApi['runtime'] = {
    sendMessage: vi.fn(async () => {
      loads++;
      if (background === 'fails') throw new Error('Could not establish connection. Receiving end does not exist.');
      if (background === 'silent') return new Promise(() => {});
      if (background === 'refuses') return { injected: false, reason: 'Missing host permission for the tab or frames' };
      if (background === 'manual') await new Promise<void>((r) => (release = r));
      inject();
      return true;
    }),
  };
  // Counts every touch of an extension namespace: each one a script first touches costs the frame its bindings.
  const api = {
    get runtime() {
      touched++;
      return runtime;
    },
    get i18n() {
      touched++;
      return { getMessage: (key: string) => `«${key}»` };
    },
  } as CoreApi;
  window.addEventListener(down(SECRET_NAME), (e) => {
    const m = JSON.parse((e as CustomEvent).detail) as BridgeMessage;
    if (m.t !== 'config') replies.push(m);
  });
  const core = startBridgeCore(api, window as Window & typeof globalThis);
  window.dispatchEvent(new CustomEvent(HELLO_HOOK));
  window.dispatchEvent(new CustomEvent(SECRET, { detail: SECRET_NAME }));
  const hook = (msg: unknown) => window.dispatchEvent(new CustomEvent(up(SECRET_NAME), { detail: JSON.stringify(msg) }));
  return { core, hook, inject, fromHook, replies, touched: () => touched, loads: () => loads, release: () => release(), api };
}

const notices = () => document.querySelectorAll('takeback-notice').length;
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('the document_start bridge (issue 13)', () => {
  it('asks for nothing, and touches no extension API, on a page that neither uploads nor picks', async () => {
    const p = page();
    await settle();
    expect(p.loads()).toBe(0);
    expect(p.touched()).toBe(0);
  });

  it('keeps what the hook sends before the rest arrives, and hands it on in order, once', async () => {
    const p = page('manual');
    p.hook({ t: 'hold', hold: { reqId: REQ(1) } });
    p.hook({ t: 'withdrawn', reqId: REQ(1) });
    p.hook({ t: 'hold', hold: { reqId: REQ(2) } });
    await settle();
    expect(p.loads()).toBe(1); // three messages, one load
    expect(p.fromHook).toEqual([]);
    p.release();
    await settle();
    p.hook({ t: 'obs', obs: { reqId: REQ(2) } });
    expect(p.fromHook.map((d) => JSON.parse(d as string).t)).toEqual(['hold', 'withdrawn', 'hold', 'obs']);
    expect(p.loads()).toBe(1);
    expect(p.replies).toEqual([]); // the core itself answers nothing while the rest is there
  });

  it('the rest injected by the background on its own (a message for this frame) attaches, and takes what follows', async () => {
    const p = page();
    p.inject();
    p.hook({ t: 'hold', hold: { reqId: REQ(8) } });
    await settle();
    expect(p.fromHook).toHaveLength(1);
    expect(p.loads()).toBe(0);
    await expect(p.core.load()).resolves.toBeDefined();
    expect(p.loads()).toBe(0);
  });

  it('a change event the page made itself (untrusted) is no pick and brings nothing in', async () => {
    const p = page();
    const input = Object.assign(document.createElement('input'), { type: 'file' });
    document.body.append(input);
    input.dispatchEvent(new Event('change', { bubbles: true })); // isTrusted false: the page's own
    await settle();
    expect(p.loads()).toBe(0);
  });

  it('when Takeback is gone (the message cannot be sent): held uploads go ahead, reports are answered "not saved", and the user is told', async () => {
    const p = page('fails');
    p.hook({ t: 'hold', hold: { reqId: REQ(3) } });
    p.hook({ t: 'obs', obs: { reqId: REQ(4) } });
    p.hook({ t: 'unreadable', kind: 'obs', reqId: REQ(5) });
    await settle();
    await settle();
    expect(p.replies).toEqual([
      { t: 'verdict', reqId: REQ(3), allow: true },
      { t: 'ack', reqId: REQ(4), ok: false },
      { t: 'ack', reqId: REQ(5), ok: false },
    ]);
    expect(notices()).toBe(2); // the warning could not be shown; the key could not be saved
    // The next watched request tries again, once.
    p.hook({ t: 'hold', hold: { reqId: REQ(6) } });
    await settle();
    expect(p.loads()).toBe(2);
  });

  it('when the background is there but the rest did not start in this document: held uploads are stopped, and the user is told', async () => {
    const p = page('refuses');
    p.hook({ t: 'hold', hold: { reqId: REQ(9) } });
    await settle();
    await settle();
    expect(p.replies).toEqual([{ t: 'verdict', reqId: REQ(9), allow: false }]);
    expect(notices()).toBe(1);
  });

  it('one failure answers each held upload once, and does not end a later load', async () => {
    const p = page('refuses');
    p.hook({ t: 'hold', hold: { reqId: REQ(10) } });
    void p.core.load().catch(() => {});
    void p.core.load().catch(() => {});
    await settle();
    await settle();
    expect(p.replies).toEqual([{ t: 'verdict', reqId: REQ(10), allow: false }]);
  });

  it('reports answered "not saved" are still handed to the rest if it arrives after all', async () => {
    const p = page('refuses');
    p.hook({ t: 'obs', obs: { reqId: REQ(11) } });
    await settle();
    await settle();
    expect(p.replies).toEqual([{ t: 'ack', reqId: REQ(11), ok: false }]);
    p.inject();
    expect(p.fromHook.map((d) => JSON.parse(d as string).obs.reqId)).toEqual([REQ(11)]);
  });

  it('a background that never answers does not hold the upload for ever: it is stopped, timed from when the message left', async () => {
    vi.useFakeTimers();
    const p = page('silent');
    p.hook({ t: 'hold', hold: { reqId: REQ(7) } });
    await vi.advanceTimersByTimeAsync(LOAD_TIMEOUT_MS - 1);
    expect(p.replies).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(p.replies).toEqual([{ t: 'verdict', reqId: REQ(7), allow: false }]);
    expect(notices()).toBe(1);
  });

  it('keeps a page element named after its meeting point or `browser` from standing in for them', () => {
    page();
    const global = globalThis as unknown as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(global, BRIDGE_CORE)).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(global, 'browser')).toBe(true);
  });
});
