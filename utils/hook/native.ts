/**
 * Wrappers must look like the functions they replace: Function.prototype.toString on a wrapper
 * (and on toString itself) answers with the original's source text.
 */
export function createMasker() {
  const originals = new WeakMap<object, object>();
  const nativeToString = Function.prototype.toString;
  const toStringProxy = new Proxy(nativeToString, {
    apply: (target, self, args) => Reflect.apply(target, originals.get(self) ?? self, args),
  });
  originals.set(toStringProxy, nativeToString);
  Object.defineProperty(Function.prototype, 'toString', {
    ...Object.getOwnPropertyDescriptor(Function.prototype, 'toString'),
    value: toStringProxy,
  });

  /** Replaces obj[prop] with a Proxy over the original whose apply trap is `apply`. */
  return function wrap<T extends object>(
    obj: T,
    prop: keyof T & string,
    apply: (target: Function, self: unknown, args: unknown[]) => unknown,
  ): Function {
    const desc = Object.getOwnPropertyDescriptor(obj, prop);
    const original = desc?.value as Function | undefined;
    if (typeof original !== 'function') throw new TypeError(`${prop} is not a function`);
    const proxy = new Proxy(original, { apply: (t, self, args) => apply(t, self, args) });
    originals.set(proxy, original);
    Object.defineProperty(obj, prop, { ...desc, value: proxy });
    return original;
  };
}

