// @vitest-environment happy-dom
// Issue 11: a message from the hook that fails the bridge's schema never lets an upload go unasked and never leaves the
// page waiting: a hold is still asked about with what could be read, a report is answered "not saved" and reported.
import { describe, expect, it } from 'vitest';
import { openBridgeChannel, salvageHold } from '@/utils/bridge-channel';
import { HELLO_HOOK, SECRET, down, up } from '@/utils/hook/protocol';
import type { BridgeMessage, HookMessage } from '@/utils/messages';
import { watchRules } from '@/utils/platforms';

const REQ = 'a'.repeat(40);
let n = 0;

function channel() {
  // A channel of its own per test: earlier ones keep listening on their own secret.
  const SECRET_NAME = `takeback-${(++n).toString(16).padStart(32, '0')}`;
  const got: HookMessage[] = [];
  const invalid: string[] = [];
  const replies: BridgeMessage[] = [];
  openBridgeChannel(window, { rules: watchRules, onMessage: (m) => void got.push(m), onInvalid: (r) => void invalid.push(r) });
  window.addEventListener(down(SECRET_NAME), (e) => {
    const m = JSON.parse((e as CustomEvent).detail) as BridgeMessage;
    if (m.t !== 'config') replies.push(m);
  });
  window.dispatchEvent(new CustomEvent(HELLO_HOOK));
  window.dispatchEvent(new CustomEvent(SECRET, { detail: SECRET_NAME }));
  const send = (msg: unknown) => window.dispatchEvent(new CustomEvent(up(SECRET_NAME), { detail: JSON.stringify(msg) }));
  return { got, invalid, replies, send };
}

describe('bridge channel: what cannot be read', () => {
  it('a hold with a file name too long for the schema is still a hold, unreadable, with the name cut', () => {
    const c = channel();
    c.send({ t: 'hold', hold: { reqId: REQ, rule: 'lemmy-v3-upload', method: 'POST', url: 'https://lemmy.example/pictrs/image', files: [{ field: 'images[]', name: 'n'.repeat(2000), type: 'image/png', size: 3 }] } });
    expect(c.got).toHaveLength(1);
    const hold = (c.got[0] as Extract<HookMessage, { t: 'hold' }>).hold;
    expect(hold).toMatchObject({ reqId: REQ, rule: 'lemmy-v3-upload', unreadable: true, url: 'https://lemmy.example/pictrs/image' });
    expect(hold.files[0]!.name).toHaveLength(255);
    expect(c.replies).toEqual([]);
  });

  it("the hook's last-resort message (it could not write its own) becomes a hold for the page's address", () => {
    const c = channel();
    c.send({ t: 'unreadable', kind: 'hold', reqId: REQ, rule: 'matrix-upload' });
    expect(c.got).toEqual([{ t: 'hold', hold: expect.objectContaining({ reqId: REQ, rule: 'matrix-upload', files: [], unreadable: true, url: window.location.href }) }]);
  });

  it('a report that cannot be read is answered "not saved" at once and reported', () => {
    const c = channel();
    c.send({ t: 'obs', obs: { reqId: REQ, rule: 'lemmy-v3-upload', url: 'javascript:alert(1)' } });
    c.send({ t: 'unreadable', kind: 'obs', reqId: 'c'.repeat(40) });
    expect(c.replies).toEqual([{ t: 'ack', reqId: REQ, ok: false }, { t: 'ack', reqId: 'c'.repeat(40), ok: false }]);
    expect(c.invalid).toHaveLength(2);
    expect(c.got).toEqual([]);
  });

  it('nothing without a request id of the hook\'s form is answered', () => {
    expect(salvageHold({ reqId: 'x' }, 'https://a.example/')).toBeNull();
    expect(salvageHold({ reqId: REQ, url: 'javascript:x', files: 'nope' }, 'https://a.example/p')).toMatchObject({ url: 'https://a.example/p', files: [] });
  });
});
