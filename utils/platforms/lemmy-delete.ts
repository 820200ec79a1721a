import { z } from 'zod';
import { pastCaches } from '../http-cache';
import type { UploadRecord } from '../records';
import { commonFailure, detailOf, errorBody, INTERRUPTED, interpretProbe, MAX_ERROR_BODY_CHARS, pathSegment } from '../deletion';
import type { DeleteOutcome, DeletePlan, Deletion, ErrorBody, PublicGet } from '../deletion';
import { lemmyBand, nodeinfoUrl, nodeinfoVersion, siteVersion, type LemmyBand } from './lemmy-version';
import { parseJson, safeUrl } from './shared';

/**
 * Requests go to the instance's origin and the documented endpoints only. A path prefix (an instance served under
 * /lemmy/) comes from the upload request the browser itself sent (record.apiBase, utils/platforms/lemmy.ts), never from
 * a response body: a page's service worker can answer an upload with any image_url it likes. Records from before
 * apiBase: 0.19 URLs were built by Takeback from the request, so their prefix is kept; 1.0 ones came from the body, so
 * they get none.
 */
export function recordApiBase(record: Pick<UploadRecord, 'platform' | 'instanceOrigin' | 'api' | 'url' | 'apiBase'>): string | null {
  const origin = safeUrl(record.instanceOrigin);
  if (record.platform !== 'lemmy' || !origin || origin.origin !== record.instanceOrigin) return null;
  if (record.apiBase !== undefined) {
    const base = safeUrl(record.apiBase);
    return base && base.origin === origin.origin && !base.search && !base.hash ? origin.origin + base.pathname.replace(/\/+$/, '') : null;
  }
  if (record.api !== 'lemmy-v3') return origin.origin;
  const url = safeUrl(record.url);
  if (url?.origin !== origin.origin) return origin.origin;
  return origin.origin + (/^(.*?)\/pictrs\/image\/[^/]+$/.exec(url.pathname)?.[1] ?? '');
}
const apiBase = recordApiBase;

export function planLemmyDelete(record: UploadRecord, band: LemmyBand): DeletePlan {
  const base = apiBase(record);
  const alias = pathSegment(record.key);
  if (!base || !alias) return { kind: 'unavailable', reason: 'invalid-record' };
  if (band === 'unknown') return { kind: 'unavailable', reason: 'unknown-version' };
  if (band === '1.0') {
    // The bare alias, not the URL; tokens captured on 0.19 mean nothing to 1.0.
    const body = JSON.stringify({ filename: record.key });
    return { kind: 'http', method: 'DELETE', url: `${base}/api/v4/account/media`, body, contentType: 'application/json', auth: 'session' };
  }
  // 0.19.12+ ignores the token, but sending a made-up one to an instance that is really ≤0.19.11 would make Lemmy
  // drop its record while the image stays; without a token only an admin (or a backfill) can help.
  // A post thumbnail Lemmy 0.19 made itself belongs to no account (updates-2026-12.md §1): only the admin can erase it.
  if (record.serverCopy) return { kind: 'needs-admin', reason: 'server-copy' };
  const token = pathSegment(record.deleteToken);
  if (!token) return { kind: 'needs-admin', reason: 'no-delete-token' };
  const url = `${base}/pictrs/image/delete/${token}/${alias}`;
  return { kind: 'http', method: 'GET', url, auth: band === '0.18' ? 'none' : 'session' };
}

/** The public URL whose 404 proves the delete. */
export function lemmyProofUrl(record: UploadRecord, band: LemmyBand): string | null {
  const base = apiBase(record);
  const alias = pathSegment(record.key);
  if (!base || !alias || band === 'unknown') return null;
  return band === '1.0' ? `${base}/api/v4/image/${alias}` : `${base}/pictrs/image/${alias}`;
}

const V4SuccessSchema = z.object({ success: z.literal(true) });

// Lemmy 1.0 calls pict-rs /internal/delete with the admin's API key (empty when unset) and turns the refusal into
// its own error: PictrsApiKeyNotProvided / pictrs_response_error, or an "unknown" error quoting the pict-rs URL.
const PICTRS_FAILURE = /pict-?rs|api[_ ]?key|x-api-token|internal\/delete/i;

function interpretV4(status: number, body: string | null | undefined, err: ErrorBody | null, common: DeleteOutcome | null): DeleteOutcome {
  const detail = detailOf(err?.error, err?.message);
  if (status >= 200 && status < 300) {
    const ok = typeof body === 'string' && body.length <= MAX_ERROR_BODY_CHARS && V4SuccessSchema.safeParse(parseJson(body)).success;
    return ok ? { status: 'deleted-unverified' } : { status: 'failed', reason: 'unexpected-response', detail: detail ?? `HTTP ${status}` };
  }
  if (common && (common.reason === 'network' || common.reason === 'logged-out' || common.reason === 'rate-limited')) return common;
  if (status >= 400 && err && PICTRS_FAILURE.test(`${err.error ?? ''} ${err.message ?? ''}`)) {
    return { status: 'needs-admin', reason: 'no-api-key', ...(detail && { detail }) };
  }
  // Ownership is checked first and answers 404 not_found; a bare 403/404 page is a proxy or a missing route.
  if ((status === 403 || status === 404) && err) return { status: 'failed', reason: 'not-owner', ...(detail && { detail }) };
  return common ?? { status: 'failed', reason: 'unexpected-response', detail: detail ?? `HTTP ${status}` };
}

