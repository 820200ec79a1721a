// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installHook } from '@/utils/hook/install';
import { ACK_TIMEOUT_MS, HELLO_BRIDGE, HELLO_HOOK, SECRET, up } from '@/utils/hook/protocol';
import { connected, LEMMY_UPLOAD, makeWindow, NATIVE_TO_STRING, NATIVE_TO_STRING_DESC, openBridge, ORIGIN, settle, tracked, uploadForm } from './hook-env';

afterEach(() => {
  vi.useRealTimers();
  Object.defineProperty(Function.prototype, 'toString', NATIVE_TO_STRING_DESC);
});

describe('handshake', () => {
  it.each(['hook-first', 'bridge-first'] as const)('completes when the %s', async (order) => {
    const env = connected(order);
    expect(env.channel.connected()).toBe(true);
    // The hook got the rules: a watched upload is reported.
    env.fetchImpl.mockResolvedValueOnce(new env.win.Response(LEMMY_UPLOAD, { status: 201 }));
    void env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) });
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
  });

  it('without a bridge the hook watches nothing and holds nothing', async () => {
    const env = makeWindow();
    installHook(env.win);
    const native = Promise.resolve(new env.win.Response(LEMMY_UPLOAD, { status: 201 }));
    env.fetchImpl.mockReturnValueOnce(native);
    expect(env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) })).toBe(native);
  });

  it('a page script cannot join after the handshake', async () => {
    const env = connected();
    const heard: string[] = [];
    for (const type of [SECRET, HELLO_BRIDGE, HELLO_HOOK]) env.win.addEventListener(type, (e) => heard.push(`${type}:${String((e as CustomEvent).detail)}`));

    // Asking the hook for a (new) secret, or offering the bridge one.
    env.win.dispatchEvent(new env.win.CustomEvent(HELLO_BRIDGE));
    env.win.dispatchEvent(new env.win.CustomEvent(HELLO_HOOK));
    const forged = 'takeback-' + 'ab'.repeat(16);
    env.win.dispatchEvent(new env.win.CustomEvent(SECRET, { detail: forged }));
    // Only the page's own three events went by: nobody answered.
    expect(heard).toEqual([`${HELLO_BRIDGE}:null`, `${HELLO_HOOK}:null`, `${SECRET}:${forged}`]);

    // Talking on the forged channel reaches nobody.
    const obs = {
      reqId: 'forged0001', rule: 'lemmy-v3-upload', transport: 'fetch', method: 'POST', url: `${ORIGIN}/pictrs/image`, status: 201,
      response: LEMMY_UPLOAD, request: null, files: [], startedAt: 1, finishedAt: 2,
    };
    env.win.dispatchEvent(new env.win.CustomEvent(up(forged), { detail: JSON.stringify({ t: 'obs', obs }) }));
    await settle();
    expect(env.received).toEqual([]);
    expect(env.invalid).toEqual([]);
  });

  it('a page script that knows the event names before the bridge still cannot pose as the hook with a bad secret', () => {
    const env = makeWindow();
    const bridge = openBridge(env.win);
    env.win.dispatchEvent(new env.win.CustomEvent(SECRET, { detail: 'not-a-takeback-secret' }));
    expect(bridge.channel.connected()).toBe(false);
    installHook(env.win);
    expect(bridge.channel.connected()).toBe(true);
  });
});

