// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Hold, UploadPolicyReply } from '@/utils/messages';
import { createPickTracker, type PickTracker } from '@/utils/picks';
import type { FromDialog, PromptItem, PromptOpen, ToDialog } from '@/utils/prompt-protocol';
import { createUploadGate, type FrameFailure, type GateNotice } from '@/utils/upload-gate';
import { fileMeta, newReqId } from './helpers';

const LEMMY = 'https://lemmy.example/pictrs/image';
const MATRIX = 'https://matrix.example/_matrix/media/v3/upload';

/** A stand-in for the framed dialog: records what the gate sends, and lets a test answer as the dialog would. */
function fakeFrames() {
  const opened: Array<{
    open: PromptOpen;
    sent: ToDialog[];
    revealed: boolean;
    closed: boolean;
    answer(m: FromDialog): void;
    fail(why: FrameFailure): void;
    items(): PromptItem[];
  }> = [];
  const openFrame = vi.fn((open: PromptOpen, on: { message(m: FromDialog): void; failure(why: FrameFailure): void }) => {
    const f = {
      open,
      sent: [] as ToDialog[],
      revealed: false,
      closed: false,
      answer: (m: FromDialog) => on.message(m),
      fail: (why: FrameFailure) => on.failure(why),
      items: () => (f.sent.filter((m) => m.t === 'items').at(-1) as Extract<ToDialog, { t: 'items' }> | undefined)?.items ?? [],
      version: () => (f.sent.filter((m) => m.t === 'items').at(-1) as Extract<ToDialog, { t: 'items' }>).version,
    };
    opened.push(f);
    return {
      send: (m: ToDialog) => void f.sent.push(m),
      reveal: () => void (f.revealed = true),
      close: () => void (f.closed = true),
    };
  });
  return { opened, openFrame };
}

function trustedChange(input: HTMLInputElement, files: File[]) {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  const e = new Event('change', { bubbles: true });
  Object.defineProperty(e, 'isTrusted', { value: true });
  input.dispatchEvent(e);
}

const hold = (url: string, files: Hold['files'], rule = url.includes('pictrs') ? 'lemmy-v3-upload' : 'matrix-upload'): Hold => ({
  reqId: `${newReqId()}`.padEnd(40, '0'),
  rule,
  method: 'POST',
  url,
  files,
});

let policy: UploadPolicyReply;
let frames: ReturnType<typeof fakeFrames>;
let notices: GateNotice[];
let remembered: string[];
let picks: PickTracker;
let gate: ReturnType<typeof createUploadGate>;

beforeEach(() => {
  document.body.innerHTML = '';
  policy = { policy: 'ask', delayMs: 1500, alwaysAsk: false };
  frames = fakeFrames();
  notices = [];
  remembered = [];
  picks = createPickTracker(document);
  gate = createUploadGate({
    doc: document,
    picks,
    uploadPolicy: async () => policy,
    rememberPolicy: async (p) => void remembered.push(p),
    openFrame: frames.openFrame,
    notify: (n) => void notices.push(n),
    newPromptId: () => 'a'.repeat(32),
  });
});

async function held(h: Hold, previews: Array<Blob | null> = []) {
  const reply = vi.fn<(allow: boolean) => void>();
  await gate.hold(h, previews, reply);
  return reply;
}

describe('policies', () => {
  it('allow lets the upload go without a dialog; never blocks it and says so', async () => {
    policy.policy = 'allow';
    expect((await held(hold(LEMMY, [fileMeta('a.png', 'image/png', 5)]))).mock.calls).toEqual([[true]]);
    policy.policy = 'never';
    expect((await held(hold(LEMMY, [fileMeta('a.png', 'image/png', 5)]))).mock.calls).toEqual([[false]]);
    expect(notices).toEqual([{ kind: 'blocked' }]);
    expect(frames.openFrame).not.toHaveBeenCalled();
  });

  it('when Takeback cannot read the policy, the upload goes on and the failure is visible', async () => {
    gate = createUploadGate({
      doc: document, picks, openFrame: frames.openFrame, notify: (n) => void notices.push(n),
      uploadPolicy: async () => { throw new Error('background gone'); },
      rememberPolicy: async () => {},
    });
    expect((await held(hold(LEMMY, [fileMeta('a.png', 'image/png', 5)]))).mock.calls).toEqual([[true]]);
    expect(notices).toEqual([{ kind: 'failed', reason: 'background gone' }]);
  });
});

