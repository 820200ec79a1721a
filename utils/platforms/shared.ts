import type { FileMeta, Observation } from './types';

export function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function safeUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

export const isSuccess = (obs: Observation) => obs.status >= 200 && obs.status < 300;

export const fileAt = (obs: Observation, index: number): FileMeta | undefined => obs.files[index];

/** Percent-decodes a path segment; returns null for malformed escapes. */
export function decodeSegment(segment: string | undefined): string | null {
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
