// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { originFromInput } from '@/components/AddSiteForm';
import { OptionsPage } from '@/components/OptionsPage';
import { delayMsFromSeconds } from '@/components/WarningSettings';
import { fakePermissions } from './permissions-fake';

/** The backup reminder's defaults (issue 14): 20 uploads or 30 days. */
const REMINDERS = { backupReminder: true, backupReminderUploads: 20, backupReminderDays: 30 };

vi.mock('@/utils/i18n', () => import('./i18n-fake'));

let root: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  fakePermissions();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const stored = async (key: string) => (await fakeBrowser.storage.local.get(key))[key] as Record<string, unknown> | undefined;
const $ = <E extends Element>(selector: string) => root.querySelector<E>(selector);
const policySelect = (origin: string) => $<HTMLSelectElement>(`select[name="policy"][data-origin="${origin}"]`);
const rowOrigins = () => [...root.querySelectorAll<HTMLSelectElement>('select[name="policy"]')].map((s) => s.dataset.origin);

/** The first label of a control (happy-dom, like browsers, gives form controls a NodeList of labels). */
const labelOf = (control: HTMLInputElement | HTMLSelectElement) => text(control.labels?.[0]);

/** Renders the page on the given storage.local contents and waits until it has loaded. */
async function openOptions(storage: Record<string, unknown> = {}) {
  await fakeBrowser.storage.local.set(storage);
  await act(async () => {
    render(<OptionsPage />, root);
  });
  await vi.waitFor(() => expect($('main[data-state="ready"]')).not.toBeNull());
}

/** Sets a control's value as a person would and fires the events the browser fires. */
async function enter(control: HTMLInputElement | HTMLSelectElement, value: string, events = ['input', 'change']) {
  await act(async () => {
    control.value = value;
    for (const type of events) control.dispatchEvent(new Event(type, { bubbles: true }));
  });
}

describe('options page: sites', () => {
  it('lists the stored policies sorted by origin, each select labelled with its origin', async () => {
    await openOptions({ sitePolicies: { 'https://z.example': 'allow', 'http://localhost:8080': 'never', 'https://a.example': 'never' } });
    expect(rowOrigins()).toEqual(['http://localhost:8080', 'https://a.example', 'https://z.example']);
    for (const [origin, policy] of [['https://z.example', 'allow'], ['https://a.example', 'never']] as const) {
      const select = policySelect(origin)!;
      expect(select.value).toBe(policy);
      expect(labelOf(select)).toBe(origin);
    }
    expect([...policySelect('https://a.example')!.options].map((o) => [o.value, text(o)])).toEqual([
      ['ask', 'Ask'],
      ['allow', 'Allow (no warning)'],
      ['never', 'Never upload'],
    ]);
    expect($('.empty')).toBeNull();
  });

  it('without policies explains where sites come from', async () => {
    await openOptions();
    expect(rowOrigins()).toEqual([]);
    expect(text($('.empty'))).toMatch(/appears here when you choose “Always allow” or “Never upload”.*popup/);
  });

  it('changing a select stores the policy; "Ask" removes it from storage but keeps the row until reload', async () => {
    await openOptions({ sitePolicies: { 'https://a.example': 'allow', 'https://b.example': 'never' } });
    await enter(policySelect('https://a.example')!, 'never', ['change']);
    await vi.waitFor(async () => expect(await stored('sitePolicies')).toEqual({ 'https://a.example': 'never', 'https://b.example': 'never' }));

    await enter(policySelect('https://b.example')!, 'ask', ['change']);
    await vi.waitFor(async () => expect(await stored('sitePolicies')).toEqual({ 'https://a.example': 'never' }));
    await vi.waitFor(() => expect(policySelect('https://b.example')?.value).toBe('ask'));
    expect(rowOrigins()).toEqual(['https://a.example', 'https://b.example']);

    await enter(policySelect('https://b.example')!, 'allow', ['change']);
    await vi.waitFor(async () => expect(await stored('sitePolicies')).toEqual({ 'https://a.example': 'never', 'https://b.example': 'allow' }));
    await vi.waitFor(() => expect(policySelect('https://b.example')?.value).toBe('allow'));
  });

  it('a policy changed elsewhere (popup, in-page warning) shows without reload', async () => {
    await openOptions({ sitePolicies: { 'https://a.example': 'allow' } });
    await act(() => fakeBrowser.storage.local.set({ sitePolicies: { 'https://a.example': 'never', 'https://new.example': 'allow' } }));
    await vi.waitFor(() => expect(rowOrigins()).toEqual(['https://a.example', 'https://new.example']));
    expect(policySelect('https://a.example')!.value).toBe('never');
    await act(() => fakeBrowser.storage.local.set({ sitePolicies: {} }));
    await vi.waitFor(() => expect(rowOrigins()).toEqual([]));
    expect($('.empty')).not.toBeNull();
  });
});

