// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { UploadWarning, type ReadMetadata } from '@/components/UploadWarning';
import type { MetadataReport } from '@/utils/metadata';
import type { FromDialog, PromptItem, PromptOpen } from '@/utils/prompt-protocol';

// The real English messages: a missing key or substitution fails the test.
vi.mock('@/utils/i18n', () => import('./i18n-fake'));

type Props = Parameters<typeof UploadWarning>[0];

const OPEN: PromptOpen = { promptId: '0123456789abcdef0123456789abcdef', site: 'lemmy.example', delayMs: 1500 };
const DELAY = OPEN.delayMs;
const START = Date.UTC(2025, 0, 1, 12);

const item = (over: Partial<PromptItem> = {}): PromptItem => ({
  id: 'req1:0',
  name: 'cat.png',
  type: 'image/png',
  size: 1536,
  file: null,
  label: 'image',
  host: 'lemmy.example',
  exposure: 'lemmy',
  ...over,
});
const png = (bytes = 3) => new Blob(['x'.repeat(bytes)], { type: 'image/png' });

let root: HTMLElement;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.useRealTimers();
});

function mount(over: Partial<Props> = {}) {
  const props: Props = {
    open: OPEN,
    items: [item()],
    version: 1,
    revealed: false,
    send: vi.fn<(m: FromDialog) => void>(),
    readMetadata: vi.fn<ReadMetadata>(async () => ({ status: 'none' })),
    ...over,
  };
  act(() => render(<UploadWarning {...props} />, root));
  const send = props.send as Mock<(m: FromDialog) => void>;
  return {
    props,
    send,
    update(next: Partial<Props>) {
      Object.assign(props, next);
      act(() => render(<UploadWarning {...props} />, root));
    },
    sent: (t: FromDialog['t']) => send.mock.calls.map(([m]) => m).filter((m) => m.t === t),
  };
}

/** Lets the metadata reads (promises) finish and the component re-render. */
async function settle() {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}

const advance = (ms: number) => act(() => void vi.advanceTimersByTime(ms));

/** happy-dom's events have no isTrusted (so they count as untrusted); a user's input is made by defining it. */
function trusted<E extends Event>(e: E): E {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}
function trustedClick(el: Element) {
  act(() => void el.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, cancelable: true }))));
}
function trustedKey(el: Element, key: string, shiftKey = false): KeyboardEvent {
  const e = trusted(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true }));
  act(() => void el.dispatchEvent(e));
  return e;
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const button = (name: 'cancel' | 'upload' | 'always-allow' | 'never') => root.querySelector<HTMLButtonElement>(`button[name="${name}"]`)!;
const rows = () => [...root.querySelectorAll('li.file')];

