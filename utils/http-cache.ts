/**
 * What an answer's caching headers say about how long a shared cache (the nginx in front of a Lemmy, a CDN) may keep
 * serving it, and a way past such a cache. lemmy-ansible's nginx caches images keyed on the request URI and ignores a
 * request's `Cache-Control: no-cache`; a query it has never seen misses the cache and reaches the server itself
 * (updates-2026-12.md, "Caches in front of the proof").
 */

export interface CacheHeaders {
  cacheControl: string | null;
  age: string | null;
  expires: string | null;
  date: string | null;
}

/** Longest wait believed from headers: a week (pict-rs sends max-age=604800) and a little more. */
const MAX_FRESH_MS = 8 * 24 * 60 * 60 * 1000;

function seconds(directive: string, cacheControl: string): number | null {
  const m = new RegExp(`(?:^|,)\\s*${directive}\\s*=\\s*"?(\\d{1,10})"?\\s*(?:,|$)`, 'i').exec(cacheControl);
  return m ? Number(m[1]) : null;
}

/**
 * When a shared cache should stop serving this answer (RFC 9111 §4.2: s-maxage, else max-age, less Age; else Expires
 * less Date), as a time on this machine's clock; null when the headers do not say, or say something unbelievable.
 */
export function cacheLetsGoAt(h: CacheHeaders, now: number): number | null {
  const cc = h.cacheControl ?? '';
  const maxAge = seconds('s-maxage', cc) ?? seconds('max-age', cc);
  let freshMs: number | null = null;
  if (maxAge !== null) {
    const age = h.age !== null && /^\d{1,10}$/.test(h.age.trim()) ? Number(h.age.trim()) : 0;
    freshMs = (maxAge - age) * 1000;
  } else if (h.expires !== null) {
    const expires = Date.parse(h.expires);
    const date = h.date !== null ? Date.parse(h.date) : NaN;
    if (Number.isNaN(expires)) return null;
    freshMs = expires - (Number.isNaN(date) ? now : date);
  }
  if (freshMs === null || freshMs > MAX_FRESH_MS) return null;
  return now + Math.max(0, freshMs);
}

/** The same address with a query no cache has seen (any existing query kept); null for a URL that does not parse. */
export function pastCaches(url: string, nonce: string): string | null {
  try {
    const u = new URL(url);
    u.searchParams.append('takeback-check', nonce);
    return u.href;
  } catch {
    return null;
  }
}
