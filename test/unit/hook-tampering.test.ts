// @vitest-environment happy-dom
// Issue 11: a page that changes its own globals after the hook is installed can neither make the hook report a request
// the browser did not send, nor approve its own upload, nor break its own uploads or the hook's messages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connected, LEMMY_UPLOAD, NATIVE_TO_STRING_DESC, ORIGIN, settle, tracked, uploadForm, type Win } from './hook-env';

afterEach(() => {
  Object.defineProperty(Function.prototype, 'toString', NATIVE_TO_STRING_DESC);
  delete (Array.prototype as { toJSON?: unknown }).toJSON;
  delete (Object.prototype as { toJSON?: unknown }).toJSON;
});

const answer = (env: ReturnType<typeof connected>, status = 201) => env.fetchImpl.mockResolvedValueOnce(new env.win.Response(LEMMY_UPLOAD, { status }));
const ackAll = (env: ReturnType<typeof connected>) => {
  for (const r of env.received) r.reply({ t: 'ack', reqId: r.obs.reqId, ok: true });
};

describe('globals replaced after install', () => {
  it('a replaced window.URL changes neither what is reported nor where the request goes', async () => {
    const env = connected();
    const Native = env.win.URL;
    env.win.URL = class extends Native {
      constructor() {
        super('https://victim.example/pictrs/image');
      }
    } as typeof URL;
    answer(env);
    const page = env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) });
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    expect(env.received[0]!.obs.url).toBe(`${ORIGIN}/pictrs/image`);
    expect((env.fetchImpl.mock.calls[0]![0] as Request).url).toBe(`${ORIGIN}/pictrs/image`);
    ackAll(env);
    await page;
  });

  it('an init getter is read once: the browser gets the value the hook decided on (method, signal, body)', async () => {
    const env = connected('hook-first', 'manual');
    const reads: string[] = [];
    const form = uploadForm(env.win);
    const init = {
      get method() {
        reads.push('method');
        return reads.filter((r) => r === 'method').length === 1 ? 'POST' : 'GET';
      },
      get body() {
        reads.push('body');
        return reads.filter((r) => r === 'body').length === 1 ? form : 'something else';
      },
    };
    answer(env);
    const page = tracked(env.win.fetch('/pictrs/image', init as RequestInit));
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    expect(env.holds[0]!.hold).toMatchObject({ method: 'POST', files: [{ name: 'cat photo.png' }] });
    env.holds[0]!.reply({ t: 'verdict', reqId: env.holds[0]!.hold.reqId, allow: true });
    await vi.waitFor(() => expect(env.fetchImpl).toHaveBeenCalledTimes(1));
    const sent = env.fetchImpl.mock.calls[0]![0] as Request;
    expect(sent.method).toBe('POST');
    expect(reads.filter((r) => r === 'method')).toHaveLength(1);
    expect(reads.filter((r) => r === 'body')).toHaveLength(1);
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    ackAll(env);
    await page.done;
  });

  it('a signal that reads as aborted to the hook alone cannot skip the warning: it is read once, and nothing leaves unasked', async () => {
    const env = connected('hook-first', 'manual');
    let reads = 0;
    const init = { method: 'POST', body: uploadForm(env.win) } as RequestInit;
    Object.defineProperty(init, 'signal', { enumerable: true, get: () => (reads++ === 0 ? { aborted: true } : undefined) });
    // A browser refuses { aborted: true } (no AbortSignal) with a TypeError, as it would without the hook; a lenient
    // Request keeps it, and then the upload waits for the verdict like any other.
    const page = tracked(env.win.fetch('/pictrs/image', init));
    await settle();
    expect(reads).toBe(1);
    expect(env.fetchImpl).not.toHaveBeenCalled();
    if (!page.state.settled) expect(env.holds).toHaveLength(1);
    else expect((page.state.error as Error).name).toBe('TypeError');
  });

  it('a URL object whose toString changes is converted once (fetch and XHR)', async () => {
    const env = connected('hook-first', 'manual');
    let n = 0;
    const url = { toString: () => (n++ === 0 ? `${ORIGIN}/pictrs/image` : 'https://elsewhere.example/x') };
    void env.win.fetch(url as unknown as string, { method: 'POST', body: uploadForm(env.win) });
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    expect(n).toBe(1);
    const xhr = new env.XHR();
    let m = 0;
    xhr.open('POST', { toString: () => (m++ === 0 ? 'https://hs.example/_matrix/media/v3/upload' : 'https://elsewhere.example/') } as unknown as string);
    expect(m).toBe(1);
  });

  it('Map, WeakMap and Object.prototype setters cannot catch the verdict callback and approve an upload', async () => {
    const env = connected('hook-first', 'manual');
    const caught: unknown[] = [];
    const nativeSet = Map.prototype.set;
    const winMap = (env.win as unknown as { Map: MapConstructor }).Map;
    winMap.prototype.set = function (this: Map<unknown, unknown>, k: unknown, v: unknown) {
      caught.push(v);
      return nativeSet.call(this, k, v);
    } as typeof Map.prototype.set;
    (env.win as unknown as { WeakMap: WeakMapConstructor }).WeakMap.prototype.set = function (this: WeakMap<object, unknown>, _k: object, v: unknown) {
      caught.push(v);
      return this;
    };
    Object.defineProperty(Object.prototype, 'e2eSpy', { set: (v: unknown) => caught.push(v), configurable: true });
    try {
      void env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) });
      await vi.waitFor(() => expect(env.holds).toHaveLength(1));
      for (const c of caught) if (typeof c === 'function') (c as (v: boolean) => void)(true);
      await settle();
      expect(env.fetchImpl).not.toHaveBeenCalled();
    } finally {
      delete (Object.prototype as { e2eSpy?: unknown }).e2eSpy;
    }
  });

  it("a page's Promise replacement (zone.js style) does not break an upload", async () => {
    const env = connected();
    const NativePromise = env.win.Promise;
    class ZoneAwarePromise<T> extends NativePromise<T> {}
    (env.win as unknown as { Promise: unknown }).Promise = ZoneAwarePromise;
    (env.win.Promise.prototype as { then: unknown }).then = function () {
      throw new Error('page then');
    };
    try {
      answer(env);
      const page = env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) });
      await vi.waitFor(() => expect(env.received).toHaveLength(1));
      ackAll(env);
      expect(await NativePromise.resolve(page)).toBeInstanceOf(env.win.Response);
    } finally {
      (env.win as unknown as { Promise: unknown }).Promise = NativePromise;
    }
  });

  it('toJSON on prototypes (Prototype.js, or a recursive one) changes nothing in what the hook reports', async () => {
    const env = connected();
    answer(env);
    const form = uploadForm(env.win);
    (env.win.Array.prototype as { toJSON?: unknown }).toJSON = function (this: unknown[]) {
      return [this];
    };
    const page = env.win.fetch('/pictrs/image', { method: 'POST', body: form });
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    delete (env.win.Array.prototype as { toJSON?: unknown }).toJSON;
    expect(env.received[0]!.obs.files).toEqual([{ field: 'images[]', name: 'cat photo.png', type: 'image/png', size: 22 }]);
    expect(env.received[0]!.obs.response).toBe(LEMMY_UPLOAD);
    ackAll(env);
    await page;
  });
});

