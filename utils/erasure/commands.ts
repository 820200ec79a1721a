import { safeUrl } from '../platforms/shared';
import type { AdminStep, AdminTopic, InstanceTarget } from './types';

/** POSIX single quotes: safe for any text, quotes, `$`, `!` and backslashes included. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Double quotes read more naturally for URLs; only text the shell (or interactive bash's `!`) would expand needs single. */
export function shellArg(text: string): string {
  return /^[^$`\\"!]*$/.test(text) ? `"${text}"` : shellQuote(text);
}

/** RFC 3986 strict: encodeURIComponent leaves !'()* alone, which a shell or a quote inside a quote would see. */
export function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One curl line. Headers are our constants and may name an environment variable, so they are double-quoted. */
export function curl(method: 'GET' | 'POST' | 'DELETE', headers: string[], url: string, data?: string): string {
  const parts = ['curl', '-X', method, ...headers.flatMap((h) => ['-H', `"${h}"`])];
  if (data !== undefined) parts.push('--data', shellQuote(data));
  return [...parts, shellArg(url)].join(' ');
}

/** The instance origin when it is one (http(s), nothing after the port), else null: no command is built on it. */
export function commandOrigin(instanceOrigin: string): string | null {
  const url = safeUrl(instanceOrigin);
  return url && url.origin === instanceOrigin ? url.origin : null;
}

// C0 controls, DEL and line separators would split or hide a pasted line.
const UNPRINTABLE = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** A Lemmy alias we can put in a command: 1–255 characters, none that would break the line. */
export function isCommandSafe(text: string): boolean {
  return text.length > 0 && text.length <= 255 && !UNPRINTABLE.test(text);
}

export const unique = (lines: string[]): string[] => [...new Set(lines)];

/** Builds the appendix steps of one target. */
export const stepsOf =
  (target: InstanceTarget) =>
  (topic: AdminTopic, commands: string[], extra: Partial<AdminStep> = {}): AdminStep => ({
    topic,
    instanceOrigin: target.instanceOrigin,
    software: target.software,
    commands,
    ...extra,
  });
