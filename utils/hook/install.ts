import { captureIntrinsics } from './intrinsics';
import { createMasker } from './native';
import { ACK_TIMEOUT_MS, HELLO_BRIDGE, HELLO_HOOK, SECRET, down, up } from './protocol';

interface Rule { id: string; methods: string[]; re: RegExp; role: 'upload' | 'link' }
type Win = Window & typeof globalThis;
type Obj = Record<string, any>;

const MAX_RESPONSE = 256 * 1024;
const MAX_REQUEST = 64 * 1024;
const MAX_PREVIEW_BYTES = 32 * 1024 * 1024;
// What the bridge accepts (utils/platforms/types.ts): longer values are cut here, so a long name, a long URL or a
// large album is shortened and still warned about and recorded, never dropped.
const MAX_FILES = 64;
const MAX_NAME = 255;
const MAX_TYPE = 255;
const MAX_URL = 8192;
// RequestInit members the hook reads once and hands on (the union of what browsers know); own keys are added too.
const INIT_MEMBERS = [
  'adAuctionHeaders', 'attributionReporting', 'body', 'browsingTopics', 'cache', 'credentials', 'duplex', 'headers',
  'integrity', 'keepalive', 'method', 'mode', 'priority', 'privateToken', 'redirect', 'referrer', 'referrerPolicy',
  'sharedStorageWritable', 'signal', 'targetAddressSpace', 'window',
];

/**
 * Wraps fetch and XMLHttpRequest so that watched requests (the rules come from the bridge) are reported, with their
 * response, to the ISOLATED bridge; everything else takes the native path. The hook decides on what the browser itself
 * sends: it reads the page's arguments once and hands the browser exactly those values (for fetch, the Request it
 * built from them), so an argument that answers differently on a second read cannot make the hook report a request
 * that never left, or skip the warning for one that does. Fetch uploads hand the page its genuine Response only once
 * the bridge confirms the key is saved (or ACK_TIMEOUT_MS passed); XHR cannot be held, so its report is sent the
 * moment the response is complete. A page can still hide its own uploads from the hook (a worker, a pristine fetch
 * from a fresh frame); Takeback then learns of them from the browser's own request log, without their keys.
 */
