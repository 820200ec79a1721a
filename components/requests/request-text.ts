// Words, dates, file names and links for the erasure-request pages; no components here.
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '@/utils/i18n';
import { hostOf } from '@/utils/format';
import { awaitedBy, isDue } from '@/utils/erasure/requests';
import { LETTER_LANGUAGES, type Contact, type ErasureRequest, type IsoDate, type LetterKind, type LetterLanguage, type SentVia } from '@/utils/erasure/types';
import type { PageMessage } from '@/utils/messages';

/** A message to the background; its answer typed by the caller. */
export const send = <T>(message: PageMessage) => browser.runtime.sendMessage(message) as Promise<T>;

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The browser's UI language tag, or undefined where the browser does not say (the runtime's default is used). */
export function uiLocale(): string | undefined {
  try {
    return browser.i18n.getUILanguage() || undefined;
  } catch {
    return undefined;
  }
}

/** The letter language matching the browser's UI language, else English. */
export function uiLetterLanguage(): LetterLanguage {
  const prefix = (uiLocale() ?? 'en').toLowerCase().split(/[-_]/)[0];
  return LETTER_LANGUAGES.find((l) => l === prefix) ?? 'en';
}

export const LANGUAGE_NAME: Record<LetterLanguage, MessageKey> = {
  en: 'languageEn',
  de: 'languageDe',
  fr: 'languageFr',
  es: 'languageEs',
  nl: 'languageNl',
  it: 'languageIt',
};

export const SENT_VIA: readonly SentVia[] = ['email', 'matrix', 'web-form', 'post', 'other'];
export const VIA_LABEL: Record<SentVia, MessageKey> = {
  email: 'viaEmail',
  matrix: 'viaMatrix',
  'web-form': 'viaWebForm',
  post: 'viaPost',
  other: 'viaOther',
};

export const CONTACT_KIND: Record<Contact['kind'], MessageKey> = {
  email: 'contactKindEmail',
  matrix: 'contactKindMatrix',
  'lemmy-user': 'contactKindLemmy',
  web: 'contactKindWeb',
};

/** The channel a letter to this contact most likely goes by. */
export function viaFor(contact: Contact | undefined): SentVia {
  switch (contact?.kind) {
    case 'matrix':
      return 'matrix';
    case 'web':
      return 'web-form';
    case 'lemmy-user':
      return 'other';
    default:
      return 'email';
  }
}

let dayFormat: Intl.DateTimeFormat | undefined;
/** A calendar date (YYYY-MM-DD) written out in the UI language, e.g. "28 February 2027"; the day never shifts by zone. */
export function formatDay(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(0).setUTCFullYear(y, m - 1, d);
  if (Number.isNaN(at)) return date;
  dayFormat ??= new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'long', timeZone: 'UTC' });
  return dayFormat.format(at);
}

/** The calendar date of an instant in the UI (local) zone, written out. */
export function formatDayOf(ms: number): string {
  const d = new Date(ms);
  const iso = `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return formatDay(iso);
}

export const hostsOf = (r: Pick<ErasureRequest, 'instanceOrigins'>) => r.instanceOrigins.map(hostOf).join(', ');

/** Overdue first (they need the user), then newest first. */
export function sortRequests(list: readonly ErasureRequest[], today: IsoDate): ErasureRequest[] {
  const due = new Map(list.map((r) => [r.id, isDue(r, today)]));
  return [...list].sort((a, b) => Number(due.get(b.id)) - Number(due.get(a.id)) || b.createdAt - a.createdAt);
}

/** The state in a few words: Draft / Sent on … / Resolved. */
export function stateText(r: ErasureRequest): string {
  if (r.state === 'resolved') return t('requestStateResolved');
  if (r.state === 'sent' && r.sentOn) return t('requestStateSent', [formatDay(r.sentOn)]);
  return t('requestStateDraft');
}

/** The line about the deadline ('' when none runs). */
export function dueText(r: ErasureRequest, today: IsoDate): string {
  const by = awaitedBy(r);
  if (!by) return '';
  return isDue(r, today) ? t('requestOverdueShort', [formatDay(by)]) : t('requestDueShort', [formatDay(by)]);
}

// A light check: enough to tell the kinds apart and catch typos, not to validate an address.
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]{2,}$/;
const MATRIX_ID = /^@[^\s:]+:[A-Za-z0-9.-]+(?::\d{1,5})?$/;

/** What the user typed as a contact, classified; null when it is none of an email address, a Matrix id or a web address. */
export function typedContact(raw: string): Contact | null {
  const value = raw.trim().replace(/^mailto:/i, '');
  if (!value || value.length > 2048) return null;
  const source = t('recipientTypedSource');
  if (EMAIL.test(value)) return { kind: 'email', value, source };
  if (MATRIX_ID.test(value)) return { kind: 'matrix', value, source };
  const url = /^https?:\/\//i.test(value) ? value : /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\/\S*)?$/.test(value) ? `https://${value}` : null;
  if (url && URL.canParse(url)) {
    const parsed = new URL(url);
    if (/^https?:$/.test(parsed.protocol) && parsed.hostname.includes('.')) return { kind: 'web', value: parsed.href, source };
  }
  return null;
}

export const sameContact = (a: Contact | undefined, b: Contact | undefined) => !!a && !!b && a.kind === b.kind && a.value === b.value;

/** Contacts read from several origins, without repeats (an address found twice keeps its first source). */
export function mergeContacts(lists: readonly Contact[][]): Contact[] {
  const out: Contact[] = [];
  for (const list of lists) for (const c of list) if (!out.some((o) => sameContact(o, c))) out.push(c);
  return out;
}

/** takeback-erasure-lemmy.example-2027-01-31: safe in every file system. */
export function fileBase(kind: LetterKind, r: Pick<ErasureRequest, 'instanceOrigins'>, on: IsoDate): string {
  const hosts = r.instanceOrigins.map((o) => hostOf(o).replace(/[^A-Za-z0-9.-]+/g, '_')).join('+') || 'instance';
  return `takeback-${kind}-${hosts.slice(0, 100)}-${on}`;
}

/** Longer mailto: links are cut off or refused by some browsers and mail apps. */
export const MAILTO_MAX = 2000;

const mailtoPart = (s: string) => encodeURIComponent(s).replace(/%40/g, '@');

/** A mailto: link; the address only when the recipient is an email address. */
export function mailtoUrl(recipient: Contact | undefined, subject: string, body: string): string {
  const to = recipient?.kind === 'email' ? mailtoPart(recipient.value) : '';
  // Mail apps expect CRLF line breaks in a mailto body (RFC 6068).
  return `mailto:${to}?subject=${mailtoPart(subject)}&body=${mailtoPart(body.replace(/\r?\n/g, '\r\n'))}`;
}

/** The ids in the page's hash: "#id" or "#id1,id2" (several requests drafted at once). */
export function idsFromHash(hash: string): string[] {
  return hash
    .replace(/^#/, '')
    .split(',')
    .map((part) => {
      try {
        return decodeURIComponent(part).trim();
      } catch {
        return '';
      }
    })
    .filter(Boolean);
}

/** Things the page does outside itself; one object so tests can stand in for them. */
export const io = {
  /** Opens a mailto: link (the page stays: the browser hands the link to the mail app). */
  openExternal(url: string): void {
    location.href = url;
  },
  async copy(text: string): Promise<boolean> {
    try {
      if (!navigator.clipboard?.writeText) return false;
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
  download(name: string, blob: Blob): void {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
  /** Opens another page of the extension in this tab. */
  navigate(url: string): void {
    location.assign(url);
  },
};