describe('what the user picked follows the upload to its record (issue 12 §2)', () => {
  it('pickedFor gives the picked file behind each file of a held upload, once; nameless ciphertext of another size is derived', async () => {
    const file = new File([new Uint8Array(3)], 'id-card.jpg', { type: 'image/jpeg' });
    const input = document.createElement('input');
    input.type = 'file';
    document.body.append(input);
    trustedChange(input, [file]);
    const h = hold(LEMMY, [fileMeta(null, 'application/octet-stream', 3, null), fileMeta(null, 'application/octet-stream', 1, null)]);
    const r = await held(h);
    frames.opened[0]?.answer({ t: 'decide', upload: true, remember: null });
    expect(r.mock.calls).toEqual([[true]]);
    const picked = gate.pickedFor(h.reqId);
    expect(picked?.map((p) => p?.meta)).toEqual([
      { name: 'id-card.jpg', type: 'image/jpeg', size: 3, derived: false },
      { name: 'id-card.jpg', type: 'image/jpeg', size: 3, derived: true },
    ]);
    expect(picked?.[0]?.file).toBe(file);
    expect(gate.pickedFor(h.reqId)).toBeUndefined();
  });
});

describe("Don't upload is told in Takeback's words (issue 12 §2)", () => {
  it('the user\'s Don\'t upload leaves a notice naming the file; Upload, and a dialog that failed, leave none of that kind', async () => {
    const r1 = await held(hold(LEMMY, [fileMeta('kyc-selfie.png', 'image/png', 3)]));
    frames.opened[0]!.answer({ t: 'decide', upload: false, remember: null });
    expect(r1.mock.calls).toEqual([[false]]);
    expect(notices).toEqual([{ kind: 'declined', names: ['kyc-selfie.png'] }]);
    const r2 = await held(hold(LEMMY, [fileMeta('ok.png', 'image/png', 3)]));
    frames.opened[1]!.answer({ t: 'decide', upload: true, remember: null });
    expect(r2.mock.calls).toEqual([[true]]);
    const r3 = await held(hold(LEMMY, [fileMeta('gone.png', 'image/png', 3)]));
    frames.opened[2]!.fail('removed');
    expect(r3.mock.calls).toEqual([[false]]);
    expect(notices).toEqual([{ kind: 'declined', names: ['kyc-selfie.png'] }, { kind: 'removed' }]);
  });
});

describe("uploads Takeback could not fully read (issue 11)", () => {
  it('a hold without a known platform is asked about, marked unreadable, never let through unasked', async () => {
    const reply = await held({ ...hold(LEMMY, [fileMeta('x.png', 'image/png', 3)]), rule: '', unreadable: true });
    expect(reply).not.toHaveBeenCalled();
    const [f] = frames.opened;
    expect(f!.revealed).toBe(true);
    const last = f!.sent.filter((m) => m.t === 'items').at(-1);
    expect(last).toMatchObject({ t: 'items', unreadable: true });
    expect(f!.items()).toEqual([expect.objectContaining({ name: 'x.png', label: 'unknown', host: 'lemmy.example' })]);
    f!.answer({ t: 'decide', upload: false, remember: null });
    expect(reply.mock.calls).toEqual([[false]]);
  });

  it('an unreadable hold on Element is not made quiet by its own dialog', async () => {
    document.body.innerHTML = '<div id="matrixchat"></div>';
    await held({ ...hold(MATRIX, []), unreadable: true });
    expect(frames.opened[0]!.revealed).toBe(true);
  });

  it('files counted but not described are counted in the dialog', async () => {
    await held({ ...hold(LEMMY, [fileMeta('a.png', 'image/png', 3)]), fileCount: 65 });
    expect(frames.opened[0]!.sent.filter((m) => m.t === 'items').at(-1)).toMatchObject({ more: 64 });
  });

  it("the site's Allow policy lets an unreadable upload go (the user chose that site)", async () => {
    policy.policy = 'allow';
    expect((await held({ ...hold(LEMMY, []), rule: '', unreadable: true })).mock.calls).toEqual([[true]]);
  });
});

