// A sandboxed frame's warning is shown by the tab's top frame (issue 11 §4): what the gate sends arrives there without
// file content, the top frame's answer comes back, and a failure there ends the upload in the frame that asked.
import { describe, expect, it, vi } from 'vitest';
import type { FromDialog, ToDialog } from '@/utils/prompt-protocol';
import { relayHost, relayPrompt, type RelayedPrompt } from '@/utils/prompt-relay';
import type { FrameFailure, OpenFrame } from '@/utils/upload-gate';

const PROMPT = { promptId: 'c'.repeat(32), site: 'a sandboxed frame', delayMs: 1000 };

function wired() {
  const shown: Array<{ sent: ToDialog[]; revealed: boolean; closed: boolean; answer(m: FromDialog): void; fail(w: FrameFailure): void }> = [];
  const topFrame: OpenFrame = (_open, on) => {
    const f = { sent: [] as ToDialog[], revealed: false, closed: false, answer: on.message, fail: on.failure };
    shown.push(f);
    return { send: (m) => void f.sent.push(m), reveal: () => void (f.revealed = true), close: () => void (f.closed = true) };
  };
  // The background between them: only frames of one tab; the asking frame is frame 3.
  let asking: ReturnType<typeof relayPrompt>;
  const host = relayHost(topFrame, async (a) => {
    expect(a.to).toBe(3);
    asking.reply({ type: 'relay-reply', promptId: a.promptId, ...(a.msg && { msg: a.msg }), ...(a.failure && { failure: a.failure }) });
  });
  asking = relayPrompt(async (m) => {
    const { type: _t, ...rest } = m;
    host({ ...rest, type: 'relayed-prompt', from: 3 } as RelayedPrompt);
  });
  return { shown, openFrame: asking.openFrame };
}

describe('prompt relay', () => {
  it('the top frame shows the items (without file content), reveals, and its decision reaches the asking frame', async () => {
    const { shown, openFrame } = wired();
    const message = vi.fn();
    const frame = openFrame(PROMPT, { message, failure: vi.fn() });
    frame.send({ t: 'items', version: 1, items: [{ id: 'x', name: 'id.png', type: 'image/png', size: 3, file: new Blob(['png']), label: 'image', host: 'lemmy.example', exposure: 'lemmy' }] });
    frame.reveal();
    await Promise.resolve();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.sent).toEqual([{ t: 'items', version: 1, items: [expect.objectContaining({ name: 'id.png', file: null })] }]);
    expect(shown[0]!.revealed).toBe(true);
    shown[0]!.answer({ t: 'decide', upload: false, remember: null });
    await vi.waitFor(() => expect(message).toHaveBeenCalledWith({ t: 'decide', upload: false, remember: null }));
    frame.close();
    await vi.waitFor(() => expect(shown[0]!.closed).toBe(true));
  });

  it('a failure of the top frame\'s dialog (removed, not loaded) ends the upload in the asking frame', async () => {
    const { shown, openFrame } = wired();
    const failure = vi.fn();
    openFrame(PROMPT, { message: vi.fn(), failure });
    await Promise.resolve();
    shown[0]!.fail('removed');
    await vi.waitFor(() => expect(failure).toHaveBeenCalledWith('removed'));
  });

  it('when the background cannot relay (no tab, extension reloaded), the upload ends as if the dialog did not load', async () => {
    const failure = vi.fn();
    relayPrompt(async () => Promise.reject(new Error('no tab'))).openFrame(PROMPT, { message: vi.fn(), failure });
    await vi.waitFor(() => expect(failure).toHaveBeenCalledWith('load'));
  });
});
