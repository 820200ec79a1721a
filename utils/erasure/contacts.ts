import { z } from 'zod';
import type { PublicGet } from '../instances';
import { MAX_VERSION_DOC_CHARS } from '../platforms/lemmy-version';
import { isServerName, userServer } from '../platforms/matrix-admin';
import { parseJson, safeUrl } from '../platforms/shared';
import type { Contact, ContactDiscovery } from './types';

export const MAX_CONTACTS = 20;
const MAX_ADMINS = 50;
const MAX_LEGAL_CHARS = 256 * 1024;
const MAX_LEGAL_EMAILS = 5;

// Each field is read on its own: one of the wrong type or size is dropped, not the whole answer. Unknown keys
// (`__proto__` included) are never copied.
const text = (max: number) => z.string().max(max).optional().catch(undefined);
const list = z.array(z.unknown()).optional().catch(undefined);

const LemmyPerson = z.object({
  name: text(100),
  display_name: text(100),
  actor_id: text(2048),
  ap_id: text(2048),
  matrix_user_id: text(255),
  email: text(254),
});
const LemmyAdmin = z.object({ person: LemmyPerson });
const LemmySite = z.object({
  admins: list,
  site_view: z.object({ local_site: z.object({ legal_information: text(MAX_LEGAL_CHARS) }).optional().catch(undefined) }).optional().catch(undefined),
});

const Support = z.object({ contacts: list, support_page: text(2048) });
const SupportContact = z.object({ matrix_id: text(255), email_address: text(254), role: text(64) });

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}/g;
const LEMMY_NAME = /^[A-Za-z0-9_]{1,100}$/;
// Controls and bidirectional overrides would let a name disguise itself in the list the user picks from.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const isEmail = (value: unknown): value is string => typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
const isUserId = (value: unknown): value is string => userServer(value) !== null;
const webUrl = (value: string | undefined) => (value === undefined ? null : safeUrl(value)?.href ?? null);
const label = (value: string | undefined) => value?.replace(HIDDEN, '').trim().slice(0, 100) || undefined;

/**
 * Who can be asked to erase files at an instance, and where that was found. Never throws; waits for nothing but `get`.
 * Lemmy: the site document's admins and legal information. Matrix: /.well-known/matrix/support, which is served on the
 * server name's domain (not the client API's host when they differ): pass `supportOrigin(serverName)`.
 */
export async function discoverContacts(instanceOrigin: string, platform: 'lemmy' | 'matrix', get: PublicGet): Promise<ContactDiscovery> {
  const found = new Map<string, Contact>();
  const problems: string[] = [];
  const add = (contact: Contact) => {
    const key = `${contact.kind} ${contact.kind === 'email' ? contact.value.toLowerCase() : contact.value}`;
    if (found.size < MAX_CONTACTS && !found.has(key)) found.set(key, contact);
  };
  const origin = safeUrl(instanceOrigin)?.origin;
  try {
    if (!origin) problems.push(`${String(instanceOrigin).slice(0, 200)} is not a web address`);
    else if (platform === 'lemmy') await lemmy(origin, get, add, problems);
    else await matrix(origin, get, add, problems);
  } catch {
    problems.push('Looking for contacts failed unexpectedly');
  }
  if (!found.size) problems.push(`No contact found for ${origin ?? 'this instance'}`);
  return { instanceOrigin, contacts: [...found.values()], problems };
}

/** The origin that serves a server name's /.well-known/matrix files: https and the host, without the port. */
export function supportOrigin(serverName: string): string | null {
  return isServerName(serverName) ? `https://${serverName.replace(/:\d{1,5}$/, '')}` : null;
}

