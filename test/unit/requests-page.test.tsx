// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RequestsPage } from '@/components/requests/RequestsPage';
import { io } from '@/components/requests/request-text';
import { AUTHORITIES } from '@/utils/erasure/authorities';
import { localDate } from '@/utils/erasure/deadlines';
import { ErasureExportSchema } from '@/utils/erasure/export';
import { composeLetter, letterInput, requestContents } from '@/utils/erasure/pack';
import { createRequestService, startOfLocalDate } from '@/utils/erasure/requests';
import type { Contact, ContactDiscovery, ErasureRequest } from '@/utils/erasure/types';
import { PageMessageSchema, type ErasureDetail, type PageMessage } from '@/utils/messages';
import type { UploadRecord } from '@/utils/records';
import { matrixUploadRecord, uploadRecord } from './helpers';

vi.mock('@/utils/i18n', () => import('./i18n-fake'));

const LEMMY = 'https://lemmy.example';
const MATRIX = 'https://matrix.example.org';
const DAY = 86_400_000;
/** "Now" in these tests: 31 January 2027, noon, local time. */
const NOW = new Date(2027, 0, 31, 12, 0).getTime();
const TODAY = '2027-01-31';

let root: HTMLElement;
let sent: PageMessage[];
let store: Map<string, ErasureRequest>;
let records: Map<string, UploadRecord>;
let contacts: Record<string, ContactDiscovery | Error>;
let service: ReturnType<typeof createRequestService>;

/** A stand-in background: the real request service over an in-memory ledger, answers copied as messaging copies them. */
/** The next 'recheck' finds no session to look through (Matrix on a Synapse with authenticated media). */
let recheckCannotLook = false;

async function background(message: PageMessage): Promise<unknown> {
  const m = PageMessageSchema.parse(message); // what the real router would refuse, the tests refuse too
  switch (m.type) {
    case 'erasure-list':
      return service.list();
    case 'erasure-get': {
      const request = store.get(m.id);
      if (!request) return null;
      const found = request.itemIds.flatMap((id) => (records.has(id) ? [records.get(id)!] : []));
      return { request, records: found, instances: [] } satisfies ErasureDetail;
    }
    case 'erasure-update':
      return service.update(m.id, m.patch);
    case 'erasure-sent':
      return service.markSent(m.id, m.sentOn, m.sentVia, m.recipient);
    case 'erasure-follow-up':
      return service.markFollowUp(m.id, m.on);
    case 'erasure-resolve':
      return service.resolve(m.id);
    case 'erasure-reopen':
      return service.reopen(m.id);
    case 'erasure-delete':
      await service.remove(m.id);
      return true;
    case 'erasure-contacts': {
      const answer = contacts[m.instanceOrigin];
      if (answer instanceof Error) throw answer;
      return answer ?? { instanceOrigin: m.instanceOrigin, contacts: [], problems: [`${m.instanceOrigin}/api/v3/site answered 404`, `No contact found for ${m.instanceOrigin}`] };
    }
    case 'recheck':
      if (recheckCannotLook) return { leftOut: 0, unchecked: m.ids.length, accounts: ['@alice:example.org'] };
      for (const id of m.ids) records.set(id, { ...records.get(id)!, status: 'verified-gone', checkedAt: Date.now() });
      setTimeout(() => void fakeBrowser.runtime.onMessage.trigger({ type: 'ledger-changed', ids: m.ids }, {}, () => {}), 0);
      return { leftOut: 0, unchecked: 0, accounts: [] };
    default:
      throw new Error(`unexpected message ${m.type}`);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-GB');
  delete document.documentElement.dataset.requests;
  history.replaceState(null, '', '/requests.html');
  root = document.createElement('div');
  document.body.append(root);
  sent = [];
  store = new Map();
  records = new Map();
  contacts = {};
  let n = 0;
  service = createRequestService({
    ledger: {
      requests: {
        put: async (r) => void store.set(r.id, r),
        get: async (id) => store.get(id),
        all: async () => [...store.values()],
        byState: async (state) => [...store.values()].filter((r) => r.state === state),
        delete: async (id) => void store.delete(id),
      },
      getMany: async (ids) => ids.flatMap((id) => (records.has(id) ? [records.get(id)!] : [])),
      thumbnailsOf: async (ids) => [...records.values()].filter((r) => r.thumbnailOf !== undefined && ids.includes(r.thumbnailOf)),
    },
    now: () => Date.now(),
    today: () => localDate(Date.now()),
    startOf: startOfLocalDate,
    newId: () => `new-${++n}`,
    alarms: { create: () => {}, clear: async () => true },
    remind: async () => {},
    changed: () => setTimeout(() => void fakeBrowser.runtime.onMessage.trigger({ type: 'requests-changed' }, {}, () => {}), 0),
  });
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (m: PageMessage) => {
    sent.push(m);
    const answer = await background(m);
    return answer === undefined ? undefined : JSON.parse(JSON.stringify(answer));
  }) as never);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.useRealTimers();
});

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);
const $$ = <E extends Element = HTMLElement>(selector: string) => [...root.querySelectorAll<E>(selector)];
const button = (name: string, scope = '') => $<HTMLButtonElement>(`${scope} button[name="${name}"]`.trim());
const letterBox = () => $<HTMLTextAreaElement>('textarea[name="letter"]')!;
const of = <T extends PageMessage['type']>(type: T) => sent.filter((m): m is Extract<PageMessage, { type: T }> => m.type === type);

