import { describe, expect, it } from 'vitest';
import { FromDialogSchema, PromptItemSchema, PromptOpenSchema, PROMPT_ID, ToDialogSchema, type PromptItem } from '@/utils/prompt-protocol';
import { MAX_ASK_DELAY_MS } from '@/utils/settings';

const ID = '0123456789abcdef0123456789abcdef';
const item = (over: Partial<Record<keyof PromptItem, unknown>> = {}) => ({
  id: 'req1:0',
  name: 'cat.png',
  type: 'image/png',
  size: 3,
  file: new Blob(['abc'], { type: 'image/png' }),
  label: 'image',
  host: 'lemmy.example',
  exposure: 'lemmy',
  ...over,
});
const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('PromptOpenSchema', () => {
  const open = (over: Record<string, unknown> = {}) => ({ promptId: ID, site: 'lemmy.example', delayMs: 1500, ...over });

  it('accepts a 32-hex-digit promptId and a delay from 0 to 5000 ms', () => {
    expect(MAX_ASK_DELAY_MS).toBe(5000);
    for (const delayMs of [0, 1500, 5000]) expect(ok(PromptOpenSchema, open({ delayMs })), `${delayMs}`).toBe(true);
    expect(PromptOpenSchema.parse(open())).toEqual(open());
  });

  it('rejects a bad promptId', () => {
    for (const promptId of ['', ID.slice(1), `${ID}0`, ID.toUpperCase(), `${ID.slice(1)}g`, `${ID}\n`, ` ${ID.slice(1)}`, 123]) {
      expect(ok(PromptOpenSchema, open({ promptId })), JSON.stringify(promptId)).toBe(false);
    }
    expect(PROMPT_ID.test(ID)).toBe(true);
  });

  it('rejects a delay over 5000 ms, negative, fractional or missing, and a missing or huge site', () => {
    for (const delayMs of [5001, 60_000, -1, 1.5, '1500', null, Number.POSITIVE_INFINITY]) {
      expect(ok(PromptOpenSchema, open({ delayMs })), String(delayMs)).toBe(false);
    }
    expect(ok(PromptOpenSchema, { promptId: ID, site: 'x' })).toBe(false);
    expect(ok(PromptOpenSchema, { promptId: ID, delayMs: 0 })).toBe(false);
    expect(ok(PromptOpenSchema, open({ site: 'x'.repeat(513) }))).toBe(false);
  });
});

describe('PromptItemSchema', () => {
  it('accepts a Blob, a File or null as the file', () => {
    expect(ok(PromptItemSchema, item())).toBe(true);
    expect(ok(PromptItemSchema, item({ file: new File(['abc'], 'cat.png') }))).toBe(true);
    expect(ok(PromptItemSchema, item({ file: null, name: null }))).toBe(true);
    const blob = new Blob(['x']);
    expect(PromptItemSchema.parse(item({ file: blob })).file).toBe(blob);
  });

  it('rejects anything else as the file, including a missing one', () => {
    for (const file of [undefined, 'blob:https://x/1', {}, { size: 3, type: 'image/png' }, new ArrayBuffer(3), new Uint8Array(3)]) {
      expect(ok(PromptItemSchema, item({ file })), Object.prototype.toString.call(file)).toBe(false);
    }
    const { file: _, ...noFile } = item();
    expect(ok(PromptItemSchema, noFile)).toBe(false);
  });

  it('rejects unknown labels and exposures, and negative or fractional sizes', () => {
    expect(ok(PromptItemSchema, item({ label: 'video' }))).toBe(false);
    expect(ok(PromptItemSchema, item({ exposure: 'public' }))).toBe(false);
    expect(ok(PromptItemSchema, item({ size: -1 }))).toBe(false);
    expect(ok(PromptItemSchema, item({ size: 1.5 }))).toBe(false);
    for (const label of ['image', 'avatar', 'banner', 'community-icon', 'community-banner', 'site-icon', 'site-banner', 'matrix-file', 'matrix-encrypted']) {
      expect(ok(PromptItemSchema, item({ label })), label).toBe(true);
    }
    for (const exposure of ['lemmy', 'matrix', 'matrix-encrypted']) expect(ok(PromptItemSchema, item({ exposure })), exposure).toBe(true);
  });
});

describe('ToDialogSchema', () => {
  it('accepts items and reveal', () => {
    expect(ok(ToDialogSchema, { t: 'items', version: 3, items: [item(), item({ id: 'b', file: null })] })).toBe(true);
    expect(ok(ToDialogSchema, { t: 'items', version: 0, items: [] })).toBe(true);
    expect(ok(ToDialogSchema, { t: 'reveal' })).toBe(true);
  });

  it('rejects unknown t, a missing t, bad items and more than 256 items', () => {
    for (const t of ['decide', 'checked', 'ready', 'close', 'REVEAL', '', undefined]) expect(ok(ToDialogSchema, { t }), String(t)).toBe(false);
    expect(ok(ToDialogSchema, { t: 'items', version: 1.5, items: [] })).toBe(false);
    expect(ok(ToDialogSchema, { t: 'items', version: 1 })).toBe(false);
    expect(ok(ToDialogSchema, { t: 'items', version: 1, items: [item({ file: 'x' })] })).toBe(false);
    expect(ok(ToDialogSchema, { t: 'items', version: 1, items: Array.from({ length: 256 }, () => item()), more: 3, unreadable: true })).toBe(true);
    expect(ok(ToDialogSchema, { t: 'items', version: 1, items: Array.from({ length: 257 }, () => item()) })).toBe(false);
    expect(ok(ToDialogSchema, null)).toBe(false);
    expect(ok(ToDialogSchema, 'reveal')).toBe(false);
  });
});

describe('FromDialogSchema', () => {
  it('accepts ready, checked and decide', () => {
    const valid = [
      { t: 'ready' },
      { t: 'checked', version: 2, found: true },
      { t: 'checked', version: 0, found: false },
      { t: 'decide', upload: true, remember: null },
      { t: 'decide', upload: false, remember: null },
      { t: 'decide', upload: true, remember: 'allow' },
      { t: 'decide', upload: false, remember: 'never' },
    ];
    for (const m of valid) expect(FromDialogSchema.parse(m), JSON.stringify(m)).toEqual(m);
  });

  it('rejects unknown t and malformed bodies', () => {
    for (const t of ['items', 'reveal', 'approve', 'allow', '', undefined]) expect(ok(FromDialogSchema, { t, upload: true, remember: null }), String(t)).toBe(false);
    expect(ok(FromDialogSchema, { t: 'decide', upload: true })).toBe(false);
    expect(ok(FromDialogSchema, { t: 'decide', upload: 'yes', remember: null })).toBe(false);
    expect(ok(FromDialogSchema, { t: 'decide', upload: true, remember: 'always' })).toBe(false);
    expect(ok(FromDialogSchema, { t: 'checked', version: 1.5, found: true })).toBe(false);
    expect(ok(FromDialogSchema, { t: 'checked', version: 1 })).toBe(false);
  });
});
