// Words for an upload's kind, platform and status, shared by the popup and the dashboard.
import { hostOf } from '@/utils/format';
import { t, type MessageKey } from '@/utils/i18n';
import type { ReasonCode } from '@/utils/deletion';
import type { PlatformId, UploadKind } from '@/utils/platforms/types';
import { DELETABLE, type UploadRecord, type UploadStatus } from '@/utils/records';
import { viaText } from '@/utils/unseen-via';

export const KIND_LABEL: Record<UploadKind, MessageKey> = {
  image: 'kindImage',
  'post-image': 'kindPostImage',
  avatar: 'kindAvatar',
  banner: 'kindBanner',
  'community-icon': 'kindCommunityIcon',
  'community-banner': 'kindCommunityBanner',
  'site-icon': 'kindSiteIcon',
  'site-banner': 'kindSiteBanner',
  attachment: 'kindAttachment',
  thumbnail: 'kindThumbnail',
  'room-avatar': 'kindRoomAvatar',
};

export const PLATFORM_LABEL: Record<PlatformId, MessageKey> = {
  lemmy: 'platformLemmy',
  matrix: 'platformMatrix',
};

/** Never "deleted" without a probe: deleted-unverified says so, only verified-gone says "gone". */
export const STATUS_LABEL: Record<UploadStatus, MessageKey> = {
  captured: 'statusCaptured',
  deleting: 'statusDeleting',
  'deleted-unverified': 'statusDeletedUnverified',
  'verified-gone': 'statusVerifiedGone',
  'still-online': 'statusStillOnline',
  failed: 'statusFailed',
  'needs-admin': 'statusNeedsAdmin',
  'key-unknown': 'statusKeyUnknown',
};

export { viaText } from '@/utils/unseen-via';

/** The name a record is shown by: its file name, or what it is when none was seen. */
export const fileLabel = (r: Pick<UploadRecord, 'fileName' | 'status'>) =>
  r.fileName || t(r.status === 'key-unknown' ? 'unseenFileName' : 'unnamedFile');

/**
 * What a destructive button deletes, in its visible text (issue 12 §1): "Delete kyc-selfie.png", "Delete 20 files on
 * lemmy.example", "Delete 20 files on 3 sites".
 */
export function deleteTargetLabel(records: readonly Pick<UploadRecord, 'fileName' | 'status' | 'instanceOrigin'>[]): string {
  if (records.length === 1) return t('deleteNamed', [fileLabel(records[0]!)]);
  const hosts = new Set(records.map((r) => hostOf(r.instanceOrigin)));
  const count = records.length.toLocaleString();
  if (hosts.size === 1) return t('deleteFilesOn', [count, [...hosts][0]!]);
  return t('deleteFilesOnSites', [count, hosts.size.toLocaleString()]);
}

/**
 * What a re-check could not do, in words, or null when every file's address answered: the files no session could look
 * at (a Matrix file with no Element signed in as its uploader), and as whom to sign in. Never "Checked." for those.
 */
export function uncheckedText(reply: unknown): string | null {
  const r = reply as { unchecked?: unknown; accounts?: unknown } | undefined;
  const unchecked = typeof r?.unchecked === 'number' ? r.unchecked : 0;
  if (unchecked <= 0) return null;
  const accounts = Array.isArray(r?.accounts) ? r.accounts.filter((a): a is string => typeof a === 'string') : [];
  const count = unchecked.toLocaleString();
  return accounts.length ? t('recheckNeedsSession', [count, accounts.join(', ')]) : t('recheckUnreachable', [count]);
}