async function act$(fn: () => void | Promise<void>) {
  await act(async () => {
    await fn();
  });
}
async function click(el: Element | null) {
  expect(el, 'element to click').toBeTruthy();
  await act$(() => {
    el!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
  });
}
async function enter(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null, value: string) {
  expect(el, 'control').toBeTruthy();
  await act$(() => {
    el!.value = value;
    el!.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

const lemmyRecord = (id: string, over: Partial<UploadRecord> = {}) =>
  uploadRecord({ id, fileName: `${id}.png`, status: 'needs-admin', reason: 'no-api-key', uploadedAt: NOW - 10 * DAY, ...over });
const matrixRecord = (id: string, over: Partial<UploadRecord> = {}) =>
  matrixUploadRecord({ id, status: 'needs-admin', reason: 'no-user-delete', uploadedAt: NOW - 5 * DAY, ...over });

function request(id: string, over: Partial<ErasureRequest> = {}): ErasureRequest {
  return { id, createdAt: NOW - DAY, updatedAt: NOW - DAY, state: 'draft', language: 'en', itemIds: ['l1', 'l2'], instanceOrigins: [LEMMY], requester: {}, ...over };
}

/** Seeds the stand-in background, opens the page at `hash`, and waits for the list (and the editor's letter). */
async function open(requests: ErasureRequest[], list: UploadRecord[], hash = '') {
  for (const r of requests) store.set(r.id, r);
  for (const r of list) records.set(r.id, r);
  if (hash) history.replaceState(null, '', `/requests.html${hash}`);
  await act(async () => {
    render(<RequestsPage />, root);
  });
  await vi.waitFor(() => expect(document.documentElement.dataset.requests).toBe('ready'));
}
const letterReady = () => vi.waitFor(() => expect($('.request-editor[data-letter="ready"]')).not.toBeNull());

/** The letter the page should show for the request as stored, in `language`. */
function expectedLetter(id: string, patch: Partial<ErasureRequest> = {}, kind: 'erasure' | 'follow-up' = 'erasure') {
  const r = { ...store.get(id)!, ...patch };
  const { items, targets } = requestContents(r, [...records.values()], []);
  return composeLetter(kind, letterInput(r, targets, items, TODAY));
}

const LEMMY_FILES = [lemmyRecord('l1'), lemmyRecord('l2', { fileName: 'my ID card.jpg', mime: 'image/jpeg' })];

describe('requests page: list', () => {
  it('shows each request with host, state, file count and deadline; overdue first and marked in words; then newest first', async () => {
    await open(
      [
        request('draft', { createdAt: NOW - 3 * DAY }),
        request('overdue', { createdAt: NOW - 90 * DAY, state: 'sent', sentOn: '2026-12-01', sentVia: 'email', dueOn: '2027-01-01', extendedDueOn: '2027-03-01', itemIds: ['l1'] }),
        request('resolved', { createdAt: NOW - 2 * DAY, state: 'resolved', sentOn: '2027-01-02', dueOn: '2027-02-02', resolvedAt: NOW - DAY }),
        request('waiting', { createdAt: NOW - 4 * DAY, state: 'sent', sentOn: '2027-01-20', sentVia: 'matrix', dueOn: '2027-02-20', extendedDueOn: '2027-04-20', instanceOrigins: [MATRIX], itemIds: ['m1'] }),
      ],
      [...LEMMY_FILES, matrixRecord('m1')],
    );
    const items = $$('.request-list li');
    expect(items.map((li) => li.dataset.requestId)).toEqual(['overdue', 'resolved', 'draft', 'waiting']);
    expect(items.map((li) => li.dataset.overdue ?? '')).toEqual(['true', '', '', '']);
    expect(text(items[0]!.querySelector('.overdue-mark'))).toBe('⚠ Overdue');
    expect(text(items[0])).toBe('lemmy.example ⚠ Overdue Sent on 1 December 2026 · 1 file(s) Overdue: answer was due by 1 January 2027');
    expect(text(items[1])).toBe('lemmy.example Resolved · 2 file(s)');
    expect(text(items[2])).toBe('lemmy.example Draft · 2 file(s)');
    expect(text(items[3])).toBe('matrix.example.org Sent on 20 January 2027 · 1 file(s) Answer due by 20 February 2027');
    expect($$('.request-list .overdue-mark')).toHaveLength(1);
    // Opened without a hash: the first (overdue) request is shown, and the URL says so.
    expect(location.hash).toBe('#overdue');
    expect($('.request-editor')?.dataset.requestId).toBe('overdue');
    expect($('.request-list a[aria-current="true"]')?.getAttribute('href')).toBe('#overdue');
  });

  it('no requests: says how to make one', async () => {
    await open([], []);
    expect(text($('#requests-empty'))).toBe('No erasure requests yet');
    expect($('.request-editor')).toBeNull();
  });

  it('a list that cannot be read is an alert, and the page still says it is done loading', async () => {
    vi.mocked(fakeBrowser.runtime.sendMessage).mockRejectedValue(new Error('no background'));
    await act(async () => {
      render(<RequestsPage />, root);
    });
    await vi.waitFor(() => expect(text($('[role="alert"]'))).toBe('Takeback could not read your requests: no background'));
    expect(document.documentElement.dataset.requests).toBe('error');
  });
});

describe('requests page: choosing a request', () => {
  const REQUESTS = () => [request('a', { createdAt: NOW - DAY }), request('b', { createdAt: NOW - 2 * DAY, instanceOrigins: [MATRIX], itemIds: ['m1'] })];

  it('the hash selects the request; a click on the list changes the hash; Back (hashchange) returns', async () => {
    await open(REQUESTS(), [...LEMMY_FILES, matrixRecord('m1')], '#b');
    await letterReady();
    expect($('.request-editor')?.dataset.requestId).toBe('b');
    expect(text($('#request-title'))).toBe('Erasure request to matrix.example.org');

    await click($('.request-list li[data-request-id="a"] a'));
    expect(location.hash).toBe('#a');
    await letterReady();
    expect($('.request-editor')?.dataset.requestId).toBe('a');
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('request-title')); // chosen by the user: focus moves to the editor

    await act$(async () => {
      location.hash = '#b';
      await new Promise((r) => setTimeout(r, 10));
    });
    await vi.waitFor(() => expect($('.request-editor')?.dataset.requestId).toBe('b'));
    expect($('.request-list a[aria-current="true"]')?.getAttribute('href')).toBe('#b');
  });

  it('#id1,id2 (drafted together, one per instance) opens the first and says how many were drafted', async () => {
    await open(REQUESTS(), [...LEMMY_FILES, matrixRecord('m1')], '#b,a');
    await letterReady();
    expect($('.request-editor')?.dataset.requestId).toBe('b');
    expect(text($('main > [role="status"]'))).toBe('2 requests drafted, one per instance: each instance has its own admin. The first is open below; the others are in the list.');
  });

  it('a hash naming no request says it no longer exists', async () => {
    await open(REQUESTS(), LEMMY_FILES, '#gone');
    await vi.waitFor(() => expect(text($('.request-editor'))).toBe('This request no longer exists.'));
  });
});

describe('requests page: the editor', () => {
  it('summarises the files with name, address, time and status, and sets data-letter once the letter is in', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    const files = $$('.file-list li');
    expect(files.map((li) => li.dataset.itemId)).toEqual(['l1', 'l2']);
    expect(text(files[1]!.querySelector('.name'))).toBe('my ID card.jpg');
    expect(text(files[1]!.querySelector('.file-url'))).toBe('https://lemmy.example/pictrs/image/l2-alias.png');
    expect(text(files[1]!.querySelector('.status'))).toBe('Needs an admin');
    expect(files[1]!.querySelector('time')?.getAttribute('datetime')).toBe(new Date(NOW - 10 * DAY).toISOString());
    expect(text($('.request-files summary'))).toBe('2 file(s) on lemmy.example');
    expect(letterBox().value).toBe(expectedLetter('a').text);
    expect($<HTMLInputElement>('input[name="subject"]')!.value).toBe(expectedLetter('a').subject);
    expect(letterBox().value).toContain('https://lemmy.example/pictrs/image/l2-alias.png');
  });

  it('a Matrix request lists the mxc URI of each file', async () => {
    await open([request('m', { instanceOrigins: [MATRIX], itemIds: ['m1'] })], [matrixRecord('m1')], '#m');
    await letterReady();
    expect(text($('.file-list li .file-mxc'))).toBe('MXC URI: mxc://example.org/m1');
    expect(letterBox().value).toContain('mxc://example.org/m1');
  });

  it('long requests list 200 files and say how many more; the letter has them all', async () => {
    const many = Array.from({ length: 450 }, (_, i) => lemmyRecord(`x${i}`));
    await open([request('big', { itemIds: many.map((r) => r.id) })], many, '#big');
    await letterReady();
    expect($$('.file-list li')).toHaveLength(200);
    expect(text($('[data-field="more-files"]'))).toBe('and 250 more (every file is in the letter)');
    expect($<HTMLDetailsElement>('.request-files details')!.open).toBe(false);
    expect(letterBox().value).toContain('x449-alias.png');
  });
});

describe('requests page: recipient', () => {
  const ADMINS: ContactDiscovery = {
    instanceOrigin: LEMMY,
    contacts: [
      { kind: 'email', value: 'privacy@lemmy.example', source: `${LEMMY}/api/v3/site (legal_information)` },
      { kind: 'matrix', value: '@root:lemmy.example', label: 'Root', source: `${LEMMY}/api/v3/site (admins)` },
    ],
    problems: [],
  };

  it('shows the contacts found, each with its source; choosing one saves it and addresses the letter', async () => {
    contacts[LEMMY] = ADMINS;
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    await vi.waitFor(() => expect($$('input[name="recipient"]')).toHaveLength(3));
    expect(of('erasure-contacts')).toEqual([{ type: 'erasure-contacts', instanceOrigin: LEMMY, platform: 'lemmy' }]);
    const labels = $$('.contact-picker label.choice').map(text);
    expect(labels[0]).toBe('privacy@lemmy.example (Email) found at https://lemmy.example/api/v3/site (legal_information)');
    expect(labels[1]).toBe('Root: @root:lemmy.example (Matrix) found at https://lemmy.example/api/v3/site (admins)');
    expect(labels[2]).toBe('Type a contact');
    expect($$<HTMLInputElement>('input[name="recipient"]').some((r) => r.checked)).toBe(false);

    await click($('input[name="recipient"][value="@root:lemmy.example"]'));
    await vi.waitFor(() => expect(of('erasure-update')).toHaveLength(1));
    expect(of('erasure-update')[0]!.patch).toEqual({ recipient: ADMINS.contacts[1] });
    expect(store.get('a')!.recipient).toEqual(ADMINS.contacts[1]);
    expect(letterBox().value).toBe(expectedLetter('a').text);
    expect(letterBox().value).toContain('@root:lemmy.example');
    expect($<HTMLInputElement>('input[name="recipient"][value="@root:lemmy.example"]')!.checked).toBe(true);
  });

  it('a saved recipient is chosen again when the page opens', async () => {
    contacts[LEMMY] = ADMINS;
    await open([request('a', { recipient: ADMINS.contacts[0] })], LEMMY_FILES, '#a');
    await vi.waitFor(() => expect($<HTMLInputElement>('input[name="recipient"][value="privacy@lemmy.example"]')?.checked).toBe(true));
  });

  it('nothing found: "No contact found", what was tried; a typed contact is classified and saved', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await vi.waitFor(() => expect($('[data-field="no-contact"]')).not.toBeNull());
    expect(text($('[data-field="no-contact"] strong'))).toBe('No contact found for lemmy.example.');
    expect($$('[data-field="no-contact"] li').map(text)).toEqual(['https://lemmy.example/api/v3/site answered 404', 'No contact found for https://lemmy.example']);

    const typed = $<HTMLInputElement>('input[name="recipient-typed"]')!;
    await enter(typed, 'not a contact');
    await act$(() => {
      typed.dispatchEvent(new FocusEvent('blur'));
    });
    expect(text($('#recipient-typed-error'))).toMatch(/not an email address, a Matrix ID/);
    expect(typed.getAttribute('aria-invalid')).toBe('true');
    expect(of('erasure-update')).toHaveLength(0);

    await enter(typed, ' admin@lemmy.example ');
    expect($('#recipient-typed-error')).toBeNull();
    expect($<HTMLInputElement>('input[name="recipient"][value="typed"]')!.checked).toBe(true);
    await vi.waitFor(() => expect(of('erasure-update')).toHaveLength(1), { timeout: 2000 });
    expect(of('erasure-update')[0]!.patch).toEqual({ recipient: { kind: 'email', value: 'admin@lemmy.example', source: 'typed by you' } });

    await enter(typed, '@mod:lemmy.example');
    await vi.waitFor(() => expect(of('erasure-update')).toHaveLength(2), { timeout: 2000 });
    expect(of('erasure-update')[1]!.patch.recipient).toMatchObject({ kind: 'matrix', value: '@mod:lemmy.example' });

    await enter(typed, 'lemmy.example/contact');
    await vi.waitFor(() => expect(of('erasure-update')).toHaveLength(3), { timeout: 2000 });
    expect(of('erasure-update')[2]!.patch.recipient).toMatchObject({ kind: 'web', value: 'https://lemmy.example/contact' });
  });

  it('a failed lookup is an alert, and a contact can still be typed', async () => {
    contacts[LEMMY] = new Error('worker asleep');
    await open([request('a')], LEMMY_FILES, '#a');
    await vi.waitFor(() => expect(text($('.contact-picker [role="alert"]'))).toBe('Takeback could not look for contacts: worker asleep'));
    expect($('input[name="recipient-typed"]')).not.toBeNull();
  });

  it('Matrix: asks the client host and the server name of the files (/.well-known is served there)', async () => {
    contacts['https://example.org'] = {
      instanceOrigin: 'https://example.org',
      contacts: [{ kind: 'matrix', value: '@admin:example.org', label: 'admin', source: 'https://example.org/.well-known/matrix/support (contacts)' }],
      problems: [],
    };
    await open([request('m', { instanceOrigins: [MATRIX], itemIds: ['m1'] })], [matrixRecord('m1')], '#m');
    await vi.waitFor(() => expect($('input[name="recipient"][value="@admin:example.org"]')).not.toBeNull());
    expect(of('erasure-contacts').map((m) => [m.instanceOrigin, m.platform])).toEqual([
      [MATRIX, 'matrix'],
      ['https://example.org', 'matrix'],
    ]);
    expect($('[data-field="no-contact"]')).toBeNull(); // found at one of them: no "nothing found"
  });
});

