import type { AdminStep, AdminTopic, ErasureItem, InstanceTarget } from '../erasure/types';
import { commandOrigin, curl, stepsOf, isCommandSafe, strictEncode, unique } from '../erasure/commands';
import { z } from 'zod';
import { EMAIL_IN_TEXT, getJson, isEmail, label, list, text, webUrl, type AddContact } from '../erasure/contact-fields';
import type { Contact } from '../erasure/types';
import type { PublicGet } from '../instances';
import { lemmyAtLeast } from './lemmy-version';
import { isUserId } from './matrix-admin';

/** Lemmy 1.0: the admin endpoint purges through pict-rs, which removes every alias of the file (lemmy-protocol.md §1). */
export function lemmyPurgeCommand(origin: string, alias: string): string {
  const headers = ['Authorization: Bearer $LEMMY_ADMIN_JWT', 'Content-Type: application/json'];
  return curl('DELETE', headers, `${origin}/api/v4/image`, JSON.stringify({ filename: alias }));
}

/**
 * pict-rs POST /internal/purge?alias= (every alias and variant of the file), run inside the pict-rs container: its port
 * is not published, and the API key is in its environment. The official image is Alpine without curl, so this uses
 * busybox wget (`--post-data=` makes it a POST with an empty body). The key variable is PICTRS__SERVER__API_KEY since
 * pict-rs 0.4, PICTRS__API_KEY before; the service is `pictrs` in Lemmy's and lemmy-ansible's compose files, and pict-rs
 * listens on 8080 unless PICTRS__SERVER__ADDRESS says otherwise. The alias is strictly percent-encoded, so it needs no
 * quoting inside either quote level.
 */
export function pictrsPurgeCommand(alias: string): string {
  const url = `http://127.0.0.1:8080/internal/purge?alias=${strictEncode(alias)}`;
  const key = '${PICTRS__SERVER__API_KEY:-$PICTRS__API_KEY}';
  return `docker compose exec pictrs sh -c 'wget -q -O- --post-data= --header="X-Api-Token: ${key}" "${url}"'`;
}

/** The admin appendix for one Lemmy instance and its items (items of other instances or platforms are ignored). */
export function lemmyAdminSteps(target: InstanceTarget, items: ErasureItem[]): AdminStep[] {
  const origin = commandOrigin(target.instanceOrigin);
  const mine = items.filter((item) => item.platform === 'lemmy' && item.instanceOrigin === target.instanceOrigin);
  if (!mine.length) return [];
  const step = stepsOf(target);
  /** One command per item; null: none can be built (no valid origin), so every item is listed as skipped. */
  const perItem = (topic: AdminTopic, command: ((alias: string) => string) | null): AdminStep => {
    const usable = command ? mine.filter((item) => isCommandSafe(item.key)) : [];
    const skipped = command ? mine.filter((item) => !isCommandSafe(item.key)).map((item) => item.id) : mine.map((item) => item.id);
    const commands = command ? unique(usable.map((item) => command(item.key))) : [];
    return step(topic, commands, skipped.length ? { skipped } : {});
  };

  const pictrs = perItem('lemmy-pictrs-purge', pictrsPurgeCommand);
  const v1 = perItem('lemmy-1.0-purge', origin ? (alias) => lemmyPurgeCommand(origin, alias) : null);
  const steps: AdminStep[] = [];
  if (target.software === 'lemmy-1.0') steps.push(v1);
  else if (target.software === 'lemmy-unknown') steps.push(pictrs, v1);
  else {
    steps.push(pictrs);
    // lemmy-ui 0.19.4 added the admin settings' list of every upload with its uploader (lemmy-protocol.md Q5).
    if (origin && target.software === 'lemmy-0.19' && lemmyAtLeast(target.version, [0, 19, 4])) steps.push(step('lemmy-admin-uploads', [`${origin}/admin`]));
  }
  return [...steps, step('remote-copies', [])];
}

const MAX_ADMINS = 50;
const MAX_LEGAL_CHARS = 256 * 1024;
const MAX_LEGAL_EMAILS = 5;
const LEMMY_NAME = /^[A-Za-z0-9_]{1,100}$/;

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


/**
 * Who runs a Lemmy instance, from its site document (v3, else v4): the legal page and addresses in it first (where an
 * instance names who answers data-protection requests), then each admin's profile, Matrix id and e-mail.
 */
export async function lemmyContacts(origin: string, get: PublicGet, add: AddContact, problems: string[]) {
  for (const path of ['/api/v3/site', '/api/v4/site']) {
    const url = origin + path;
    const json = await getJson(url, get, problems);
    if (json === undefined) continue;
    const site = LemmySite.safeParse(json);
    if (!site.success) {
      problems.push(`${url} did not answer a Lemmy site document`);
      continue;
    }
    const contacts = contactsInSite(origin, url, site.data);
    contacts.forEach(add);
    if (contacts.length) return;
    problems.push(`${url} named no admin and no legal information`);
  }
}

function contactsInSite(origin: string, url: string, site: z.infer<typeof LemmySite>): Contact[] {
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
