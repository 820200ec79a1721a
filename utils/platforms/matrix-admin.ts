import { z } from 'zod';
import type { AdminStep, AdminTopic, ErasureItem, InstanceTarget, ServerSoftware } from '../erasure/types';
import { commandOrigin, curl, stepsOf, unique } from '../erasure/commands';
import { MAX_ERROR_BODY_CHARS } from '../deletion';
import { getJson, isEmail, label, list, text, webUrl, type AddContact } from '../erasure/contact-fields';
import type { PublicGet } from '../instances';
import { parseJson } from './shared';

import { isServerName, isUserId, parseMxc, userServer, type Mxc } from './matrix-ids';

export { isServerName, isUserId, parseMxc, userServer, type Mxc };

const sameServer = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function synapseDeleteCommand(origin: string, { server, mediaId }: Mxc): string {
  const url = `${origin}/_synapse/admin/v1/media/${encodeURIComponent(server)}/${encodeURIComponent(mediaId)}`;
  return curl('DELETE', ['Authorization: Bearer $SYNAPSE_ADMIN_TOKEN'], url);
}

export function synapseUserMediaCommand(origin: string, userId: string): string {
  return curl('DELETE', ['Authorization: Bearer $SYNAPSE_ADMIN_TOKEN'], `${origin}/_synapse/admin/v1/users/${encodeURIComponent(userId)}/media`);
}

export function mediaRepoPurgeCommand(origin: string, { server, mediaId }: Mxc): string {
  const url = `${origin}/_matrix/media/unstable/admin/purge/${encodeURIComponent(server)}/${encodeURIComponent(mediaId)}`;
  return curl('POST', ['Authorization: Bearer $ADMIN_TOKEN'], url);
}

/** Pasted in continuwuity's admin room (the conduwuit family's `!admin media delete`). */
export const continuwuityDeleteCommand = ({ server, mediaId }: Mxc) => `!admin media delete --mxc mxc://${server}/${mediaId}`;

/** The admin appendix for one Matrix homeserver and its items (items of other origins or platforms are ignored). */
export function matrixAdminSteps(target: InstanceTarget, items: ErasureItem[]): AdminStep[] {
  const origin = commandOrigin(target.instanceOrigin);
  const home = isServerName(target.serverName) ? target.serverName : null;
  const mine = items.filter((item) => item.platform === 'matrix' && item.instanceOrigin === target.instanceOrigin);
  if (!mine.length) return [];
  const local: Array<{ item: ErasureItem; mxc: Mxc }> = [];
  const skipped: string[] = [];
  const remote: string[] = [];
  for (const item of mine) {
    const mxc = parseMxc(item.mxc ?? item.key);
    if (!mxc) skipped.push(item.id);
    // Synapse: "Can only delete local media". Without the server name we cannot tell, and a remote one only gets a 400.
    else if (home && !sameServer(mxc.server, home)) remote.push(item.id);
    else local.push({ item, mxc });
  }
  const step = stepsOf(target);
  const perItem = (topic: AdminTopic, command: ((mxc: Mxc) => string) | null): AdminStep[] => {
    const commands = command ? unique(local.map(({ mxc }) => command(mxc))) : [];
    const missed = command ? skipped : [...skipped, ...local.map(({ item }) => item.id)];
    return commands.length || missed.length ? [step(topic, commands, missed.length ? { skipped: missed } : {})] : [];
  };

  const synapse = () => [
    ...perItem('synapse-delete-media', origin ? (mxc) => synapseDeleteCommand(origin, mxc) : null),
    ...(origin ? userMediaSteps(origin, home, mine, step) : []),
    step('synapse-caveats', []),
  ];
  const mediaRepo = () => perItem('matrix-media-repo-purge', origin ? (mxc) => mediaRepoPurgeCommand(origin, mxc) : null);
  const continuwuity = () => perItem('continuwuity-delete', continuwuityDeleteCommand);
  const steps =
    target.software === 'synapse'
      ? synapse()
      : target.software === 'matrix-media-repo'
        ? mediaRepo()
        : target.software === 'continuwuity'
          ? continuwuity()
          : [...synapse(), ...mediaRepo(), ...continuwuity()];
  return [...steps, step('remote-copies', [], remote.length ? { itemIds: remote } : {})];
}