/** One line on why a record is in its status, in plain words; $1 is the instance host where a key takes one. */
const REASON_SHORT: Record<ReasonCode, MessageKey> = {
  'wrong-token': 'reasonWrongToken',
  'logged-out': 'reasonLoggedOut',
  'not-owner': 'reasonNotOwner',
  'no-api-key': 'reasonNoApiKey',
  'no-delete-token': 'reasonNoDeleteToken',
  'server-copy': 'reasonServerCopy',
  'no-user-delete': 'reasonNoUserDelete',
  'no-server-record': 'reasonNoServerRecord',
  'rate-limited': 'reasonRateLimited',
  'server-error': 'reasonServerError',
  network: 'reasonNetwork',
  'unknown-version': 'reasonUnknownVersion',
  'invalid-record': 'reasonInvalidRecord',
  'unexpected-response': 'reasonUnexpectedResponse',
  'still-served': 'reasonStillServed',
  'probe-inconclusive': 'reasonProbeInconclusive',
  'wrong-account': 'reasonWrongAccount',
  'front-end-login': 'reasonFrontEndLogin',
  'no-app-page': 'reasonNoAppPage',
  cached: 'reasonCachedNoTime',
};

/** The full explanation, with what the user can do, for the reasons that need more than one line. */
const REASON_LONG: Partial<Record<ReasonCode, MessageKey>> = {
  'wrong-token': 'guideWrongToken',
  'logged-out': 'guideLoggedOut',
  'not-owner': 'guideNotOwner',
  'no-api-key': 'guideNoApiKey',
  'no-user-delete': 'guideNoUserDelete',
  'server-copy': 'guideServerCopy',
  'no-server-record': 'guideNoServerRecord',
  'still-served': 'guideStillOnline',
  'probe-inconclusive': 'guideUnverified',
  'rate-limited': 'guideTryLater',
  'server-error': 'guideTryLater',
  network: 'guideTryLater',
  'wrong-account': 'guideWrongAccount',
  'front-end-login': 'guideFrontEndLogin',
  'no-app-page': 'guideNoAppPage',
};

