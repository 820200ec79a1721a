import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

export type Stored<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; reason: string };

/**
 * What load() returns, read again whenever storage.local `key` changes, so a change made elsewhere (the popup,
 * the in-page warning, another tab) shows at once. load is read once per key: pass one that depends on nothing else.
 */
export function useStored<T>(key: string, load: () => Promise<T>): Stored<T> {
  const [stored, setStored] = useState<Stored<T>>({ kind: 'loading' });
  useEffect(() => {
    let mounted = true;
    let latest = 0; // only the newest read may render, whatever order the reads finish in
    const reload = () => {
      const run = ++latest;
      const current = () => mounted && run === latest;
      load().then(
        (value) => current() && setStored({ kind: 'ready', value }),
        (e: unknown) => current() && setStored({ kind: 'error', reason: e instanceof Error ? e.message : String(e) }),
      );
    };
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && key in changes) reload();
    };
    // Also read again whenever the page is shown: a change event can be missed (seen in Firefox after a restart).
    const onShown = () => document.visibilityState === 'visible' && reload();
    browser.storage.onChanged.addListener(onChanged);
    document.addEventListener('visibilitychange', onShown);
    reload();
    return () => {
      mounted = false;
      browser.storage.onChanged.removeListener(onChanged);
      document.removeEventListener('visibilitychange', onShown);
    };
  }, [key]);
  return stored;
}
