// An Angular-style page: zone.js (the real package, loaded first, as every Angular app's polyfills do) replaces
// window.Promise with its ZoneAwarePromise and wraps fetch; then lemmy-js-client 0.19.4 uploads through it.
import 'zone.js';
import { LemmyHttp } from 'ljc-0194';
import { expose, outcome, params, png } from './common.js';

const instance = params.get('instance') ?? location.origin;
const client = new LemmyHttp(instance, { headers: { Authorization: `Bearer ${params.get('jwt') ?? ''}` } });

expose({
  /** Whether zone.js is in charge: its Zone global, and window.Promise is no longer the browser's own. */
  zone: () => ({ zone: typeof Zone === 'function', promise: String(window.Promise.name) }),
  upload: (name) =>
    outcome(async () => {
      const image = new File([await png(30, 20, 60)], name, { type: 'image/png' });
      // Inside an Angular zone, as a component's click handler would run.
      return Zone.current.fork({ name: 'e2e-app' }).run(() => client.uploadImage({ image }));
    }),
});