let dateTimeFormat: Intl.DateTimeFormat | undefined;
/** A date and time in the browser's locale (the formatter is built once: rows call this on every render). */
export function formatDateTime(at: number, locale?: string): string {
  if (locale) return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  return (dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(at);
}

/** A reporting or paused site in words: its host, or "a sandboxed frame" for a frame with an opaque origin ('null'). */
export const siteName = (origin: string) => (origin === 'null' ? t('sandboxedFrame') : hostOf(origin));

export const platformName = (p: PlatformId) => t(PLATFORM_LABEL[p]);
export const statusLabel = (s: UploadStatus) => t(STATUS_LABEL[s] ?? 'statusCaptured');

/** The proof line of a verified-gone record: which address answered 404, and when. */
function goneProof(r: UploadRecord): string {
  const at = r.checkedAt ?? r.statusAt;
  // Only the address the check really asked, with its real answer; a record proved before Takeback kept it says less.
  if (!r.proofUrl) return at === undefined ? t('goneConfirmedNoTime') : t('goneConfirmed', [formatDateTime(at)]);
  const status = String(r.proofStatus ?? 404);
  if (r.proofSignedIn) return at === undefined ? t('goneProofSignedInNoTime', [r.proofUrl, status]) : t('goneProofSignedIn', [r.proofUrl, status, formatDateTime(at)]);
  return at === undefined ? t('goneProofNoTime', [r.proofUrl, status]) : t('goneProof', [r.proofUrl, status, formatDateTime(at)]);
}

/**
 * What a reason names: the instance host, or for a client signed in as someone else, the account to sign in as (the
 * homeserver when the account is not known).
 */
const reasonSubject = (r: UploadRecord) => (r.reason === 'wrong-account' && r.account) || hostOf(r.instanceOrigin);

/** A short line next to the status: why it is in it ('' when there is nothing to add). */
export function reasonText(r: UploadRecord): string {
  const host = reasonSubject(r);
  if (r.status === 'verified-gone') return goneProof(r);
  if (r.status === 'key-unknown') return t('reasonKeyUnknown', [viaText(r.unseenVia)]);
  if (r.reason === 'wrong-account' && !r.account) return t('reasonWrongHomeserver', [host]);
  if (r.reason === 'cached') return r.cachedUntil !== undefined ? t('reasonCached', [host, formatDateTime(r.cachedUntil)]) : t('reasonCachedNoTime', [host]);
  if (r.reason) return t(REASON_SHORT[r.reason] ?? 'reasonUnexpectedResponse', [host, siteName(r.pageOrigin)]);
  if (r.status === 'deleted-unverified') return t('reasonProbeInconclusive', [host]);
  if (r.status === 'still-online') return t('reasonStillServed', [host]);
  if (r.status === 'needs-admin') return t(r.platform === 'matrix' ? 'reasonNoUserDelete' : 'reasonNoApiKey', [host]);
  if (r.redactedAt !== undefined) return t('reasonRedacted');
  return '';
}

/** Why only an admin can help, by reason (a Lemmy file without its token is not Matrix's "no way to delete"). */
const NEEDS_ADMIN_GUIDE: Partial<Record<ReasonCode, MessageKey>> = {
  'no-api-key': 'guideNoApiKey',
  'server-copy': 'guideServerCopy',
  'no-delete-token': 'reasonNoDeleteToken',
  'no-user-delete': 'guideNoUserDelete',
};

/** What to do about a record, in full sentences: the dashboard's detail panel. */
export function guidanceText(r: UploadRecord): string[] {
  const host = reasonSubject(r);
  const out: string[] = [];
  switch (r.status) {
    case 'captured':
      out.push(t('guideCaptured'));
      break;
    case 'deleting':
      out.push(t('guideDeleting'));
      break;
    case 'verified-gone':
      out.push(goneProof(r), t('guideGoneCopies'));
      break;
    case 'deleted-unverified':
      out.push(t('guideUnverified'));
      break;
    case 'still-online':
      if (r.reason !== 'cached') out.push(t('guideStillOnline'));
      else out.push(r.cachedUntil !== undefined ? t('guideCached', [host, formatDateTime(r.cachedUntil)]) : t('guideCachedNoTime', [host]));
      break;
    case 'key-unknown':
      out.push(t(r.platform === 'lemmy' ? 'guideKeyUnknownLemmy' : 'guideKeyUnknownMatrix', [hostOf(r.instanceOrigin)]));
      break;
    case 'needs-admin':
      out.push(t(NEEDS_ADMIN_GUIDE[r.reason ?? 'no-user-delete'] ?? 'guideNoUserDelete', [hostOf(r.instanceOrigin)]));
      // A check of it could not be made as the uploader.
      if (r.reason === 'wrong-account') out.push(t(r.account ? 'guideWrongAccount' : 'guideWrongHomeserver', [host]));
      break;
    case 'failed': {
      if (r.reason === 'wrong-account' && !r.account) {
        out.push(t('guideWrongHomeserver', [host]));
        break;
      }
      const long = r.reason && REASON_LONG[r.reason];
      out.push(long ? t(long, [host, siteName(r.pageOrigin)]) : t(REASON_SHORT[r.reason ?? 'unexpected-response'], [host]));
      break;
    }
  }
  if (r.serverRecordDropped) out.push(t('guideRecordDropped', [host]));
  if (r.redactedAt !== undefined) out.push(t('guideRedacted', [formatDateTime(r.redactedAt)]));
  if (r.detail) out.push(t('serverSaid', [r.detail]));
  return out;
}

/** A failed delete the user may simply try again (Lemmy 0.19.0–0.19.11 dropping its record rules out blind retries). */
export const canRetry = (r: UploadRecord) => r.status === 'failed' && !r.serverRecordDropped;

/** The user must log in to the instance first. */
export const needsLogin = (r: UploadRecord) =>
  r.status === 'failed' && (r.reason === 'logged-out' || r.reason === 'not-owner' || r.reason === 'front-end-login' || r.reason === 'no-app-page');

/** A delete may be asked for: the file may still be online, and no earlier refusal made the server drop its record. */
// A file only a cache still serves is deleted on the server already: another delete would change nothing.
export const canDelete = (r: UploadRecord) => DELETABLE.has(r.status) && !r.serverRecordDropped && r.reason !== 'cached';

/** Statuses after a delete attempt, whose public address is worth probing again. */
export const RECHECKABLE: ReadonlySet<UploadStatus> = new Set(['deleted-unverified', 'still-online', 'verified-gone', 'failed', 'needs-admin']);