export function installHook(win: Win): void {
  // Every global the hook uses is taken now, before page scripts run (see intrinsics.ts).
  const I = captureIntrinsics(win);
  const { apply, call, isA, create, stringify } = I;
  const rawArray = <T>(): T[] => I.setPrototypeOf([], null) as T[];
  const push = <T>(list: T[], value: T) => void (list[list.length] = value);
  const cut = (text: string, max: number) => (text.length > max ? call(I.slice, text, 0, max) as string : text);

  let rules: Rule[] = [];
  let secret: string | null = null;
  // reqId -> callback; null-prototype dictionaries, so nothing the page defines on Map or Object sees them.
  const waiting = create(null) as Record<string, (ok: boolean) => void>;
  const verdicts = create(null) as Record<string, (allow: boolean) => void>;

  const on = (type: string, fn: (e: Event) => void) => call(I.listen, win, type, fn);
  const emit = (type: string, detail?: unknown) => {
    const init = create(null);
    if (detail !== undefined) init.detail = detail;
    call(I.dispatch, win, new I.CustomEvent(type, init));
  };
  const HEX = '0123456789abcdef';
  const hex = (n: number, digits: number) => {
    let out = '';
    for (let i = digits - 1; i >= 0; i--) out += HEX[(n >>> (i * 4)) & 15];
    return out;
  };
  const randomHex = () => {
    const bytes = I.random(new I.Uint8Array(16));
    let id = '';
    for (let i = 0; i < 16; i++) id += hex(bytes[i]!, 2);
    return id;
  };
  // Request ids: random per page load (drawn at document_start, with the secret), then a counter.
  let loadId = '';
  let requests = 0;
  const nextReqId = () => loadId + hex(++requests, 8);

  function receive(e: Event) {
    const detail = (e as CustomEvent).detail;
    if (typeof detail !== 'string') return;
    try {
      const msg = I.parse(detail);
      if (msg.t === 'config') {
        const next = rawArray<Rule>();
        for (let i = 0; i < msg.rules.length; i++) {
          const r = msg.rules[i];
          push(next, { id: r.id, methods: r.methods, role: r.role, re: new I.RegExp(r.path) });
        }
        rules = next;
      } else if (msg.t === 'ack' || msg.t === 'verdict') {
        const table = msg.t === 'ack' ? waiting : verdicts;
        const done = table[msg.reqId];
        delete table[msg.reqId];
        done?.(msg.t === 'ack' ? msg.ok === true : msg.allow === true);
      }
    } catch {
      /* not ours */
    }
  }

  const onBridge = () => {
    call(I.unlisten, win, HELLO_BRIDGE, onBridge);
    secret = 'takeback-' + randomHex();
    loadId = randomHex();
    on(down(secret), receive);
    emit(SECRET, secret);
  };
  on(HELLO_BRIDGE, onBridge);
  emit(HELLO_HOOK);

  const upper = (s: string) => call(I.upper, s) as string;
  const methodOk = (rule: Rule, m: string) => {
    for (let i = 0; i < rule.methods.length; i++) if (rule.methods[i] === m) return true;
    return false;
  };
  /** The rule whose path matches `href`, and the absolute URL; method: only rules allowing it (null: any method). */
  function match(url: string, method: string | null): { rule: Rule; href: string } | undefined {
    if (!rules.length) return;
    const parsed = new I.URL(url, I.baseURI(I.document));
    const path = I.pathname(parsed);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if ((method === null || methodOk(rule, method)) && call(I.exec, rule.re, path) !== null) return { rule, href: I.href(parsed) };
    }
  }

  /** File metadata (and image Blobs for previews) of a request body; never throws into the page's call. */
  function describe(body: unknown) {
    const files = rawArray<Obj>();
    // previews[i] is files[i] when it is an image the bridge can shrink into a thumbnail, else null.
    const previews = rawArray<Blob | null>();
    let count = 0;
    let unreadable = false;
    const add = (field: string | null, v: unknown) => {
      let size: number;
      let type = '';
      let name: string | null = null;
      if (isA(v, I.Blob)) {
        size = I.blobSize(v);
        type = cut(I.blobType(v), MAX_TYPE);
        if (isA(v, I.File)) name = cut(I.fileName(v), MAX_NAME);
      } else if (isA(v, I.ArrayBuffer)) size = I.bufferLength(v);
      else if (I.isView(v)) size = isA(v, I.DataView) ? I.dataViewLength(v) : I.viewLength(v);
      else return;
      if (++count > MAX_FILES) return;
      const meta = create(null);
      meta.field = field === null ? null : cut(field, MAX_NAME);
      meta.name = name;
      meta.type = type;
      meta.size = size;
      push(files, meta);
      push(previews, call(I.slice, type, 0, 6) === 'image/' && size <= MAX_PREVIEW_BYTES ? (v as Blob) : null);
    };
    try {
      if (isA(body, I.FormData)) call(I.formEach, body, (v: unknown, k: string) => add(k, v));
      else add(null, body);
    } catch {
      unreadable = true;
    }
    const request = typeof body === 'string' ? cut(body, MAX_REQUEST) : null;
    return { files, previews, count, request, unreadable };
  }
  type Described = ReturnType<typeof describe>;

  /** One message to the bridge; one that cannot be written (it never should) still reaches it as "unreadable". */
  const post = (msg: Obj, previews?: Array<Blob | null>, reqId?: string) => {
    if (!secret) return;
    let json: string;
    try {
      json = stringify(msg);
    } catch {
      json = `{"t":"unreadable","reqId":"${reqId}","kind":"${msg.t}"}`;
    }
    let detail: unknown = json;
    if (previews) {
      let any = false;
      for (let i = 0; i < previews.length; i++) any ||= previews[i] !== null;
      if (any) {
        const parts = rawArray<unknown>();
        push(parts, json);
        for (let i = 0; i < previews.length; i++) push(parts, previews[i]);
        detail = parts;
      }
    }
    emit(up(secret), detail);
  };
  const message = (t: string, key: string, value: Obj) => {
    const m = create(null);
    m.t = t;
    m[key] = value;
    return m;
  };
  const basics = (reqId: string, rule: Rule, method: string, href: string, d: Described) => {
    const o = create(null);
    o.reqId = reqId;
    o.rule = rule.id;
    o.method = method;
    o.url = cut(href, MAX_URL);
    o.files = d.files;
    if (d.count > MAX_FILES) o.fileCount = d.count;
    if (d.unreadable) o.unreadable = true;
    return o;
  };

  /** Calls done(true) once the bridge reports the record committed, done(false) on timeout or without a bridge. */
  function report(obs: Obj, previews: Array<Blob | null>, done: (ok: boolean) => void) {
    if (!secret) return done(false);
    const reqId = obs.reqId as string;
    let settled = false;
    const once = (ok: boolean) => settled || ((settled = true), done(ok));
    waiting[reqId] = once;
    call(I.setTimeout, win, () => {
      delete waiting[reqId];
      once(false);
    }, ACK_TIMEOUT_MS);
    post(message('obs', 'obs', obs), previews, reqId);
  }

  /** Asks the bridge whether an upload may leave. Only the extension decides (no timeout: a person may be reading). */
  function askVerdict(hold: Obj, previews: Array<Blob | null>, decide: (allow: boolean) => void) {
    verdicts[hold.reqId] = decide;
    post(message('hold', 'hold', hold), previews, hold.reqId);
  }
  const withdraw = (reqId: string) => {
    if (!(reqId in verdicts)) return;
    delete verdicts[reqId];
    const m = create(null);
    m.t = 'withdrawn';
    m.reqId = reqId;
    post(m);
  };
  // Looked up when needed (see intrinsics.ts): the error only goes back to the page that made the request.
  const userAbort = () => new win.DOMException('The user aborted a request.', 'AbortError');

  /**
   * The response text (null when too large or unreadable), read from a clone; never throws. Response.text() rather
   * than a stream reader: upload answers are small, and the reader, its prototype and a TextDecoder would cost every
   * page at document_start.
   */
  function readBody(res: Response, done: (text: string | null) => void) {
    try {
      call(I.then, call(I.text, call(I.clone, res)), (text: string) => done(text.length <= MAX_RESPONSE ? text : null), () => done(null));
    } catch {
      done(null);
    }
  }

  /** The RequestInit the browser will see: each member of the page's init read once, into a plain object. */
  function readInit(init: Obj): Obj {
    const snap = create(null);
    const take = (k: string) => {
      if (k in snap) return;
      const v = init[k];
      if (v !== undefined) snap[k] = v;
    };
    for (let i = 0; i < INIT_MEMBERS.length; i++) take(INIT_MEMBERS[i]!);
    const own = I.keys(init);
    for (let i = 0; i < own.length; i++) take(own[i]!);
    return snap;
  }

  const wrap = createMasker(I);

  wrap(win, 'fetch', (target, self, args) => {
    const input = args[0];
    const init = args[1];
    const isRequest = isA(input, I.Request);
    let url: string;
    try {
      // Converted once, here; the browser is handed the string (a symbol is left for the browser to refuse).
      if (typeof input === 'symbol') return apply(target, self, args);
      url = isRequest ? I.requestUrl(input) : typeof input === 'string' ? input : I.String(input);
    } catch {
      return apply(target, self, args);
    }
    let forward = args;
    if (!isRequest && typeof input !== 'string') {
      forward = [url];
      for (let i = 1; i < args.length; i++) forward[i] = args[i];
    }
    let candidate: ReturnType<typeof match>;
    try {
      candidate = match(url, null);
    } catch {
      candidate = undefined;
    }
    if (!candidate) return apply(target, self, forward);

    // A request to a watched path: build the Request the browser will send from one read of every argument, and
    // decide on that.
    let request: Request;
    let body: unknown;
    try {
      const snap = init !== null && typeof init === 'object' ? readInit(init as Obj) : init;
      body = snap !== null && typeof snap === 'object' ? (snap as Obj).body : undefined;
      const from = isRequest ? input : url;
      request = I.construct(I.Request, snap === undefined ? [from] : [from, snap]);
    } catch (error) {
      return call(I.reject, I.Promise, error);
    }
    const method = upper(I.requestMethod(request));
    const hit = method === 'GET' || method === 'HEAD' ? undefined : match(I.requestUrl(request), method);
    if (!hit) return call(target, self, request);
    const { rule, href } = hit;
    const reqId = nextReqId();
    const d = describe(body);
    // Only a real AbortSignal counts as aborted (a browser's Request refuses anything else anyway).
    const found = I.requestSignal(request);
    const signal = isA(found, I.AbortSignal) ? (found as AbortSignal) : null;

    return new I.Promise((resolve, reject) => {
      const send = () => {
        const startedAt = I.now();
        let pending: Promise<Response>;
        try {
          pending = call(target, self, request);
        } catch (error) {
          return reject(error);
        }
        call(I.then, pending, (res: Response) => {
          const finishedAt = I.now();
          readBody(res, (response) => {
            const obs = basics(reqId, rule, method, href, d);
            obs.transport = 'fetch';
            obs.status = I.status(res);
            obs.response = response;
            obs.request = d.request;
            obs.startedAt = startedAt;
            obs.finishedAt = finishedAt;
            report(obs, d.previews, () => resolve(res));
          });
        }, reject);
      };
      // Only uploads wait for a verdict, and only once the bridge is there.
      if (rule.role !== 'upload' || !secret || (signal && I.aborted(signal))) return send();
      const onAbort = () => {
        withdraw(reqId);
        reject(I.reason(signal));
      };
      if (signal) call(I.listen, signal, 'abort', onAbort);
      askVerdict(basics(reqId, rule, method, href, d), d.previews, (allow) => {
        if (signal) call(I.unlisten, signal, 'abort', onAbort);
        if (signal && I.aborted(signal)) return;
        if (!allow) return reject(userAbort());
        send();
      });
    });
  });

  const XHR = win.XMLHttpRequest.prototype;
  const opened = new I.WeakMap<XMLHttpRequest, { method: string; url: string; async: boolean }>();
  const map = {
    get: <K extends object, V>(m: WeakMap<K, V>, k: K) => call(I.mapGet, m, k) as V | undefined,
    set: <K extends object, V>(m: WeakMap<K, V>, k: K, v: V) => void call(I.mapSet, m, k, v),
    has: <K extends object, V>(m: WeakMap<K, V>, k: K) => call(I.mapHas, m, k) as boolean,
    delete: <K extends object, V>(m: WeakMap<K, V>, k: K) => call(I.mapDelete, m, k) as boolean,
  };

  // A held XHR that ends without being sent (denied, or aborted by the page while held) must look like a request that
  // failed: DONE, status 0, empty body. Native abort() before send() fires nothing, so it is done here, with the state
  // shadowed on that one object (until the page reopens it) rather than wrapping getters.
  const held = new I.WeakMap<XMLHttpRequest, () => void>();
  const shadowed = new I.WeakMap<XMLHttpRequest, true>();
  const DONE_STATE: Array<[string, unknown]> = [['readyState', 4], ['status', 0], ['statusText', ''], ['responseText', ''], ['responseURL', '']];
  function endHeld(xhr: XMLHttpRequest) {
    map.set(shadowed, xhr, true);
    for (let i = 0; i < DONE_STATE.length; i++) {
      const value = DONE_STATE[i]![1];
      const desc = create(null);
      desc.get = () => value;
      desc.configurable = true;
      I.defineProperty(xhr, DONE_STATE[i]![0], desc);
    }
    // ProgressEvent is looked up now, not at install (see intrinsics.ts): the events go only to the page's own request.
    const fire = (target: EventTarget, type: string) => call(I.dispatch, target, new win.ProgressEvent(type));
    const upload = I.xhrUpload(xhr);
    fire(xhr, 'readystatechange');
    fire(upload, 'abort');
    fire(upload, 'loadend');
    fire(xhr, 'abort');
    fire(xhr, 'loadend');
  }

  wrap(XHR, 'open', (target, self, args) => {
    const xhr = self as XMLHttpRequest;
    map.get(held, xhr)?.();
    // Method and URL are converted once, here, and the browser gets the strings (the page may pass objects).
    let forward = args;
    let method = '';
    let url = '';
    if (args.length >= 2) {
      method = I.String(args[0]);
      url = I.String(args[1]);
      forward = [method, url];
      for (let i = 2; i < args.length; i++) forward[i] = args[i];
    }
    const result = apply(target, self, forward);
    if (map.delete(shadowed, xhr)) for (let i = 0; i < DONE_STATE.length; i++) delete (xhr as unknown as Obj)[DONE_STATE[i]![0]];
    map.set(opened, xhr, { method: upper(method), url, async: args.length < 3 || !!args[2] });
    return result;
  });

  wrap(XHR, 'abort', (target, self, args) => {
    const cancel = map.get(held, self as XMLHttpRequest);
    if (!cancel) return apply(target, self, args);
    cancel();
    endHeld(self as XMLHttpRequest);
  });

  // Synchronous XHR blocks the page's thread and cannot wait for a person: it is never held, only passed on.
  wrap(XHR, 'send', (target, self, args) => {
    const xhr = self as XMLHttpRequest;
    let hit: ReturnType<typeof match>;
    const info = map.get(opened, xhr);
    try {
      hit = info?.async && info.method !== 'GET' && info.method !== 'HEAD' ? match(info.url, info.method) : undefined;
    } catch {
      hit = undefined;
    }
    if (!hit) return apply(target, self, args);
    const { rule, href } = hit;
    const method = info!.method;
    const reqId = nextReqId();
    const d = describe(args[0]);
    const sendAndWatch = () => {
      watch(xhr, reqId, rule, method, href, d);
      return apply(target, self, args);
    };
    if (rule.role !== 'upload' || !secret) return sendAndWatch();
    map.set(held, xhr, () => {
      map.delete(held, xhr);
      withdraw(reqId);
    });
    askVerdict(basics(reqId, rule, method, href, d), d.previews, (allow) => {
      if (!map.has(held, xhr)) return; // the page aborted or reopened meanwhile
      map.delete(held, xhr);
      if (!allow) return endHeld(xhr);
      try {
        sendAndWatch();
      } catch {
        endHeld(xhr); // the native send refused (e.g. the page changed the object meanwhile): end it visibly
      }
    });
  });

  function watch(xhr: XMLHttpRequest, reqId: string, rule: Rule, method: string, href: string, d: Described) {
    const startedAt = I.now();
    const onState = () => {
      if (I.readyState(xhr) !== 4) return;
      call(I.unlisten, xhr, 'readystatechange', onState);
      const status = I.xhrStatus(xhr);
      if (!status) return; // aborted, timed out or network error: nothing was stored
      const finishedAt = I.now();
      readXhr(xhr, (response) => {
        const obs = basics(reqId, rule, method, href, d);
        obs.transport = 'xhr';
        obs.status = status;
        obs.response = response;
        obs.request = d.request;
        obs.startedAt = startedAt;
        obs.finishedAt = finishedAt;
        report(obs, d.previews, () => {});
      });
    };
    call(I.listen, xhr, 'readystatechange', onState);
  }

  /** Data-only copy of a parsed JSON value into null-prototype objects and arrays. */
  function plain(v: unknown, depth: number): unknown {
    if (v === null || typeof v !== 'object' || depth > 64) return typeof v === 'object' ? null : v;
    const list = I.isArray(v);
    const out: Obj = list ? rawArray() : create(null);
    const keys = I.keys(v);
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = plain((v as Obj)[keys[i]!], depth + 1);
    return out;
  }

  function readXhr(xhr: XMLHttpRequest, done: (text: string | null) => void) {
    const fits = (text: string | null) => done(text !== null && text.length <= MAX_RESPONSE ? text : null);
    try {
      const type = I.responseType(xhr);
      const response = type === '' || type === 'text' ? null : I.response(xhr);
      if (type === '' || type === 'text') return fits(I.responseText(xhr));
      // A copy of the parsed answer: JSON.stringify would otherwise call toJSON methods the page put on prototypes.
      if (type === 'json') return fits(stringify(plain(response, 0)));
      const blob = type === 'blob' && isA(response, I.Blob) ? response : type === 'arraybuffer' && isA(response, I.ArrayBuffer) ? new I.Blob([response as ArrayBuffer]) : null;
      if (blob) return void call(I.then, call(I.blobText, call(I.blobSlice, blob, 0, MAX_RESPONSE + 1)), fits, () => done(null));
      done(null);
    } catch {
      done(null);
    }
  }
}