describe('fetch wrapper', () => {
  it('non-matching requests get exactly the native promise', () => {
    const env = connected();
    for (const [url, init] of [
      ['/pictrs/image', undefined],
      ['/pictrs/image', { method: 'GET' }],
      ['/api/v3/comment', { method: 'POST', body: '{}' }],
      ['https://other.example/pictrs/image/delete/tok/abc.png', { method: 'POST' }],
    ] as Array<[string, RequestInit | undefined]>) {
      const native = Promise.resolve(new env.win.Response('x'));
      env.fetchImpl.mockReturnValueOnce(native);
      expect(env.win.fetch(url, init), url).toBe(native);
    }
    expect(env.received).toEqual([]);
  });

  it("hands the native fetch the Request it built from one read of the page's arguments", async () => {
    const env = connected();
    const init = { method: 'POST', body: uploadForm(env.win), headers: { 'X-Page': 'yes' }, credentials: 'include' as const };
    env.fetchImpl.mockResolvedValueOnce(new env.win.Response(LEMMY_UPLOAD, { status: 201 }));
    const p = env.win.fetch('/pictrs/image', init);
    // Uploads wait for the verdict (the test bridge allows at once), then go out as the Request the hook decided on.
    await vi.waitFor(() => expect(env.fetchImpl).toHaveBeenCalledTimes(1));
    const [sent, rest] = env.fetchImpl.mock.calls[0]!;
    expect(rest).toBeUndefined();
    expect(sent).toBeInstanceOf(env.win.Request);
    const request = sent as Request;
    expect([request.method, request.url, request.headers.get('x-page'), request.credentials]).toEqual(['POST', `${ORIGIN}/pictrs/image`, 'yes', 'include']);
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    env.received[0]!.reply({ t: 'ack', reqId: env.received[0]!.obs.reqId, ok: true });
    await p;
  });

  it('a matching POST holds the genuine Response until the ack, and reports what it saw', async () => {
    const env = connected();
    const response = new env.win.Response(LEMMY_UPLOAD, { status: 201, headers: { 'content-type': 'application/json' } });
    env.fetchImpl.mockResolvedValueOnce(response);
    const page = tracked(env.win.fetch('/pictrs/image', { method: 'post', body: uploadForm(env.win) }));

    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    const { obs, previews, reply } = env.received[0]!;
    expect(obs).toMatchObject({
      rule: 'lemmy-v3-upload',
      transport: 'fetch',
      method: 'POST',
      url: `${ORIGIN}/pictrs/image`,
      status: 201,
      response: LEMMY_UPLOAD,
      request: null,
      files: [{ field: 'images[]', name: 'cat photo.png', type: 'image/png', size: 22 }],
    });
    expect(obs.reqId).toMatch(/^[0-9a-f]{40}$/);
    expect(previews).toHaveLength(1);
    expect(previews[0]).toBeInstanceOf(Blob);
    expect(previews[0]?.size).toBe(22);

    await settle();
    expect(page.state.settled).toBe(false);

    reply({ t: 'ack', reqId: 'someone-else', ok: true });
    await settle();
    expect(page.state.settled).toBe(false);

    reply({ t: 'ack', reqId: obs.reqId, ok: true });
    await page.done;
    expect(page.state.value).toBe(response);
    // The page can still read the body the hook also read.
    expect(await response.text()).toBe(LEMMY_UPLOAD);
  });

  it('request ids stay unique when the page later replaces crypto.getRandomValues', async () => {
    const env = connected();
    env.win.crypto.getRandomValues = (<T extends ArrayBufferView | null>(a: T) => a) as Crypto['getRandomValues'];
    for (let i = 0; i < 2; i++) {
      env.fetchImpl.mockResolvedValueOnce(new env.win.Response(LEMMY_UPLOAD, { status: 201 }));
      void env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) });
    }
    await vi.waitFor(() => expect(env.received).toHaveLength(2));
    const [a, b] = env.received.map((r) => r.obs.reqId);
    expect(a).not.toBe(b);
    expect(a!.slice(0, 32)).toBe(b!.slice(0, 32));
    expect(a!.slice(0, 32)).not.toBe('0'.repeat(32));
    for (const r of env.received) r.reply({ t: 'ack', reqId: r.obs.reqId, ok: true });
  });

  it('a failed save (ack ok: false) still hands the page its Response', async () => {
    const env = connected();
    const response = new env.win.Response(LEMMY_UPLOAD, { status: 201 });
    env.fetchImpl.mockResolvedValueOnce(response);
    const page = env.win.fetch(`${ORIGIN}/pictrs/image`, { method: 'POST', body: uploadForm(env.win) });
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    env.received[0]!.reply({ t: 'ack', reqId: env.received[0]!.obs.reqId, ok: false });
    expect(await page).toBe(response);
  });

  it('without an ack the Response is released after ACK_TIMEOUT_MS', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const env = connected();
    const response = new env.win.Response(LEMMY_UPLOAD, { status: 201 });
    env.fetchImpl.mockResolvedValueOnce(response);
    const page = tracked(env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) }));
    // Let the hook read the body on the real event loop; the fake clock has not moved yet.
    for (let i = 0; i < 200 && !env.received.length; i++) await new Promise<void>((r) => setImmediate(r));
    expect(env.received).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS - 50);
    expect(page.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    await page.done;
    expect(page.state.value).toBe(response);
  });

  it('a Request object input is matched by its method and URL', async () => {
    const env = connected();
    const response = new env.win.Response('{"content_uri":"mxc://hs.example/abc"}', { status: 200 });
    env.fetchImpl.mockResolvedValueOnce(response);
    const req = new env.win.Request('https://hs.example/_matrix/media/v3/upload?filename=a.txt', { method: 'POST', body: 'hello' });
    const page = env.win.fetch(req);
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    expect(env.received[0]!.obs).toMatchObject({ rule: 'matrix-upload', url: 'https://hs.example/_matrix/media/v3/upload?filename=a.txt' });
    env.received[0]!.reply({ t: 'ack', reqId: env.received[0]!.obs.reqId, ok: true });
    expect(await page).toBe(response);
  });

  it('a string body is reported as the request (Matrix sends)', async () => {
    const env = connected();
    env.fetchImpl.mockResolvedValueOnce(new env.win.Response('{"event_id":"$e"}', { status: 200 }));
    const body = JSON.stringify({ msgtype: 'm.image', url: 'mxc://hs.example/abc' });
    const page = env.win.fetch('https://hs.example/_matrix/client/v3/rooms/%21r%3Ahs.example/send/m.room.message/t1', { method: 'PUT', body });
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    expect(env.received[0]!.obs).toMatchObject({ rule: 'matrix-send', method: 'PUT', request: body, files: [] });
    env.received[0]!.reply({ t: 'ack', reqId: env.received[0]!.obs.reqId, ok: true });
    await page;
  });

  it('a rejection passes through unchanged', async () => {
    const env = connected();
    const error = new TypeError('Failed to fetch');
    env.fetchImpl.mockRejectedValueOnce(error);
    await expect(env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) })).rejects.toBe(error);
    expect(env.received).toEqual([]);
  });

  it('a synchronous throw from the native fetch passes through (as a rejection once an upload was held)', async () => {
    const env = connected();
    const error = new TypeError('Invalid URL');
    env.fetchImpl.mockImplementation(() => {
      throw error;
    });
    expect(() => env.win.fetch('/api/v3/site')).toThrow(error);
    await expect(env.win.fetch('/pictrs/image', { method: 'POST' })).rejects.toBe(error);
  });

  it('a response too large to keep is reported as null and still released', async () => {
    const env = connected();
    const big = 'x'.repeat(300 * 1024);
    const response = new env.win.Response(big, { status: 201 });
    env.fetchImpl.mockResolvedValueOnce(response);
    const page = env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) });
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    expect(env.received[0]!.obs.response).toBeNull();
    env.received[0]!.reply({ t: 'ack', reqId: env.received[0]!.obs.reqId, ok: true });
    expect(await page).toBe(response);
    expect((await response.text()).length).toBe(big.length);
  });

  it('looks native: toString of fetch and of toString itself', () => {
    const env = connected();
    expect(env.win.fetch).not.toBe(env.originalFetch);
    expect(env.win.fetch.toString()).toBe(env.originalFetchText);
    expect(env.originalFetchText).toContain('[native code]');
    expect(Function.prototype.toString.call(env.win.fetch)).toBe(env.originalFetchText);
    expect(Function.prototype.toString.toString()).toBe('function toString() { [native code] }');
    expect(env.win.fetch.name).toBe(env.originalFetch.name);
    expect(env.win.fetch.length).toBe(env.originalFetch.length);
    expect(Object.getOwnPropertyDescriptor(env.win, 'fetch')).toMatchObject({ writable: true, configurable: true, enumerable: true });
  });
});