describe('the list', () => {
  it('names each file with its size, type and destination, and sums them up', async () => {
    mount({
      items: [
        item(),
        item({ id: 'req2:0', name: null, type: '', size: 2_500_000, label: 'matrix-encrypted', host: 'matrix.example', exposure: 'matrix-encrypted' }),
      ],
    });
    await settle();
    expect(rows()).toHaveLength(2);
    const [cat, blob] = rows();
    expect(text(cat!.querySelector('.name'))).toBe('cat.png');
    expect(text(cat!.querySelector('.details'))).toBe('1.5 kB · image/png');
    expect(text(cat!.querySelector('.dest'))).toBe('Image on lemmy.example');
    expect(cat!.getAttribute('data-dest')).toBe('image');
    expect(text(blob!.querySelector('.name'))).toBe('Unnamed file');
    expect(text(blob!.querySelector('.details'))).toBe('2.4 MB');
    expect(text(blob!.querySelector('.dest'))).toBe('Encrypted room attachment on matrix.example');
    expect(text(root.querySelector('h1'))).toBe('Upload to lemmy.example, matrix.example?');
    expect(text(root.querySelector('#warning-summary'))).toBe(
      'Takeback is holding 2 file(s), 2.4 MB in all. Nothing is sent until you choose.',
    );
    expect(text(button('always-allow'))).toBe('Always allow on lemmy.example');
    expect(text(button('never'))).toBe('Never upload on lemmy.example');
    const dialog = root.querySelector('[role=alertdialog]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
  });

  it('words the destination for every label', async () => {
    const expected: Array<[PromptItem['label'], string]> = [
      ['image', 'Image on h.example:8443'],
      ['avatar', 'Your avatar on h.example:8443'],
      ['banner', 'Your profile banner on h.example:8443'],
      ['community-icon', 'Community icon on h.example:8443'],
      ['community-banner', 'Community banner on h.example:8443'],
      ['site-icon', 'Site icon on h.example:8443'],
      ['site-banner', 'Site banner on h.example:8443'],
      ['matrix-file', 'File for a room or your profile on h.example:8443'],
      ['matrix-encrypted', 'Encrypted room attachment on h.example:8443'],
    ];
    mount({ items: expected.map(([label], i) => item({ id: `i${i}`, label, host: 'h.example:8443' })) });
    await settle();
    expect(rows().map((r) => text(r.querySelector('.dest')))).toEqual(expected.map(([, words]) => words));
  });

  it('shows a preview of an image file (and revokes its URL when gone), an icon otherwise', async () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:preview-cat');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const image = png();
    mount({
      items: [
        item({ file: image }),
        item({ id: 'pdf', name: 'doc.pdf', type: 'application/pdf', file: new Blob(['%PDF'], { type: 'application/pdf' }) }),
        item({ id: 'gone', name: 'lost.jpeg', type: 'image/jpeg', file: null }),
        item({ id: 'anon', name: null, type: '', file: null }),
      ],
    });
    await settle();
    const [cat, pdf, lost, anon] = rows();
    const img = cat!.querySelector('img.preview');
    expect(img?.getAttribute('src')).toBe('blob:preview-cat');
    expect(img?.getAttribute('alt')).toBe('Preview of cat.png');
    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith(image);
    for (const [row, icon] of [[pdf, 'pdf'], [lost, 'jpeg'], [anon, 'file']] as const) {
      expect(row!.querySelector('img')).toBeNull();
      const span = row!.querySelector('span.preview.icon');
      expect(text(span)).toBe(icon);
      expect(span?.getAttribute('aria-hidden')).toBe('true');
    }
    expect(revoke).not.toHaveBeenCalled();
    act(() => render(null, root));
    expect(revoke).toHaveBeenCalledWith('blob:preview-cat');
  });
});

