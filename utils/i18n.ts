import { browser } from 'wxt/browser';

/** Looks up a UI string from _locales; falls back to the key so a missing string is visible, not blank. */
export function t(key: string, substitutions?: Array<string | number>): string {
  return browser.i18n.getMessage(key, substitutions?.map(String)) || key;
}
