import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * An in-memory browser.permissions (wxt's fake browser has none), with events, and a manifest that lists the given
 * optional permissions: Chrome's build asks for webRequest as optional, Firefox's holds it.
 */
export function fakePermissions({ optional = [] as string[], granted = [] as string[], grants = true } = {}) {
  const held = new Set(granted);
  const added = new Set<(p: { permissions?: string[] }) => void>();
  const removed = new Set<(p: { permissions?: string[] }) => void>();
  const event = (set: typeof added) => ({
    addListener: (l: (p: { permissions?: string[] }) => void) => void set.add(l),
    removeListener: (l: (p: { permissions?: string[] }) => void) => void set.delete(l),
    hasListener: (l: (p: { permissions?: string[] }) => void) => set.has(l),
  });
  const p = fakeBrowser.permissions as unknown as Record<string, unknown>;
  p.contains = vi.fn(async ({ permissions = [] }: { permissions?: string[] }) => permissions.every((x) => held.has(x)));
  p.request = vi.fn(async ({ permissions = [] }: { permissions?: string[] }) => {
    if (!grants) return false;
    for (const x of permissions) held.add(x);
    for (const l of added) l({ permissions });
    return true;
  });
  p.remove = vi.fn(async ({ permissions = [] }: { permissions?: string[] }) => {
    for (const x of permissions) held.delete(x);
    for (const l of removed) l({ permissions });
    return true;
  });
  p.onAdded = event(added);
  p.onRemoved = event(removed);
  (fakeBrowser.runtime as unknown as Record<string, unknown>).getManifest = () => ({ manifest_version: 3, optional_permissions: optional });
  return held;
}
