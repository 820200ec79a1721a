import { z } from 'zod';
import { ObservationSchema } from './platforms/types';
import type { SitePolicy } from './policy';
import { RelayAnswerSchema, RelayPromptSchema } from './prompt-relay';
import { isIsoDate } from './erasure/deadlines';
import { LETTER_LANGUAGES, type ErasureRequest } from './erasure/types';
import type { InstanceInfo, UploadRecord, UploadView } from './records';

// Hook ↔ bridge messages: their own module, so the lazily injected bridge does not build every schema here (issue 13).
export { HoldSchema, HookMessageSchema, type BridgeMessage, type Hold, type HookMessage } from './hook-messages';

/**
 * What the user picked, pasted or dropped for one file of an upload, as the bridge saw it (trusted input events only):
 * an encrypted upload carries only ciphertext, so this is how the record gets the file's real name (issue 12 §2).
 * `derived`: the upload was made from the picked file (a thumbnail), not the file itself.
 */
export const PickedFileSchema = z.object({
  name: z.string().max(1024),
  type: z.string().max(255),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  derived: z.boolean(),
});
export type PickedFile = z.infer<typeof PickedFileSchema>;

/** The answer to a page's 'recheck': files left out (unconfirmed reports), files that could not be looked at, and the accounts to sign in as for them. */
export interface RecheckReply {
  leftOut: number;
  unchecked: number;
  accounts: string[];
}

/* Content script (bridge) → background. */
const THUMB_DATA_URL = /^data:image\/(?:jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/;
export const ContentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('capture'), obs: ObservationSchema, picked: z.array(PickedFileSchema.nullable()).max(256).optional() }),
  z.object({ type: z.literal('thumbnail'), id: z.string().max(4096), dataUrl: z.string().max(96 * 1024).regex(THUMB_DATA_URL) }),
  z.object({ type: z.literal('problem'), reason: z.string().max(500) }),
  /** What the sender's site policy says about an upload starting now (answered with an UploadPolicyReply). */
  z.object({ type: z.literal('upload-policy') }),
  /** The user chose "Always allow" or "Never upload" for the sender's site in Takeback's warning. */
  z.object({ type: z.literal('remember-policy'), policy: z.enum(['allow', 'never']) }),
  /** The user clicked "Keep recording uploads from this site" in the in-page notice (a trusted click). */
  z.object({ type: z.literal('resume-captures') }),
  /** The user clicked "Show in Takeback" in an in-page notice (a trusted click): the dashboard opens. */
  z.object({ type: z.literal('open-dashboard') }),
  // The rest of the bridge, into the sending document (utils/lazy-bridge.ts).
  z.object({ type: z.literal('load-bridge') }),
  /** A sandboxed frame's warning, shown by the tab's top frame (utils/prompt-relay.ts), and that frame's answers. */
  RelayPromptSchema,
  RelayAnswerSchema,
]);
export type ContentMessage = z.infer<typeof ContentMessageSchema>;

/* Background → a tab's top frame (the bridge): an upload from this tab (or its site's service worker) left unseen. */
export const UnseenNoticeSchema = z.object({
  type: z.literal('unseen-upload'),
  /** The instance host it went to. */
  host: z.string().max(300),
  via: z.enum(['form', 'beacon', 'service-worker', 'script']),
});
export type UnseenNotice = z.infer<typeof UnseenNoticeSchema>;
export interface UploadPolicyReply {
  policy: SitePolicy;
  delayMs: number;
  alwaysAsk: boolean;
}
export type CaptureReply = {
  saved: Array<{ id: string; fileIndex: number | null }>;
  thumbnails: boolean;
  /** Recording from this site is paused (too many uploads reported): nothing was saved. */
  paused?: import('./capture-limits').CapturePause;
};

