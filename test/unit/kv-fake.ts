import type { KeyValueArea } from '@/utils/kv';

/** A Map-backed stand-in for browser.storage.local that deep-copies like the real one. */
export function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea & { data: Map<string, unknown>; remove(keys: string[]): Promise<void> } {
  const data = new Map(Object.entries(structuredClone(initial)));
  return {
    data,
    async get(key) {
      return data.has(key) ? { [key]: structuredClone(data.get(key)) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(structuredClone(items))) data.set(k, v);
    },
    async remove(keys) {
      for (const k of keys) data.delete(k);
    },
  };
}
