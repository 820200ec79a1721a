import type { ReasonCode } from '../../deletion';
import { dueDates, followUpReplyBy, isIsoDate } from '../deadlines';
import type { AdminStep, Contact, ErasureItem, InstanceTarget, IsoDate, LetterInput, LetterKind, LetterLanguage, ServerSoftware } from '../types';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';
import type { Facts, Language } from './language';
import { nl } from './nl';

export { findPlaceholders } from './placeholders';

export const LANGUAGE_TEXTS: Record<LetterLanguage, Language> = { en, de, fr, es, nl, it };

const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// Bidirectional overrides can make a name or command display differently from what it is ("Trojan Source").
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Most values are clean; testing first saves two replaces per field on large letters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Untrusted text (file names, accounts, ids) as a single line: breaks and controls become one space. */
export function oneLine(value: string, max = 1000): string {
  const line = UNSAFE.test(value) ? value.replace(BIDI_CONTROLS, '').replace(LINE_BREAKS_AND_CONTROLS, ' ').trim() : value.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

// What Markdown (CommonMark, and GFM's bare-URL links) could turn into a link, an image or HTML: brackets, angle
// brackets, backticks, and anything that reads as an address. (Emphasis and entities only change how a name looks.)
const MARKDOWN_ACTIVE = /[[\]<>`]|:\/\/|\bwww\./i;

/**
 * A value a page reported (a file name, a type, an account, a room) as text in the letter, which is also Markdown: when
 * Markdown could read anything into it ("[click](https://…)" would become a link), it goes in a code span, shown as
 * typed in every reader; plain values stay as they are.
 */
export function mdText(value: string): string {
  if (!MARKDOWN_ACTIVE.test(value)) return value;
  let longest = 0;
  for (const run of value.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || value.startsWith(' ') || value.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A command kept verbatim except for characters that could hide what it does. */
function commandText(command: string): string {
  if (!UNSAFE.test(command)) return command;
  return command.replace(BIDI_CONTROLS, '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

const SOFTWARE: Record<ServerSoftware, string> = {
  'lemmy-0.18': 'Lemmy 0.18',
  'lemmy-0.19': 'Lemmy 0.19',
  'lemmy-1.0': 'Lemmy 1.0',
  'lemmy-unknown': 'Lemmy',
  synapse: 'Synapse',
  'matrix-media-repo': 'matrix-media-repo',
  continuwuity: 'continuwuity',
  'matrix-unknown': 'Matrix',
};

function softwareName(target: InstanceTarget | undefined, fallback?: ServerSoftware): string | null {
  const software = target?.software ?? fallback;
  if (!software) return null;
  const version = target?.version ? oneLine(target.version, 40) : '';
  return software.startsWith('lemmy') && version ? `Lemmy ${version}` : SOFTWARE[software];
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host || oneLine(origin);
  } catch {
    return oneLine(origin);
  }
}

/** "2027-01-31 14:05 UTC", or null for a time that is not one. */
function utcTime(ms: number): string | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function contactText(contact: Contact): string {
  const value = oneLine(contact.value);
  const label = contact.label ? oneLine(contact.label) : '';
  return label && label !== value ? `${label} (${value})` : value;
}

interface Group {
  origin: string;
  host: string;
  target: InstanceTarget | undefined;
  items: ErasureItem[];
  /** The account shown once for the instance; items by another account show theirs. */
  account: string | null;
}

function groupByInstance(input: LetterInput): Group[] {
  const groups = new Map<string, Group>();
  for (const item of input.items) {
    let group = groups.get(item.instanceOrigin);
    if (!group) {
      const target = input.targets.find((t) => t.instanceOrigin === item.instanceOrigin);
      group = { origin: item.instanceOrigin, host: hostOf(item.instanceOrigin), target, items: [], account: null };
      groups.set(item.instanceOrigin, group);
    }
    group.items.push(item);
  }
  for (const group of groups.values()) {
    const given = input.requester.accounts?.[group.origin];
    const first = group.items[0]?.account;
    const shared = first && group.items.every((i) => i.account === first) ? first : undefined;
    const account = given ?? shared;
    group.account = account ? oneLine(account) : null;
  }
  return [...groups.values()];
}

function createDateWriter(language: Language): (date: IsoDate) => string {
  const format = new Intl.DateTimeFormat(language.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (date) => {
    if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const text = format.format(new Date(0).setUTCFullYear(y, m - 1, d));
    return language.fixDate ? language.fixDate(text) : text;
  };
}

function reasonsOf(language: Language, items: ErasureItem[]): string[] {
  const seen = new Set<string>();
  for (const item of items) {
    const text = item.reason ? language.reasons[item.reason as ReasonCode] : undefined;
    if (text) seen.add(text);
  }
  return [...seen];
}

/** The full list: every field an admin needs to find each file. */
function pushItems(out: string[], language: Language, groups: Group[]): void {
  const l = language.labels;
  const field = (pad: string, label: string, value: string) => `\n${pad}- ${label}${language.colon}${value}`;
  let number = 0;
  for (const group of groups) {
    out.push(`### ${group.host}`, '');
    if (group.account) out.push(`${l.myAccount}${language.colon}${group.account}`, '');
    const reasons = reasonsOf(language, group.items);
    if (reasons.length > 0) out.push(language.headings.whyNot(group.items.length === 1), '', ...reasons.map((r) => `- ${r}`), '');
    for (const item of group.items) {
      const marker = `${++number}. `;
      // Sub-items line up with the text after "12. ", so Markdown nests them under the number.
      const pad = ' '.repeat(marker.length);
      const key = oneLine(item.key);
      const mxc = item.mxc ? oneLine(item.mxc) : '';
      let text = marker + oneLine(item.url, 4000) + field(pad, item.platform === 'matrix' ? l.mxc : l.alias, key);
      if (mxc && mxc !== key) text += field(pad, l.mxc, mxc);
      if (item.fileName) text += field(pad, l.fileName, mdText(oneLine(item.fileName, 255)));
      if (item.mime) text += field(pad, l.type, mdText(oneLine(item.mime, 100)));
      const uploaded = utcTime(item.uploadedAt);
      if (uploaded) text += field(pad, l.uploaded, uploaded);
      const account = item.account ? oneLine(item.account) : '';
      if (account && account !== group.account) text += field(pad, l.account, mdText(account));
      if (item.roomId) text += field(pad, l.room, mdText(oneLine(item.roomId)));
      if (item.eventId) text += field(pad, l.event, mdText(oneLine(item.eventId)));
      const redacted = item.redactedAt === undefined ? null : utcTime(item.redactedAt);
      if (redacted) text += field(pad, l.redacted, redacted);
      if (item.encrypted) text += `\n${pad}- ${l.encrypted}`;
      out.push(text);
    }
    out.push('');
  }
}