describe('metadata', () => {
  const GPS: MetadataReport = { status: 'found', gps: { latitude: 48.8584, longitude: 2.2945 }, fields: ['GPSLatitude', 'GPSLongitude'] };

  it('reads each file once and reports {checked, version, found: false} when nothing is found', async () => {
    const a = png(1);
    const b = png(2);
    const readMetadata = vi.fn<ReadMetadata>(async (f) => (f === a ? { status: 'none' } : { status: 'not-applicable' }));
    const { sent } = mount({ version: 7, readMetadata, items: [item({ id: 'a', file: a }), item({ id: 'b', file: b }), item({ id: 'c' })] });
    await settle();
    expect(readMetadata.mock.calls.map(([f]) => f)).toEqual([a, b]);
    expect(sent('checked')).toEqual([{ t: 'checked', version: 7, found: false }]);
  });

  it('a file whose metadata could not be read counts as worth showing (it may hold a location)', async () => {
    const readMetadata = vi.fn<ReadMetadata>(async () => ({ status: 'unreadable', reason: 'corrupt' }));
    const { sent } = mount({ version: 5, readMetadata, items: [item({ file: png() })] });
    await settle();
    expect(sent('checked')).toEqual([{ t: 'checked', version: 5, found: true }]);
  });

  it('reports found: true when any file carries metadata, only once every read is done', async () => {
    let finish!: (r: MetadataReport) => void;
    const slow = new Promise<MetadataReport>((resolve) => (finish = resolve));
    const a = png(1);
    const readMetadata = vi.fn<ReadMetadata>((f) => (f === a ? Promise.resolve(GPS) : slow));
    const { sent } = mount({ version: 3, readMetadata, items: [item({ id: 'a', file: a }), item({ id: 'b', file: png(2) })] });
    await settle();
    expect(sent('checked')).toEqual([]);
    expect(root.querySelectorAll('.meta-checking')).toHaveLength(2);
    expect(text(root.querySelector('.meta-checking'))).toBe('Checking for location and camera data…');
    finish({ status: 'none' });
    await settle();
    expect(sent('checked')).toEqual([{ t: 'checked', version: 3, found: true }]);
    expect(root.querySelector('.meta-checking')).toBeNull();
  });

  it('a new list is read again (new files only) and reported under its own version', async () => {
    const a = png(1);
    const b = png(2);
    const readMetadata = vi.fn<ReadMetadata>(async (f) => (f === b ? GPS : { status: 'none' }));
    const { update, sent } = mount({ version: 1, readMetadata, items: [item({ id: 'a', file: a })] });
    await settle();
    update({ version: 2, items: [item({ id: 'a', file: a }), item({ id: 'b', file: b })] });
    await settle();
    expect(readMetadata.mock.calls.map(([f]) => f)).toEqual([a, b]);
    expect(sent('checked')).toEqual([
      { t: 'checked', version: 1, found: false },
      { t: 'checked', version: 2, found: true },
    ]);
  });

  // A reader that rejects (main.tsx's dynamic import of the metadata chunk failing) must still end the check.
  it('a metadata read that fails still ends the check (the file counts as unreadable, checked is sent)', async () => {
    const readMetadata = vi.fn<ReadMetadata>(async () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { sent } = mount({ version: 4, readMetadata, items: [item({ file: png() })] });
    await settle();
    expect(sent('checked')).toEqual([{ t: 'checked', version: 4, found: true }]);
    expect(root.querySelector('.meta-checking')).toBeNull();
    expect(text(root.querySelector('.meta-unreadable'))).toMatch(/Couldn't read this file's metadata/);
  });

  const exposures: Array<[PromptItem['exposure'], string, string]> = [
    ['lemmy', 'lemmy.example', 'Lemmy removes this from the copy it shows publicly, but the original file, with this information, is sent to lemmy.example'],
    ['matrix', 'matrix.example', 'Matrix keeps the file exactly as sent: the server matrix.example and everyone in the room can download it'],
    ['matrix-encrypted', 'matrix.example', 'The file is encrypted for the room, so matrix.example cannot read it, but everyone in the room can download the original'],
  ];
  for (const [exposure, host, phrase] of exposures) {
    it(`a location found in a file headed for ${exposure} shows the place and what ${exposure} does with it`, async () => {
      mount({ readMetadata: async () => GPS, items: [item({ file: png(), exposure, host })] });
      await settle();
      const found = root.querySelector('.meta-found');
      expect(found?.getAttribute('data-gps')).toBe('yes');
      expect(text(found?.querySelector('strong'))).toBe('This file contains the place where it was taken');
      expect([...found!.querySelectorAll('li')].map(text)).toEqual(['Location: 48.85840, 2.29450']);
      const words = found?.querySelector('p.exposure');
      expect(words?.getAttribute('data-exposure')).toBe(exposure);
      expect(text(words)).toContain(phrase);
      // Only the wording of this exposure.
      for (const [other, , otherPhrase] of exposures) if (other !== exposure) expect(text(words)).not.toContain(otherPhrase.slice(0, 20));
    });
  }

  it('camera details without a location say so, with no location line', async () => {
    mount({ readMetadata: async () => ({ status: 'found', device: 'Google Pixel 8', fields: ['Make', 'Model'] }), items: [item({ file: png() })] });
    await settle();
    const found = root.querySelector('.meta-found');
    expect(found?.getAttribute('data-gps')).toBe('no');
    expect(text(found?.querySelector('strong'))).toBe('This file contains camera details');
    expect([...found!.querySelectorAll('li')].map(text)).toEqual(['Camera: Google Pixel 8']);
  });

  it('unreadable metadata says Takeback cannot tell', async () => {
    mount({ readMetadata: async () => ({ status: 'unreadable', reason: 'truncated' }), items: [item({ file: png() })] });
    await settle();
    expect(text(root.querySelector('p.meta-unreadable'))).toBe(
      "Couldn't read this file's metadata, so Takeback cannot tell whether it contains a location.",
    );
    expect(root.querySelector('.meta-found')).toBeNull();
  });

  it('no metadata (or no file) shows nothing about it', async () => {
    mount({ readMetadata: async () => ({ status: 'none' }), items: [item({ file: png() }), item({ id: 'nofile' })] });
    await settle();
    for (const row of rows()) {
      expect(row.querySelector('.meta-found, .meta-unreadable, .meta-checking, .exposure')).toBeNull();
      expect([...row.querySelector('.about')!.children].map((c) => c.className)).toEqual(['name', 'details', 'dest']);
    }
  });
});

describe('the decision', () => {
  async function revealed(over: Partial<Props> = {}) {
    const w = mount(over);
    await settle();
    w.update({ revealed: true });
    return w;
  }
  const decisions = (w: { sent: (t: 'decide') => FromDialog[] }) => w.sent('decide');

  it('Upload stays aria-disabled and ignores trusted clicks until delayMs after reveal, then uploads', async () => {
    const w = await revealed();
    expect(button('upload').getAttribute('aria-disabled')).toBe('true');
    expect(text(button('upload'))).toBe('Upload (2 s)');
    trustedClick(button('upload'));
    advance(600);
    expect(text(button('upload'))).toBe('Upload (1 s)');
    advance(DELAY - 600 - 1);
    trustedClick(button('upload'));
    expect(button('upload').getAttribute('aria-disabled')).toBe('true');
    expect(decisions(w)).toEqual([]);
    advance(1);
    expect(button('upload').getAttribute('aria-disabled')).not.toBe('true');
    expect(text(button('upload'))).toBe('Upload');
    trustedClick(button('upload'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: true, remember: null }]);
  });

  it('before the dialog is revealed, Upload stays locked however long it waits', async () => {
    const w = mount();
    await settle();
    advance(60_000);
    expect(button('upload').getAttribute('aria-disabled')).toBe('true');
    expect(button('always-allow').getAttribute('aria-disabled')).toBe('true');
    trustedClick(button('upload'));
    trustedClick(button('always-allow'));
    expect(decisions(w)).toEqual([]);
  });

  it("untrusted clicks and keys (a page's element.click()) never send anything, before or after the delay", async () => {
    const w = await revealed();
    const all = ['cancel', 'upload', 'always-allow', 'never'] as const;
    for (const name of all) act(() => button(name).click());
    advance(DELAY + 100);
    for (const name of all) act(() => button(name).click());
    act(() => void button('cancel').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    act(() => void button('upload').dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(decisions(w)).toEqual([]);
    // Still live: the user's own click is heard.
    trustedClick(button('upload'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: true, remember: null }]);
  });

  it('a click forwarded by position (the browser gave it to the page) acts on the button there, with the same lock', async () => {
    const w = await revealed();
    const at = vi.spyOn(document, 'elementFromPoint');
    at.mockReturnValue(button('upload'));
    w.update({ forwarded: { x: 10, y: 20, n: 1 } });
    expect(decisions(w)).toEqual([]); // Upload is still locked
    at.mockReturnValue(button('cancel'));
    w.update({ forwarded: { x: 30, y: 40, n: 2 } });
    expect(at).toHaveBeenLastCalledWith(30, 40);
    expect(decisions(w)).toEqual([{ t: 'decide', upload: false, remember: null }]);
    at.mockRestore();
  });

  it('a forwarded click on nothing of ours, or before the dialog is shown, does nothing', async () => {
    const w = mount();
    await settle();
    const at = vi.spyOn(document, 'elementFromPoint').mockReturnValue(button('cancel'));
    w.update({ forwarded: { x: 1, y: 1, n: 1 } });
    expect(decisions(w)).toEqual([]);
    w.update({ revealed: true });
    at.mockReturnValue(document.body);
    w.update({ forwarded: { x: 1, y: 1, n: 2 } });
    expect(decisions(w)).toEqual([]);
    at.mockRestore();
  });

  it("Don't upload works at once", async () => {
    const w = await revealed();
    trustedClick(button('cancel'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: false, remember: null }]);
  });

  it('Always allow waits for the delay like Upload, then uploads and remembers allow', async () => {
    const w = await revealed();
    expect(button('always-allow').getAttribute('aria-disabled')).toBe('true');
    trustedClick(button('always-allow'));
    advance(DELAY - 1);
    trustedClick(button('always-allow'));
    expect(decisions(w)).toEqual([]);
    advance(1);
    expect(button('always-allow').getAttribute('aria-disabled')).not.toBe('true');
    trustedClick(button('always-allow'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: true, remember: 'allow' }]);
  });

  it('Never upload works at once and remembers never', async () => {
    const w = await revealed();
    expect(button('never').getAttribute('aria-disabled')).toBeNull();
    trustedClick(button('never'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: false, remember: 'never' }]);
  });

  it('a trusted Escape means do not upload', async () => {
    const w = await revealed();
    const e = trustedKey(button('upload'), 'Escape');
    expect(e.defaultPrevented).toBe(true);
    expect(decisions(w)).toEqual([{ t: 'decide', upload: false, remember: null }]);
  });

  it('a trusted Enter on the locked Upload does not upload', async () => {
    const w = await revealed();
    trustedKey(button('upload'), 'Enter');
    trustedClick(button('upload')); // what a browser makes of Enter on a button
    expect(decisions(w)).toEqual([]);
  });

  it('only one decision is ever sent', async () => {
    const w = await revealed();
    trustedClick(button('cancel'));
    trustedClick(button('never'));
    trustedKey(button('cancel'), 'Escape');
    advance(DELAY);
    trustedClick(button('upload'));
    trustedClick(button('always-allow'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: false, remember: null }]);
  });

  it('a new list (new version) restarts the delay', async () => {
    const w = await revealed();
    advance(1000);
    w.update({ version: 2, items: [item(), item({ id: 'req2:0', name: 'dog.png' })] });
    advance(DELAY - 1); // 2499 ms after reveal, 1499 ms after the change
    expect(button('upload').getAttribute('aria-disabled')).toBe('true');
    trustedClick(button('upload'));
    expect(decisions(w)).toEqual([]);
    advance(1);
    expect(button('upload').getAttribute('aria-disabled')).not.toBe('true');
    trustedClick(button('upload'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: true, remember: null }]);
  });

  it('a zero delay unlocks at reveal', async () => {
    const w = await revealed({ open: { ...OPEN, delayMs: 0 } });
    expect(button('upload').getAttribute('aria-disabled')).not.toBe('true');
    trustedClick(button('upload'));
    expect(decisions(w)).toEqual([{ t: 'decide', upload: true, remember: null }]);
  });
});

