import { z } from 'zod';
import type { Deletion } from '../deletion';
import type { UploadRecord } from '../records';

// Extension CSP forbids eval; without this zod probes `new Function` and logs a CSP violation.
z.config({ jitless: true });

/** What the MAIN-world hook reports for one watched request. Untrusted: it comes from the page's world. */
// The hook cuts longer values to these lengths (utils/hook/install.ts), so a page's long name is shortened, not refused.
export const MAX_FILE_NAME = 255;
export const MAX_FILES_DESCRIBED = 64;
export const FileMetaSchema = z.object({
  field: z.string().max(MAX_FILE_NAME).nullable(),
  name: z.string().max(MAX_FILE_NAME).nullable(),
  type: z.string().max(255),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
export type FileMeta = z.infer<typeof FileMetaSchema>;

export const MAX_RESPONSE_CHARS = 256 * 1024;
export const MAX_REQUEST_CHARS = 64 * 1024;

export const ObservationSchema = z.object({
  reqId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  rule: z.string().max(64),
  transport: z.enum(['fetch', 'xhr']),
  method: z.string().max(16),
  url: z.string().max(8192).refine((u) => /^https?:\/\//i.test(u), 'http(s) URL'),
  status: z.number().int().min(0).max(999),
  response: z.string().max(MAX_RESPONSE_CHARS).nullable(),
  request: z.string().max(MAX_REQUEST_CHARS).nullable(),
  files: z.array(FileMetaSchema).max(MAX_FILES_DESCRIBED),
  /** How many files the body held, when more than the ones described. */
  fileCount: z.number().int().min(MAX_FILES_DESCRIBED + 1).max(1_000_000).optional(),
  /** The hook could not read the body's files (a page's own FormData, say): the warning says so. */
  unreadable: z.literal(true).optional(),
  startedAt: z.number(),
  finishedAt: z.number(),
});
export type Observation = z.infer<typeof ObservationSchema>;

/**
 * A request shape the hook should watch. Rules travel to the MAIN world as plain data,
 * so `path` is a RegExp source matched against the URL's pathname.
 */
export interface WatchRule {
  id: string;
  methods: string[];
  path: string;
  /** upload: carries a file and returns its key. link: ties an earlier upload to a message or profile. */
  role: 'upload' | 'link';
}

export type PlatformId = 'lemmy' | 'matrix';

export type UploadKind =
  | 'image'
  | 'post-image'
  | 'avatar'
  | 'banner'
  | 'community-icon'
  | 'community-banner'
  | 'site-icon'
  | 'site-banner'
  | 'attachment'
  | 'thumbnail'
  | 'room-avatar';

/** What a platform extracts from one upload response, before the ledger adds identity and attribution. */
export interface UploadDraft {
  platform: PlatformId;
  /** Which wire protocol produced it, e.g. "lemmy-v3" (0.18/0.19), "lemmy-v4" (1.0), "matrix-media". */
  api: string;
  kind: UploadKind;
  instanceOrigin: string;
  /** The identifier the server knows it by: pict-rs alias, Lemmy 1.0 filename, or mxc URI. */
  key: string;
  url: string;
  deleteToken?: string;
  mxc?: string;
  /** Index into Observation.files of the file this key belongs to, when known. */
  fileIndex: number | null;
  fileName: string | null;
  mime: string | null;
  size: number | null;
  width?: number;
  height?: number;
  encrypted?: boolean;
  /** Lemmy: origin and path prefix of the API, from the request the browser sent (see UploadRecord.apiBase). */
  apiBase?: string;
}

/** A later request that tells us where an upload ended up (Matrix message, avatar, room avatar). */
export interface LinkFact {
  platform: PlatformId;
  instanceOrigin: string;
  /** Keys (mxc URIs) named by the request; empty when the content is encrypted. */
  keys: string[];
  thumbnailKeys: string[];
  roomId?: string;
  eventId?: string;
  kind?: UploadKind;
  encrypted: boolean;
  /** Lemmy: the post that uses the upload, whose thumbnail copy Takeback then looks for (see ServerCopies). */
  postId?: number;
}

/**
 * Copies the server makes of an upload on its own (Lemmy: the thumbnail of a post's image, under a new alias, a moment
 * after the post is saved). Found by a public look-up Takeback itself makes; what the page reported is never used.
 */
export interface ServerCopies {
  /** When to look, after the link that makes a copy likely (each delay counted from the one before). */
  delaysMs: number[];
  /** Where the instance tells about the file's use (Lemmy: the post), or null. */
  lookupUrl(file: UploadRecord): string | null;
  /** The copies the instance's answer names for this file, with the addresses they are served at. */
  parse(body: string, file: UploadRecord): Array<{ key: string; url: string }>;
}

/** Which recent uploads a link that names no key (an encrypted send) carried; `thumbnail` pairs two of them. */
export interface Claim {
  ids: string[];
  thumbnail?: { id: string; of: string };
}

/** What a held upload becomes, for the warning; the dialog turns it into words. */
export const DESTINATION_LABELS = [
  'image', 'avatar', 'banner', 'community-icon', 'community-banner', 'site-icon', 'site-banner', 'matrix-file', 'matrix-encrypted',
  // An upload Takeback could not read well enough to tell where it goes (see bridge-channel.ts salvageHold).
  'unknown',
] as const satisfies ReadonlyArray<UploadKind | `matrix-${string}` | 'unknown'>;
export type DestinationLabel = (typeof DESTINATION_LABELS)[number];

/** Who can get the original file (with its location and camera data) once it is uploaded there. */
export const EXPOSURES = ['lemmy', 'matrix', 'matrix-encrypted'] as const;
export type Exposure = (typeof EXPOSURES)[number];

export interface Destination {
  label: DestinationLabel;
  host: string;
  exposure: Exposure;
}

/** The user's most recent choice of files (file input, paste or drop) that an upload came from, if any. */
export interface PickContext {
  source: 'input' | 'paste' | 'drop';
  /** The input or drop target sat inside a dialog (e.g. a settings dialog), not the main view. */
  inDialog: boolean;
  /** How many files were chosen together. */
  fileCount: number;
}

/** The part of a held upload a platform needs to describe it. */
export type HeldUpload = Pick<Observation, 'rule' | 'url' | 'files'>;

/**
 * What the bridge in the page needs of a platform (issue 13): its rules (carried by the document_start part in every
 * frame) and how to describe a held upload (the injected rest). Zod-free, so the page's part stays small and quick.
 */
export interface InPagePlatform {
  rules: WatchRule[];
  /** Where a held upload is going, for the warning. */
  describeHold(hold: HeldUpload): Destination;
  /** True when the page's app has just asked the user about this upload itself (so Takeback asks only to add something). */
  appConfirms?(hold: HeldUpload, pick: PickContext | null, doc: Document): boolean;
}

export interface Platform extends InPagePlatform {
  id: PlatformId;
  /** Deleting, proving, and what the instance runs. */
  deletion: Deletion;
  /**
   * Uploads only the browser saw (utils/unseen-uploads.ts): match patterns covering the upload rules' URLs (a coarse
   * filter; the rules decide), and what an upload by `ruleId` to `url` was, as far as its address tells.
   */
  unseen: { patterns: string[]; describe(ruleId: string, url: URL): Pick<UploadDraft, 'api' | 'kind'> };
  /** Returns the uploads named by a successful response, [] when the response is not a success or not ours. */
  parseUpload(obs: Observation): UploadDraft[];
  parseLink(obs: Observation): LinkFact | null;
  /** For links that name no key: how far back to look, and which of the page's uploads (newest first) they claim. */
  claimUnnamed?: { windowMs: number; claim(recent: UploadRecord[]): Claim };
  /**
   * Who the page's app is signed in as, read in the page's world right after an upload was recorded: `probe` is
   * self-contained (run by scripting.executeScript), `account` checks its answer against the upload's instance and
   * returns the account id, or null. Like everything from the page, a claim of the reporting page.
   */
  signedIn?: { probe: () => unknown; account(answer: unknown, instanceOrigin: string): string | null };
  serverCopies?: ServerCopies;
}