function interpretV3(band: LemmyBand, status: number, err: ErrorBody | null, common: DeleteOutcome | null): DeleteOutcome {
  const detail = detailOf(err?.error ?? err?.code, err?.message ?? err?.msg);
  // 0.19.12+ answers 204 even when pict-rs failed; only the probe can tell.
  if (status >= 200 && status < 300) return { status: 'deleted-unverified' };
  if (status === 403 && err?.code === 'invalid-delete-token') {
    const dropped = band === '0.19.0-0.19.11' && { serverRecordDropped: true as const };
    return { status: 'failed', reason: 'wrong-token', ...(detail && { detail }), ...dropped };
  }
  if (status === 404 && err) {
    // 0.19.12+: not the uploader's (or no row). Earlier: pict-rs was already asked, Lemmy just had no row to drop.
    if (band === '0.19.12+') return { status: 'failed', reason: 'not-owner', ...(detail && { detail }) };
    return { status: 'deleted-unverified', reason: 'no-server-record', ...(detail && { detail }) };
  }
  // A bare 404 (no JSON) is a missing route: the instance may have moved to 1.0, where /pictrs/ is gone.
  return common ?? { status: 'failed', reason: 'unexpected-response', detail: detail ?? `HTTP ${status}` };
}

/** Reads the answer to a planLemmyDelete request. Never throws, whatever the body. */
export function interpretLemmyDelete(
  band: LemmyBand,
  status: number,
  body: string | null | undefined,
  retryAfter?: string | null,
): DeleteOutcome {
  const err = errorBody(body);
  // Lemmy's own limiter answers 400 rate_limit_error without Retry-After; a proxy in front answers 429.
  const limited = status === 400 && err?.error === 'rate_limit_error' ? commonFailure(429, retryAfter) : null;
  if (limited) return limited;
  const common = commonFailure(status, retryAfter);
  return band === '1.0' ? interpretV4(status, body, err, common) : interpretV3(band, status, err, common);
}

/** What a Lemmy instance says about itself: its version, from the site document (v3, then v4) or nodeinfo. */
async function lemmyVersion(origin: string, get: PublicGet): Promise<string | null> {
  for (const path of ['/api/v3/site', '/api/v4/site']) {
    const site = await get(origin + path);
    const version = site.status === 200 ? siteVersion(site.body) : null;
    if (version && lemmyBand(version) !== 'unknown') return version;
  }
  const wellKnown = await get(`${origin}/.well-known/nodeinfo`);
  const url = wellKnown.status === 200 ? nodeinfoUrl(wellKnown.body, origin) : null;
  const info = url ? await get(url) : null;
  return info?.status === 200 ? nodeinfoVersion(info.body) : null;
}

export const lemmyDeletion: Deletion = {
  async learnFacts(origin, get) {
    const version = await lemmyVersion(origin, get);
    return { origin, platform: 'lemmy', band: lemmyBand(version), ...(version && { version }) };
  },
  factsKnown: (info) => info.band !== undefined && info.band !== 'unknown',

  async delete(r, ctx) {
    const band = ctx.facts.band ?? 'unknown';
    const plan = planLemmyDelete(r, band);
    if (plan.kind === 'unavailable') return { status: 'failed', reason: plan.reason };
    if (plan.kind === 'needs-admin') return { status: 'needs-admin', reason: plan.reason };
    if (plan.kind !== 'http') return { status: 'failed', reason: 'invalid-record' };
    // The session request goes only to the record's own instance origin (the tab's bridge refuses any other).
    const answer = plan.auth === 'none' ? await ctx.publicRequest(plan) : await ctx.inSession(r.instanceOrigin, plan);
    if (!answer) return { status: 'failed', reason: 'logged-out', detail: 'no tab of the instance could be used' };
    if ('interrupted' in answer) return INTERRUPTED;
    return interpretLemmyDelete(band, answer.status, answer.body, answer.retryAfter);
  },

  async check(r, ctx) {
    const url = lemmyProofUrl(r, ctx.facts.band ?? 'unknown');
    if (!url) return 'unknown';
    const seen = await ctx.probe(url);
    // A private 1.0 instance (federation off) answers 401 to anyone not signed in (lemmy#6446): a 401 proves nothing,
    // so look again signed in, from a tab of the instance (updates-2026-12.md §1).
    if (seen.status === 401 && ctx.facts.band === '1.0') return interpretProbe(await ctx.sessionProbe(url));
    const verdict = interpretProbe(seen.status);
    if (verdict !== 'online') return verdict;
    // lemmy-ansible's nginx caches images and ignores no-cache: after a real delete the public address can go on
    // serving its copy. An address no cache has seen reaches the server itself (updates-2026-12.md, "Caches in front
    // of the proof"); Lemmy and pict-rs ignore a query parameter they do not know.
    const past = pastCaches(url, crypto.randomUUID().slice(0, 8));
    if (!past || interpretProbe((await ctx.probe(past)).status) !== 'gone') return 'online';
    return { cached: { until: seen.cachedUntil } };
  },
  checksUseSession: false,
  liveUrl: (r, facts) => lemmyProofUrl(r, facts.band ?? 'unknown'),
  // lemmy-ui's own login page (its route /login): signing in there writes the jwt cookie on the instance's origin,
  // which is what a delete from a tab of the instance carries (updates-2026-12.md §1: lemmy-ui's cookie).
  signInUrl: (r) => `${apiBase(r) ?? r.instanceOrigin}/login`,
  loginLivesOnInstance: true,
};
