// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Dashboard, type DashboardSource } from '@/components/Dashboard';
import type { PageMessage, PageNotice } from '@/utils/messages';
import type { JobRecord, UploadRecord } from '@/utils/records';
import { matrixUploadRecord, uploadRecord } from './helpers';

vi.mock('@/utils/i18n', () => import('./i18n-fake'));

const LEMMY = 'https://lemmy.example';
const OTHER = 'https://other.social';
const MATRIX = 'https://matrix.example.org';
const T0 = new Date(2025, 2, 10, 12, 0).getTime();
const HOUR = 3_600_000;

let root: HTMLElement;
let sent: PageMessage[];
/** What the stub background answers, per message type (default: jobs → [], anything else → { jobId }). */
let replies: Partial<Record<PageMessage['type'], (m: PageMessage) => unknown>>;

beforeEach(() => {
  fakeBrowser.reset();
  delete document.documentElement.dataset.dashboard;
  performance.clearMarks?.('dashboard:first-rows');
  performance.clearMarks?.('dashboard:all-rows');
  root = document.createElement('div');
  document.body.append(root);
  sent = [];
  replies = {};
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: PageMessage) => {
    sent.push(m);
    const reply = replies[m.type];
    if (reply) return reply(m);
    return m.type === 'jobs' || m.type === 'capture-pauses' ? [] : m.type === 'front-ends' ? {} : { jobId: 'job-1' };
  }) as never);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);
const $$ = <E extends Element = HTMLElement>(selector: string) => [...root.querySelectorAll<E>(selector)];
const rows = () => $$('[data-testid="dashboard-row"]');
const rowIds = () => rows().map((r) => r.dataset.id);
const row = (id: string) => $(`[data-testid="dashboard-row"][data-id="${id}"]`);
const box = (id: string) => row(id)!.querySelector<HTMLInputElement>('input[name="select"]')!;
const button = (name: string) => $<HTMLButtonElement>(`button[name="${name}"]`);
/** What the page asked for besides its background reads (jobs, and the due count for the requests badge). */
const others = () => sent.filter((m) => !['jobs', 'erasure-due-count', 'front-ends', 'capture-pauses', 'live-url', 'sign-in-url'].includes(m.type));

/** A stand-in for the ledger the page reads; `records` can be changed by a test before a notice. */
function fakeSource(list: UploadRecord[], thumbs: Record<string, string> = {}) {
  const records = new Map(list.map((r) => [r.id, r]));
  const source = {
    records,
    all: vi.fn(async () => [...records.values()]),
    getMany: vi.fn(async (ids: string[]) => ids.map((id) => records.get(id)).filter((r) => r !== undefined)),
    thumbs: vi.fn(async (ids: string[]) => Object.fromEntries(ids.filter((id) => thumbs[id]).map((id) => [id, thumbs[id]!]))),
  };
  return source satisfies DashboardSource;
}

async function open(list: UploadRecord[], thumbs?: Record<string, string>) {
  const source = fakeSource(list, thumbs);
  await act(async () => {
    render(<Dashboard source={source} />, root);
  });
  await vi.waitFor(() => expect(document.documentElement.dataset.dashboard).toBe('ready'));
  return source;
}

