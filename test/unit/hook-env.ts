// Test environment for the page-world hook: a happy-dom window with a controllable fetch and XMLHttpRequest, and the
// real bridge end of the channel.
import { Window as HappyWindow } from 'happy-dom';
import { vi } from 'vitest';
import { openBridgeChannel } from '@/utils/bridge-channel';
import { installHook } from '@/utils/hook/install';
import type { BridgeMessage, HookMessage } from '@/utils/messages';
import { watchRules } from '@/utils/platforms';
import type { Observation } from '@/utils/platforms/types';

export type Win = Window & typeof globalThis;
type Received = { obs: Observation; previews: Array<Blob | null>; reply: (m: BridgeMessage) => void };

export const NATIVE_TO_STRING = Function.prototype.toString;
export const NATIVE_TO_STRING_DESC = Object.getOwnPropertyDescriptor(Function.prototype, 'toString')!;
export const ORIGIN = 'https://app.example';
export const LEMMY_UPLOAD = JSON.stringify({ msg: 'ok', files: [{ file: 'abc-def.png', delete_token: 'tok-1' }] });

/**
 * A minimal XMLHttpRequest with open/send as own prototype methods, as in browsers (happy-dom keeps them on a
 * parent class) and without network. Tests drive readyState/status by hand.
 */
export function fakeXhrClass(win: Win) {
  return class FakeXHR extends win.EventTarget {
    static sent: Array<{ xhr: FakeXHR; args: unknown[] }> = [];
    static aborted: FakeXHR[] = [];
    // Accessors on the prototype, as in browsers (the hook wraps these getters).
    state = { readyState: 0, status: 0, responseText: '' };
    get readyState() {
      return this.state.readyState;
    }
    get status() {
      return this.state.status;
    }
    get statusText() {
      return this.state.status ? 'OK' : '';
    }
    get responseText() {
      return this.state.responseText;
    }
    get responseURL() {
      return '';
    }
    upload = new win.EventTarget();
    responseType: XMLHttpRequestResponseType = '';
    response: unknown = '';
    headers: Record<string, string> = {};
    open(method: string, _url: string, _async?: boolean) {
      if (method === 'BAD METHOD') throw new SyntaxError('bad method');
      this.state.readyState = 1;
      return 'open-result';
    }
    send(...args: unknown[]) {
      FakeXHR.sent.push({ xhr: this, args });
      return 'send-result';
    }
    abort() {
      FakeXHR.aborted.push(this);
    }
    getResponseHeader(name: string) {
      return this.headers[name.toLowerCase()] ?? null;
    }
    finish(status: number, text: string) {
      this.state = { readyState: 4, status, responseText: text };
      this.response = text;
      this.dispatchEvent(new win.Event('readystatechange'));
    }
  };
}

export interface Env {
  win: Win;
  fetchImpl: ReturnType<typeof vi.fn<(input: unknown, init?: RequestInit) => Promise<Response>>>;
  originalFetch: Function;
  originalFetchText: string;
  XHR: ReturnType<typeof fakeXhrClass>;
  originalOpen: Function;
}

export function makeWindow(): Env {
  const win = new HappyWindow({ url: `${ORIGIN}/c/pics` }) as unknown as Win;
  const fetchImpl = vi.fn<(input: unknown, init?: RequestInit) => Promise<Response>>(async () => new win.Response('{}', { status: 200 }));
  // A bound function prints as native code, like the browser's fetch.
  const originalFetch = function fetch(this: unknown, input: unknown, init?: RequestInit) {
    return fetchImpl(input, init);
  }.bind(undefined);
  Object.defineProperty(win, 'fetch', { value: originalFetch, writable: true, configurable: true, enumerable: true });
  const XHR = fakeXhrClass(win);
  Object.defineProperty(win, 'XMLHttpRequest', { value: XHR, writable: true, configurable: true });
  // Late-bound, so vi.useFakeTimers() also drives the hook's timer.
  Object.defineProperty(win, 'setTimeout', { value: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms), configurable: true, writable: true });
  return { win, fetchImpl, originalFetch, originalFetchText: NATIVE_TO_STRING.call(originalFetch), XHR, originalOpen: XHR.prototype.open };
}

export type HeldUpload = { hold: Extract<HookMessage, { t: 'hold' }>['hold']; previews: Array<Blob | null>; reply: (m: BridgeMessage) => void };

/** The bridge end; it allows every held upload at once unless `decide` is 'manual'. */
export function openBridge(win: Win, decide: 'allow' | 'manual' = 'allow') {
  const received: Received[] = [];
  const holds: HeldUpload[] = [];
  const withdrawn: string[] = [];
  const invalid: string[] = [];
  const channel = openBridgeChannel(win, {
    rules: watchRules,
    onMessage: (msg: HookMessage, previews, reply) => {
      if (msg.t === 'obs') received.push({ obs: msg.obs, previews, reply });
      else if (msg.t === 'withdrawn') withdrawn.push(msg.reqId);
      else {
        holds.push({ hold: msg.hold, previews, reply });
        if (decide === 'allow') reply({ t: 'verdict', reqId: msg.hold.reqId, allow: true });
      }
    },
    onInvalid: (r) => invalid.push(r),
  });
  return { channel, received, holds, withdrawn, invalid };
}

/** Hook and bridge installed in the given order. */
export function connected(order: 'hook-first' | 'bridge-first' = 'hook-first', decide: 'allow' | 'manual' = 'allow') {
  const env = makeWindow();
  let bridge: ReturnType<typeof openBridge>;
  if (order === 'hook-first') {
    installHook(env.win);
    bridge = openBridge(env.win, decide);
  } else {
    bridge = openBridge(env.win, decide);
    installHook(env.win);
  }
  return { ...env, ...bridge };
}

export const settle = () => new Promise((r) => setTimeout(r, 10));
export const tracked = <T,>(p: Promise<T>) => {
  const state = { settled: false, value: undefined as T | undefined, error: undefined as unknown };
  const done = p.then(
    (v) => ((state.settled = true), (state.value = v)),
    (e: unknown) => ((state.settled = true), (state.error = e)),
  );
  return { state, done };
};

export function uploadForm(win: Win) {
  const form = new win.FormData();
  form.append('images[]', new win.File(['\x89PNG fake image bytes'], 'cat photo.png', { type: 'image/png' }));
  return form;
}

