import { browser } from 'wxt/browser';

/** A key of public/_locales/en/messages.json (wxt generates the union, so a typo fails to compile). */
export type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/** Looks up a UI string; falls back to the key so a missing string is visible, not blank. */
export function t(key: MessageKey, substitutions?: Array<string | number>): string {
  return browser.i18n.getMessage(key, substitutions?.map(String)) || key;
}
