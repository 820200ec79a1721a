// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SettingsToggle } from '@/components/SettingsToggle';
import { SitePanel } from '@/components/SitePanel';
import { UploadList } from '@/components/UploadList';
import type { PageMessage, PageNotice, SiteView } from '@/utils/messages';
import type { UploadView } from '@/utils/records';
import { uploadRecord } from './helpers';

/** The backup reminder's defaults (issue 14): 20 uploads or 30 days. */
const REMINDERS = { backupReminder: true, backupReminderUploads: 20, backupReminderDays: 30 };

vi.mock('@/utils/i18n', () => import('./i18n-fake'));

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const LEMMY = 'https://lemmy.example';
const NOW = Date.now();
const view = (over: Partial<SiteView> = {}): SiteView => ({ origin: LEMMY, uploads: [], problems: [], capturedToday: 0, ...over });
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

describe('SitePanel', () => {
  it('shows the empty state with the site host', () => {
    render(<SitePanel view={view()} />, root);
    expect(text(root.querySelector('h2'))).toBe('Uploads on lemmy.example');
    expect(text(root.querySelector('.empty h3'))).toBe('Nothing uploaded here yet');
    expect(text(root.querySelector('.empty p'))).toMatch(/^When you upload an image or file to Lemmy or Matrix/);
    expect(root.querySelector('ul')).toBeNull();
    expect(root.querySelector('[role=alert]')).toBeNull();
  });

  it('shows the last problem in a role=alert banner with the count', () => {
    const problems = [
      { at: 1, pageOrigin: LEMMY, reason: 'first' },
      { at: 2, pageOrigin: LEMMY, reason: 'storage quota exceeded' },
    ];
    render(<SitePanel view={view({ problems })} />, root);
    const alert = root.querySelector('[role=alert]');
    expect(text(alert)).toBe('Takeback could not record 2 upload(s) on this site. Last reason: storage quota exceeded');
    expect(alert?.classList.contains('problem')).toBe(true);
  });

  it('lists uploads instead of the empty state', () => {
    const uploads = [uploadRecord({ id: 'a', uploadedAt: NOW }), uploadRecord({ id: 'b', uploadedAt: NOW })];
    render(<SitePanel view={view({ uploads })} />, root);
    expect(root.querySelector('.empty')).toBeNull();
    const list = root.querySelector('ul.uploads');
    expect(list?.getAttribute('aria-label')).toBe('Uploads on lemmy.example');
    expect(list?.querySelectorAll('li.upload')).toHaveLength(2);
  });
});

describe('UploadList rows', () => {
  it('show name, kind, size, host, status, time and the preview alt text', () => {
    const upload = uploadRecord({
      id: 'r1',
      fileName: 'cat photo.png',
      size: 1536,
      instanceOrigin: 'https://lemmy.example:8443',
      thumb: 'data:image/jpeg;base64,AAAA',
      uploadedAt: NOW - 5 * 60_000,
    });
    render(<UploadList uploads={[upload]} label="Uploads" now={NOW} />, root);
    const row = root.querySelector('li.upload')!;
    expect(row.getAttribute('data-id')).toBe('r1');
    expect(row.getAttribute('data-key')).toBe(upload.key);
    expect(text(row.querySelector('.name'))).toBe('cat photo.png');
    expect(row.querySelector('.name')?.getAttribute('title')).toBe('cat photo.png');
    expect(text(row.querySelector('.details'))).toBe('Image · 1.5 kB · to lemmy.example:8443');
    expect(text(row.querySelector('.status'))).toBe('Captured');
    expect(row.querySelector('.status')?.classList.contains('status-captured')).toBe(true);
    expect(text(row.querySelector('time'))).toBe('5 minutes ago');
    expect(row.querySelector('time')?.getAttribute('datetime')).toBe(new Date(upload.uploadedAt).toISOString());
    const img = row.querySelector('img.thumb');
    expect(img?.getAttribute('alt')).toBe('Preview of cat photo.png');
    expect(img?.getAttribute('src')).toBe('data:image/jpeg;base64,AAAA');
  });

  it('an encrypted Matrix attachment without name or preview', () => {
    const upload = uploadRecord({
      id: 'm1',
      platform: 'matrix',
      kind: 'attachment',
      fileName: null,
      mime: 'application/octet-stream',
      size: 2048,
      encrypted: true,
      roomId: '!abc:example.org',
      instanceOrigin: 'https://matrix-client.example.org',
      uploadedAt: NOW,
    });
    render(<UploadList uploads={[upload]} label="Uploads" now={NOW} />, root);
    const row = root.querySelector('li.upload')!;
    expect(text(row.querySelector('.name'))).toBe('Unnamed file');
    expect(text(row.querySelector('.details'))).toBe('Attachment · 2 kB · to matrix-client.example.org · in room !abc:example.org · Encrypted');
    expect(row.querySelector('img')).toBeNull();
    const placeholder = row.querySelector('.thumb.placeholder');
    expect(placeholder?.getAttribute('aria-hidden')).toBe('true');
    expect(text(placeholder)).toBe('app');
  });

  it.each([
    ['thumbnail', 'Thumbnail'],
    ['avatar', 'Avatar'],
    ['room-avatar', 'Room avatar'],
    ['community-banner', 'Community banner'],
    ['site-icon', 'Site icon'],
  ] as const)('kind %s is labelled %j', (kind, label) => {
    render(<UploadList uploads={[uploadRecord({ id: 'k', kind, size: null, uploadedAt: NOW })]} label="Uploads" now={NOW} />, root);
    expect(text(root.querySelector('.details'))).toBe(`${label} · to lemmy.example`);
  });

  it('an empty list renders no rows and reports its count', () => {
    render(<UploadList uploads={[]} label="Uploads" now={NOW} />, root);
    expect(root.querySelectorAll('li')).toHaveLength(0);
    expect(root.querySelector('ul')?.getAttribute('data-count')).toBe('0');
  });
});