describe('requests page: the letter', () => {
  it('language: six languages by their own names; switching rewrites the letter in that language and saves it', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    const select = $<HTMLSelectElement>('select[name="language"]')!;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['en', 'English'],
      ['de', 'Deutsch'],
      ['fr', 'Français'],
      ['es', 'Español'],
      ['nl', 'Nederlands'],
      ['it', 'Italiano'],
    ]);
    const english = letterBox().value;
    await enter(select, 'de');
    const german = expectedLetter('a', { language: 'de' });
    expect(letterBox().value).toBe(german.text);
    expect(german.text).not.toBe(english);
    expect($<HTMLInputElement>('input[name="subject"]')!.value).toBe(german.subject);
    expect(letterBox().value).toContain('https://lemmy.example/pictrs/image/l1-alias.png');
    await vi.waitFor(() => expect(store.get('a')!.language).toBe('de'));
    expect(of('erasure-update').map((m) => m.patch)).toEqual([{ language: 'de' }]);
  });

  it('your details: saved after a pause, blanks left out, and written into the letter', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    await enter($('input[name="requester-name"]'), 'Alex Müller');
    await enter($('input[name="requester-email"]'), '  ');
    await enter($(`input[name="requester-account"][data-origin="${LEMMY}"]`), 'alex');
    expect(of('erasure-update')).toHaveLength(0); // not per keystroke
    await vi.waitFor(() => expect(of('erasure-update')).toHaveLength(1), { timeout: 2000 });
    expect(of('erasure-update')[0]!.patch).toEqual({ requester: { name: 'Alex Müller', accounts: { [LEMMY]: 'alex' } } });
    await vi.waitFor(() => expect(letterBox().value).toBe(expectedLetter('a').text));
    expect(letterBox().value).toContain('Alex Müller');
  });

  it('an edit is saved as letterText and kept on reopening; "Use the generated text again" asks, then restores', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    const generated = letterBox().value;
    expect(button('regenerate')).toBeNull(); // nothing to restore yet
    const mine = `${generated}\nP.S. This is my passport photo, please hurry.\n`;
    await enter(letterBox(), mine);
    await vi.waitFor(() => expect(store.get('a')!.letterText).toBe(mine), { timeout: 2000 });
    expect(text($('[data-field="edited"]'))).toBe('You changed this letter; your version is kept.');

    // Reopened: the saved edit shows, not the generated text.
    render(null, root);
    await open([], [], '#a');
    await letterReady();
    expect(letterBox().value).toBe(mine);

    await click(button('regenerate'));
    expect(text($('#regenerate-ask'))).toBe('Replace your changes with the generated text?');
    expect(document.activeElement?.getAttribute('name')).toBe('regenerate-cancel');
    await click(button('regenerate-cancel'));
    expect(letterBox().value).toBe(mine);
    expect(document.activeElement?.getAttribute('name')).toBe('regenerate');
    await click(button('regenerate'));
    await click(button('regenerate-confirm'));
    expect(letterBox().value).toBe(generated);
    await vi.waitFor(() => expect(store.get('a')!.letterText).toBe(''));
    expect(button('regenerate')).toBeNull();
    expect($('[data-field="edited"]')).toBeNull();
  });

  it('an edited letter is not rewritten on a language switch, and says so', async () => {
    await open([request('a', { letterText: 'Hello admin, please erase my files.\n' })], LEMMY_FILES, '#a');
    await letterReady();
    await enter($('select[name="language"]'), 'fr');
    expect(letterBox().value).toBe('Hello admin, please erase my files.\n');
    expect(text($('[data-field="edited"]'))).toMatch(/not rewritten in Français/);
  });

  it('text that looks like a template gap is listed and turns the send buttons off until fixed', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    const sendButtons = () => ['copy', 'email', 'download-md', 'download-txt'].map((n) => button(n, '[data-letter-kind="erasure"]')!.disabled);
    expect(sendButtons()).toEqual([false, false, false, false]);
    await enter(letterBox(), 'Dear [ADMIN NAME],\nplease erase {{files}}.\n');
    expect(text($('[data-field="placeholders"]'))).toBe(
      'The letter still contains text that looks like a gap to fill in: “[ADMIN NAME]”, “{{files}}”. Change it before sending; the send buttons are turned off until then.',
    );
    expect(letterBox().getAttribute('aria-invalid')).toBe('true');
    expect(sendButtons()).toEqual([true, true, true, true]);
    await enter(letterBox(), 'Dear admin,\nplease erase the files listed below.\n');
    expect($('[data-field="placeholders"]')).toBeNull();
    expect(sendButtons()).toEqual([false, false, false, false]);
  });
});