/** One step per uploader account of this server (Synapse: "Can only look up local users"), first seen first. */
function userMediaSteps(origin: string, home: string | null, items: ErasureItem[], step: (t: AdminTopic, c: string[], e: Partial<AdminStep>) => AdminStep) {
  const byAccount = new Map<string, string[]>();
  for (const item of items) {
    const server = userServer(item.account);
    if (!item.account || !server || (home && !sameServer(server, home))) continue;
    const ids = byAccount.get(item.account);
    if (ids) ids.push(item.id);
    else byAccount.set(item.account, [item.id]);
  }
  return [...byAccount].map(([account, itemIds]) => step('synapse-delete-user-media', [synapseUserMediaCommand(origin, account)], { itemIds }));
}

const FederationVersionSchema = z.object({
  server: z.object({
    name: z.string().trim().min(1).max(64).regex(/^[\x20-\x7e]+$/),
    version: z.string().max(128).optional().catch(undefined),
  }),
});

/** GET /_matrix/federation/v1/version (no auth): {"server":{"name":"Synapse","version":"1.140.0"}}, or null. */
export function parseFederationVersion(status: number, body: string | null | undefined): { name: string; version?: string } | null {
  if (status !== 200 || typeof body !== 'string' || body.length > MAX_ERROR_BODY_CHARS) return null;
  const parsed = FederationVersionSchema.safeParse(parseJson(body));
  if (!parsed.success) return null;
  const { name, version } = parsed.data.server;
  return version ? { name, version } : { name };
}

// By name as each reports itself (continuwuity src/core/info/version.rs: "continuwuity"; its predecessor "conduwuit").
// Conduit, Dendrite and others have no media delete we know of: 'matrix-unknown' lists each known one, labelled.
const SOFTWARE = new Map<string, ServerSoftware>([
  ['synapse', 'synapse'],
  ['continuwuity', 'continuwuity'],
  ['conduwuit', 'continuwuity'],
]);

/** matrix-media-repo serves the media whatever the homeserver is, so its purge is the one that removes the file. */
export function matrixSoftware(name: string | undefined, mediaRepo: boolean | undefined): ServerSoftware {
  if (mediaRepo) return 'matrix-media-repo';
  return (name && SOFTWARE.get(name.trim().toLowerCase())) || 'matrix-unknown';
}


const MAX_SUPPORT_CONTACTS = 40;
const Support = z.object({ contacts: list, support_page: text(2048) });
const SupportContact = z.object({ matrix_id: text(255), email_address: text(254), role: text(64) });


/** The origin that serves a server name's /.well-known/matrix files: https and the host, without the port. */
export function supportOrigin(serverName: string): string | null {
  return isServerName(serverName) ? `https://${serverName.replace(/:\d{1,5}$/, '')}` : null;
}


const ROLE_ORDER = ['m.role.admin', 'm.role.security'];
function roleRank(role: string | undefined): number {
  const rank = ROLE_ORDER.indexOf(role ?? '');
  return rank < 0 ? ROLE_ORDER.length : rank;
}

/** Who runs a Matrix server, from its /.well-known/matrix/support (MSC1929): admins first, then other roles, then the page. */
export async function matrixContacts(origin: string, get: PublicGet, add: AddContact, problems: string[]) {
  const url = `${origin}/.well-known/matrix/support`;
  const json = await getJson(url, get, problems);
  if (json === undefined) return;
  const doc = Support.safeParse(json);
  if (!doc.success) return void problems.push(`${url} is not a support document`);
  const contacts = (doc.data.contacts ?? [])
    .slice(0, MAX_SUPPORT_CONTACTS)
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
