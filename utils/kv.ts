/** The part of browser.storage.local the services use; a plain Map-backed fake satisfies it in tests. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}