describe('requests page: a file really named like a gap', () => {
  it('does not block sending: what the generated letter contains is the user\'s data, and only new gaps count', async () => {
    await open([request('todo', { itemIds: ['t1'] })], [lemmyRecord('t1', { fileName: 'TODO list [DRAFT].png' })], '#todo');
    await letterReady();
    expect(letterBox().value).toContain('TODO list [DRAFT].png');
    expect($('[data-field="placeholders"]')).toBeNull();
    expect(button('copy', '[data-letter-kind="erasure"]')!.disabled).toBe(false);
    await enter(letterBox(), `${letterBox().value}\nRegards, [YOUR NAME]\n`);
    expect(text($('[data-field="placeholders"]'))).toContain('“[YOUR NAME]”');
    expect(text($('[data-field="placeholders"]'))).not.toContain('TODO');
  });
});

describe('requests page: ways to send', () => {
  const EMAIL: Contact = { kind: 'email', value: 'admin@lemmy.example', source: 'typed by you' };
  let opened: string[];
  let copied: string[];
  let clipboardWorks: boolean;
  beforeEach(() => {
    opened = [];
    copied = [];
    clipboardWorks = true;
    vi.spyOn(io, 'openExternal').mockImplementation((url) => void opened.push(url));
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (value: string) => {
      if (!clipboardWorks) throw new DOMException('Document is not focused', 'NotAllowedError');
      copied.push(value);
    });
  });

  it('Copy puts the letter on the clipboard and says so; when the browser refuses, the text is selected', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    await click(button('copy'));
    await vi.waitFor(() => expect(text($('[data-outcome="send-erasure"]'))).toBe('Copied. Paste it into an email or a message to the admin.'));
    expect(copied).toEqual([letterBox().value]);

    clipboardWorks = false;
    await click(button('copy'));
    await vi.waitFor(() => expect(text($('[data-outcome-error="send-erasure"]'))).toMatch(/did not let Takeback copy\. The letter is selected/));
    expect(document.activeElement).toBe(letterBox());
    expect([letterBox().selectionStart, letterBox().selectionEnd]).toEqual([0, letterBox().value.length]);
  });

  it('a short letter opens mailto: with the address, subject and body encoded', async () => {
    await open([request('a', { recipient: EMAIL, letterText: 'Hello & goodbye,\nplease erase: 100%\n' })], LEMMY_FILES, '#a');
    await letterReady();
    await click(button('email'));
    const subject = expectedLetter('a').subject;
    expect(opened).toEqual([`mailto:admin@lemmy.example?subject=${encodeURIComponent(subject)}&body=Hello%20%26%20goodbye%2C%0D%0Aplease%20erase%3A%20100%25%0D%0A`]);
    expect(copied).toEqual([]);
    expect(text($('[data-outcome="send-erasure"]'))).toMatch(/^Your email app should open with the letter/);
  });

  it('a letter too long for a mailto: link is copied, and the mail opens with the subject and a line asking to paste', async () => {
    await open([request('a', { recipient: EMAIL })], LEMMY_FILES, '#a');
    await letterReady();
    expect(letterBox().value.length).toBeGreaterThan(2000);
    await click(button('email'));
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(copied).toEqual([letterBox().value]);
    const url = new URL(opened[0]!);
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname).toBe('admin@lemmy.example');
    expect(url.searchParams.get('subject')).toBe(expectedLetter('a').subject);
    expect(url.searchParams.get('body')).toBe('Please paste the letter here: Takeback copied it to your clipboard.');
    expect(opened[0]!.length).toBeLessThanOrEqual(2000);
    expect(text($('[data-outcome="send-erasure"]'))).toBe('The letter is too long for an email link, so Takeback copied it: paste it into the email that just opened.');
  });

  it('too long and the clipboard refused: the mail still opens, the letter is selected and the page says what to do', async () => {
    clipboardWorks = false;
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    await click(button('email'));
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]).toMatch(/^mailto:\?subject=/); // no email address chosen: the mail app asks
    expect(text($('[data-outcome-error="send-erasure"]'))).toMatch(/did not let Takeback copy it\. The letter is selected/);
    expect(document.activeElement).toBe(letterBox());
  });

  describe('downloads', () => {
    let blobs: Blob[];
    let names: string[];
    beforeEach(() => {
      blobs = [];
      names = [];
      vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
        blobs.push(blob as Blob);
        return `blob:test/${blobs.length}`;
      });
      vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        names.push(`${this.download} ${this.href}`);
      });
    });

    it('Markdown and plain text: the letter under its subject, with dated file names', async () => {
      await open([request('a')], LEMMY_FILES, '#a');
      await letterReady();
      const { subject, text: letter } = expectedLetter('a');
      await click(button('download-md'));
      await click(button('download-txt'));
      expect(names).toEqual(['takeback-erasure-lemmy.example-2027-01-31.md blob:test/1', 'takeback-erasure-lemmy.example-2027-01-31.txt blob:test/2']);
      expect(blobs.map((b) => b.type)).toEqual(['text/markdown;charset=utf-8', 'text/plain;charset=utf-8']);
      expect(await blobs[0]!.text()).toBe(`# ${subject}\n\n${letter}`);
      expect(await blobs[1]!.text()).toBe(`${subject}\n\n${letter}`);
      expect(text($('[data-outcome="send-erasure"]'))).toBe('Saved as takeback-erasure-lemmy.example-2027-01-31.txt in your downloads.');
    });

    it('JSON export validates against the published schema; CSV has a header and one row per file', async () => {
      await open([request('a')], LEMMY_FILES, '#a');
      await letterReady();
      await click(button('export-json'));
      await click(button('export-csv'));
      expect(names.map((n) => n.split(' ')[0])).toEqual(['takeback-erasure-lemmy.example-2027-01-31.json', 'takeback-erasure-lemmy.example-2027-01-31.csv']);
      expect(blobs.map((b) => b.type)).toEqual(['application/json', 'text/csv;charset=utf-8']);
      const json = ErasureExportSchema.parse(JSON.parse(await blobs[0]!.text()));
      expect(json.items.map((i) => i.url)).toEqual(['https://lemmy.example/pictrs/image/l1-alias.png', 'https://lemmy.example/pictrs/image/l2-alias.png']);
      expect(json.request.id).toBe('a');
      const csv = (await blobs[1]!.text()).replace(/^\uFEFF/, '').split('\r\n');
      expect(csv[0]).toMatch(/^instance,software,platform,kind,url,/);
      expect(csv.filter(Boolean)).toHaveLength(3);
      expect(csv[2]).toContain('my ID card.jpg');
    });
  });
});