describe('keyboard and focus', () => {
  it("focuses Don't upload when revealed, not before", async () => {
    const w = mount();
    await settle();
    expect(document.activeElement).not.toBe(button('cancel'));
    w.update({ revealed: true });
    expect(document.activeElement).toBe(button('cancel'));
  });

  it('Tab from the last button wraps to the first, Shift+Tab from the first to the last', async () => {
    const w = mount();
    await settle();
    w.update({ revealed: true });
    const buttons = [...root.querySelectorAll('button')].map((b) => b.getAttribute('name'));
    expect(buttons).toEqual(['cancel', 'upload', 'always-allow', 'never']);

    act(() => button('never').focus());
    const tab = trustedKey(button('never'), 'Tab');
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(button('cancel'));

    const back = trustedKey(button('cancel'), 'Tab', true);
    expect(back.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(button('never'));

    // In between, the browser moves focus itself.
    act(() => button('upload').focus());
    expect(trustedKey(button('upload'), 'Tab').defaultPrevented).toBe(false);
    expect(trustedKey(button('upload'), 'Tab', true).defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(button('upload'));
    expect(w.sent('decide')).toEqual([]);
  });

  it('an untrusted Tab does not move focus', async () => {
    const w = mount();
    await settle();
    w.update({ revealed: true });
    act(() => button('never').focus());
    act(() => void button('never').dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true })));
    expect(document.activeElement).toBe(button('never'));
  });
});
