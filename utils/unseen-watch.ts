import { browser } from 'wxt/browser';

/**
 * Whether Takeback watches requests to upload endpoints that no page hook saw (utils/unseen-uploads.ts, issue 11 §4).
 *
 * The watch needs the `webRequest` permission. In Chrome, merely holding it makes every request of every page pass
 * through Chrome's webRequest proxy, whatever the listeners filter (WebRequestAPI::MayHaveProxies counts the extensions
 * with the permission; `npm run bench` P1 measured 1.19× per request with it, 1.01× without). So in Chrome it is an
 * optional permission the user turns on in Settings. Chrome counts it only when the extension loads, so a grant takes
 * effect after the browser restarts. Firefox filters by the listener's URLs: there it is required and always on.
 */
export const UNSEEN_WATCH_PERMISSION = { permissions: ['webRequest'] } as const;

/** storage.session: set when the user turned the watch on in this browser session (it acts after a restart). */
export const GRANTED_THIS_SESSION = 'unseenWatchGrantedThisSession';

/** 'built-in': always on (Firefox); 'after-restart': granted, active once the browser restarts. */
export type UnseenWatchState = 'built-in' | 'on' | 'after-restart' | 'off';

export function unseenWatchState(f: { optional: boolean; granted: boolean; grantedThisSession: boolean }): UnseenWatchState {
  if (!f.optional) return 'built-in';
  if (!f.granted) return 'off';
  return f.grantedThisSession ? 'after-restart' : 'on';
}

/** Whether this build asks for the watch as an optional permission (Chrome's) rather than holding it (Firefox's). */
export const watchIsOptional = (): boolean =>
  (browser.runtime.getManifest().optional_permissions ?? []).some((p) => p === UNSEEN_WATCH_PERMISSION.permissions[0]);

export async function readUnseenWatchState(): Promise<UnseenWatchState> {
  const [granted, session] = await Promise.all([
    browser.permissions.contains({ permissions: [...UNSEEN_WATCH_PERMISSION.permissions] }),
    browser.storage.session.get(GRANTED_THIS_SESSION),
  ]);
  return unseenWatchState({ optional: watchIsOptional(), granted, grantedThisSession: session[GRANTED_THIS_SESSION] === true });
}

/**
 * Turns the watch on. Must run in the click's own task: Chrome grants a permission only during a user gesture. A
 * permission without a warning, as this one is, is granted with no prompt.
 */
export async function turnUnseenWatchOn(): Promise<boolean> {
  const granted = await browser.permissions.request({ permissions: [...UNSEEN_WATCH_PERMISSION.permissions] });
  if (granted) await browser.storage.session.set({ [GRANTED_THIS_SESSION]: true });
  return granted;
}

export async function turnUnseenWatchOff(): Promise<void> {
  await browser.permissions.remove({ permissions: [...UNSEEN_WATCH_PERMISSION.permissions] });
  await browser.storage.session.remove(GRANTED_THIS_SESSION);
}
