import type { UploadDraft } from './platforms/types';

/** Only 'captured' exists so far; deletion adds its states later. */
export type UploadStatus = 'captured';

/** One uploaded file as the ledger keeps it. */
export interface UploadRecord extends Omit<UploadDraft, 'fileIndex'> {
  /** Derived from the sending frame's origin and the hook's request id, so retries overwrite instead of duplicating. */
  id: string;
  /** Origin of the frame that made the request, from the browser (never from the page). */
  pageOrigin: string;
  transport: 'fetch' | 'xhr';
  status: UploadStatus;
  /** When the background recorded it (its own clock, read just before the write commits). */
  uploadedAt: number;
  /** When the page's request finished, as the hook saw it (used by the latency benchmark). */
  responseAt: number;
  thumb?: string;
  roomId?: string;
  eventId?: string;
  /** For Element's thumbnail uploads: the id of the file it previews. */
  thumbnailOf?: string;
}

export function recordId(pageOrigin: string, reqId: string, index: number): string {
  return `${reqId}.${index}@${pageOrigin}`;
}
