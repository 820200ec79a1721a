import type { PublicGet } from '../instances';
import { lemmyContacts } from '../platforms/lemmy-admin';
import { matrixContacts } from '../platforms/matrix-admin';
import { safeUrl } from '../platforms/shared';
import type { Contact, ContactDiscovery } from './types';

export { supportOrigin } from '../platforms/matrix-admin';

export const MAX_CONTACTS = 20;

/**
 * Who can be asked to erase files at an instance, and where that was found. Never throws; waits for nothing but `get`.
 * Lemmy: the site document's admins and legal information. Matrix: /.well-known/matrix/support, which is served on the
 * server name's domain (not the client API's host when they differ): ask `supportOrigin(serverName)` too. What each
 * platform publishes is read in its admin file (utils/platforms/*-admin.ts); the shared field checks are here.
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
    else if (platform === 'lemmy') await lemmyContacts(origin, get, add, problems);
    else await matrixContacts(origin, get, add, problems);
  } catch {
    problems.push('Looking for contacts failed unexpectedly');
  }
  if (!found.size) problems.push(`No contact found for ${origin ?? 'this instance'}`);
  return { instanceOrigin, contacts: [...found.values()], problems };
}