describe('XMLHttpRequest wrappers', () => {
  it('keep instanceof, names and native-looking source', () => {
    const env = connected();
    const xhr = new env.win.XMLHttpRequest();
    expect(xhr).toBeInstanceOf(env.win.XMLHttpRequest);
    expect(xhr.open).not.toBe(env.originalOpen);
    expect(xhr.open.name).toBe('open');
    expect(xhr.open.toString()).toBe(NATIVE_TO_STRING.call(env.originalOpen));
    expect(Object.getOwnPropertyNames(env.XHR.prototype)).toEqual(expect.arrayContaining(['open', 'send']));
  });

  it('pass synchronous XHR straight through and never watch it', async () => {
    const env = connected();
    const xhr = new env.XHR();
    expect(xhr.open('POST', '/pictrs/image', false)).toBe('open-result');
    const body = uploadForm(env.win);
    expect(xhr.send(body)).toBe('send-result');
    expect(env.XHR.sent).toContainEqual({ xhr, args: [body] });
    xhr.finish(201, LEMMY_UPLOAD);
    await settle();
    expect(env.received).toEqual([]);
  });

  it('errors from the native open pass through unchanged', () => {
    const env = connected();
    expect(() => new env.XHR().open('BAD METHOD', '/x')).toThrow(SyntaxError);
  });

  it('report an asynchronous matching upload once it completes', async () => {
    const env = connected();
    const xhr = new env.XHR();
    xhr.open('POST', 'https://hs.example/_matrix/media/v3/upload?filename=My%2520File.png');
    xhr.headers['content-type'] = 'application/json';
    const blob = new env.win.Blob(['ciphertext'], { type: 'application/octet-stream' });
    expect(xhr.send(blob)).toBeUndefined(); // held for the verdict, then sent on the same object
    await vi.waitFor(() => expect(env.XHR.sent.map((x) => x.xhr)).toContain(xhr));
    await settle();
    expect(env.received).toEqual([]);
    xhr.finish(200, '{"content_uri":"mxc://hs.example/abc"}');
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    expect(env.received[0]!.obs).toMatchObject({
      rule: 'matrix-upload',
      transport: 'xhr',
      method: 'POST',
      status: 200,
      response: '{"content_uri":"mxc://hs.example/abc"}',
      files: [{ field: null, name: null, type: 'application/octet-stream', size: 10 }],
    });
    // Not an image: no preview travels.
    expect(env.received[0]!.previews).toEqual([]);
  });

  it('an aborted async upload (status 0) is not reported', async () => {
    const env = connected();
    const xhr = new env.XHR();
    xhr.open('POST', 'https://hs.example/_matrix/media/v3/upload');
    xhr.send(new env.win.Blob(['x']));
    xhr.finish(0, '');
    await settle();
    expect(env.received).toEqual([]);
  });
});