describe('asking', () => {
  it('holds the upload until the dialog answers, and describes the file and where it goes', async () => {
    const preview = new Blob(['png'], { type: 'image/png' });
    const reply = await held(hold(LEMMY, [fileMeta('id.png', 'image/png', 3)]), [preview]);
    expect(reply).not.toHaveBeenCalled();
    const [f] = frames.opened;
    expect(f!.open).toEqual({ promptId: 'a'.repeat(32), site: document.location.host, delayMs: 1500 });
    expect(f!.revealed).toBe(true);
    expect(f!.items()).toEqual([
      expect.objectContaining({ name: 'id.png', type: 'image/png', size: 3, file: preview, label: 'image', host: 'lemmy.example', exposure: 'lemmy' }),
    ]);
    f!.answer({ t: 'decide', upload: true, remember: null });
    expect(reply.mock.calls).toEqual([[true]]);
    expect(f!.closed).toBe(true);
    expect(remembered).toEqual([]);
  });

  it("Don't upload denies; Always allow / Never also remember the choice for the site", async () => {
    const a = await held(hold(LEMMY, [fileMeta('a.png', 'image/png', 3)]));
    frames.opened[0]!.answer({ t: 'decide', upload: false, remember: null });
    const b = await held(hold(LEMMY, [fileMeta('b.png', 'image/png', 3)]));
    frames.opened[1]!.answer({ t: 'decide', upload: true, remember: 'allow' });
    const c = await held(hold(LEMMY, [fileMeta('c.png', 'image/png', 3)]));
    frames.opened[2]!.answer({ t: 'decide', upload: false, remember: 'never' });
    expect([a.mock.calls, b.mock.calls, c.mock.calls]).toEqual([[[false]], [[true]], [[false]]]);
    expect(remembered).toEqual(['allow', 'never']);
  });

  it('uploads held while a dialog is open join it, and one answer decides them all', async () => {
    const replies = [
      await held(hold(LEMMY, [fileMeta('1.png', 'image/png', 1)])),
      await held(hold(LEMMY, [fileMeta('2.png', 'image/png', 2)])),
      await held(hold(LEMMY, [fileMeta('3.png', 'image/png', 3)])),
    ];
    expect(frames.openFrame).toHaveBeenCalledTimes(1);
    const f = frames.opened[0]!;
    expect(f.items().map((i) => i.name)).toEqual(['1.png', '2.png', '3.png']);
    f.answer({ t: 'decide', upload: true, remember: null });
    expect(replies.map((r) => r.mock.calls)).toEqual([[[true]], [[true]], [[true]]]);
  });

  it('a withdrawn upload leaves the dialog; the dialog closes when nothing is left', async () => {
    const first = hold(LEMMY, [fileMeta('1.png', 'image/png', 1)]);
    const second = hold(LEMMY, [fileMeta('2.png', 'image/png', 2)]);
    const r1 = await held(first);
    await held(second);
    const f = frames.opened[0]!;
    gate.withdraw(first.reqId);
    expect(f.items().map((i) => i.name)).toEqual(['2.png']);
    expect(f.closed).toBe(false);
    gate.withdraw(second.reqId);
    expect(f.closed).toBe(true);
    expect(r1).not.toHaveBeenCalled(); // the hook already ended it; a verdict would be ignored anyway
  });

  it('a dialog that never loads (which a page can cause), or that the page removes or closes, approves nothing', async () => {
    const r1 = await held(hold(LEMMY, [fileMeta('1.png', 'image/png', 1)]));
    frames.opened[0]!.fail('load');
    expect(r1.mock.calls).toEqual([[false]]);
    expect(notices).toEqual([{ kind: 'unavailable' }]);
    const r2 = await held(hold(LEMMY, [fileMeta('2.png', 'image/png', 1)]));
    frames.opened[1]!.fail('removed');
    expect(r2.mock.calls).toEqual([[false]]);
    expect(notices.at(-1)).toEqual({ kind: 'removed' });
    const r3 = await held(hold(LEMMY, [fileMeta('3.png', 'image/png', 1)]));
    frames.opened[2]!.fail('dismissed');
    expect(r3.mock.calls).toEqual([[false]]);
  });

  it('answers from a dialog that is no longer current are ignored', async () => {
    const r1 = await held(hold(LEMMY, [fileMeta('1.png', 'image/png', 1)]));
    const old = frames.opened[0]!;
    old.answer({ t: 'decide', upload: false, remember: null });
    const r2 = await held(hold(LEMMY, [fileMeta('2.png', 'image/png', 1)]));
    old.answer({ t: 'decide', upload: true, remember: 'allow' });
    expect(r1.mock.calls).toEqual([[false]]);
    expect(r2).not.toHaveBeenCalled();
    expect(remembered).toEqual([]);
  });
});