async function act$(fn: () => void | Promise<void>) {
  await act(async () => {
    await fn();
  });
}
async function choose(name: string, value: string) {
  const el = $<HTMLSelectElement | HTMLInputElement>(`[name="${name}"]`)!;
  await act$(() => {
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}
async function type(value: string) {
  const input = $<HTMLInputElement>('input[name="search"]')!;
  await act$(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function key(target: Element, k: string, init: KeyboardEventInit = {}) {
  await act$(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
  });
}
async function click(el: Element | null, init: MouseEventInit = {}) {
  expect(el, 'element to click').toBeTruthy();
  await act$(() => {
    el!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));
  });
}
async function notify(notice: PageNotice) {
  await act$(async () => {
    await fakeBrowser.runtime.onMessage.trigger(notice, {}, () => {});
  });
}

const lemmy = (id: string, over: Partial<UploadRecord> = {}) =>
  uploadRecord({ id, fileName: `${id}.png`, uploadedAt: T0 - Number(id.replace(/\D/g, '') || 0) * HOUR, ...over });
const matrix = (id: string, over: Partial<UploadRecord> = {}) =>
  matrixUploadRecord({ id, url: `${MATRIX}/_matrix/media/v3/download/example.org/${id}`, pageOrigin: MATRIX, uploadedAt: T0 - Number(id.replace(/\D/g, '') || 0) * HOUR, ...over });

const SAMPLE = [
  lemmy('l1', { fileName: 'cat photo.png', size: 3000 }),
  lemmy('l2', { fileName: 'dog.png', size: 100, instanceOrigin: OTHER, status: 'failed', reason: 'logged-out' }),
  lemmy('l3', { fileName: 'zebra.webp', size: 2000, status: 'verified-gone', checkedAt: T0 }),
  matrix('m4', { fileName: 'report.pdf', size: 50_000, status: 'needs-admin', reason: 'no-user-delete' }),
  lemmy('l5', { fileName: 'apple.png', size: 10, status: 'still-online', reason: 'still-served' }),
];

describe('dashboard: loading and rows', () => {
  it('reads the ledger once, paints the rows, marks the page ready and the performance entry', async () => {
    const source = await open(SAMPLE);
    expect(source.all).toHaveBeenCalledTimes(1);
    expect(rowIds()).toEqual(['l1', 'l2', 'l3', 'm4', 'l5']);
    expect(rows().map((r) => r.dataset.status)).toEqual(['captured', 'failed', 'verified-gone', 'needs-admin', 'still-online']);
    expect(performance.getEntriesByName('dashboard:first-rows').length).toBeGreaterThan(0);
    expect($('main')?.dataset.state).toBe('ready');
    expect(text($('.count'))).toBe('5 upload(s)');
    expect(text($('h1'))).toBe('Takeback: all uploads');
    expect($('a.settings-link')?.getAttribute('href')).toBe('settings.html');
    expect(sent).toEqual([{ type: 'jobs' }, { type: 'erasure-due-count' }, { type: 'front-ends' }, { type: 'capture-pauses' }]);
  });

  it('a row shows name, kind, platform, host, time, status and, for Matrix, the room and event', async () => {
    await open(SAMPLE);
    const m = row('m4')!;
    const lines = [...m.querySelectorAll('.meta > *')].map(text);
    expect(lines[0]).toBe('report.pdf');
    expect(lines[1]).toBe('Attachment · Matrix · matrix.example.org');
    expect(lines[2]).toMatch(/ · in room !room:example\.org · event \$ev-m4$/);
    expect(m.querySelector('time')?.getAttribute('datetime')).toBe(new Date(T0 - 4 * HOUR).toISOString());
    expect(text(m.querySelector('.status'))).toBe('Needs an admin');
    expect(text(m.querySelector('.reason'))).toBe('Only the admin of matrix.example.org can erase the file');
    expect(text(row('l1')!.querySelectorAll('.meta > *')[1])).toBe('Image · Lemmy · lemmy.example');
    expect(box('l1').getAttribute('aria-label')).toBe('Select cat photo.png');
  });

  it('grid semantics: aria-rowcount, aria-rowindex, aria-selected, one Tab stop', async () => {
    await open(SAMPLE);
    const grid = $('[role="grid"]')!;
    expect(grid.getAttribute('aria-rowcount')).toBe('5');
    expect(grid.getAttribute('aria-multiselectable')).toBe('true');
    expect(grid.getAttribute('aria-label')).toBe('Uploads');
    expect(rows().map((r) => r.getAttribute('aria-rowindex'))).toEqual(['1', '2', '3', '4', '5']);
    expect(rows().every((r) => r.getAttribute('role') === 'row' && r.getAttribute('aria-selected') === 'false')).toBe(true);
    expect(rows().every((r) => r.querySelectorAll('[role="gridcell"]').length === 2)).toBe(true);
    expect($$<HTMLInputElement>('input[name="select"]').map((b) => b.tabIndex)).toEqual([0, -1, -1, -1, -1]);
  });

  it('the empty state explains and offers an import; a bad address is refused inline', async () => {
    await open([]);
    expect(rows()).toHaveLength(0);
    expect(text($('#empty-title'))).toBe('Nothing recorded yet');
    expect($('[role="grid"]')).toBeNull();
    const input = $<HTMLInputElement>('input[name="import-address"]')!;
    await act$(() => {
      input.value = 'ftp://nope.example';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act$(() => $<HTMLFormElement>('form[name="import-form"]')!.requestSubmit());
    expect(text($('#import-error'))).toMatch(/http:\/\/ or https:\/\//);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(others()).toEqual([]);
    await act$(() => {
      input.value = 'lemmy.world/c/pics';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act$(() => $<HTMLFormElement>('form[name="import-form"]')!.requestSubmit());
    expect(others()).toEqual([{ type: 'import', instanceOrigin: 'https://lemmy.world' }]);
  });

  it('paints the newest rows first while every record is still being read, then the full list', async () => {
    const source = fakeSource(SAMPLE);
    let finish!: () => void;
    const gate = new Promise<void>((r) => (finish = r));
    source.all.mockImplementation(async () => {
      await gate;
      return [...source.records.values()];
    });
    const newest = vi.fn(async (limit: number) => [...SAMPLE].sort((a, b) => b.uploadedAt - a.uploadedAt).slice(0, Math.min(limit, 2)));
    await act(async () => {
      render(<Dashboard source={{ ...source, newest }} />, root);
    });
    await vi.waitFor(() => expect(document.documentElement.dataset.dashboard).toBe('rows'));
    expect(newest).toHaveBeenCalledWith(24);
    expect(rowIds()).toEqual(['l1', 'l2']);
    expect(performance.getEntriesByName('dashboard:first-rows')).toHaveLength(1);
    expect(text($('.count'))).toBe('Loading all uploads…');
    expect($<HTMLFieldSetElement>('fieldset.filters-set')!.disabled).toBe(true);
    expect($<HTMLInputElement>('input[name="select-all"]')!.disabled).toBe(true);
    await act$(() => finish());
    await vi.waitFor(() => expect(document.documentElement.dataset.dashboard).toBe('ready'));
    expect(rowIds()).toEqual(['l1', 'l2', 'l3', 'm4', 'l5']);
    expect($<HTMLFieldSetElement>('fieldset.filters-set')!.disabled).toBe(false);
    expect(text($('.count'))).toBe('5 upload(s)');
    expect(performance.getEntriesByName('dashboard:first-rows')).toHaveLength(1);
    expect(performance.getEntriesByName('dashboard:all-rows').length).toBeGreaterThan(0);
  });

  it('an empty ledger does not flash the empty state before the full read', async () => {
    const source = fakeSource([]);
    const newest = vi.fn(async () => []);
    await act(async () => {
      render(<Dashboard source={{ ...source, newest }} />, root);
    });
    await vi.waitFor(() => expect(document.documentElement.dataset.dashboard).toBe('ready'));
    expect(text($('#empty-title'))).toBe('Nothing recorded yet');
  });

  it('a failed read shows an alert', async () => {
    const source = fakeSource([]);
    source.all.mockRejectedValueOnce(new Error('disk on fire'));
    await act(async () => {
      render(<Dashboard source={source} />, root);
    });
    await vi.waitFor(() => expect(text($('[role="alert"]'))).toBe('Takeback could not read its records: disk on fire'));
  });
});

describe('dashboard: filter, search, sort through the controls', () => {
  it('instance, platform and status selects narrow the list; counts show in the options', async () => {
    await open(SAMPLE);
    const instanceOptions = $$<HTMLOptionElement>('select[name="instance"] option').map((o) => [o.value, text(o)]);
    expect(instanceOptions).toEqual([
      ['', 'All instances'],
      [LEMMY, 'lemmy.example (3)'],
      [MATRIX, 'matrix.example.org (1)'],
      [OTHER, 'other.social (1)'],
    ]);
    expect(text($('select[name="status"] option[value="failed"]'))).toBe('Not deleted (1)');

    await choose('instance', LEMMY);
    expect(rowIds()).toEqual(['l1', 'l3', 'l5']);
    expect(text($('.count'))).toBe('3 of 5 upload(s) match');
    await choose('status', 'verified-gone');
    expect(rowIds()).toEqual(['l3']);
    await choose('instance', '');
    await choose('status', '');
    await choose('platform', 'matrix');
    expect(rowIds()).toEqual(['m4']);
    await click(button('clear-filters'));
    expect(rowIds()).toHaveLength(5);
    expect(button('clear-filters')).toBeNull();
  });

  it('search matches name, host, key and room; no match shows the empty result', async () => {
    await open(SAMPLE);
    await type('cat');
    expect(rowIds()).toEqual(['l1']);
    expect($('main')?.dataset.query).toBe('cat');
    await type('other.social');
    expect(rowIds()).toEqual(['l2']);
    await type('mxc://example.org/m4');
    expect(rowIds()).toEqual(['m4']);
    await type('!room:example');
    expect(rowIds()).toEqual(['m4']);
    await type('l3-alias');
    expect(rowIds()).toEqual(['l3']);
    await type('nothing like this');
    expect(rowIds()).toEqual([]);
    expect(text($('.empty h2'))).toBe('No upload matches');
  });

  it('date range filters on the day uploaded (local days, both ends included)', async () => {
    const list = [
      lemmy('d1', { uploadedAt: new Date(2025, 0, 1, 0, 0).getTime() }),
      lemmy('d2', { uploadedAt: new Date(2025, 0, 2, 23, 59).getTime() }),
      lemmy('d3', { uploadedAt: new Date(2025, 0, 3, 0, 0).getTime() }),
    ];
    await open(list);
    await choose('from', '2025-01-02');
    expect(rowIds()).toEqual(['d3', 'd2']);
    await choose('to', '2025-01-02');
    expect(rowIds()).toEqual(['d2']);
    await choose('from', '');
    expect(rowIds()).toEqual(['d2', 'd1']);
  });

  it('sort by name, size, status and instance, both ways', async () => {
    await open(SAMPLE);
    await choose('sort', 'name');
    await choose('dir', 'asc');
    expect(rowIds()).toEqual(['l5', 'l1', 'l2', 'm4', 'l3']);
    await choose('dir', 'desc');
    expect(rowIds()).toEqual(['l3', 'm4', 'l2', 'l1', 'l5']);
    await choose('sort', 'size');
    expect(rowIds()).toEqual(['m4', 'l1', 'l3', 'l2', 'l5']);
    await choose('sort', 'status');
    await choose('dir', 'asc');
    expect(rowIds()).toEqual(['l1', 'l3', 'l5', 'l2', 'm4']);
    await choose('sort', 'instance');
    expect(rowIds()).toEqual(['l1', 'l3', 'l5', 'm4', 'l2']);
    await choose('sort', 'uploadedAt');
    expect(rowIds()).toEqual(['l5', 'm4', 'l3', 'l2', 'l1']);
  });
});

describe('dashboard: 10,000 records', () => {
  const many = Array.from({ length: 10_000 }, (_, i) =>
    uploadRecord({ id: `r${i}`, fileName: `IMG_${String(i).padStart(5, '0')}.jpg`, uploadedAt: T0 - i * 60_000 }),
  );

  it('renders only the rows near the viewport, and Arrow/Page/Home/End move a roving focus through all of them', async () => {
    await open(many);
    const grid = $('[role="grid"]')!;
    expect(grid.getAttribute('aria-rowcount')).toBe('10000');
    expect(rows().length).toBeGreaterThan(3);
    expect(rows().length).toBeLessThan(30);
    expect(rowIds()[0]).toBe('r0');

    box('r0').focus();
    await key(box('r0'), 'ArrowDown');
    expect(document.activeElement).toBe(box('r1'));
    expect(box('r1').tabIndex).toBe(0);
    expect(box('r0').tabIndex).toBe(-1);
    await key(document.activeElement!, 'PageDown');
    const afterPage = (document.activeElement as HTMLElement).closest<HTMLElement>('[role="row"]')!;
    expect(Number(afterPage.getAttribute('aria-rowindex'))).toBeGreaterThan(3);
    await key(document.activeElement!, 'End');
    expect(document.activeElement).toBe(box('r9999'));
    expect(row('r9999')!.getAttribute('aria-rowindex')).toBe('10000');
    expect(rows().length).toBeLessThan(30);
    expect(row('r0')).toBeNull();
    await key(document.activeElement!, 'ArrowDown'); // already last
    expect(document.activeElement).toBe(box('r9999'));
    await key(document.activeElement!, 'PageUp');
    const afterPageUp = (document.activeElement as HTMLElement).closest<HTMLElement>('[role="row"]')!;
    expect(Number(afterPageUp.getAttribute('aria-rowindex'))).toBeLessThan(10000);
    await key(document.activeElement!, 'Home');
    expect(document.activeElement).toBe(box('r0'));
    await key(document.activeElement!, 'ArrowUp'); // already first
    expect(document.activeElement).toBe(box('r0'));
  });

  it('a keystroke in the search filters all 10,000 and still renders only a window', async () => {
    await open(many);
    await type('img_012');
    expect($('[role="grid"]')!.getAttribute('aria-rowcount')).toBe('100');
    expect(rowIds()[0]).toBe('r1200');
    expect(rows().length).toBeLessThan(30);
    expect(text($('.count'))).toBe('100 of 10,000 upload(s) match');
  });

  it('thumbnails are read for the rendered rows only, and shown', async () => {
    const source = await open(many, { r0: 'data:image/jpeg;base64,AAAA', r9000: 'data:image/jpeg;base64,BBBB' });
    await vi.waitFor(() => expect(row('r0')!.querySelector('img.thumb')?.getAttribute('src')).toBe('data:image/jpeg;base64,AAAA'));
    const asked = source.thumbs.mock.calls.flatMap(([ids]) => ids);
    expect(asked).toContain('r0');
    expect(asked).not.toContain('r9000');
    expect(asked.length).toBeLessThan(30);
    expect(row('r1')!.querySelector('img')).toBeNull();
    expect(row('r1')!.querySelector('.thumb.placeholder')?.getAttribute('aria-hidden')).toBe('true');
  });
});

describe('dashboard: selection', () => {
  it('a checkbox toggles its row; Shift+click selects the range from the last one toggled; Shift+Space too', async () => {
    const list = Array.from({ length: 8 }, (_, i) => lemmy(`s${i}`));
    await open(list);
    await click(box('s1'));
    expect(box('s1').checked).toBe(true);
    expect(row('s1')!.getAttribute('aria-selected')).toBe('true');
    await click(box('s4'), { shiftKey: true });
    expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.id)).toEqual(['s1', 's2', 's3', 's4']);
    expect(text($('.count'))).toBe('8 upload(s) · 4 selected');
    await click(box('s2')); // off
    expect(box('s2').checked).toBe(false);
    await key(box('s6'), ' ', { shiftKey: true });
    await click(box('s6'));
    // the range from s2 (toggled off last) to s6 follows s6's new state: on
    expect(list.filter((r) => box(r.id).checked).map((r) => r.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
  });

  it('"Select all shown" selects exactly the matching rows; the count and Delete selected follow', async () => {
    await open(SAMPLE);
    await choose('instance', LEMMY);
    const all = $<HTMLInputElement>('input[name="select-all"]')!;
    expect(text(all.closest('label'))).toBe('Select all 3 shown');
    await click(all);
    expect(rows().every((r) => r.getAttribute('aria-selected') === 'true')).toBe(true);
    // l3 is already gone: 2 of the 3 can be deleted
    expect(text(button('delete-selected'))).toBe('Delete 2 files on lemmy.example');
    expect(text(button('recheck'))).toBe('Check again (2)');
    await click(all);
    expect(rows().some((r) => r.getAttribute('aria-selected') === 'true')).toBe(false);
    expect(button('delete-selected')!.disabled).toBe(true);
  });
});

describe('dashboard: actions send the right ids', () => {
  it('Delete selected asks first (count and the Lemmy caveat), then sends one delete with the deletable ids', async () => {
    await open(SAMPLE);
    await choose('instance', LEMMY);
    await click($('input[name="select-all"]'));
    await click(button('delete-selected'));
    const dialog = $<HTMLDialogElement>('dialog.confirm')!;
    expect(dialog.open).toBe(true);
    expect(text(dialog.querySelector('h2'))).toBe('Delete 2 files on lemmy.example?');
    expect(text(dialog.querySelector('#confirm-body'))).toMatch(/^Takeback asks the server to delete 2 file\(s\)/);
    // The dialog names the files it deletes, and its button names the target.
    expect(text(dialog.querySelector('[data-field="file-names"]'))).toBe('Files:cat photo.png · lemmy.exampleapple.png · lemmy.example');
    expect(text(dialog.querySelector('button[name="confirm-delete"]'))).toBe('Delete 2 files on lemmy.example');
    expect(text(dialog.querySelector('.note-lemmy'))).toMatch(/^Lemmy: copies may outlive the delete\. Other instances keep the thumbnails they federated/);
    expect(dialog.querySelector('.note-matrix')).toBeNull();
    expect(dialog.querySelector('.note-lemmy-account')).toBeNull();
    expect(document.activeElement).toBe(dialog.querySelector('button[name="confirm-cancel"]'));
    expect(others()).toEqual([]);
    await click(dialog.querySelector('button[name="confirm-delete"]'));
    expect(others()).toEqual([{ type: 'delete', ids: ['l1', 'l5'] }]);
    expect($('dialog.confirm')).toBeNull();
    expect(rows().some((r) => r.getAttribute('aria-selected') === 'true')).toBe(false);
  });

  it('for Matrix items the dialog says that redacting does NOT delete the file', async () => {
    await open([matrix('m1'), matrix('m2'), lemmy('l3')]);
    await click($('input[name="select-all"]'));
    await click(button('delete-selected'));
    const dialog = $('dialog.confirm')!;
    expect(text(dialog.querySelector('h2'))).toBe('Delete 3 files on 2 sites?');
    expect(text(dialog.querySelector('.note-matrix'))).toMatch(/redacting the message does NOT delete the file: only the homeserver’s admin, or matrix-media-repo/);
    expect(dialog.querySelector('.note-lemmy')).not.toBeNull();
    await click(dialog.querySelector('button[name="confirm-cancel"]'));
    expect($('dialog.confirm')).toBeNull();
    expect(others()).toEqual([]);
  });

  it('Escape (the dialog\'s cancel event) closes without sending', async () => {
    await open([matrix('m1')]);
    await click($('input[name="select-all"]'));
    await click(button('delete-selected'));
    await act$(() => {
      $('dialog.confirm')!.dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    expect($('dialog.confirm')).toBeNull();
    expect(others()).toEqual([]);
  });

  it('"Delete everything on <host>" takes every deletable record there, also ones the search hides, and explains account deletion', async () => {
    const list = [...SAMPLE, lemmy('l6', { fileName: 'hidden.png' }), lemmy('l7', { status: 'deleting' })];
    await open(list);
    await choose('instance', LEMMY);
    await type('cat');
    expect(rowIds()).toEqual(['l1']);
    expect(text(button('delete-instance'))).toBe('Delete all 3 files on lemmy.example');
    await click(button('delete-instance'));
    const dialog = $('dialog.confirm')!;
    expect(dialog.getAttribute('data-kind')).toBe('instance');
    expect(text(dialog.querySelector('h2'))).toBe('Delete everything on lemmy.example?');
    expect(text(dialog.querySelector('.note-lemmy-account'))).toMatch(/Lemmy leaves your images online when you delete an account unless “delete content” is ticked, and never deletes images uploaded before 0\.19\.0/);
    await click(dialog.querySelector('button[name="confirm-delete"]'));
    expect(others()).toEqual([{ type: 'delete', ids: ['l1', 'l5', 'l6'] }]);
  });

  it('no instance filter: no "Delete everything" and no import', async () => {
    await open(SAMPLE);
    expect(button('delete-instance')).toBeNull();
    expect(button('import')).toBeNull();
    await choose('instance', MATRIX);
    expect(button('delete-instance')).not.toBeNull();
    expect(button('import')).toBeNull(); // Matrix has nothing to import
  });

  it('Import my uploads from <Lemmy instance>', async () => {
    await open(SAMPLE);
    await choose('instance', OTHER);
    expect(text(button('import'))).toBe('Import my uploads from other.social');
    await click(button('import'));
    expect(others()).toEqual([{ type: 'import', instanceOrigin: OTHER }]);
    expect(sent.filter((m) => m.type === 'jobs')).toHaveLength(2); // on open, and after starting the job
  });

  it('Check again sends the selected records that were deleted before; Retry failed sends the failed ones', async () => {
    await open(SAMPLE);
    await click($('input[name="select-all"]'));
    expect(text(button('recheck'))).toBe('Check again (4)');
    await click(button('recheck'));
    expect(others()).toEqual([{ type: 'recheck', ids: ['l2', 'l3', 'm4', 'l5'] }]);
    expect(text(button('retry-failed'))).toBe('Retry failed (1)');
    await click(button('retry-failed'));
    expect(others().at(-1)).toEqual({ type: 'delete', ids: ['l2'] });
  });

  it('Check again that could not look at a file (no Element session for it) says so and as whom to sign in, never nothing', async () => {
    replies.recheck = () => ({ leftOut: 0, unchecked: 1, accounts: ['@alice:example.org'] });
    await open(SAMPLE);
    await click(row('m4')!.querySelector('.name'));
    await click($('.detail button[name="recheck-one"]'));
    await vi.waitFor(() => expect(text($('.problem[role="alert"]'))).toBe("Couldn't check 1 file(s): open Element signed in as @alice:example.org, then check again."));
  });

  it('a failed request shows an alert and keeps the selection', async () => {
    replies.delete = () => Promise.reject(new Error('no background'));
    await open(SAMPLE);
    await click(box('l1'));
    await click(button('delete-selected'));
    await click($('button[name="confirm-delete"]'));
    await vi.waitFor(() => expect(text($('[role="alert"]'))).toBe('Takeback could not do that: no background'));
    expect(box('l1').checked).toBe(true);
  });
});

describe('dashboard: statuses in plain words', () => {
  const at = new Date(2025, 2, 10, 9, 30).getTime();
  it.each([
    ['captured', lemmy('a', { status: 'captured' }), 'Captured', '', /^Takeback holds the key to delete this file/],
    ['deleting', lemmy('a', { status: 'deleting' }), 'Deleting…', '', /deleting this file now/],
    ['deleted-unverified / probe-inconclusive', lemmy('a', { status: 'deleted-unverified', reason: 'probe-inconclusive' }), 'Deleted, not yet confirmed', 'The check of its address gave no clear answer yet', /checks again after 1 hour, 24 hours and 7 days/],
    [
      'verified-gone',
      // Captured on 0.19, proved after the instance moved to 1.0: the line names the v4 address really asked.
      lemmy('a', { status: 'verified-gone', checkedAt: at, url: 'https://lemmy.example/pictrs/image/a.png', proofUrl: 'https://lemmy.example/api/v4/image/a.png', proofStatus: 404 }),
      'Gone',
      `Gone: https://lemmy.example/api/v4/image/a.png answered 404 on ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at)}`,
      /^Gone: https:\/\/lemmy\.example\/api\/v4\/image\/a\.png answered 404 on /,
    ],
    [
      'verified-gone, proved before Takeback kept the address',
      lemmy('a', { status: 'verified-gone', checkedAt: at, url: 'https://lemmy.example/pictrs/image/a.png' }),
      'Gone',
      `Gone: confirmed on ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at)}`,
      /^Gone: confirmed on /,
    ],
    ['still-online / still-served', lemmy('a', { status: 'still-online', reason: 'still-served' }), 'Still online', 'The server still serves the file', /pict-rs lets browsers and proxies keep images for up to 7 days, it keeps a file uploaded twice \(under two aliases\).*other instances may hold federated copies/],
    ['failed / logged-out', lemmy('a', { status: 'failed', reason: 'logged-out' }), 'Not deleted', 'Log in to lemmy.example in this browser, then retry', /^Log in to lemmy\.example in this browser, then retry\.$/],
    ['failed / not-owner', lemmy('a', { status: 'failed', reason: 'not-owner' }), 'Not deleted', 'Only the account that uploaded it can delete it', /Log in to lemmy\.example as that account/],
    ['failed / wrong-token', lemmy('a', { status: 'failed', reason: 'wrong-token', serverRecordDropped: true }), 'Not deleted', 'The server refused the delete key', /will not retry this on its own/],
    ['failed / rate-limited', lemmy('a', { status: 'failed', reason: 'rate-limited' }), 'Not deleted', 'The server asked to slow down; try again later', /try again later/],
    ['needs-admin / no-api-key', lemmy('a', { status: 'needs-admin', reason: 'no-api-key' }), 'Needs an admin', 'lemmy.example has not set up deleting images; only its admin can', /without the image service key that deleting needs, so only its admin can erase this file/],
    ['matrix needs-admin / no-user-delete', matrix('a', { status: 'needs-admin', reason: 'no-user-delete', redactedAt: at }), 'Needs an admin', 'Only the admin of matrix.example.org can erase the file', /Redacting does not delete the file/],
  ] as const)('%s', async (_title, _record, label, reason, guidance) => {
    const record = _record as UploadRecord;
    await open([record]);
    const r = row('a')!;
    expect(text(r.querySelector('.status'))).toBe(label);
    expect(text(r.querySelector('.reason')) ?? '').toBe(reason);
    expect(text($('.detail .guidance'))).toMatch(guidance);
    // never "deleted" without a probe: only verified-gone says gone, and "Deleted" only with "not yet confirmed"
    if (record.status !== 'verified-gone') expect(text(r)).not.toMatch(/\bGone\b/);
    if (record.status !== 'deleted-unverified') expect(text(r)).not.toMatch(/\bDeleted\b/);
  });

  it('logged out: a banner and the detail offer to open the instance, and Retry resends the delete', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    await open([lemmy('a', { status: 'failed', reason: 'logged-out', instanceOrigin: OTHER }), lemmy('b', { status: 'failed', reason: 'logged-out', instanceOrigin: OTHER })]);
    const banner = $('.login-needed')!;
    expect(text(banner.querySelector('h2'))).toBe('Some deletes need you to log in');
    expect(text(banner.querySelector(`li[data-origin="${OTHER}"] span`))).toBe('Log in to other.social in this browser, then retry.');
    expect(banner.querySelectorAll('li')).toHaveLength(1);
    await click(banner.querySelector('button[name="open-instance"]'));
    expect(create).toHaveBeenCalledWith({ url: OTHER });
    await click(banner.querySelector('button[name="retry-instance"]'));
    expect(others()).toEqual([{ type: 'delete', ids: ['a', 'b'] }]);
    await vi.waitFor(() => expect(text($('.detail button[name="open-instance"]'))).toBe('Sign in on other.social'));
  });

  it('signed in only through a front end on its own origin (Photon): says so, and the button opens the instance\'s sign-in page (issue 12 §2b)', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    replies['sign-in-url'] = (m) => ({ url: (m as { id: string }).id === 'p' ? `${LEMMY}/login` : null });
    await open([lemmy('p', { status: 'failed', reason: 'front-end-login', pageOrigin: 'https://photon.example' })]);
    expect(text($('.detail .guidance'))).toBe('You are signed in through photon.example, whose login stays inside photon.example. Sign in on lemmy.example itself once, then retry.');
    expect(text(row('p')!.querySelector('.reason'))).toBe('Signed in through photon.example only: sign in on lemmy.example itself, then retry');
    const button = $<HTMLButtonElement>('.detail button[name="open-instance"]')!;
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    expect(text(button)).toBe('Sign in on lemmy.example');
    await click(button);
    expect(create).toHaveBeenCalledWith({ url: `${LEMMY}/login` });
  });

  it('the detail follows the active row', async () => {
    await open(SAMPLE);
    expect($('.detail')?.dataset.id).toBe('l1');
    box('l1').focus();
    await key(box('l1'), 'ArrowDown');
    expect($('.detail')?.dataset.id).toBe('l2');
    await act$(() => box('m4').focus());
    expect($('.detail')?.dataset.id).toBe('m4');
    const facts = Object.fromEntries($$('.detail dt').map((dt) => [text(dt), text(dt.nextElementSibling)]));
    expect(facts).toMatchObject({ Room: '!room:example.org', Event: '$ev-m4', Instance: 'matrix.example.org', Kind: 'Attachment · Matrix' });
  });
});

describe('dashboard: the file you clicked is the file you act on (issue 12 §1)', () => {
  it('a click on a row\'s name (not its checkbox) shows that file in the detail, and its Delete names and deletes it', async () => {
    await open(SAMPLE);
    expect($('.detail')?.dataset.id).toBe('l1');
    await click(row('l5')!.querySelector('.name'));
    expect($('.detail')?.dataset.id).toBe('l5');
    expect(box('l5').checked).toBe(false); // a click on the row selects nothing
    expect(document.activeElement).toBe(box('l5')); // the keyboard is where the mouse pointed
    await click(row('l1')!.querySelector('.status-line'));
    expect($('.detail')?.dataset.id).toBe('l1');
    const del = $<HTMLButtonElement>('.detail button[name="delete-one"]')!;
    expect(text(del)).toBe('Delete cat photo.png');
    await click(del);
    const dialog = $('dialog.confirm')!;
    expect(text(dialog.querySelector('button[name="confirm-delete"]'))).toBe('Delete cat photo.png');
    await click(dialog.querySelector('button[name="confirm-delete"]'));
    expect(others()).toEqual([{ type: 'delete', ids: ['l1'] }]);
  });

  it('Enter on a focused row shows it in the detail and moves the keyboard there', async () => {
    await open(SAMPLE);
    box('l1').focus();
    await key(box('l1'), 'ArrowDown');
    await key(box('l2'), 'ArrowDown');
    await key(box('m4'), 'Enter');
    expect($('.detail')?.dataset.id).toBe('m4');
    await vi.waitFor(() => expect(document.activeElement).toBe($('#detail-title')));
    expect(text($('#detail-title'))).toBe('report.pdf');
  });

  it('a detail pane never shows a file the filters hide', async () => {
    await open(SAMPLE);
    await click(row('l2')!.querySelector('.name'));
    expect($('.detail')?.dataset.id).toBe('l2');
    await choose('instance', LEMMY);
    expect($('.detail')?.dataset.id).toBe('l1');
  });

  it('job progress never says finished while a finished file\'s record still shows it in flight', async () => {
    const job: JobRecord = { id: 'job-8', kind: 'delete', state: 'running', createdAt: T0, ids: ['l1', 'l5'], done: [] };
    replies.jobs = () => [job];
    const source = await open([lemmy('l1', { status: 'deleting', statusAt: T0 + 1 }), lemmy('l5', { status: 'deleting', statusAt: T0 + 1 })]);
    await vi.waitFor(() => expect($('.job[data-job="job-8"]')).not.toBeNull());
    // The job says both are done before their records' new statuses arrive.
    await notify({ type: 'job-changed', job: { ...job, state: 'done', done: ['l1', 'l5'], finishedAt: T0 + 5 } });
    expect(text($('.job h3'))).toBe('Deleting 2 file(s)');
    expect(text($('.job-counts'))).toBe('0 of 2 done');
    source.records.set('l1', { ...source.records.get('l1')!, status: 'verified-gone', statusAt: T0 + 4 });
    await notify({ type: 'ledger-changed', ids: ['l1'] });
    await vi.waitFor(() => expect(text($('.job-counts'))).toBe('1 of 2 done · Gone 1'));
    expect(text($('.job h3'))).toBe('Deleting 2 file(s)');
    source.records.set('l5', { ...source.records.get('l5')!, status: 'verified-gone', statusAt: T0 + 5 });
    await notify({ type: 'ledger-changed', ids: ['l5'] });
    await vi.waitFor(() => expect(text($('.job h3'))).toBe('Finished deleting 2 file(s)'));
    expect(text($('.job-counts'))).toBe('2 of 2 done · Gone 2');
    expect($<HTMLProgressElement>('.job progress')!.value).toBe(2);
  });
});

describe('dashboard: live updates', () => {
  it('ledger-changed re-reads only those ids and updates, adds and removes rows', async () => {
    const source = await open(SAMPLE);
    source.records.set('l1', { ...source.records.get('l1')!, status: 'deleting' });
    source.records.set('n9', lemmy('n9', { fileName: 'new.png', uploadedAt: T0 + HOUR }));
    source.records.delete('l3');
    await notify({ type: 'ledger-changed', ids: ['l1', 'n9', 'l3'] });
    await vi.waitFor(() => expect(row('l1')?.dataset.status).toBe('deleting'));
    expect(source.getMany).toHaveBeenCalledWith(['l1', 'n9', 'l3']);
    expect(source.all).toHaveBeenCalledTimes(1);
    expect(rowIds()).toEqual(['n9', 'l1', 'l2', 'm4', 'l5']);
    expect(text(row('l1')!.querySelector('.status'))).toBe('Deleting…');
  });

  it('job progress: read on open, then follows job-changed; counts per status; Cancel sends cancel-job', async () => {
    const job: JobRecord = { id: 'job-7', kind: 'delete', state: 'running', createdAt: T0, ids: ['l1', 'l2', 'l3', 'm4', 'l5'], done: ['l3'] };
    replies.jobs = () => [job];
    const source = await open(SAMPLE);
    await vi.waitFor(() => expect($('.job[data-job="job-7"]')).not.toBeNull());
    const progress = () => $<HTMLProgressElement>('.job progress')!;
    expect(progress().max).toBe(5);
    expect(progress().value).toBe(1);
    expect(text($('.job h3'))).toBe('Deleting 5 file(s)');
    expect(text($('.job-counts'))).toBe('1 of 5 done · Gone 1');
    expect($('.job-counts')!.getAttribute('aria-live')).toBe('polite');

    source.records.set('l1', { ...source.records.get('l1')!, status: 'failed', reason: 'logged-out' });
    await notify({ type: 'ledger-changed', ids: ['l1'] });
    await notify({ type: 'job-changed', job: { ...job, done: ['l3', 'l1', 'l5'] } });
    await vi.waitFor(() => expect(text($('.job-counts'))).toBe('3 of 5 done · Gone 1 · Still online 1 · Not deleted 1'));
    expect(progress().value).toBe(3);

    await click($('.job button[name="cancel-job"]'));
    expect(others()).toEqual([{ type: 'cancel-job', jobId: 'job-7' }]);
    await notify({ type: 'job-changed', job: { ...job, state: 'cancelled', done: ['l3', 'l1', 'l5'], finishedAt: T0 + 1 } });
    expect(text($('.job h3'))).toBe('Cancelled after 3 of 5');
    expect($('.job button[name="cancel-job"]')).toBeNull();
    await click($('.job button[name="dismiss-job"]'));
    expect($('.job')).toBeNull();
  });

  it('an import job shows what was listed and added', async () => {
    await open(SAMPLE);
    await notify({ type: 'job-changed', job: { id: 'imp', kind: 'import', state: 'running', createdAt: T0, ids: [], done: [], instanceOrigin: OTHER, listed: 50, imported: 12 } });
    expect(text($('.job h3'))).toBe('Importing your uploads from other.social');
    expect(text($('.job-counts'))).toBe('50 listed, 12 new');
    expect($('.job progress')!.hasAttribute('value')).toBe(false); // indeterminate while running
  });
});

describe('dashboard: erasure requests', () => {
  const NEEDS = [
    lemmy('a1', { status: 'needs-admin', reason: 'no-api-key' }),
    lemmy('a2', { status: 'needs-admin', reason: 'no-api-key', instanceOrigin: OTHER }),
    matrix('a3', { status: 'needs-admin', reason: 'no-user-delete' }),
    lemmy('a4', { status: 'captured' }),
  ];
  let navigate: Mock<(url: string) => void>;
  beforeEach(async () => {
    const { io } = await import('@/components/requests/request-text');
    navigate = vi.fn<(url: string) => void>();
    vi.spyOn(io, 'navigate').mockImplementation(navigate);
  });
  const uiLanguage = (tag: string) => vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue(tag);

  it('Draft erasure request: disabled without a selection; sends the selected ids in the UI language and opens the first request', async () => {
    uiLanguage('de-AT');
    replies['erasure-draft'] = () => ({ requestIds: ['req-1'] });
    await open(NEEDS);
    expect(button('draft-erasure')!.disabled).toBe(true);
    await click(box('a1'));
    await click(box('a3'));
    expect(text(button('draft-erasure'))).toBe('Draft erasure request (2)');
    await click(button('draft-erasure'));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(others()).toEqual([{ type: 'erasure-draft', ids: ['a1', 'a3'], language: 'de' }]);
    expect(navigate).toHaveBeenCalledWith('chrome-extension://test-extension-id/requests.html#req-1');
  });

  it('several instances: every drafted request id goes in the hash, first one first', async () => {
    uiLanguage('en-GB');
    replies['erasure-draft'] = () => ({ requestIds: ['r/1', 'r2'] });
    await open(NEEDS);
    await click(box('a1'));
    await click(box('a2'));
    await click(button('draft-erasure'));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalled());
    expect(navigate).toHaveBeenCalledWith('chrome-extension://test-extension-id/requests.html#r%2F1,r2');
  });

  it('a UI language without a letter language drafts in English; a browser that does not say, too', async () => {
    uiLanguage('pt-BR');
    replies['erasure-draft'] = () => ({ requestIds: ['x'] });
    await open(NEEDS);
    await click(box('a4'));
    await click(button('draft-erasure'));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalled());
    expect(others()).toEqual([{ type: 'erasure-draft', ids: ['a4'], language: 'en' }]);
    vi.mocked(fakeBrowser.i18n.getUILanguage).mockImplementation(() => {
      throw new Error('i18n.getUILanguage is not available');
    });
    await click(button('draft-erasure'));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledTimes(2));
    expect(others()[1]).toEqual({ type: 'erasure-draft', ids: ['a4'], language: 'en' });
  });

  it('"everything that needs an admin": all of them, or those of the filtered instance', async () => {
    uiLanguage('fr');
    replies['erasure-draft'] = () => ({ requestIds: ['q'] });
    await open(NEEDS);
    expect(text(button('draft-erasure-admin'))).toBe('Request erasure of everything that needs an admin (3)');
    await click(button('draft-erasure-admin'));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(others()).toEqual([{ type: 'erasure-draft', ids: ['a1', 'a2', 'a3'], language: 'fr' }]);

    await choose('instance', OTHER);
    expect(text(button('draft-erasure-admin'))).toBe('Request erasure of everything on other.social that needs an admin (1)');
    await click(button('draft-erasure-admin'));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledTimes(2));
    expect(others().at(-1)).toEqual({ type: 'erasure-draft', ids: ['a2'], language: 'fr' });
  });

  it('no "needs an admin" records in scope: no such button', async () => {
    await open(SAMPLE.filter((r) => r.status !== 'needs-admin'));
    expect(button('draft-erasure-admin')).toBeNull();
  });

  it('a failed draft says so and does not navigate', async () => {
    uiLanguage('en');
    replies['erasure-draft'] = () => Promise.reject(new Error('ledger closed'));
    await open(NEEDS);
    await click(box('a1'));
    await click(button('draft-erasure'));
    await vi.waitFor(() => expect(text($('[role="alert"]'))).toBe('Takeback could not do that: ledger closed'));
    expect(navigate).not.toHaveBeenCalled();
    expect(button('draft-erasure')!.disabled).toBe(false);
  });

  it('the detail of a "needs admin" file explains the request and offers to draft it for that file', async () => {
    uiLanguage('nl-BE');
    replies['erasure-draft'] = () => ({ requestIds: ['one'] });
    await open(NEEDS);
    expect($('.detail')?.dataset.id).toBe('a1'); // needs an admin
    expect($('.detail [data-field="erasure-hint"]')).not.toBeNull();
    await act$(() => box('a4').focus());
    expect($('.detail')?.dataset.id).toBe('a4');
    expect($('.detail [data-field="erasure-hint"]')).toBeNull();
    expect($('.detail button[name="draft-erasure-one"]')).toBeNull();
    await act$(() => box('a3').focus());
    expect(text($('.detail [data-field="erasure-hint"]'))).toMatch(/write the request to the admin for you.*“Draft erasure request”/);
    await click($('.detail button[name="draft-erasure-one"]'));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('chrome-extension://test-extension-id/requests.html#one'));
    expect(others()).toEqual([{ type: 'erasure-draft', ids: ['a3'], language: 'nl' }]);
  });

  it('the requests link shows how many requests are due, in words for screen readers, and follows requests-changed', async () => {
    let due = 0;
    replies['erasure-due-count'] = () => due;
    await open(SAMPLE);
    const link = () => $<HTMLAnchorElement>('a[name="requests-link"]')!;
    expect(link().getAttribute('href')).toBe('requests.html');
    expect(text(link())).toBe('Erasure requests');
    expect(link().querySelector('.count-pill')).toBeNull();
    due = 2;
    await notify({ type: 'requests-changed' });
    await vi.waitFor(() => expect(link().querySelector('.count-pill')).not.toBeNull());
    expect(text(link().querySelector('.count-pill'))).toBe('2');
    expect(link().querySelector('.count-pill')!.getAttribute('aria-hidden')).toBe('true');
    expect(text(link().querySelector('.visually-hidden'))).toBe('(2 erasure requests are due)');
    due = 1;
    await notify({ type: 'requests-changed' });
    await vi.waitFor(() => expect(text(link().querySelector('.visually-hidden'))).toBe('(1 erasure request is due)'));
    due = 0;
    await notify({ type: 'requests-changed' });
    await vi.waitFor(() => expect(link().querySelector('.count-pill')).toBeNull());
    expect(sent.filter((m) => m.type === 'erasure-due-count')).toHaveLength(4);
  });
});

describe('dashboard: who reported each upload (issue 11 §2)', () => {
  const SITE = 'https://site.example';
  const reported = (id: string) => lemmy(id, { pageOrigin: SITE, fileName: `${id}.png` });

  it('the row and the detail say "reported by" when the reporting page is not the instance', async () => {
    await open([lemmy('l1'), reported('r2')]);
    expect(text(row('r2'))).toMatch(/reported by site\.example/);
    expect(text(row('l1'))).not.toMatch(/reported by/);
    await click(box('r2'));
    expect(text($('.detail [data-field="reported-by"]'))).toBe('reported by site.example');
    expect(text($('.detail [data-field="reported-note"]'))).toMatch(/^site\.example reported this upload to lemmy\.example/);
  });

  it('"Delete everything" leaves out the reports of an unconfirmed site, names both origins, and takes them in once confirmed', async () => {
    let confirmed: Record<string, string[]> = {};
    replies['front-ends'] = () => confirmed;
    replies['confirm-front-end'] = (m) => {
      const { instanceOrigin, pageOrigin } = m as Extract<PageMessage, { type: 'confirm-front-end' }>;
      confirmed = { [instanceOrigin]: [pageOrigin] };
      return true;
    };
    await open([lemmy('l1'), reported('r2'), reported('r3')]);
    await choose('instance', LEMMY);
    await click(button('delete-instance'));
    const dialog = $('dialog.confirm')!;
    expect(text(dialog.querySelector('.note-left-out'))).toBe(
      '2 file(s) reported by site.example are left out. Include them only if site.example is an app you use for lemmy.example.I use site.example for lemmy.example: include its 2 file(s)',
    );
    expect(text(dialog.querySelector('button[name="confirm-delete"]'))).toBe('Delete l1.png');
    await click(dialog.querySelector('button[name="confirm-front-end"]'));
    await vi.waitFor(() => expect(text($('dialog.confirm button[name="confirm-delete"]'))).toBe('Delete 3 files on lemmy.example'));
    expect(others()).toContainEqual({ type: 'confirm-front-end', instanceOrigin: LEMMY, pageOrigin: SITE });
    await click($('dialog.confirm button[name="confirm-delete"]'));
    expect(others().at(-1)).toEqual({ type: 'delete', ids: ['l1', 'r2', 'r3'] });
  });

  it('one file: the confirmation names it and who reported it, and shows it as the instance serves it now', async () => {
    replies['live-url'] = () => ({ url: `${LEMMY}/pictrs/image/r2.png` });
    const { liveIo } = await import('@/components/LiveFile');
    const fetched: string[] = [];
    const live = vi.spyOn(liveIo, 'fetch').mockImplementation(async (url) => (fetched.push(url), new Response(new Blob(['png'], { type: 'image/png' }), { headers: { 'content-type': 'image/png' } })));
    await open([reported('r2')]);
    await click(box('r2'));
    await click(button('delete-one'));
    const dialog = $('dialog.confirm')!;
    expect(text(dialog.querySelector('h2'))).toBe('Delete r2.png?');
    expect(text(dialog.querySelector('[data-field="reported-by"]'))).toMatch(/^reported by site\.example/);
    await vi.waitFor(() => expect(dialog.querySelector('figure.live-file')?.getAttribute('data-live-state')).toBe('image'));
    expect(fetched).toEqual([`${LEMMY}/pictrs/image/r2.png`]);
    expect(text(dialog.querySelector('button[name="confirm-delete"]'))).toBe('Delete r2.png');
    await click(dialog.querySelector('button[name="confirm-delete"]'));
    expect(others().at(-1)).toEqual({ type: 'delete', ids: ['r2'] });
    live.mockRestore();
  });
});
