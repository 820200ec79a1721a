import { describe, expect, it } from 'vitest';
import { unseenWatchState } from '@/utils/unseen-watch';

describe('unseenWatchState', () => {
  it('is built in where the permission is not optional (Firefox), whatever else is true', () => {
    expect(unseenWatchState({ optional: false, granted: true, grantedThisSession: false })).toBe('built-in');
    expect(unseenWatchState({ optional: false, granted: false, grantedThisSession: true })).toBe('built-in');
  });
  it('is off until the optional permission is granted (Chrome)', () => {
    expect(unseenWatchState({ optional: true, granted: false, grantedThisSession: false })).toBe('off');
    // A flag left from a grant the user later withdrew does not make it on.
    expect(unseenWatchState({ optional: true, granted: false, grantedThisSession: true })).toBe('off');
  });
  it('acts only after a restart when granted in this browser session, since Chrome counts it at load', () => {
    expect(unseenWatchState({ optional: true, granted: true, grantedThisSession: true })).toBe('after-restart');
    expect(unseenWatchState({ optional: true, granted: true, grantedThisSession: false })).toBe('on');
  });
});