/** One line per file (follow-up and complaint): URL, key when the URL does not show it, upload time. */
function pushCompactItems(out: string[], groups: Group[]): void {
  let number = 0;
  for (const group of groups) {
    out.push(`### ${group.host}`, '');
    for (const item of group.items) {
      const url = oneLine(item.url, 4000);
      const keys = [item.key, item.mxc].filter((k): k is string => !!k).map((k) => oneLine(k));
      const shown = [...new Set(keys)].filter((k) => !url.includes(k));
      const uploaded = utcTime(item.uploadedAt);
      out.push(`${++number}. ${url}${shown.length ? ` (${shown.join(', ')})` : ''}${uploaded ? ` · ${uploaded}` : ''}`);
    }
    out.push('');
  }
}

function fenceFor(commands: string[]): string {
  let longest = 0;
  for (const command of commands) for (const run of command.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function pushAppendix(out: string[], language: Language, steps: AdminStep[], targets: InstanceTarget[]): void {
  const byInstance = new Map<string, AdminStep[]>();
  for (const step of steps) {
    const group = byInstance.get(step.instanceOrigin);
    if (group) group.push(step);
    else byInstance.set(step.instanceOrigin, [step]);
  }
  const hasVariables = steps.some((s) => s.commands.some((c) => /\$\{?[A-Z_][A-Z0-9_]*/.test(c)));
  out.push('---', '', `## ${language.headings.appendix}`, '', language.appendixIntro(hasVariables), '');
  for (const [origin, group] of byInstance) {
    const software = softwareName(
      targets.find((t) => t.instanceOrigin === origin),
      group[0]?.software,
    );
    out.push(`### ${hostOf(origin)}${software ? ` (${software})` : ''}`, '');
    for (const step of group) {
      out.push(language.topics[step.topic], '');
      if (step.commands.length === 0) continue;
      const commands = step.commands.map(commandText);
      const fence = fenceFor(commands);
      out.push(fence, ...commands, fence, '');
    }
  }
}

function pushSignature(out: string[], language: Language, input: LetterInput): void {
  out.push(language.closing);
  if (input.requester.name?.trim()) out.push(oneLine(input.requester.name));
  if (input.requester.email?.trim()) out.push(oneLine(input.requester.email));
  out.push('');
}

function checkInput(kind: LetterKind, input: LetterInput): void {
  if (input.items.length === 0) throw new Error('writeLetter: a letter needs at least one item');
  if (kind !== 'erasure' && !input.sentOn) throw new Error(`writeLetter: a ${kind} letter needs sentOn (when the request was sent)`);
  if (kind === 'complaint' && !input.authority) throw new Error('writeLetter: a complaint needs the chosen authority');
}

function factsOf(kind: LetterKind, input: LetterInput, groups: Group[], appendix: AdminStep[], language: Language): Facts {
  const date = createDateWriter(language);
  const hosts = new Intl.ListFormat(language.locale, { type: 'conjunction' }).format(groups.map((g) => g.host));
  return {
    one: input.items.length === 1,
    oneController: groups.length === 1,
    hosts,
    lemmy: input.items.some((i) => i.platform === 'lemmy'),
    matrix: input.items.some((i) => i.platform === 'matrix'),
    appendix: appendix.length > 0,
    reasons: groups.some((g) => reasonsOf(language, g.items).length > 0),
    written: date(input.writtenOn),
    sent: input.sentOn ? date(input.sentOn) : '',
    due: date(dueDates(kind === 'erasure' ? input.writtenOn : (input.sentOn ?? input.writtenOn)).dueOn),
    via: input.sentVia,
    replyBy: date(followUpReplyBy(input.writtenOn)),
    followUp: input.followUpOn ? date(input.followUpOn) : undefined,
  };
}

function controllersBlock(language: Language, input: LetterInput, groups: Group[]): string {
  const lines: string[] = [];
  for (const group of groups) {
    const software = softwareName(group.target);
    lines.push(`- ${group.host} (${oneLine(group.origin)})${software ? `, ${software}` : ''}`);
    if (group.account) lines.push(`  - ${language.labels.myAccount}${language.colon}${group.account}`);
  }
  if (input.recipient) lines.push('', `${language.labels.sentTo}${language.colon}${contactText(input.recipient)}`);
  return lines.join('\n');
}

/** The subject line for the letter (kept apart from the body, for mail clients). */
export function letterSubject(kind: LetterKind, input: LetterInput): string {
  checkInput(kind, input);
  const language = LANGUAGE_TEXTS[input.language];
  return language.subject[kind](factsOf(kind, input, groupByInstance(input), [], language));
}

/**
 * The letter body as plain, Markdown-friendly text in the input's language: address and date, the request, the item
 * list per instance, the signature, and (erasure and follow-up) the admin appendix. Throws on missing or invalid input
 * rather than printing a gap.
 */
export function writeLetter(kind: LetterKind, input: LetterInput, appendix: AdminStep[]): string {
  checkInput(kind, input);
  const language = LANGUAGE_TEXTS[input.language];
  const groups = groupByInstance(input);
  const facts = factsOf(kind, input, groups, appendix, language);
  const out: string[] = [];

  if (kind === 'complaint' && input.authority) {
    out.push(`${language.labels.to}${language.colon}${oneLine(input.authority.name)}`, oneLine(input.authority.website));
  } else if (input.recipient) {
    out.push(`${language.labels.to}${language.colon}${contactText(input.recipient)}`);
  }
  // Labelled: a bare "31. Januar 2027" at the start of a line would be a Markdown list item.
  out.push(`${language.labels.date}${language.colon}${facts.written}`, '');

  const paragraphs =
    kind === 'erasure' ? language.erasure(facts) : kind === 'follow-up' ? language.followUp(facts) : language.complaint(facts, controllersBlock(language, input, groups));
  out.push(kind === 'complaint' ? language.authorityGreeting : language.greeting, '');
  for (const paragraph of paragraphs) out.push(paragraph, '');

  if (kind === 'erasure') {
    out.push(`## ${language.headings.files}`, '');
    pushItems(out, language, groups);
  } else {
    out.push(`## ${language.headings.filesConcerned}`, '');
    pushCompactItems(out, groups);
  }
  pushSignature(out, language, input);
  if (kind !== 'complaint' && appendix.length > 0) pushAppendix(out, language, appendix, input.targets);

  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}