/* Extension pages (popup, dashboard) → background. */
const Ids = z.array(z.string().max(4096)).min(1).max(100_000);
const RequestId = z.string().max(128);
const LanguageSchema = z.enum(LETTER_LANGUAGES);
const IsoDateSchema = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const SentViaSchema = z.enum(['email', 'matrix', 'web-form', 'post', 'other']);
const Text = (max: number) => z.string().max(max);
export const ContactSchema = z.object({
  kind: z.enum(['email', 'matrix', 'lemmy-user', 'web']),
  value: Text(2048).min(1),
  label: Text(256).optional(),
  source: Text(2048),
});
const RequestPatchSchema = z.object({
  language: LanguageSchema.optional(),
  requester: z.object({ name: Text(256).optional(), email: Text(256).optional(), accounts: z.record(z.string().max(4096), Text(256)).optional() }).optional(),
  recipient: ContactSchema.optional(),
  letterText: Text(20 * 1024 * 1024).optional(),
});
export const PageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('list-site'), site: z.string().max(4096) }),
  /** Deletes the records (one or many) as one job; answered with { jobId, leftOut } (see router.ts). */
  z.object({ type: z.literal('delete'), ids: Ids }),
  /** Probes the public URLs of the records now; answered once their statuses are saved. */
  z.object({ type: z.literal('recheck'), ids: Ids }),
  /** Lists the user's uploads on the instance and adds the ones Takeback lacks; answered with { jobId }. */
  z.object({ type: z.literal('import'), instanceOrigin: z.string().max(4096) }),
  z.object({ type: z.literal('cancel-job'), jobId: z.string().max(128) }),
  /** Every job that is running, and the latest finished ones. */
  z.object({ type: z.literal('jobs') }),
  /** Erasure requests: one draft per instance of the records; answered with { requestIds }. */
  z.object({ type: z.literal('erasure-draft'), ids: Ids, language: LanguageSchema }),
  z.object({ type: z.literal('erasure-list') }),
  /** One request with its records and what Takeback knows of their instances (an ErasureDetail). */
  z.object({ type: z.literal('erasure-get'), id: RequestId }),
  z.object({ type: z.literal('erasure-update'), id: RequestId, patch: RequestPatchSchema }),
  z.object({ type: z.literal('erasure-sent'), id: RequestId, sentOn: IsoDateSchema, sentVia: SentViaSchema, recipient: ContactSchema.optional() }),
  z.object({ type: z.literal('erasure-follow-up'), id: RequestId, on: IsoDateSchema }),
  z.object({ type: z.literal('erasure-resolve'), id: RequestId }),
  /** The user picks (or drops) a file another site reported for the letter. */
  z.object({ type: z.literal('erasure-include'), id: RequestId, itemId: z.string().max(4096), included: z.boolean() }),
  z.object({ type: z.literal('erasure-reopen'), id: RequestId }),
  z.object({ type: z.literal('erasure-delete'), id: RequestId }),
  /** Who runs the instance, found from its public endpoints (a ContactDiscovery). Matrix: also asked at the server name's domain. */
  z.object({ type: z.literal('erasure-contacts'), instanceOrigin: z.string().max(4096), platform: z.enum(['lemmy', 'matrix']) }),
  /** How many sent requests are past their deadline. */
  z.object({ type: z.literal('erasure-due-count') }),
  /** Sites whose recording is paused (CapturePause[]). */
  z.object({ type: z.literal('capture-pauses') }),
  /** Keep recording uploads reported by this site (from the dashboard's notice). */
  z.object({ type: z.literal('resume-captures'), origin: z.string().max(2048) }),
  /** Removes every record this reporting site left (not the files on any server); answered with how many. */
  z.object({ type: z.literal('remove-reporter'), pageOrigin: z.string().max(2048) }),
  /** The address where the record's file is publicly served now (for the delete confirmation); answered { url | null }. */
  z.object({ type: z.literal('live-url'), id: z.string().max(4096) }),
  /** Where to sign in for this record's next try (a page the dashboard opens in a new tab). */
  z.object({ type: z.literal('sign-in-url'), id: z.string().max(4096) }),
  /** The sites the user confirmed as front ends, per instance (a FrontEnds map). */
  z.object({ type: z.literal('front-ends') }),
  /** Removes records of uploads whose key Takeback never saw (nothing else: a record with a key is never dropped). */
  z.object({ type: z.literal('forget-unseen'), ids: Ids }),
  /** The user confirmed, in a dialog naming both, that pageOrigin is a front end they use for instanceOrigin. */
  z.object({ type: z.literal('confirm-front-end'), instanceOrigin: z.string().max(2048), pageOrigin: z.string().max(2048) }),
  /** A page restored a backup into the ledger (components/backup): these records are new or changed. */
  z.object({ type: z.literal('ledger-restored'), ids: z.array(z.string().max(16 * 1024)).max(400_000) }),
]);
export type PageMessage = z.infer<typeof PageMessageSchema>;

/* Background → extension pages (broadcast; nobody listening is fine). Keys never travel in these. */
export type PageNotice =
  | { type: 'ledger-changed'; ids: string[] }
  | { type: 'requests-changed' }
  | { type: 'pauses-changed' }
  | { type: 'job-changed'; job: import('./records').JobRecord };

export interface Problem {
  at: number;
  pageOrigin: string;
  reason: string;
}
export interface SiteView {
  origin: string;
  uploads: UploadView[];
  problems: Problem[];
  capturedToday: number;
}

export interface ErasureDetail {
  request: ErasureRequest;
  /** The request's records still in the ledger (a record the user removed drops out of the letter). */
  records: UploadRecord[];
  instances: InstanceInfo[];
}
