import type { DeleteStatus, ReasonCode } from './deletion';
import type { UploadDraft } from './platforms/types';

/** captured → deleting → deleted-unverified → verified-gone | still-online; or failed (reason) | needs-admin. */
export type UploadStatus = DeleteStatus;

/** One uploaded file as the ledger keeps it. Thumbnails live in their own store (see UploadView). */
export interface UploadRecord extends Omit<UploadDraft, 'fileIndex'> {
  /** Derived from the sending frame's origin and the hook's request id, so retries overwrite instead of duplicating. */
  id: string;
  /** Origin of the frame that made the request, from the browser (never from the page). */
  pageOrigin: string;
  /** How the page sent it: seen by the hook (fetch, XHR), or only by the browser ('network', see unseen-uploads.ts). */
  transport: 'fetch' | 'xhr' | 'network';
  status: UploadStatus;
  /** When the background recorded it (its own clock, read just before the write commits). */
  uploadedAt: number;
  /** When the page's request finished, as the hook saw it (used by the latency benchmark). */
  responseAt: number;
  roomId?: string;
  eventId?: string;
  /** A thumbnail of a file (Element's upload with an image; a copy the server made for a post): the file's id. */
  thumbnailOf?: string;
  /** The server made this copy itself (Lemmy's thumbnail of a post's image): nobody uploaded it (utils/server-copies.ts). */
  serverCopy?: true;
  /** Lemmy: the post that uses this upload (its id on the instance), from the post create or edit the page made. */
  postId?: number;
  /** 'import': the instance listed it for the user (backfill); absent: Takeback saw the upload. */
  source?: 'import';
  /** Why the record is in its status (failed, still online, needs admin, unverified). */
  reason?: ReasonCode;
  /** The server's own words, for diagnostics. */
  detail?: string;
  /** When the status last changed. */
  statusAt?: number;
  /** Lemmy 0.19.0–0.19.11 dropped its own row of the upload on a refused delete: never retry blindly. */
  serverRecordDropped?: true;
  /** When the server accepted a delete (re-checks count from here). */
  deletedAt?: number;
  /** When the public URL was last probed. */
  checkedAt?: number;
  /**
   * For 'verified-gone': the address whose answer proved it, and that answer, as the check made it (on Lemmy 1.0 that
   * is /api/v4/image/<alias>, not the /pictrs/ URL the upload returned: issue 12 §4).
   */
  proofUrl?: string;
  proofStatus?: number;
  /** The proof was asked signed in, from a tab of the instance (a private instance answers others 401). */
  proofSignedIn?: true;
  /**
   * For 'still-online' because of 'cached': when the cache in front of the server should stop serving the copy it
   * kept (from its caching headers); the next re-check is then.
   */
  cachedUntil?: number;
  /** When the next automatic re-check of a deleted file is due; absent when none is. */
  nextCheckAt?: number;
  /** How many automatic re-checks have run since the delete. */
  rechecks?: number;
  /** Matrix: when Takeback redacted the message that carried the file (the file itself stays). */
  redactedAt?: number;
  /**
   * Matrix: the account the page's client was signed in as right after the upload (a claim of the reporting page, like
   * everything it reports); Takeback acts on the file only through a client signed in as this account.
   */
  account?: string;
  /**
   * Lemmy: the instance's API base (origin and any path prefix) as the browser sent the upload request; deletes and
   * proofs are built from it and the documented endpoints only.
   */
  apiBase?: string;
  /**
   * An upload Takeback saw leave but whose answer it never read (status 'key-unknown'): the address it was sent to,
   * and what sent it.
   */
  sentTo?: string;
  unseenVia?: UnseenVia;
  /**
   * Added by a restore: the ledger already held this file (the record with this id) with another key. Both are kept,
   * never one replaced by the other, and the dashboard says so (utils/backup/merge.ts).
   */
  conflictOf?: string;
}

/** What sent an upload the hook could not watch: a form post, sendBeacon, a service worker, or a worker or other script. */
export type UnseenVia = 'form' | 'beacon' | 'service-worker' | 'script';

/** A record with its thumbnail, for lists that show one. */
export interface UploadView extends UploadRecord {
  thumb?: string;
}

export function recordId(pageOrigin: string, reqId: string, index: number): string {
  return `${reqId}.${index}@${pageOrigin}`;
}

/** Statuses in which the file may still be online and a delete may be (re)tried by the user. */
export const DELETABLE: ReadonlySet<UploadStatus> = new Set(['captured', 'failed', 'still-online', 'deleted-unverified']);

/** A bulk delete or an import, kept so it can resume after the browser restarts. */
export interface JobRecord {
  id: string;
  kind: 'delete' | 'import';
  state: 'running' | 'cancelled' | 'done';
  createdAt: number;
  finishedAt?: number;
  /** delete: the records to delete, in order. */
  ids: string[];
  /** delete: the records that reached a final outcome in this job. */
  done: string[];
  /** import: the instance listed, where the listing got to, and how many new records it added. */
  instanceOrigin?: string;
  cursor?: string;
  listed?: number;
  imported?: number;
  /** Why the job stopped early (import: logged out, not supported…). */
  error?: string;
}

/** What Takeback learned about an instance, cached so a bulk run asks once. */
export interface InstanceInfo {
  origin: string;
  platform: 'lemmy' | 'matrix';
  /** Lemmy: the delete band from its version. */
  band?: import('./platforms/lemmy-version').LemmyBand;
  /** Lemmy: its version; Matrix: the server software's version, as /_matrix/federation/v1/version reports it. */
  version?: string;
  /** Matrix: the homeserver's media is served by matrix-media-repo. */
  mediaRepo?: boolean;
  /** Matrix: the server software's name from /_matrix/federation/v1/version ("Synapse", "continuwuity"…), when it answered. */
  software?: string;
  checkedAt: number;
}
