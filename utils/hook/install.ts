import { createMasker } from './native';
import { ACK_TIMEOUT_MS, HELLO_BRIDGE, HELLO_HOOK, SECRET, down, up } from './protocol';

interface Rule { id: string; methods: string[]; re: RegExp; role: 'upload' | 'link' }
interface FileMeta { field: string | null; name: string | null; type: string; size: number }
type Win = Window & typeof globalThis;

const MAX_RESPONSE = 256 * 1024;
const MAX_REQUEST = 64 * 1024;
const MAX_PREVIEW_BYTES = 32 * 1024 * 1024;

/**
 * Wraps fetch and XMLHttpRequest so that watched requests (the rules come from the bridge) are reported,
 * with their response, to the ISOLATED bridge. Everything else takes the untouched native path.
 * Fetch uploads hand the page its genuine Response only once the bridge confirms the key is saved
 * (or ACK_TIMEOUT_MS passed); XHR cannot be held, so its report is sent the moment the response is complete.
 */
export function installHook(win: Win): void {
  // What the channel relies on is captured now, before page scripts run, so later tampering cannot reach it.
  // Blob, File, FormData, URL and TextDecoder are read only when a watched request happens: browsers create
  // those bindings on first touch, and a page that replaces them can at worst hide its own uploads.
  const { Reflect: R, JSON: J, CustomEvent: CE, Date: D } = win;
  const apply = R.apply;
  const then = win.Promise.prototype.then;
  const ET = win.EventTarget.prototype;
  const { addEventListener: listen, removeEventListener: unlisten, dispatchEvent: dispatch } = ET;
  const setTimer = win.setTimeout;
  const stringify = J.stringify;
  const parse = J.parse;

  let rules: Rule[] = [];
  let secret: string | null = null;
  const waiting = new Map<string, (ok: boolean) => void>();
  const verdicts = new Map<string, (allow: boolean) => void>();

  const on = (type: string, fn: (e: Event) => void) => apply(listen, win, [type, fn]);
  const emit = (type: string, detail?: unknown) =>
    apply(dispatch, win, [new CE(type, detail === undefined ? undefined : { detail })]);
  const randomHex = () => {
    let id = '';
    for (const b of win.crypto.getRandomValues(new Uint8Array(16))) id += (b < 16 ? '0' : '') + b.toString(16);
    return id;
  };
  // Request ids: random per page load (drawn at document_start, with the secret), then a counter,
  // so they stay unique even if the page later replaces crypto.
  let loadId = '';
  let requests = 0;
  const nextReqId = () => loadId + (++requests).toString(16).padStart(8, '0');

  function receive(e: Event) {
    const detail = (e as CustomEvent).detail;
    if (typeof detail !== 'string') return;
    try {
      const msg = parse(detail);
      if (msg.t === 'config') {
        rules = msg.rules.map((r: Omit<Rule, 're'> & { path: string }) => ({ ...r, re: new RegExp(r.path) }));
      } else if (msg.t === 'ack') {
        waiting.get(msg.reqId)?.(msg.ok === true);
        waiting.delete(msg.reqId);
      } else if (msg.t === 'verdict') {
        verdicts.get(msg.reqId)?.(msg.allow === true);
        verdicts.delete(msg.reqId);
      }
    } catch {
      /* not ours */
    }
  }

  const onBridge = () => {
    apply(unlisten, win, [HELLO_BRIDGE, onBridge]);
    secret = 'takeback-' + randomHex();
    loadId = randomHex();
    on(down(secret), receive);
    emit(SECRET, secret);
  };
  on(HELLO_BRIDGE, onBridge);
  emit(HELLO_HOOK);

  function match(method: string, url: string): { rule: Rule; href: string; method: string } | undefined {
    const m = method.toUpperCase();
    if (m === 'GET' || m === 'HEAD' || !rules.length) return;
    const parsed = new win.URL(url, win.document.baseURI);
    for (const rule of rules) {
      if (rule.methods.includes(m) && rule.re.test(parsed.pathname)) return { rule, href: parsed.href, method: m };
    }
  }

  /** File metadata (and image Blobs for thumbnails) of a request body; never throws into the page's call. */
  function describe(body: unknown) {
    try {
      return describeBody(body);
    } catch {
      return { files: [], previews: [], request: null };
    }
  }

  function describeBody(body: unknown) {
    const { Blob: B, File: F, FormData: FD } = win;
    const files: FileMeta[] = [];
    // previews[i] is files[i] when it is an image the bridge can shrink into a thumbnail, else null.
    const previews: Array<Blob | null> = [];
    const add = (field: string | null, v: unknown) => {
      if (v instanceof B) {
        files.push({ field, name: v instanceof F ? v.name : null, type: v.type, size: v.size });
        previews.push(v.type.startsWith('image/') && v.size <= MAX_PREVIEW_BYTES ? v : null);
      } else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
        files.push({ field, name: null, type: '', size: v.byteLength });
        previews.push(null);
      }
    };
    if (body instanceof FD) for (const [k, v] of apply(FD.prototype.entries, body, []) as Iterable<[string, unknown]>) add(k, v);
    else add(null, body);
    const request = typeof body === 'string' ? body.slice(0, MAX_REQUEST) : null;
    return { files, previews, request };
  }

  const post = (msg: unknown, previews: Array<Blob | null> = []) => {
    const json = stringify(msg);
    if (secret) emit(up(secret), previews.some(Boolean) ? [json, ...previews] : json);
  };

  /** Resolves true once the bridge reports the record committed, false on timeout or without a bridge. */
  function report(obs: Record<string, unknown>, previews: Array<Blob | null>): Promise<boolean> {
    return new win.Promise((resolve) => {
      if (!secret) return resolve(false);
      const reqId = obs.reqId as string;
      waiting.set(reqId, resolve);
      apply(setTimer, win, [() => waiting.delete(reqId) && resolve(false), ACK_TIMEOUT_MS]);
      post({ t: 'obs', obs }, previews);
    });
  }

  /**
   * Asks the bridge whether an upload may leave. Only the extension decides; there is no timeout because a
   * person may be reading the warning. The bridge answers allow whenever Takeback itself fails.
   */
  function askVerdict(hold: Record<string, unknown>, previews: Array<Blob | null>): Promise<boolean> {
    return new win.Promise((resolve) => {
      verdicts.set(hold.reqId as string, resolve);
      post({ t: 'hold', hold }, previews);
    });
  }
  const withdraw = (reqId: string) => verdicts.delete(reqId) && post({ t: 'withdrawn', reqId });
  const userAbort = () => new win.DOMException('The user aborted a request.', 'AbortError');

  async function readBody(res: Response): Promise<string | null> {
    const reader = res.clone().body?.getReader();
    if (!reader) return '';
    const decoder = new win.TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
      if (text.length > MAX_RESPONSE) {
        reader.cancel().catch(() => {});
        return null;
      }
    }
  }

  const wrap = createMasker();

  wrap(win, 'fetch', (target, self, args) => {
    let hit: ReturnType<typeof match>;
    let body: unknown;
    let signal: AbortSignal | null | undefined;
    try {
      const [input, init] = args as [RequestInfo | URL, RequestInit | undefined];
      const isRequest = input instanceof win.Request;
      hit = match(init?.method ?? (isRequest ? input.method : 'GET'), isRequest ? input.url : String(input));
      body = init?.body;
      signal = init?.signal ?? (isRequest ? input.signal : undefined);
    } catch {
      hit = undefined;
    }
    if (!hit) return apply(target, self, args);
    const { rule, href, method } = hit;
    const reqId = nextReqId();
    const described = describe(body);
    const { files, previews, request } = described;

    const sendAndCapture = () => {
      const startedAt = D.now();
      const pending = apply(target, self, args) as Promise<Response>;
      const capture = async (res: Response) => {
        const finishedAt = D.now();
        const response = await readBody(res);
        await report(
          { reqId, rule: rule.id, transport: 'fetch', method, url: href, status: res.status,
            contentType: res.headers.get('content-type') ?? '', response, request, files, startedAt, finishedAt },
          previews,
        );
      };
      return apply(then, pending, [(res: Response) => apply(then, capture(res), [() => res, () => res])]);
    };
    // An upload waits for the extension's verdict; a page that aborts meanwhile gets its own abort reason.
    if (rule.role !== 'upload' || !secret || signal?.aborted) return sendAndCapture();
    return new win.Promise((resolve, reject) => {
      const onAbort = () => {
        withdraw(reqId);
        reject(signal!.reason);
      };
      if (signal) apply(listen, signal, ['abort', onAbort]);
      apply(then, askVerdict({ reqId, rule: rule.id, method, url: href, files }, previews), [
        (allow: boolean) => {
          if (signal) apply(unlisten, signal, ['abort', onAbort]);
          if (signal?.aborted) return;
          if (!allow) return reject(userAbort());
          try {
            resolve(sendAndCapture());
          } catch (error) {
            reject(error);
          }
        },
      ]);
    });
  });

  const XHR = win.XMLHttpRequest.prototype;
  const opened = new WeakMap<XMLHttpRequest, { method: string; url: string; async: boolean }>();

  // A held XHR that ends without being sent (denied, or aborted by the page while held) must look like a
  // request that failed: DONE, status 0, empty body. Native abort() before send() fires nothing, so it is done
  // here, with the state shadowed on that one object (until the page reopens it) rather than wrapping getters.
  const held = new WeakMap<XMLHttpRequest, () => void>();
  const shadowed = new WeakSet<XMLHttpRequest>();
  const DONE_STATE = { readyState: 4, status: 0, statusText: '', responseText: '', responseURL: '' };
  function endHeld(xhr: XMLHttpRequest) {
    shadowed.add(xhr);
    for (const [prop, value] of Object.entries(DONE_STATE)) {
      Object.defineProperty(xhr, prop, { get: () => value, configurable: true });
    }
    const fire = (target: EventTarget, type: string) => apply(dispatch, target, [new win.ProgressEvent(type)]);
    fire(xhr, 'readystatechange');
    fire(xhr.upload, 'abort');
    fire(xhr.upload, 'loadend');
    fire(xhr, 'abort');
    fire(xhr, 'loadend');
  }

  wrap(XHR, 'open', (target, self, args) => {
    const xhr = self as XMLHttpRequest;
    held.get(xhr)?.();
    const result = apply(target, self, args);
    if (shadowed.delete(xhr)) for (const prop in DONE_STATE) delete (xhr as unknown as Record<string, unknown>)[prop];
    try {
      opened.set(xhr, { method: String(args[0]), url: String(args[1]), async: args.length < 3 || !!args[2] });
    } catch {
      /* the native open threw first */
    }
    return result;
  });

  wrap(XHR, 'abort', (target, self, args) => {
    const cancel = held.get(self as XMLHttpRequest);
    if (!cancel) return apply(target, self, args);
    cancel();
    endHeld(self as XMLHttpRequest);
  });

  // Synchronous XHR blocks the page's thread and cannot wait for a person: it is never held, only passed on.
  wrap(XHR, 'send', (target, self, args) => {
    const xhr = self as XMLHttpRequest;
    let hit: ReturnType<typeof match>;
    try {
      const info = opened.get(xhr);
      hit = info?.async ? match(info.method, info.url) : undefined;
    } catch {
      hit = undefined;
    }
    if (!hit) return apply(target, self, args);
    const { rule, href, method } = hit;
    const reqId = nextReqId();
    const described = describe(args[0]);
    const sendAndWatch = () => {
      watch(xhr, reqId, rule, href, method, described);
      return apply(target, self, args);
    };
    if (rule.role !== 'upload' || !secret) return sendAndWatch();
    held.set(xhr, () => {
      held.delete(xhr);
      withdraw(reqId);
    });
    apply(then, askVerdict({ reqId, rule: rule.id, method, url: href, files: described.files }, described.previews), [
      (allow: boolean) => {
        if (!held.has(xhr)) return; // the page aborted or reopened meanwhile
        held.delete(xhr);
        if (!allow) return endHeld(xhr);
        try {
          sendAndWatch();
        } catch {
          endHeld(xhr); // the native send refused (e.g. the page changed the object meanwhile): end it visibly
        }
      },
    ]);
  });

  function watch(
    xhr: XMLHttpRequest, reqId: string, rule: Rule, href: string, method: string, described: ReturnType<typeof describe>,
  ) {
    const startedAt = D.now();
    const { files, previews, request } = described;
    const onState = () => {
      if (xhr.readyState !== 4) return;
      apply(unlisten, xhr, ['readystatechange', onState]);
      if (!xhr.status) return; // aborted, timed out or network error: nothing was stored
      const finishedAt = D.now();
      apply(then, readXhr(xhr), [
        (response: string | null) =>
          report(
            { reqId, rule: rule.id, transport: 'xhr', method, url: href, status: xhr.status,
              contentType: xhr.getResponseHeader('content-type') ?? '', response, request, files, startedAt, finishedAt },
            previews,
          ),
        () => {},
      ]);
    };
    apply(listen, xhr, ['readystatechange', onState]);
  }

  async function readXhr(xhr: XMLHttpRequest): Promise<string | null> {
    const type = xhr.responseType;
    let text: string | null = null;
    if (type === '' || type === 'text') text = xhr.responseText;
    else if (type === 'json') text = stringify(xhr.response);
    else if (type === 'blob' && xhr.response instanceof win.Blob) text = await (xhr.response as Blob).slice(0, MAX_RESPONSE + 1).text();
    else if (type === 'arraybuffer' && xhr.response) text = new win.TextDecoder().decode(xhr.response as ArrayBuffer);
    return text !== null && text.length <= MAX_RESPONSE ? text : null;
  }

}