describe('requests page: after sending', () => {
  it('Mark as sent: today by default (no later), the chosen channel and recipient; then the dates', async () => {
    const recipient: Contact = { kind: 'matrix', value: '@root:lemmy.example', source: 'typed by you' };
    await open([request('a', { recipient })], LEMMY_FILES, '#a');
    await letterReady();
    const date = $<HTMLInputElement>('input[name="sent-on"]')!;
    expect(date.value).toBe(TODAY);
    expect(date.max).toBe(TODAY);
    expect($<HTMLSelectElement>('select[name="sent-via"]')!.value).toBe('matrix'); // from the recipient
    expect([...$<HTMLSelectElement>('select[name="sent-via"]')!.options].map((o) => o.textContent)).toEqual(['Email', 'Matrix message', 'Web form', 'Post', 'Other']);

    await enter(date, '2027-02-01');
    await click(button('mark-sent'));
    expect(text($('#sent-on-error'))).toBe('Choose a date that is today or earlier.');
    expect(of('erasure-sent')).toHaveLength(0);

    await enter(date, TODAY);
    await enter($('select[name="sent-via"]'), 'email');
    await click(button('mark-sent'));
    await vi.waitFor(() => expect($('[data-field="due-on"]')).not.toBeNull());
    expect(of('erasure-sent')).toEqual([{ type: 'erasure-sent', id: 'a', sentOn: TODAY, sentVia: 'email', recipient }]);
    expect(text($('[data-field="sent"]'))).toBe('Sent on 31 January 2027 by Email');
    expect(text($('[data-field="sent-to"]'))).toBe('To: @root:lemmy.example');
    expect(text($('[data-field="due-on"]'))).toBe('Answer due by 28 February 2027 (one month, GDPR Art. 12(3))');
    expect(text($('[data-field="extended-due-on"]'))).toBe('If they extend it: by 30 April 2027');
    expect($('[data-field="overdue"]')).toBeNull();
    expect($('.request-editor')?.dataset.state).toBe('sent');
    await vi.waitFor(() => expect(text($('.request-list li[data-request-id="a"] .req-state'))).toBe('Sent on 31 January 2027'));
  });

  it('overdue: a clear notice with the date; follow-up letter generated, editable, sendable; follow-up marked', async () => {
    await open([request('a', { state: 'sent', sentOn: '2026-12-01', sentVia: 'email', dueOn: '2027-01-01', extendedDueOn: '2027-03-01' })], LEMMY_FILES, '#a');
    await letterReady();
    expect(text($('[data-field="overdue"]'))).toBe('⚠ The answer is overdue: it was due by 1 January 2027. You can send a follow-up letter, or complain to a data protection authority.');
    expect($('textarea[name="follow-up-letter"]')).toBeNull();
    await click(button('follow-up'));
    const followUp = expectedLetter('a', {}, 'follow-up');
    expect($<HTMLTextAreaElement>('textarea[name="follow-up-letter"]')!.value).toBe(followUp.text);
    expect($<HTMLInputElement>('input[name="follow-up-subject"]')!.value).toBe(followUp.subject);
    expect(followUp.subject).toContain('1 December 2026');
    expect(button('copy', '[data-letter-kind="follow-up"]')).not.toBeNull();
    await enter($('textarea[name="follow-up-letter"]'), 'Reminder: [DATE]');
    expect(button('email', '[data-letter-kind="follow-up"]')!.disabled).toBe(true);
    expect(button('email', '[data-letter-kind="erasure"]')!.disabled).toBe(false);

    await click(button('mark-follow-up-sent'));
    await vi.waitFor(() => expect($('[data-field="follow-up-on"]')).not.toBeNull());
    expect(of('erasure-follow-up')).toEqual([{ type: 'erasure-follow-up', id: 'a', on: TODAY }]);
    expect(text($('[data-field="follow-up-on"]'))).toBe('Follow-up sent on 31 January 2027; it asks for an answer by 14 February 2027.');
    expect($('[data-field="overdue"]')).toBeNull(); // now awaited until the follow-up's date
  });

  it('complaint: choose an authority (with its website and the EDPB list), then the complaint is written to it', async () => {
    await open([request('a', { state: 'sent', sentOn: '2026-12-01', sentVia: 'email', dueOn: '2027-01-01', extendedDueOn: '2027-03-01' })], LEMMY_FILES, '#a');
    await letterReady();
    expect(button('complaint')!.disabled).toBe(true);
    const select = $<HTMLSelectElement>('select[name="authority"]')!;
    const nl = AUTHORITIES.findIndex((a) => a.country === 'NL');
    expect(text(select.options[nl + 1])).toBe('Netherlands: Autoriteit Persoonsgegevens');
    await enter(select, String(nl));
    expect($<HTMLAnchorElement>('[data-field="authority-website"]')!.href).toBe('https://www.autoriteitpersoonsgegevens.nl/');
    expect($$<HTMLAnchorElement>('[data-letter-kind="complaint"] .links a').map((a) => a.href)).toContain('https://www.edpb.europa.eu/about-edpb/about-edpb/members_en');
    await click(button('complaint'));
    const complaint = $<HTMLTextAreaElement>('textarea[name="complaint-letter"]')!.value;
    const r = store.get('a')!;
    const { items, targets } = requestContents(r, [...records.values()], []);
    expect(complaint).toBe(composeLetter('complaint', letterInput(r, targets, items, TODAY, { authority: AUTHORITIES[nl]! })).text);
    expect(complaint).toContain('Autoriteit Persoonsgegevens');
    expect(complaint).toContain('https://lemmy.example/pictrs/image/l2-alias.png');
    expect(button('download-md', '[data-letter-kind="complaint"]')).not.toBeNull();
  });

  it('no follow-up or complaint before the request is sent', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    expect(button('follow-up')).toBeNull();
    expect(button('complaint')).toBeNull();
  });
});

