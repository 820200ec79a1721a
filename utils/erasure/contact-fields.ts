// Reading contacts out of what an instance publishes: each field checked on its own (utils/platforms/*-admin.ts use
// these for their own documents).
import { z } from 'zod';
import type { PublicGet } from '../instances';
import { MAX_VERSION_DOC_CHARS } from '../platforms/lemmy-version';
import { parseJson, safeUrl } from '../platforms/shared';
import type { Contact } from './types';

// Each field is read on its own: one of the wrong type or size is dropped, not the whole answer. Unknown keys
// (`__proto__` included) are never copied.
export const text = (max: number) => z.string().max(max).optional().catch(undefined);
export const list = z.array(z.unknown()).optional().catch(undefined);

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
export const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}/g;
// Controls and bidirectional overrides would let a name disguise itself in the list the user picks from.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export const isEmail = (value: unknown): value is string => typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
export const webUrl = (value: string | undefined) => (value === undefined ? null : safeUrl(value)?.href ?? null);
export const label = (value: string | undefined) => value?.replace(HIDDEN, '').trim().slice(0, 100) || undefined;

export async function getJson(url: string, get: PublicGet, problems: string[]): Promise<unknown> {
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

/** Adds a contact found (duplicates and any beyond MAX_CONTACTS are dropped). */
export type AddContact = (contact: Contact) => void;