async function getJson(url: string, get: PublicGet, problems: string[]): Promise<unknown> {
  let answer: Awaited<ReturnType<PublicGet>> | undefined;
  try {
    answer = await get(url);
  } catch {
    answer = undefined;
  }
  const status = typeof answer?.status === 'number' ? answer.status : 0;
  const body = answer?.body;
  if (status === 0) problems.push(`${url} could not be reached`);
  else if (status !== 200) problems.push(`${url} answered ${status}`);
  else if (typeof body !== 'string' || body.length > MAX_VERSION_DOC_CHARS) problems.push(`${url} answered no usable body (empty or too large)`);
  else {
    const json = parseJson(body);
    if (json === undefined) problems.push(`${url} did not answer valid JSON`);
    return json;
  }
  return undefined;
}

type Add = (contact: Contact) => void;

async function lemmy(origin: string, get: PublicGet, add: Add, problems: string[]) {
  for (const path of ['/api/v3/site', '/api/v4/site']) {
    const url = origin + path;
    const json = await getJson(url, get, problems);
    if (json === undefined) continue;
    const site = LemmySite.safeParse(json);
    if (!site.success) {
      problems.push(`${url} did not answer a Lemmy site document`);
      continue;
    }
    const contacts = lemmyContacts(origin, url, site.data);
    contacts.forEach(add);
    if (contacts.length) return;
    problems.push(`${url} named no admin and no legal information`);
  }
}

function lemmyContacts(origin: string, url: string, site: z.infer<typeof LemmySite>): Contact[] {
  const out: Contact[] = [];
  const add = (contact: Contact) => void out.push(contact);
  // The legal page first: an instance that has one names there who answers data-protection requests.
  const legal = site.site_view?.local_site?.legal_information;
  if (legal?.trim()) {
    const source = `${url} (legal_information)`;
    add({ kind: 'web', value: `${origin}/legal`, label: 'legal information', source });
    const emails = new Set((legal.match(EMAIL_IN_TEXT) ?? []).filter(isEmail));
    for (const email of [...emails].slice(0, MAX_LEGAL_EMAILS)) add({ kind: 'email', value: email, source });
  }
  const source = `${url} (admins)`;
  for (const entry of (site.admins ?? []).slice(0, MAX_ADMINS)) {
    const admin = LemmyAdmin.safeParse(entry);
    if (!admin.success) continue;
    const { name, display_name, actor_id, ap_id, matrix_user_id, email } = admin.data.person;
    const who = label(display_name) ?? label(name);
    const profile = webUrl(actor_id) ?? webUrl(ap_id) ?? (name && LEMMY_NAME.test(name) ? `${origin}/u/${name}` : null);
    const named = who ? { label: who } : {};
    if (profile) add({ kind: 'lemmy-user', value: profile, ...named, source });
    if (isUserId(matrix_user_id)) add({ kind: 'matrix', value: matrix_user_id, ...named, source });
    if (isEmail(email)) add({ kind: 'email', value: email, ...named, source });
  }
  return out;
}

const ROLE_ORDER = ['m.role.admin', 'm.role.security'];
function roleRank(role: string | undefined): number {
  const rank = ROLE_ORDER.indexOf(role ?? '');
  return rank < 0 ? ROLE_ORDER.length : rank;
}

async function matrix(origin: string, get: PublicGet, add: Add, problems: string[]) {
  const url = `${origin}/.well-known/matrix/support`;
  const json = await getJson(url, get, problems);
  if (json === undefined) return;
  const doc = Support.safeParse(json);
  if (!doc.success) return void problems.push(`${url} is not a support document`);
  const contacts = (doc.data.contacts ?? [])
    .slice(0, MAX_CONTACTS * 2)
    .flatMap((entry) => {
      const parsed = SupportContact.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    })
    .sort((a, b) => roleRank(a.role) - roleRank(b.role));
  const source = `${url} (contacts)`;
  for (const { matrix_id, email_address, role } of contacts) {
    const who = label(role?.replace(/^m\.role\./, ''));
    const named = who ? { label: who } : {};
    if (isUserId(matrix_id)) add({ kind: 'matrix', value: matrix_id, ...named, source });
    if (isEmail(email_address)) add({ kind: 'email', value: email_address, ...named, source });
  }
  const page = webUrl(doc.data.support_page);
  if (page) add({ kind: 'web', value: page, label: 'support page', source: `${url} (support_page)` });
}