describe('holding uploads for the verdict', () => {
  it('fetch: nothing is sent before the verdict; allow sends the page\'s own request once', async () => {
    const env = connected('hook-first', 'manual');
    env.fetchImpl.mockResolvedValue(new env.win.Response(LEMMY_UPLOAD, { status: 201 }));
    const page = tracked(env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) }));
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    expect(env.holds[0]!.hold).toMatchObject({ rule: 'lemmy-v3-upload', method: 'POST', url: `${ORIGIN}/pictrs/image` });
    expect(env.holds[0]!.hold.files).toEqual([{ field: 'images[]', name: 'cat photo.png', type: 'image/png', size: 22 }]);
    expect(env.holds[0]!.previews[0]).toBeInstanceOf(Blob);
    await settle();
    expect(env.fetchImpl).not.toHaveBeenCalled();
    expect(page.state.settled).toBe(false);

    env.holds[0]!.reply({ t: 'verdict', reqId: 'not-this-one', allow: true });
    await settle();
    expect(env.fetchImpl).not.toHaveBeenCalled();

    env.holds[0]!.reply({ t: 'verdict', reqId: env.holds[0]!.hold.reqId, allow: true });
    await vi.waitFor(() => expect(env.received).toHaveLength(1));
    env.received[0]!.reply({ t: 'ack', reqId: env.received[0]!.obs.reqId, ok: true });
    await page.done;
    expect(env.fetchImpl).toHaveBeenCalledTimes(1);
    expect(env.received[0]!.obs.reqId).toBe(env.holds[0]!.hold.reqId);
  });

  it('fetch: deny rejects with an AbortError DOMException and sends nothing', async () => {
    const env = connected('hook-first', 'manual');
    const page = env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win) });
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    env.holds[0]!.reply({ t: 'verdict', reqId: env.holds[0]!.hold.reqId, allow: false });
    const error = await page.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(env.win.DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(env.fetchImpl).not.toHaveBeenCalled();
  });

  it("fetch: the page's own AbortSignal while held rejects with its reason and withdraws the hold", async () => {
    const env = connected('hook-first', 'manual');
    const controller = new env.win.AbortController();
    const page = env.win.fetch('/pictrs/image', { method: 'POST', body: uploadForm(env.win), signal: controller.signal });
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    const reason = new env.win.DOMException('stop', 'AbortError');
    controller.abort(reason);
    await expect(page).rejects.toBe(reason);
    expect(env.withdrawn).toEqual([env.holds[0]!.hold.reqId]);
    env.holds[0]!.reply({ t: 'verdict', reqId: env.holds[0]!.hold.reqId, allow: true });
    await settle();
    expect(env.fetchImpl).not.toHaveBeenCalled();
  });

  it('fetch: link requests (Matrix sends) are never held', async () => {
    const env = connected('hook-first', 'manual');
    env.fetchImpl.mockResolvedValueOnce(new env.win.Response('{"event_id":"$e"}', { status: 200 }));
    void env.win.fetch('https://hs.example/_matrix/client/v3/rooms/!r:hs.example/send/m.room.message/1', {
      method: 'PUT',
      body: '{"msgtype":"m.text","body":"hi"}',
    });
    await vi.waitFor(() => expect(env.fetchImpl).toHaveBeenCalledTimes(1));
    expect(env.holds).toEqual([]);
  });

  it('XHR: deny never calls the native send and ends the request like an abort (DONE, status 0, abort, loadend)', async () => {
    const env = connected('hook-first', 'manual');
    const xhr = new env.XHR() as unknown as XMLHttpRequest;
    const seen: string[] = [];
    xhr.onreadystatechange = () => seen.push(`readystatechange:${xhr.readyState}:${xhr.status}`);
    for (const type of ['abort', 'loadend', 'load', 'error']) xhr.addEventListener(type, () => seen.push(type));
    xhr.upload.addEventListener('abort', () => seen.push('upload:abort'));
    xhr.open('POST', 'https://hs.example/_matrix/media/v3/upload');
    xhr.send(new env.win.Blob(['x'], { type: 'image/png' }));
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    env.holds[0]!.reply({ t: 'verdict', reqId: env.holds[0]!.hold.reqId, allow: false });
    await vi.waitFor(() => expect(seen).toContain('loadend'));
    expect(seen).toEqual(['readystatechange:4:0', 'upload:abort', 'abort', 'loadend']);
    expect(env.XHR.sent.map((x) => x.xhr)).not.toContain(xhr);
    expect(xhr.responseText).toBe('');
    // Reopening the same object gives back its real state.
    xhr.open('GET', '/other');
    expect(xhr.readyState).toBe(1);
  });

  it("XHR: the page's abort() while held withdraws the hold and fires the abort events; a late allow sends nothing", async () => {
    const env = connected('hook-first', 'manual');
    const xhr = new env.XHR() as unknown as XMLHttpRequest;
    const seen: string[] = [];
    for (const type of ['abort', 'loadend']) xhr.addEventListener(type, () => seen.push(type));
    xhr.open('POST', 'https://lemmy.example/pictrs/image');
    const form = uploadForm(env.win);
    xhr.send(form);
    await vi.waitFor(() => expect(env.holds).toHaveLength(1));
    xhr.abort();
    expect(seen).toEqual(['abort', 'loadend']);
    expect(env.withdrawn).toEqual([env.holds[0]!.hold.reqId]);
    env.holds[0]!.reply({ t: 'verdict', reqId: env.holds[0]!.hold.reqId, allow: true });
    await settle();
    expect(env.XHR.sent.map((x) => x.xhr)).not.toContain(xhr);
  });

  it('XHR: synchronous uploads are never held', async () => {
    const env = connected('hook-first', 'manual');
    const xhr = new env.XHR();
    xhr.open('POST', 'https://lemmy.example/pictrs/image', false);
    expect(xhr.send(uploadForm(env.win))).toBe('send-result');
    expect(env.holds).toEqual([]);
  });
});
