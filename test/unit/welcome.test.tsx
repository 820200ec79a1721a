// @vitest-environment happy-dom
// Issue 12 §5: the welcome page says what Takeback does now and what it sends where, and nothing it does not do.
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/utils/i18n', () => import('./i18n-fake'));

let text = '';
beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  await import('@/entrypoints/welcome/main');
  text = document.getElementById('app')!.textContent!.replace(/\s+/g, ' ');
});

describe('the welcome page', () => {
  it('no longer claims that nothing leaves the browser', () => {
    expect(text).not.toMatch(/sends no data|nothing leaves/i);
  });

  it.each([
    ['the warning before an upload', /shows what is about to go where and waits for your Upload/],
    ['capture of the delete key', /Lemmy's one-time delete key/],
    ['delete with proof', /delete a file in one click, and Takeback checks its address until the file is gone/],
    ['erasure requests', /erasure request \(GDPR Art\. 17\)/],
    ['deletes go to the file\'s server, with the login there', /deletes go to the server the file is on, with your login there/],
    ['the look at a Lemmy post that uses an upload, without the login', /a look at that post, without your login/],
    ['contact look-ups for a request', /looks up that server's admin contacts/],
    ['nothing to anyone else', /Nothing goes to anyone else: no analytics, no Takeback server/],
    ['uninstalling deletes what is stored', /deleted when you remove Takeback/],
  ])('says %s', (_what, said) => {
    expect(text).toMatch(said);
  });
});