describe('popup rows: Delete', () => {
  let sent: PageMessage[];
  /** The stub background's answer to list-site (what the ledger holds now) and to delete. */
  let listed: UploadView[];
  let deleteReply: () => Promise<unknown>;
  beforeEach(() => {
    fakeBrowser.reset();
    sent = [];
    listed = [];
    deleteReply = async () => ({ jobId: 'j1' });
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: PageMessage) => {
      sent.push(m);
      if (m.type === 'list-site') return view({ uploads: listed });
      if (m.type === 'delete') return deleteReply();
      if (m.type === 'live-url') return { url: null };
      return undefined;
    }) as never);
  });
  /** What the row's actions asked for (not the confirmation's look-up of the file's address). */
  const actions = () => sent.filter((m) => m.type !== 'live-url');
  /** Delete, then the row's confirmation (it shows the file as the instance serves it), then Delete <name>. */
  async function confirmDelete(id: string) {
    await act(async () => {
      deleteButton(id)!.click();
    });
    expect(actions()).not.toContainEqual({ type: 'delete', ids: [id] });
    await act(async () => {
      rowOf(id).querySelector<HTMLButtonElement>('button[name="confirm-delete"]')!.click();
    });
  }

  const deleteButton = (id: string) => root.querySelector<HTMLButtonElement>(`li.upload[data-id="${id}"] button[name="delete"]`);
  const rowOf = (id: string) => root.querySelector<HTMLElement>(`li.upload[data-id="${id}"]`)!;
  async function notify(notice: PageNotice) {
    await act(async () => {
      await fakeBrowser.runtime.onMessage.trigger(notice, {}, () => {});
    });
  }

  it('each deletable row has a labelled Delete button; gone and admin-only ones have none', () => {
    const uploads = [
      uploadRecord({ id: 'a', fileName: 'cat.png', uploadedAt: NOW }),
      uploadRecord({ id: 'b', fileName: 'gone.png', uploadedAt: NOW, status: 'verified-gone', checkedAt: NOW, proofUrl: 'https://lemmy.example/pictrs/image/b-alias.png', proofStatus: 404 }),
      uploadRecord({ id: 'c', fileName: 'x.png', uploadedAt: NOW, status: 'needs-admin', reason: 'no-api-key' }),
      uploadRecord({ id: 'd', fileName: 'y.png', uploadedAt: NOW, status: 'failed', reason: 'logged-out' }),
      uploadRecord({ id: 'e', fileName: 'z.png', uploadedAt: NOW, status: 'failed', reason: 'wrong-token', serverRecordDropped: true }),
    ];
    render(<SitePanel view={view({ uploads })} />, root);
    expect(text(deleteButton('a'))).toBe('Delete');
    expect(deleteButton('a')?.getAttribute('aria-label')).toBe('Delete cat.png');
    expect(deleteButton('b')).toBeNull();
    expect(deleteButton('c')).toBeNull();
    expect(deleteButton('e')).toBeNull(); // Lemmy dropped its record after a refused token: no blind retry
    expect(text(deleteButton('d'))).toBe('Try again');
    expect(text(rowOf('d').querySelector('.status'))).toBe('Not deleted');
    expect(text(rowOf('d').querySelector('.reason'))).toBe('Log in to lemmy.example in this browser, then retry');
    expect(deleteButton('d')?.getAttribute('aria-describedby')).toBe('reason-d');
    expect(text(rowOf('b').querySelector('.status'))).toBe('Gone');
    expect(text(rowOf('b').querySelector('.reason'))).toMatch(/^Gone: https:\/\/lemmy\.example\/pictrs\/image\/b-alias\.png answered 404 on /);
    expect(text(rowOf('c').querySelector('.reason'))).toBe('lemmy.example has not set up deleting images; only its admin can');
  });

  it('Delete sends {type: delete, ids: [id]}, stays disabled while deleting, and the status follows ledger-changed', async () => {
    const a = uploadRecord({ id: 'a', fileName: 'cat.png', uploadedAt: NOW });
    const b = uploadRecord({ id: 'b', fileName: 'dog.png', uploadedAt: NOW });
    render(<SitePanel view={view({ uploads: [a, b] })} />, root);
    await confirmDelete('a');
    expect(actions()).toEqual([{ type: 'delete', ids: ['a'] }]);
    expect(deleteButton('a')!.disabled).toBe(true);
    expect(text(deleteButton('a'))).toBe('Deleting…');
    expect(deleteButton('b')!.disabled).toBe(false);

    listed = [{ ...a, status: 'deleting' }, b];
    await notify({ type: 'ledger-changed', ids: ['a'] });
    await vi.waitFor(() => expect(text(rowOf('a').querySelector('.status'))).toBe('Deleting…'));
    expect(actions().at(-1)).toEqual({ type: 'list-site', site: LEMMY });
    expect(deleteButton('a')!.disabled).toBe(true);
    expect(rowOf('a').dataset.status).toBe('deleting');

    listed = [{ ...a, status: 'verified-gone', checkedAt: NOW, statusAt: NOW, proofUrl: `${a.url}`, proofStatus: 404 }, b];
    await notify({ type: 'ledger-changed', ids: ['a'] });
    await vi.waitFor(() => expect(text(rowOf('a').querySelector('.status'))).toBe('Gone'));
    expect(deleteButton('a')).toBeNull();
    expect(text(rowOf('a').querySelector('.reason'))).toMatch(/answered 404 on/);
  });

  it('a delete that ends where it started (failed again) frees the button once a notice names the record', async () => {
    const a = uploadRecord({ id: 'a', uploadedAt: NOW, status: 'failed', reason: 'logged-out' });
    render(<SitePanel view={view({ uploads: [a] })} />, root);
    await confirmDelete('a');
    expect(deleteButton('a')!.disabled).toBe(true);
    listed = [{ ...a, reason: 'logged-out', statusAt: NOW + 1 }];
    await notify({ type: 'ledger-changed', ids: ['a'] });
    await vi.waitFor(() => expect(deleteButton('a')!.disabled).toBe(false));
    expect(text(deleteButton('a'))).toBe('Try again');
  });

  it('a refused request shows why in the row and enables the button again', async () => {
    deleteReply = () => Promise.reject(new Error('Could not establish connection'));
    render(<SitePanel view={view({ uploads: [uploadRecord({ id: 'a', uploadedAt: NOW })] })} />, root);
    await confirmDelete('a');
    await vi.waitFor(() => expect(text(rowOf('a').querySelector('[role=alert]'))).toBe('Could not start the delete: Could not establish connection'));
    expect(deleteButton('a')!.disabled).toBe(false);
  });

  it('a new capture on the site (ledger-changed) is listed without reopening the popup', async () => {
    await act(async () => {
      render(<SitePanel view={view()} />, root);
    });
    expect(root.querySelector('.empty')).not.toBeNull();
    listed = [uploadRecord({ id: 'n', fileName: 'new.png', uploadedAt: NOW })];
    await notify({ type: 'ledger-changed', ids: ['n'] });
    await vi.waitFor(() => expect(root.querySelectorAll('li.upload')).toHaveLength(1));
    expect(sent.filter((m) => m.type === 'list-site')).toHaveLength(1);
  });
});

describe('SettingsToggle', () => {
  beforeEach(() => fakeBrowser.reset());

  it('loads the stored setting and saves a change', async () => {
    await fakeBrowser.storage.local.set({ settings: { thumbnails: false } });
    await act(async () => {
      render(<SettingsToggle />, root);
    });
    const box = root.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    await vi.waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(false);
    expect(text(root.querySelector('label'))).toBe('Keep small previews of uploaded images');
    await act(async () => {
      box.click();
    });
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({ thumbnails: true, askDelayMs: 1500, alwaysAsk: false, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS }));
    expect(box.checked).toBe(true);
  });
});
