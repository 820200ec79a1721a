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

  function describe(body: unknown) {
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

  /** Resolves true once the bridge reports the record committed, false on timeout or without a bridge. */
  function report(obs: Record<string, unknown>, previews: Array<Blob | null>): Promise<boolean> {
    return new win.Promise((resolve) => {
      if (!secret) return resolve(false);
      const reqId = obs.reqId as string;
      waiting.set(reqId, resolve);
      apply(setTimer, win, [() => waiting.delete(reqId) && resolve(false), ACK_TIMEOUT_MS]);
      const json = stringify({ t: 'obs', obs });
      emit(up(secret), previews.some(Boolean) ? [json, ...previews] : json);
    });
  }

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
    try {
      const [input, init] = args as [RequestInfo | URL, RequestInit | undefined];
      const isRequest = input instanceof win.Request;
      hit = match(init?.method ?? (isRequest ? input.method : 'GET'), isRequest ? input.url : String(input));
      body = init?.body;
    } catch {
      hit = undefined;
    }
    const pending = apply(target, self, args) as Promise<Response>;
    if (!hit) return pending;
    const { rule, href, method } = hit;
    const startedAt = D.now();
    const reqId = nextReqId();
    let described: ReturnType<typeof describe> | null = null;
    try {
      described = describe(body);
    } catch {
      described = { files: [], previews: [], request: null };
    }
    const { files, previews, request } = described;
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
  });

  const XHR = win.XMLHttpRequest.prototype;
  const opened = new WeakMap<XMLHttpRequest, { method: string; url: string; async: boolean }>();

  wrap(XHR, 'open', (target, self, args) => {
    const result = apply(target, self, args);
    try {
      opened.set(self as XMLHttpRequest, {
        method: String(args[0]),
        url: String(args[1]),
        async: args.length < 3 || !!args[2],
      });
    } catch {
      /* the native open threw first */
    }
    return result;
  });

  // Synchronous XHR blocks the page; it is never held and never delayed, only observed if async.
  wrap(XHR, 'send', (target, self, args) => {
    const xhr = self as XMLHttpRequest;
    try {
      const info = opened.get(xhr);
      const hit = info?.async ? match(info.method, info.url) : undefined;
      if (hit) watch(xhr, hit.rule, hit.href, hit.method, args[0]);
    } catch {
      /* never let observation break the request */
    }
    return apply(target, self, args);
  });

  function watch(xhr: XMLHttpRequest, rule: Rule, href: string, method: string, body: unknown) {
    const startedAt = D.now();
    const reqId = nextReqId();
    const { files, previews, request } = describe(body);
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
