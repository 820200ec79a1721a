import { z } from 'zod';
import { parseJson, safeUrl } from './shared';

/**
 * Lemmy versions grouped by how deleting works (see the research notes):
 * 0.18 GET with the token, no login; 0.19.0–0.19.11 same URL, login, pict-rs' answer passed through and Lemmy's row
 * dropped regardless; 0.19.12+ same URL, token ignored, owner or admin only, always 204; 1.0 DELETE /api/v4/account/media.
 */
export type LemmyBand = '0.18' | '0.19.0-0.19.11' | '0.19.12+' | '1.0' | 'unknown';

const VERSION = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?(-[0-9A-Za-z.-]{1,64})?(?:\+[0-9A-Za-z.-]{1,64})?$/i;
// `git describe` output ("0.19.12-5-gabc1234") is a build after the tag, not a prerelease before it.
const AFTER_TAG = /^-\d+-g[0-9a-f]{4,40}$/i;

export interface LemmyVersion {
  major: number;
  minor: number;
  patch: number | null;
  prerelease: boolean;
}

/** The parts of a Lemmy version string, or null when it is not one. Never throws. */
export function parseLemmyVersion(version: unknown): LemmyVersion | null {
  if (typeof version !== 'string' || version.length > 160) return null;
  const match = VERSION.exec(version.trim());
  if (!match) return null;
  const [, major, minor, patch, suffix] = match;
  if (major === undefined || minor === undefined) return null;
  const prerelease = suffix !== undefined && !AFTER_TAG.test(suffix);
  return { major: Number(major), minor: Number(minor), patch: patch === undefined ? null : Number(patch), prerelease };
}

/** Known to be at least that release. A prerelease of it sorts before it, so it is not (the cautious reading). */
export function lemmyAtLeast(version: unknown, [major, minor, patch]: readonly [number, number, number]): boolean {
  const v = parseLemmyVersion(version);
  if (!v || v.patch === null) return false;
  const order = v.major - major || v.minor - minor || v.patch - patch;
  return order > 0 || (order === 0 && !v.prerelease);
}

/** Never throws; anything that is not a version we have research for is 'unknown'. */
export function lemmyBand(version: unknown): LemmyBand {
  const v = parseLemmyVersion(version);
  if (!v) return 'unknown';
  // Every 1.x is the API v4 flow; 1.0.0 is not tagged yet, so instances run its alphas and betas.
  if (v.major === 1) return '1.0';
  if (v.major !== 0) return 'unknown';
  if (v.minor === 18) return '0.18';
  if (v.minor !== 19 || v.patch === null) return 'unknown';
  return lemmyAtLeast(version, [0, 19, 12]) ? '0.19.12+' : '0.19.0-0.19.11';
}

/** The site document can carry emoji and tagline lists, but not megabytes. */
export const MAX_VERSION_DOC_CHARS = 4 * 1024 * 1024;

function json(body: string | null | undefined): unknown {
  return typeof body === 'string' && body.length <= MAX_VERSION_DOC_CHARS ? parseJson(body) : undefined;
}

// GetSiteResponse has a top-level `version` in API v3 (0.18, 0.19) and v4 (1.0).
const SiteSchema = z.object({ version: z.string().max(160) });

/** The version string of GET /api/v3/site or /api/v4/site, or null. */
export function siteVersion(body: string | null | undefined): string | null {
  const site = SiteSchema.safeParse(json(body));
  return site.success ? site.data.version : null;
}

/** From the body of GET /api/v3/site or /api/v4/site. */
export function bandFromSite(body: string | null | undefined): LemmyBand {
  return lemmyBand(siteVersion(body));
}

/** The software version of a nodeinfo document that names Lemmy, or null. */
export function nodeinfoVersion(body: string | null | undefined): string | null {
  const info = NodeinfoSchema.safeParse(json(body));
  return info.success && info.data.software.name.toLowerCase() === 'lemmy' ? info.data.software.version : null;
}

const NodeinfoSchema = z.object({ software: z.object({ name: z.string().max(64), version: z.string().max(160) }) });

/**
 * From a nodeinfo document (Lemmy serves /nodeinfo/2.0.json, later /nodeinfo/2.1). Only software named "lemmy"
 * counts: PieFed, Sublinks and others answer parts of Lemmy's API without its image routes.
 */
export function bandFromNodeinfo(body: string | null | undefined): LemmyBand {
  return lemmyBand(nodeinfoVersion(body));
}

const WellKnownSchema = z.object({
  links: z.array(z.object({ rel: z.string().max(256), href: z.string().max(2048) }).catch({ rel: '', href: '' })).max(32),
});
const NODEINFO_REL = /^https?:\/\/nodeinfo\.diaspora\.software\/ns\/schema\/2\.(\d)$/;

/** The nodeinfo URL named by /.well-known/nodeinfo, newest schema first; only on the instance's own origin. */
export function nodeinfoUrl(body: string | null | undefined, instanceOrigin: string): string | null {
  const doc = WellKnownSchema.safeParse(json(body));
  if (!doc.success) return null;
  const candidates = doc.data.links
    .map((link) => ({ minor: Number(NODEINFO_REL.exec(link.rel)?.[1] ?? -1), url: safeUrl(link.href) }))
    .filter((c) => c.minor >= 0 && c.url?.origin === instanceOrigin)
    .sort((a, b) => b.minor - a.minor);
  return candidates[0]?.url?.href ?? null;
}
