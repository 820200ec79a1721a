// @vitest-environment happy-dom
// Issue 14: the backup and restore forms and the popup's reminder, as a person meets them.
import { IDBFactory } from 'fake-indexeddb';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BackupForm, MIN_PASSPHRASE } from '@/components/backup/BackupForm';
import { BackupReminder } from '@/components/backup/BackupReminder';
import { RestoreForm } from '@/components/backup/RestoreForm';
import { writeBackup } from '@/utils/backup/file';
import { createLedger, openLedger, type Ledger } from '@/utils/ledger';
import type { UploadRecord } from '@/utils/records';
import { uploadRecord } from './helpers';

vi.mock('@/utils/i18n', () => import('./i18n-fake'));

let root: HTMLElement;
let ledger: Ledger;
beforeEach(() => {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
  ledger = createLedger(openLedger());
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root')!;
});
afterEach(() => render(null, root));

const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel);
const text = (sel: string) => $(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
const plain = ({ thumb: _t, ...r }: UploadRecord & { thumb?: string }): UploadRecord => r;

async function type(sel: string, value: string) {
  const input = $<HTMLInputElement>(sel)!;
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function pick(content: string, name = 'takeback-backup-2026-12-04.takeback') {
  const input = $<HTMLInputElement>('input[name="backup-file"]')!;
  Object.defineProperty(input, 'files', { configurable: true, value: [new File([content], name)] });
  await act(async () => void input.dispatchEvent(new Event('change', { bubbles: true })));
}
const state = (sel: string) => $(sel)?.getAttribute('data-state');

describe('the restore form', () => {
  it('shows what a backup holds and what a merge would do before anything changes, then merges on one click', async () => {
    await ledger.insert([plain(uploadRecord({ id: 'here' }))]);
    const sitePolicies = { 'https://elsewhere.example': 'allow' as const };
    const file = await writeBackup({ uploads: [plain(uploadRecord({ id: 'here' })), plain(uploadRecord({ id: 'new' }))], requests: [], sitePolicies, settings: {}, frontEnds: {} }, null, Date.UTC(2026, 11, 1));
    render(<RestoreForm ledger={ledger} />, root);
    await pick(file);
    await vi.waitFor(() => expect(state('section.restore-form')).toBe('preview'));
    expect(text('[data-field="restore-counts"]')).toBe('1 new, 1 already here, 0 conflicts.');
    expect(text('[data-field="restore-preview"]')).toMatch(/2 uploads, 0 erasure requests/);
    // A site the backup would let upload without a warning is named before anything changes.
    expect(text('[data-field="restore-policies"]')).toBe('https://elsewhere.example: Always allow uploads (no warning)');
    expect(await ledger.get('new')).toBeUndefined(); // the preview wrote nothing
    expect(await fakeBrowser.storage.local.get('sitePolicies')).toEqual({});
    await act(async () => $<HTMLButtonElement>('button[name="merge-backup"]')!.click());
    await vi.waitFor(() => expect(state('section.restore-form')).toBe('done'));
    expect(text('[data-field="restore-done"]')).toMatch(/^Restored: 1 uploads added/);
    expect(await ledger.get('new')).toMatchObject({ id: 'new', deleteToken: 'token-1' });
  });

  it('asks for the passphrase of an encrypted backup, says when it is wrong, and opens with the right one', async () => {
    const file = await writeBackup({ uploads: [plain(uploadRecord({ id: 'a' }))], requests: [], sitePolicies: {}, settings: {}, frontEnds: {} }, 'the right one!', 1);
    render(<RestoreForm ledger={ledger} />, root);
    await pick(file);
    await vi.waitFor(() => expect(state('section.restore-form')).toBe('locked'));
    expect($<HTMLButtonElement>('button[name="open-backup"]')!.disabled).toBe(true);
    await type('input[name="restore-passphrase"]', 'a wrong one');
    await act(async () => $<HTMLFormElement>('form[name="unlock"]')!.requestSubmit());
    await vi.waitFor(() => expect(text('[data-field="restore-problem"]')).toBe('The passphrase is wrong, or the file was changed after it was saved. Nothing was changed.'));
    await type('input[name="restore-passphrase"]', 'the right one!');
    await act(async () => $<HTMLFormElement>('form[name="unlock"]')!.requestSubmit());
    await vi.waitFor(() => expect(state('section.restore-form')).toBe('preview'), { timeout: 5_000 });
    expect(text('[data-field="restore-counts"]')).toBe('1 new, 0 already here, 0 conflicts.');
  });

  it.each([
    ['another kind of file', 'PK\x03\x04 not a backup', 'This is not a Takeback backup file. Nothing was changed.'],
    ['a file cut short', '{"format":"takeback-backup","version":1,"createdAt":1,"upl', /^This backup is incomplete: the file was cut short/],
    ['a newer version', '{"format":"takeback-backup","version":3}', /^This backup was made by a newer version of Takeback \(file version 3\)/],
  ])('says plainly what is wrong with %s, and changes nothing', async (_what, content, said) => {
    render(<RestoreForm ledger={ledger} />, root);
    await pick(content);
    await vi.waitFor(() => expect(state('section.restore-form')).toBe('error'));
    expect(text('[data-field="restore-problem"]')).toMatch(said);
    expect(await ledger.all()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});

describe('the backup form', () => {
  it('refuses a short or mistyped passphrase, and warns before a backup without encryption', async () => {
    render(<BackupForm ledger={ledger} />, root);
    await type('input[name="passphrase"]', 'short');
    await act(async () => $<HTMLFormElement>('form.backup-form')!.requestSubmit());
    expect($('input[name="passphrase"]')!.getAttribute('aria-invalid')).toBe('true');
    expect(text('#backup-passphrase-hint')).toContain(`At least ${MIN_PASSPHRASE} characters`);
    await type('input[name="passphrase"]', 'long enough now');
    await type('input[name="passphrase-again"]', 'long enough n0w');
    await act(async () => $<HTMLFormElement>('form.backup-form')!.requestSubmit());
    expect(root.textContent).toContain('The two passphrases are not the same.');
    expect(state('form.backup-form')).toBe('idle');
    expect($('[data-field="unencrypted-warning"]')).toBeNull();
    await act(async () => $<HTMLInputElement>('input[name="unencrypted"]')!.click());
    expect(text('[data-field="unencrypted-warning"]')).toMatch(/^Without encryption, anyone who gets this file can delete every upload in it/);
    expect(text('button[name="make-backup"]')).toBe('Back up without encryption');
    expect($<HTMLInputElement>('input[name="passphrase"]')!.disabled).toBe(true);
  });
});

describe("the popup's reminder", () => {
  it('shows after 20 uploads in no backup, with how many; not for 10 a day after a backup; not once turned off', async () => {
    await ledger.insert(Array.from({ length: 25 }, (_, i) => plain(uploadRecord({ id: `r${i}`, uploadedAt: Date.now() - i }))));
    render(<BackupReminder />, root);
    await vi.waitFor(() => expect(text('[data-field="backup-reminder"]')).toBe('25 uploads are in no backup yet. Back up'));
    render(null, root);
    await fakeBrowser.storage.local.set({ backup: { lastAt: Date.now() - 86_400_000, items: 15, encrypted: true }, backedUp: Array.from({ length: 15 }, (_, i) => `r${i}`) });
    render(<BackupReminder />, root);
    await new Promise((r) => setTimeout(r, 100));
    expect($('[data-field="backup-reminder"]')).toBeNull(); // 10 in no backup, a day since the last: not yet
    render(null, root);
    await fakeBrowser.storage.local.set({ backup: null, backedUp: [], settings: { backupReminder: false } });
    render(<BackupReminder />, root);
    await new Promise((r) => setTimeout(r, 100));
    expect($('[data-field="backup-reminder"]')).toBeNull();
  });
});
