// Issue 12 §2: a file and the thumbnail Element uploads with it are one item.
import { describe, expect, it } from 'vitest';
import { asItems, itemStatus, withThumbnailIds } from '@/utils/items';
import type { UploadRecord, UploadStatus } from '@/utils/records';
import { uploadRecord } from './helpers';

const file = (status: UploadStatus = 'captured', over: Partial<UploadRecord> = {}) => uploadRecord({ id: 'file', platform: 'matrix', status, ...over });
const thumb = (status: UploadStatus = 'captured', id = 'thumb', of = 'file') => uploadRecord({ id, platform: 'matrix', kind: 'thumbnail', status, thumbnailOf: of });

describe('itemStatus', () => {
  it("is the file's until the file is gone; then what is left of it, the thumbnail's", () => {
    expect(itemStatus(file('needs-admin'), [thumb('verified-gone')])).toBe('needs-admin');
    expect(itemStatus(file('verified-gone'), [thumb('needs-admin')])).toBe('needs-admin');
    expect(itemStatus(file('verified-gone'), [thumb('verified-gone'), thumb('still-online', 't2')])).toBe('still-online');
    expect(itemStatus(file('verified-gone'), [thumb('verified-gone')])).toBe('verified-gone');
    expect(itemStatus(file('verified-gone'), [])).toBe('verified-gone');
  });
});

describe('asItems', () => {
  it('puts a thumbnail with its file: one item, no row of its own', () => {
    const items = asItems([thumb('needs-admin'), file('verified-gone', { reason: 'no-user-delete' }), uploadRecord({ id: 'alone' })]);
    expect(items.map((i) => i.id)).toEqual(['file', 'alone']);
    const [item] = items;
    expect(item).toMatchObject({ status: 'needs-admin', fileStatus: 'verified-gone' });
    expect(item!.thumbnails?.map((t) => t.id)).toEqual(['thumb']);
  });

  it("takes the reason of what is left, not the file's", () => {
    const t = { ...thumb('still-online'), reason: 'still-served' as const };
    const [item] = asItems([file('verified-gone', { reason: 'no-user-delete', detail: 'x' }), t]);
    expect(item).toMatchObject({ status: 'still-online', reason: 'still-served' });
    expect(item!.detail).toBeUndefined();
    const [same] = asItems([file('needs-admin', { reason: 'no-user-delete' }), thumb('needs-admin')]);
    expect(same).toMatchObject({ status: 'needs-admin', reason: 'no-user-delete', fileStatus: 'needs-admin' });
  });

  it('keeps a thumbnail whose file is not there as an item of its own, so nothing disappears', () => {
    expect(asItems([thumb('captured', 'orphan', 'removed-file')]).map((i) => i.id)).toEqual(['orphan']);
  });

  it('returns records without thumbnails as the same objects (search caches are per object)', () => {
    const a = uploadRecord({ id: 'a' });
    const b = uploadRecord({ id: 'b' });
    const items = asItems([a, b, file(), thumb()]);
    expect(items[0]).toBe(a);
    expect(items[1]).toBe(b);
    expect(asItems([a])[0]).toBe(a);
  });
});

describe('withThumbnailIds', () => {
  it('follows each file by its thumbnails, once each', () => {
    expect(withThumbnailIds(['file', 'alone', 'file'], [thumb(), thumb('captured', 't2')])).toEqual(['file', 'thumb', 't2', 'alone']);
    expect(withThumbnailIds(['alone'], [])).toEqual(['alone']);
  });
});
