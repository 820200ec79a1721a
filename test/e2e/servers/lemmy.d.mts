// Types for the unit tests that drive the fixture Lemmy server directly (lemmy-delete-fixture.test.ts, fixture-servers.test.ts).
export const LEMMY_VERSIONS: string[];

/** A random or periodic trigger; `seed` makes `probability` reproducible. */
export interface LemmyKnob {
  /** Every Nth delete request (counted from when this object was set) fires. */
  every?: number;
  /** Each delete request fires with this probability (seeded PRNG). */
  probability?: number;
  seed?: number;
  /** HTTP status of the answer: rateLimit 429 by default (400 = Lemmy's own limiter), failRate 500. */
  status?: number;
}
export interface LemmyRateLimit extends LemmyKnob {
  /** Retry-After in seconds (default 1); null sends no header. */
  retryAfterSeconds?: number | null;
}
/** Live knobs: change them at run time. */
export interface LemmyMode {
  keepServing: boolean;
  rateLimit: LemmyRateLimit | null;
  failRate: LemmyKnob | null;
  delayMs: number;
  /** Replaces the site documents: a string is served as is, anything else as JSON; null: the real ones. */
  site: unknown;
}

export type LemmyDeleteResult =
  | 'deleted'
  | 'already-deleted'
  | 'logged-out'
  | 'not-found'
  | 'wrong-token'
  | 'no-api-key'
  | 'rate-limited'
  | 'injected-failure';

export interface LemmyFile {
  data: Uint8Array;
  type: string;
  /** null on 1.0 */
  token: string | null;
  /** The uploader's JWT. */
  owner: string | null;
  /** Lemmy's local_image / image_upload row still there. */
  row: boolean;
  /** ISO time from the server's virtual clock (one minute per upload). */
  published: string;
  /** keepServing: pict-rs was told to delete the alias, but the bytes are still served. */
  deleted: boolean;
}

export interface LemmyStats {
  requests: number;
  preflights: number;
  /** Image answers served by the proxyCache. */
  cacheHits: number;
  bytes: number;
  uploads: Array<{
    route: string;
    query: string;
    field: string | null;
    filename: string | null;
    type: string;
    size: number;
    file: string;
    deleteToken: string | null;
    width: number;
    height: number;
  }>;
  answers: Array<{ path: string; status: number; body: unknown }>;
  log: Array<{ method: string; path: string }>;
  /** Every delete request, in answer order; `user` is the logged-in JWT or null. */
  deletes: Array<{ alias: string | null; status: number; result?: LemmyDeleteResult; user?: string | null }>;
  /** Per alias: requests, 2xx answers, times pict-rs removed it, rate-limited and injected failures. */
  perAlias: Map<string, { attempts: number; ok: number; removed: number; rateLimited: number; failed: number }>;
  inFlight: number;
  maxInFlight: number;
  rateLimited: number;
  injectedFailures: number;
  /** Requests for an alias that arrived before the Retry-After it was given had passed. */
  earlyRetries: number;
}

export interface SeededUpload {
  alias: string;
  /** null on 1.0 */
  token: string | null;
  /** The public image URL (v3 /pictrs/image/, 1.0 /api/v4/image/). */
  url: string;
}

export interface LemmyFixture {
  version: string;
  /** What /api/v3/site, /api/v4/site and nodeinfo report (e.g. "0.19.12", "1.0.0-beta.1"). */
  siteVersion: string;
  /** Moves the running instance to another version (files, logins and origin kept), as an admin's upgrade does. */
  upgrade(to: string): void;
  jwt: string;
  /** Every login the server accepts: JWT -> person. */
  users: Record<string, { id: number; name: string; admin: boolean }>;
  maxBytes: number;
  origin: string;
  port: number;
  mode: LemmyMode;
  stats: LemmyStats;
  files: Map<string, LemmyFile>;
  /** Inserts n uploads as if `owner` (default: jwt) had uploaded them; row:false = uploaded before 0.19 (no Lemmy row). */
  seedUploads(n: number, opts?: { owner?: string; row?: boolean }): SeededUpload[];
  /** Posts by id; `thumbnail` is the alias of the copy Lemmy made of the post's image, once made. */
  posts: Map<number, { id: number; url: string | null; thumbnail_url: string | null; thumbnail?: string }>;
  /** The admin's pict-rs purge of one alias. */
  purgeFile(alias: string): boolean;
  close(): Promise<void>;
}

export interface LemmyAdminSeed {
  name: string;
  display_name?: string;
  matrix_user_id?: string;
}

export function startLemmy(opts: {
  version: string;
  jwt?: string;
  maxBytes?: number;
  staticDir?: string | null;
  prefix?: string;
  apiKey?: boolean;
  /** The default JWT's user name. */
  userName?: string;
  /** More accounts: JWT -> {name, admin}. */
  users?: Record<string, { name?: string; admin?: boolean }>;
  /** The site's admins (default: two, one with a matrix_user_id). */
  admins?: LemmyAdminSeed[];
  siteVersion?: string;
  keepServing?: boolean;
  /** How long after a post is saved Lemmy's link-metadata task stores the thumbnail copy of its image (default 300). */
  thumbnailDelayMs?: number;
  rateLimit?: LemmyRateLimit | null;
  failRate?: LemmyKnob | null;
  delayMs?: number;
  /** site_view.local_site.legal_information (markdown) in /api/v3/site and /api/v4/site; null: none. */
  legal?: string | null;
  site?: unknown;
  /** 1.0: answer 401 to image requests without a login (a private instance, lemmy#6446). */
  privateInstance?: boolean;
  /** lemmy-ansible's nginx cache in front of anonymous image requests, keeping a 200 this long (seconds). */
  proxyCache?: { seconds: number } | null;
}): Promise<LemmyFixture>;
