import type { Intrinsics } from './intrinsics';

/**
 * Wrappers must look like the functions they replace: Function.prototype.toString on a wrapper
 * (and on toString itself) answers with the original's source text. Built from the captured intrinsics, so a page
 * that later replaces WeakMap, Reflect or Proxy methods changes neither the wrappers nor what toString answers.
 */
export function createMasker(I: Intrinsics) {
  const originals = new I.WeakMap<object, object>();
  const original = (f: object) => I.call(I.mapGet, originals, f) as object | undefined;
  const nativeToString = Function.prototype.toString;
  // Null-prototype handlers: traps a page adds to Object.prototype (a `get` trap, say) never apply to these proxies.
  const handler = (apply: ProxyHandler<Function>['apply']) => {
    const h = I.create(null) as ProxyHandler<Function>;
    h.apply = apply;
    return h;
  };
  const toStringProxy = new Proxy(nativeToString, handler((target, self, args) => I.apply(target, original(self) ?? self, args)));
  I.call(I.mapSet, originals, toStringProxy, nativeToString);
  const desc = Object.getOwnPropertyDescriptor(Function.prototype, 'toString')!;
  desc.value = toStringProxy;
  I.defineProperty(Function.prototype, 'toString', desc);

  /** Replaces obj[prop] with a Proxy over the original whose apply trap is `apply`. */
  return function wrap<T extends object>(
    obj: T,
    prop: keyof T & string,
    apply: (target: Function, self: unknown, args: unknown[]) => unknown,
  ): Function {
    const d = Object.getOwnPropertyDescriptor(obj, prop);
    const fn = d?.value as Function | undefined;
    if (!d || typeof fn !== 'function') throw new TypeError(`${prop} is not a function`);
    const proxy = new Proxy(fn, handler((t, self, args) => apply(t, self, args)));
    I.call(I.mapSet, originals, proxy, fn);
    d.value = proxy;
    I.defineProperty(obj, prop, d);
    return fn;
  };
}
