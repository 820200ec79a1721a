import type { UploadRecord, UploadStatus } from './records';

/**
 * What the user thinks of as one file can be several uploads: Element sends an 800×600 thumbnail before every image
 * over 32 KiB and names both in the message (research: updates-2026-12.md §2, "Observed with the real Element Web").
 * Each stays a record of its own in the ledger (its own key, status and proof), linked by `thumbnailOf`; everywhere
 * the user sees or acts, the file and its thumbnails are one item (issue 12 §2): one row, deleted, checked and listed in
 * letters together, and gone only when all of them are.
 */
export type Item<R extends UploadRecord = UploadRecord> = R & {
  /** The item's thumbnails, when it has any; `status` is then the item's (see itemStatus), `fileStatus` the file's own. */
  thumbnails?: R[];
  fileStatus?: UploadStatus;
};

/**
 * What the item is, of the file and its thumbnails (records, or a delete's outcomes): the file, until the file is gone
 * and a thumbnail is not; then that thumbnail. So the item is gone only when every one of them is.
 */
export function whatIsLeft<T extends { status: UploadStatus }>(file: T, thumbnails: readonly T[]): T {
  return file.status === 'verified-gone' ? (thumbnails.find((t) => t.status !== 'verified-gone') ?? file) : file;
}

export const itemStatus = (file: UploadRecord, thumbnails: readonly UploadRecord[]): UploadStatus => whatIsLeft(file, thumbnails).status;

/**
 * The records as items: a thumbnail whose file is among them goes with that file and has no row of its own; one whose
 * file is not (removed, or never linked) stays an item by itself, so nothing disappears from view. Records without
 * thumbnails are returned as the same objects.
 */
export function asItems<R extends UploadRecord>(records: readonly R[]): Array<Item<R>> {
  const ids = new Set(records.map((r) => r.id));
  const thumbsOf = new Map<string, R[]>();
  for (const r of records) {
    if (r.thumbnailOf && r.thumbnailOf !== r.id && ids.has(r.thumbnailOf)) thumbsOf.set(r.thumbnailOf, [...(thumbsOf.get(r.thumbnailOf) ?? []), r]);
  }
  if (!thumbsOf.size) return records.slice();
  const items: Array<Item<R>> = [];
  for (const r of records) {
    if (r.thumbnailOf && r.thumbnailOf !== r.id && ids.has(r.thumbnailOf)) continue;
    const thumbnails = thumbsOf.get(r.id);
    if (!thumbnails) {
      items.push(r);
      continue;
    }
    // Once the file is gone, what is left of the item is the thumbnail: its status and why.
    const left = whatIsLeft<R>(r, thumbnails);
    const item: Item<R> = { ...r, fileStatus: r.status, thumbnails };
    if (left !== r) {
      delete item.reason;
      delete item.detail;
      Object.assign(item, { status: left.status }, left.reason && { reason: left.reason }, left.detail && { detail: left.detail });
    }
    items.push(item);
  }
  return items;
}

/** The ids of the items' records: each file followed by its thumbnails, once each. */
export function withThumbnailIds(ids: readonly string[], thumbnails: readonly UploadRecord[]): string[] {
  const of = new Map<string, string[]>();
  for (const t of thumbnails) if (t.thumbnailOf) of.set(t.thumbnailOf, [...(of.get(t.thumbnailOf) ?? []), t.id]);
  return [...new Set(ids.flatMap((id) => [id, ...(of.get(id) ?? [])]))];
}