describe('requests page: closing', () => {
  it('resolve and reopen', async () => {
    await open([request('a', { state: 'sent', sentOn: '2027-01-20', sentVia: 'email', dueOn: '2027-02-20', extendedDueOn: '2027-04-20' })], LEMMY_FILES, '#a');
    await letterReady();
    expect(text(button('resolve'))).toBe('The admin confirmed erasure');
    await click(button('resolve'));
    await vi.waitFor(() => expect($('.request-editor')?.dataset.state).toBe('resolved'));
    expect(of('erasure-resolve')).toEqual([{ type: 'erasure-resolve', id: 'a' }]);
    expect(text($('[data-field="resolved"]'))).toBe('Resolved on 31 January 2027: the admin confirmed erasure.');
    expect(button('mark-sent')).toBeNull();
    await click(button('reopen'));
    await vi.waitFor(() => expect($('.request-editor')?.dataset.state).toBe('sent'));
    expect(of('erasure-reopen')).toEqual([{ type: 'erasure-reopen', id: 'a' }]);
  });

  it('Check the files again sends recheck with the files, then shows their new status', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    await click(button('recheck-files'));
    await vi.waitFor(() => expect(text($('[data-outcome="recheck"]'))).toBe('Checked. Each file’s status is in the list of files above.'));
    expect(of('recheck')).toEqual([{ type: 'recheck', ids: ['l1', 'l2'] }]);
    expect($$('.file-list li').map((li) => li.dataset.status)).toEqual(['verified-gone', 'verified-gone']);
    expect(text($('.file-list li .status'))).toBe('Gone');
  });

  it('Check the files again never says "Checked." when the files could not be looked at: it says as whom to sign in (issue 12 §2)', async () => {
    recheckCannotLook = true;
    try {
      await open([request('a')], LEMMY_FILES, '#a');
      await letterReady();
      await click(button('recheck-files'));
      await vi.waitFor(() => expect(text($('[data-outcome-error="recheck"]'))).toBe("Couldn't check 2 file(s): open Element signed in as @alice:example.org, then check again."));
      expect($('[data-outcome-error="recheck"]')?.getAttribute('role')).toBe('alert');
      expect(text($('[data-outcome="recheck"]'))).toBe(''); // never "Checked." as well
    } finally {
      recheckCannotLook = false;
    }
  });

  it('a failed action says so in words', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    const real = vi.mocked(fakeBrowser.runtime.sendMessage).getMockImplementation() as unknown as (m: PageMessage) => Promise<unknown>;
    vi.mocked(fakeBrowser.runtime.sendMessage).mockImplementation((async (m: PageMessage) => {
      if (m.type === 'erasure-resolve') throw new Error('database is locked');
      return real(m);
    }) as never);
    await click(button('resolve'));
    await vi.waitFor(() => expect(text($('[data-outcome-error="state"]'))).toBe('Takeback could not do that: database is locked'));
    expect($('.request-editor')?.dataset.state).toBe('draft');
  });

  it('a change that cannot be saved says so, and the page keeps what the user chose', async () => {
    await open([request('a')], LEMMY_FILES, '#a');
    await letterReady();
    const real = vi.mocked(fakeBrowser.runtime.sendMessage).getMockImplementation() as unknown as (m: PageMessage) => Promise<unknown>;
    vi.mocked(fakeBrowser.runtime.sendMessage).mockImplementation((async (m: PageMessage) => {
      if (m.type === 'erasure-update') throw new Error('quota exceeded');
      return real(m);
    }) as never);
    await enter($('select[name="language"]'), 'it');
    await vi.waitFor(() => expect(text($('[data-outcome-error="save"]'))).toBe('Your change was not saved: quota exceeded'));
    expect($<HTMLSelectElement>('select[name="language"]')!.value).toBe('it');
    expect(letterBox().value).toBe(expectedLetter('a', { language: 'it' }).text);
  });

  it('delete asks first (focus on "Keep it"), then removes the request from the list', async () => {
    await open([request('a'), request('b', { createdAt: NOW - 5 * DAY })], LEMMY_FILES, '#a');
    await letterReady();
    await click(button('delete-request'));
    expect(text($('#delete-request-ask'))).toMatch(/^Delete this request\? The files stay in Takeback/);
    expect(document.activeElement?.getAttribute('name')).toBe('delete-request-cancel');
    await click(button('delete-request-cancel'));
    expect(of('erasure-delete')).toHaveLength(0);
    expect(document.activeElement?.getAttribute('name')).toBe('delete-request');
    await click(button('delete-request'));
    await click(button('delete-request-confirm'));
    await vi.waitFor(() => expect($$('.request-list li').map((li) => li.dataset.requestId)).toEqual(['b']));
    expect(of('erasure-delete')).toEqual([{ type: 'erasure-delete', id: 'a' }]);
    expect(store.has('a')).toBe(false);
    expect($('.request-editor')).toBeNull();
    expect(location.hash).toBe('');
  });
});