describe('picked files', () => {
  let input: HTMLInputElement;
  beforeEach(() => {
    input = document.createElement('input');
    input.type = 'file';
    document.body.append(input);
  });

  it('ciphertext of a picked file is shown as the picked file (name, type, the File itself) in an encrypted room', async () => {
    const photo = new File(['x'.repeat(5000)], 'id-card.jpg', { type: 'image/jpeg' });
    trustedChange(input, [photo]);
    await held(hold(MATRIX, [fileMeta(null, 'application/octet-stream', 5000, null)]));
    expect(frames.opened[0]!.items()).toEqual([
      expect.objectContaining({ name: 'id-card.jpg', type: 'image/jpeg', size: 5000, file: photo, label: 'matrix-encrypted', exposure: 'matrix-encrypted' }),
    ]);
  });

  it("Element's thumbnail (nameless, another size) shows the picked file; after Upload, the file itself goes without a second dialog", async () => {
    const photo = new File(['x'.repeat(9000)], 'beach.jpg', { type: 'image/jpeg' });
    trustedChange(input, [photo]);
    const thumb = await held(hold(MATRIX, [fileMeta(null, 'image/png', 120, null)]));
    expect(frames.opened[0]!.items().map((i) => [i.name, i.file])).toEqual([['beach.jpg', photo]]);
    frames.opened[0]!.answer({ t: 'decide', upload: true, remember: null });
    expect(thumb.mock.calls).toEqual([[true]]);
    const main = await held(hold(MATRIX, [fileMeta('beach.jpg', 'image/jpeg', 9000, null)]));
    expect(main.mock.calls).toEqual([[true]]);
    expect(frames.openFrame).toHaveBeenCalledTimes(1);
  });

  it("after Don't upload, more uploads of the same picked files are denied without asking", async () => {
    trustedChange(input, [new File(['y'.repeat(300)], 'a.txt', { type: 'text/plain' })]);
    await held(hold(MATRIX, [fileMeta('a.txt', 'text/plain', 300, null)]));
    frames.opened[0]!.answer({ t: 'decide', upload: false, remember: null });
    const again = await held(hold(MATRIX, [fileMeta('a.txt', 'text/plain', 300, null)]));
    expect(again.mock.calls).toEqual([[false]]);
    expect(frames.openFrame).toHaveBeenCalledTimes(1);
  });

  describe('where the app confirms uploads itself (Element)', () => {
    beforeEach(() => {
      const chat = document.createElement('section');
      chat.id = 'matrixchat';
      chat.append(input);
      document.body.append(chat);
    });

    it('a composer pick is checked quietly: no metadata → the upload goes without showing anything', async () => {
      trustedChange(input, [new File(['z'.repeat(400)], 'cat.jpg', { type: 'image/jpeg' })]);
      const reply = await held(hold(MATRIX, [fileMeta('cat.jpg', 'image/jpeg', 400, null)]));
      const f = frames.opened[0]!;
      expect(f.revealed).toBe(false);
      f.answer({ t: 'checked', version: f.sent.length, found: false });
      expect(reply.mock.calls).toEqual([[true]]);
      expect(f.closed).toBe(true);
    });

    it('metadata found in the quiet check shows the dialog; a stale check result is ignored', async () => {
      trustedChange(input, [new File(['z'.repeat(400)], 'home.jpg', { type: 'image/jpeg' })]);
      const reply = await held(hold(MATRIX, [fileMeta('home.jpg', 'image/jpeg', 400, null)]));
      const f = frames.opened[0]!;
      f.answer({ t: 'checked', version: 99, found: false });
      expect(reply).not.toHaveBeenCalled();
      f.answer({ t: 'checked', version: 1, found: true });
      expect(f.revealed).toBe(true);
      expect(reply).not.toHaveBeenCalled();
    });

    it('"always ask", a pick inside a dialog (avatar settings), or no pick at all (voice) shows the dialog at once', async () => {
      policy.alwaysAsk = true;
      trustedChange(input, [new File(['z'.repeat(10)], 'dog.jpg', { type: 'image/jpeg' })]);
      await held(hold(MATRIX, [fileMeta('dog.jpg', 'image/jpeg', 10, null)]));
      expect(frames.opened[0]!.revealed).toBe(true);
      frames.opened[0]!.answer({ t: 'decide', upload: true, remember: null });

      policy.alwaysAsk = false;
      const settings = document.createElement('div');
      settings.setAttribute('role', 'dialog');
      const avatarInput = document.createElement('input');
      avatarInput.type = 'file';
      settings.append(avatarInput);
      document.body.append(settings);
      trustedChange(avatarInput, [new File(['a'.repeat(77)], 'me.jpg', { type: 'image/jpeg' })]);
      await held(hold(MATRIX, [fileMeta('me.jpg', 'image/jpeg', 77, null)]));
      expect(frames.opened[1]!.revealed).toBe(true);
      frames.opened[1]!.answer({ t: 'decide', upload: true, remember: null });

      await held(hold(MATRIX, [fileMeta(null, 'audio/ogg', 5555, null)]));
      expect(frames.opened[2]!.revealed).toBe(true);
    });
  });

  it('untrusted change events (a page faking a pick) are not remembered', async () => {
    Object.defineProperty(input, 'files', { value: [new File(['q'], 'fake.jpg', { type: 'image/jpeg' })] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await held(hold(MATRIX, [fileMeta(null, 'application/octet-stream', 1, null)]));
    expect(frames.opened[0]!.items()[0]).toMatchObject({ name: null, file: null });
  });
});
