/**
 * Everything the page-world hook calls, taken from the page's globals at document_start, before any page script runs.
 * Later the page can replace URL, Promise, JSON, Map, Array.prototype.*, getters on File, Request or Response, and so
 * on; the hook never looks them up again. Methods are called through `call(fn, self, ...args)` (Reflect.apply), getters
 * through `read(getter, obj)`, so a replaced prototype method or accessor cannot see or change what the hook handles.
 * Kept free of imports: the hook bundle must stay tiny.
 */
type Win = Window & typeof globalThis;
type Fn = (...args: never[]) => unknown;

export function captureIntrinsics(win: Win) {
  const { Reflect: R, Object: O, JSON: J, Function: F } = win;
  const apply = R.apply;
  const construct = R.construct;
  const describe = O.getOwnPropertyDescriptor;
  const call = (fn: unknown, self: unknown, ...args: unknown[]): any => apply(fn as Fn, self, args);
  /** A prototype accessor's getter; where a test double keeps the field on the object, a plain read. */
  const getter = (proto: object | undefined, name: string): ((obj: unknown) => any) => {
    const get = proto && describe(proto, name)?.get;
    return get ? (obj) => apply(get, obj, []) : (obj) => (obj as Record<string, unknown>)[name];
  };
  /** The nearest prototype of obj that defines `name` (Node.prototype for a document's baseURI, in browsers). */
  const ownerOf = (obj: object, name: string) => {
    for (let p = O.getPrototypeOf(obj); p; p = O.getPrototypeOf(p)) if (describe(p, name)) return p as object;
  };
  // Where an environment lacks the interface object (test doubles), the method is looked up on the object itself.
  const method = (proto: object | undefined, name: string) =>
    ((proto as Record<string, unknown> | undefined)?.[name] ?? function (this: Record<string, Fn>, ...args: never[]) {
      return apply(this[name]!, this, args);
    }) as Fn;
  // Function.prototype[Symbol.hasInstance] is non-writable and non-configurable: a page cannot change it, and calling
  // it directly skips a page-defined static Symbol.hasInstance on the constructor.
  const hasInstance = F.prototype[Symbol.hasInstance];
  const isA = (value: unknown, ctor: unknown): boolean => !!ctor && apply(hasInstance, ctor, [value]) === true;

  const ET = win.EventTarget.prototype;
  const XHR = win.XMLHttpRequest.prototype;
  const fetchProto = (name: 'Request' | 'Response') => win[name]?.prototype;

  return {
    apply,
    call,
    isArray: win.Array.isArray,
    construct,
    isA,
    create: O.create as (proto: null) => Record<string, any>,
    defineProperty: O.defineProperty,
    keys: O.keys,
    setPrototypeOf: O.setPrototypeOf,
    stringify: J.stringify,
    parse: J.parse,
    Promise: win.Promise,
    then: win.Promise.prototype.then,
    reject: win.Promise.reject,
    RegExp: win.RegExp,
    exec: win.RegExp.prototype.exec,
    upper: win.String.prototype.toUpperCase,
    slice: win.String.prototype.slice,
    String: win.String,
    WeakMap: win.WeakMap,
    mapGet: win.WeakMap.prototype.get,
    mapSet: win.WeakMap.prototype.set,
    mapHas: win.WeakMap.prototype.has,
    mapDelete: win.WeakMap.prototype.delete,
    CustomEvent: win.CustomEvent,
    listen: ET.addEventListener,
    unlisten: ET.removeEventListener,
    dispatch: ET.dispatchEvent,
    setTimeout: win.setTimeout,
    now: win.Date.now,
    random: win.crypto.getRandomValues.bind(win.crypto),
    Uint8Array: win.Uint8Array,
    URL: win.URL,
    href: getter(win.URL.prototype, 'href'),
    pathname: getter(win.URL.prototype, 'pathname'),
    baseURI: getter(ownerOf(win.document, 'baseURI'), 'baseURI'),
    document: win.document,
    Request: win.Request,
    requestUrl: getter(fetchProto('Request'), 'url'),
    requestMethod: getter(fetchProto('Request'), 'method'),
    requestSignal: getter(fetchProto('Request'), 'signal'),
    status: getter(fetchProto('Response'), 'status'),
    clone: method(fetchProto('Response'), 'clone'),
    text: method(fetchProto('Response'), 'text'),
    Blob: win.Blob,
    blobSize: getter(win.Blob.prototype, 'size'),
    blobType: getter(win.Blob.prototype, 'type'),
    blobSlice: win.Blob.prototype.slice,
    blobText: win.Blob.prototype.text,
    File: win.File,
    fileName: getter(win.File.prototype, 'name'),
    FormData: win.FormData,
    formEach: win.FormData.prototype.forEach,
    ArrayBuffer: win.ArrayBuffer,
    isView: win.ArrayBuffer.isView,
    bufferLength: getter(win.ArrayBuffer.prototype, 'byteLength'),
    // %TypedArray%.prototype.byteLength and DataView's: what ArrayBuffer.isView admits.
    viewLength: getter(O.getPrototypeOf(win.Uint8Array.prototype), 'byteLength'),
    dataViewLength: getter(win.DataView.prototype, 'byteLength'),
    DataView: win.DataView,
    AbortSignal: win.AbortSignal,
    aborted: getter(win.AbortSignal?.prototype, 'aborted'),
    reason: getter(win.AbortSignal?.prototype, 'reason'),
    // DOMException and ProgressEvent are not taken here: they only make what the page itself receives for a denied
    // upload (its AbortError, its XHR's abort events) look native, and looking them up costs every page a quarter of a
    // millisecond at document_start. A page that replaces them changes only what it hands itself.
    readyState: getter(XHR, 'readyState'),
    xhrStatus: getter(XHR, 'status'),
    responseText: getter(XHR, 'responseText'),
    response: getter(XHR, 'response'),
    responseType: getter(XHR, 'responseType'),
    xhrUpload: getter(XHR, 'upload'),
  };
}
export type Intrinsics = ReturnType<typeof captureIntrinsics>;