describe('descriptions are cut to what the bridge accepts, never dropped', () => {
  const files = (win: Win, n: number, name = (i: number) => `album-${i}.png`) => {
    const form = new win.FormData();
    for (let i = 0; i < n; i++) form.append('images[]', new win.File(['x'], name(i), { type: 'image/png' }));
    return form;
  };

  it('65 files: 64 described, the count of all of them kept', async () => {
    const env = connected('hook-first', 'manual');
    void env.win.fetch('/pictrs/image', { method: 'POST', body: files(env.win, 65) });
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    expect(env.holds[0]!.hold.files).toHaveLength(64);
    expect(env.holds[0]!.hold.fileCount).toBe(65);
    expect(env.invalid).toEqual([]);
  });

  it('a 1,025-character name and an 8 KB URL are shortened', async () => {
    const env = connected('hook-first', 'manual');
    void env.win.fetch(`/pictrs/image?pad=${'a'.repeat(8300)}`, { method: 'POST', body: files(env.win, 1, () => `${'n'.repeat(1021)}.png`) });
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    expect(env.holds[0]!.hold.files[0]!.name).toHaveLength(255);
    expect(env.holds[0]!.hold.url.length).toBeLessThanOrEqual(8192);
    expect(env.holds[0]!.hold.url.startsWith(`${ORIGIN}/pictrs/image?pad=`)).toBe(true);
    expect(env.invalid).toEqual([]);
  });
});