describe('options page: add a site', () => {
  it.each([
    ['https://lemmy.world/post/1?x#y', 'https://lemmy.world'],
    ['  http://127.0.0.1:8536/ ', 'http://127.0.0.1:8536'],
    ['lemmy.world', 'https://lemmy.world'],
    ['app.element.io:8443/#/room', 'https://app.element.io:8443'],
    ['HTTPS://Lemmy.World', 'https://lemmy.world'],
  ])('%j is the origin %s', (input, origin) => {
    expect(originFromInput(input)).toBe(origin);
  });

  it.each(['', '   ', 'ftp://files.example', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:me@example.org', 'data:text/html,hi', 'https://', 'https://user:pw@lemmy.world', 'not a site'])(
    '%j is refused',
    (input) => {
      expect(originFromInput(input)).toBeNull();
    },
  );

  it('refuses a non-web address with an inline error and stores nothing; a valid one is stored, listed and the field cleared', async () => {
    await openOptions();
    const input = $<HTMLInputElement>('input[name="site"]')!;
    const form = $<HTMLFormElement>('form[name="add-site"]')!;
    expect(labelOf(input)).toBe('Site address');
    await enter(input, 'ftp://files.example', ['input']);
    await act(async () => {
      form.requestSubmit();
    });
    const error = $('#add-site-error');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(text(error)).toMatch(/http:\/\/ or https:\/\//);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain('add-site-error');
    expect(await stored('sitePolicies')).toBeUndefined();

    await enter(input, 'lemmy.example/c/pics', ['input']);
    expect($('#add-site-error')).toBeNull();
    await enter($<HTMLSelectElement>('select[name="new-policy"]')!, 'allow', ['change']);
    await act(async () => {
      $<HTMLButtonElement>('form[name="add-site"] button[type="submit"]')!.click();
    });
    await vi.waitFor(async () => expect(await stored('sitePolicies')).toEqual({ 'https://lemmy.example': 'allow' }));
    await vi.waitFor(() => expect(policySelect('https://lemmy.example')?.value).toBe('allow'));
    expect(input.value).toBe('');
  });

  it('offers "Never upload" first and only the two policies that are stored', async () => {
    await openOptions();
    const select = $<HTMLSelectElement>('select[name="new-policy"]')!;
    expect(select.value).toBe('never');
    expect([...select.options].map((o) => o.value)).toEqual(['never', 'allow']);
    expect(labelOf(select)).toBe('Uploads from this site');
  });
});

describe('options page: upload warnings', () => {
  it.each([
    [0, 0],
    [1.5, 1500],
    [5, 5000],
    [1.3, 1500],
    [9, 5000],
    [-2, 0],
    [Number.NaN, 0],
  ])('%d s is stored as %d ms', (seconds, ms) => {
    expect(delayMsFromSeconds(seconds)).toBe(ms);
  });

  it('the delay slider shows the stored delay, shows a new one while it moves and stores it in ms when released', async () => {
    await openOptions({ settings: { askDelayMs: 2500 } });
    const slider = $<HTMLInputElement>('input[name="ask-delay"]')!;
    const output = $('output[for="ask-delay"]');
    expect([slider.type, slider.min, slider.max, slider.step]).toEqual(['range', '0', '5', '0.5']);
    expect(labelOf(slider)).toBe('Delay before the warning’s Upload button works');
    expect(slider.value).toBe('2.5');
    expect(text(output)).toBe('2.5 s');

    await enter(slider, '3.5', ['input']);
    expect(text(output)).toBe('3.5 s');
    expect(slider.getAttribute('aria-valuetext')).toBe('3.5 s');
    expect((await stored('settings'))?.askDelayMs).toBe(2500);

    await enter(slider, '3.5', ['change']);
    await vi.waitFor(async () => expect(await stored('settings')).toEqual({ thumbnails: true, askDelayMs: 3500, alwaysAsk: false, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS }));
  });

  it('the delay is clamped to 0..5 s in half seconds', async () => {
    await openOptions();
    const slider = $<HTMLInputElement>('input[name="ask-delay"]')!;
    for (const [value, ms] of [['12', 5000], ['-1', 0], ['0.7', 500]] as const) {
      await enter(slider, value);
      await vi.waitFor(async () => expect((await stored('settings'))?.askDelayMs).toBe(ms));
    }
  });

  it('"Always ask" stores alwaysAsk, and the thumbnails box is there too', async () => {
    await openOptions({ settings: { thumbnails: false } });
    const always = $<HTMLInputElement>('input[name="always-ask"]')!;
    expect(labelOf(always)).toBe('Always ask, even when the app has its own upload dialog (Element)');
    expect(always.checked).toBe(false);
    expect($<HTMLInputElement>('input[name="thumbnails"]')!.checked).toBe(false);
    await act(async () => {
      always.click();
    });
    await vi.waitFor(async () => expect(await stored('settings')).toEqual({ thumbnails: false, askDelayMs: 1500, alwaysAsk: true, capturesPerHour: 200, capturesPerDay: 1000, ...REMINDERS }));
    expect(always.checked).toBe(true);
  });

  it('settings changed elsewhere show without reload', async () => {
    await openOptions();
    await act(() => fakeBrowser.storage.local.set({ settings: { thumbnails: false, askDelayMs: 4000, alwaysAsk: true } }));
    await vi.waitFor(() => expect($<HTMLInputElement>('input[name="ask-delay"]')!.value).toBe('4'));
    expect(text($('output[for="ask-delay"]'))).toBe('4 s');
    expect($<HTMLInputElement>('input[name="always-ask"]')!.checked).toBe(true);
    expect($<HTMLInputElement>('input[name="thumbnails"]')!.checked).toBe(false);
  });
});

describe('options page', () => {
  it('has a title, a heading per section and a label for every control', async () => {
    await openOptions({ sitePolicies: { 'https://a.example': 'never' } });
    expect(text($('h1'))).toBe('Takeback settings');
    expect([...root.querySelectorAll('h2')].map(text)).toEqual(['Upload warnings', 'How many uploads a site may report', "Uploads Takeback's page hook cannot see", 'Sites']);
    const controls = [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')];
    // Firefox's build (the default here) holds the watch: no checkbox for it. The last three: backup reminders (issue 14).
    expect(controls).toHaveLength(11);
    for (const control of controls) expect(labelOf(control), control.name).toBeTruthy();
    expect(text($('button[type="submit"]'))).toBe('Add site');
  });
});

describe('options page: backup reminders (issue 14)', () => {
  it('turning reminders off stores it and disables the two thresholds; a threshold stores a whole number and refuses anything else', async () => {
    await openOptions({});
    const toggle = root.querySelector<HTMLInputElement>('input[name="backup-reminder"]')!;
    const uploads = root.querySelector<HTMLInputElement>('input[name="backup-reminder-uploads"]')!;
    expect([toggle.checked, uploads.value, root.querySelector<HTMLInputElement>('input[name="backup-reminder-days"]')!.value]).toEqual([true, '20', '30']);
    await act(async () => {
      uploads.value = '5';
      uploads.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(async () => expect(await stored('settings')).toMatchObject({ backupReminderUploads: 5 }));
    await act(async () => {
      uploads.value = '2.5';
      uploads.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(uploads.validationMessage).toBe('A whole number, 1 or more.');
    await act(async () => toggle.click());
    await vi.waitFor(async () => expect(await stored('settings')).toMatchObject({ backupReminder: false, backupReminderUploads: 5 }));
    await vi.waitFor(() => expect(root.querySelector<HTMLInputElement>('input[name="backup-reminder-uploads"]')!.disabled).toBe(true));
  });
});

describe('options page: capture limits (issue 11 §3)', () => {
  it('stores a whole number per hour and per day, and refuses anything else', async () => {
    await openOptions({});
    const perHour = root.querySelector<HTMLInputElement>('input[name="captures-per-hour"]')!;
    expect(perHour.value).toBe('200');
    expect(root.querySelector<HTMLInputElement>('input[name="captures-per-day"]')!.value).toBe('1000');
    await act(async () => {
      perHour.value = '50';
      perHour.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(async () => expect(await stored('settings')).toMatchObject({ capturesPerHour: 50, capturesPerDay: 1000 }));
    await act(async () => {
      perHour.value = '0';
      perHour.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(perHour.validationMessage).toBe('A whole number, 1 or more.');
    expect(await stored('settings')).toMatchObject({ capturesPerHour: 50 });
  });
});

describe('options page: the watch for uploads the hook cannot see (issue 11 §4, utils/unseen-watch.ts)', () => {
  const status = () => text($('[data-unseen-watch] [role=status]'));
  const toggle = () => $<HTMLInputElement>('input[name="unseen-watch"]');

  it('where the permission is optional (Chrome): off, with its cost; a click grants it, acting after a restart; a second click withdraws it', async () => {
    const held = fakePermissions({ optional: ['webRequest'] });
    await openOptions();
    await vi.waitFor(() => expect(status()).toMatch(/^Off\./));
    expect(labelOf(toggle()!)).toBe('Tell me when an upload leaves where Takeback cannot see it');
    expect(toggle()!.checked).toBe(false);
    expect(text($('[data-unseen-watch]'))).toMatch(/every request of every site.*half a millisecond/);
    await act(async () => toggle()!.click());
    await vi.waitFor(() => expect(status()).toMatch(/restart the browser/));
    expect(held.has('webRequest')).toBe(true);
    expect(toggle()!.checked).toBe(true);
    await act(async () => toggle()!.click());
    await vi.waitFor(() => expect(status()).toMatch(/^Off\./));
    expect(held.has('webRequest')).toBe(false);
    expect((await fakeBrowser.storage.session.get('unseenWatchGrantedThisSession')).unseenWatchGrantedThisSession).toBeUndefined();
  });

  it('held since the browser started: on', async () => {
    fakePermissions({ optional: ['webRequest'], granted: ['webRequest'] });
    await openOptions();
    await vi.waitFor(() => expect(status()).toBe('On.'));
    expect(toggle()!.checked).toBe(true);
  });

  it('when the browser refuses, says so and stays off', async () => {
    fakePermissions({ optional: ['webRequest'], grants: false });
    await openOptions();
    await vi.waitFor(() => expect(toggle()).not.toBeNull());
    await act(async () => toggle()!.click());
    await vi.waitFor(() => expect(text($('[data-unseen-watch] [role=alert]'))).toBe('The browser did not allow it, so nothing changed.'));
    expect(status()).toMatch(/^Off\./);
    expect(toggle()!.checked).toBe(false);
  });

  it('where the permission is held (Firefox): always on, nothing to turn off', async () => {
    fakePermissions({ granted: ['webRequest'] });
    await openOptions();
    await vi.waitFor(() => expect(status()).toMatch(/^Always on/));
    expect(toggle()).toBeNull();
  });
});
