import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, TRAILING_METADATA_MAX_BYTES, readMetadata, type MetadataReport } from '@/utils/metadata';

// Built by test/fixtures/images/make.mjs.
const IMAGES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/images') + '/';
const bytesOf = (name: string) => new Uint8Array(readFileSync(IMAGES + name));
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', heic: 'image/heic' };
const image = (name: string) => new Blob([bytesOf(name)], { type: TYPES[name.split('.').pop()!] });

/** A Blob that records every byte range read from it. */
class TrackedBlob extends Blob {
  ranges: [number, number][] = [];
  get bytesRead() {
    return this.ranges.reduce((sum, [start, end]) => sum + end - start, 0);
  }
  override slice(start = 0, end = this.size, type?: string): Blob {
    this.ranges.push([start, Math.min(end, this.size)]);
    return super.slice(start, end, type);
  }
  override arrayBuffer() {
    this.ranges.push([0, this.size]);
    return super.arrayBuffer();
  }
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

/** A PNG chunk of `size` zero bytes that readers skip (ancillary, private); exifreader does not check CRCs, so it has none. */
function paddingChunk(size: number) {
  const chunk = new Uint8Array(12 + size);
  new DataView(chunk.buffer).setUint32(0, size);
  chunk.set([...'tbPd'].map((c) => c.charCodeAt(0)), 4);
  return chunk;
}
const AFTER_IHDR = 8 + 25; // signature + IHDR chunk
const padPng = (name: string, size: number) => {
  const png = bytesOf(name);
  return concat(png.subarray(0, AFTER_IHDR), paddingChunk(size), png.subarray(AFTER_IHDR));
};

/** An ISO-BMFF `free` box `size` bytes long, header included; readers skip it. */
function freeBox(size: number) {
  const box = new Uint8Array(size);
  new DataView(box.buffer).setUint32(0, size);
  box.set([...'free'].map((c) => c.charCodeAt(0)), 4);
  return box;
}
/**
 * A HEIC fixture with a `free` box of `size` bytes between its meta and mdat boxes (its iloc offsets moved to match),
 * and one of `trailing` bytes after the mdat. make.mjs writes ftyp, meta, mdat, and an iloc of version 0 with 4-byte
 * offsets and lengths, no base offset and one extent per item.
 */
const padHeic = (name: string, size: number, trailing = 0) => {
  const heic = bytesOf(name);
  const view = new DataView(heic.buffer, heic.byteOffset, heic.byteLength);
  const metaStart = view.getUint32(0); // the ftyp box's length
  const metaEnd = metaStart + view.getUint32(metaStart);
  const out = concat(heic.subarray(0, metaEnd), freeBox(size), heic.subarray(metaEnd), ...(trailing ? [freeBox(trailing)] : []));
  const iloc = new TextDecoder('latin1').decode(heic).indexOf('iloc') - 4;
  const outView = new DataView(out.buffer);
  // Box header and version/flags (12 bytes), offset/length sizes and base offset size (2), item count (2); then per
  // item its ID, data reference index and extent count (2 each), the extent's offset (4) and length (4).
  const items = view.getUint16(iloc + 14);
  for (let i = 0, at = iloc + 16 + 6; i < items; i++, at += 14) outView.setUint32(at, outView.getUint32(at) + size);
  return out;
};

function expectFound(report: MetadataReport) {
  if (report.status !== 'found') throw new Error(`expected found, got ${JSON.stringify(report)}`);
  return report;
}

describe('readMetadata: sensitive metadata', () => {
  it.each([
    ['a JPEG’s Exif', 'gps-paris.jpg'],
    ['a HEIC’s Exif item', 'gps-paris.heic'],
  ])('reads GPS (north/east), device and date from %s', async (_, file) => {
    const report = expectFound(await readMetadata(image(file)));
    expect(report.gps?.latitude).toBeCloseTo(48.8582, 4); // 48°51'29.6"N
    expect(report.gps?.longitude).toBeCloseTo(2.2945, 4); // 2°17'40.2"E
    expect(report.gps?.altitude).toBeCloseTo(35.5, 4);
    expect(report.device).toBe('Apple iPhone 13 mini');
    expect(report.takenAt).toBe('2024-05-17T14:32:09+02:00');
    expect(report.fields).toEqual(['GPSLatitude', 'GPSLongitude', 'GPSAltitude', 'Make', 'Model', 'DateTimeOriginal']);
  });

  it('makes south, west and below-sea-level negative (little-endian Exif)', async () => {
    const report = expectFound(await readMetadata(image('gps-south-west.jpg')));
    expect(report.gps?.latitude).toBeCloseTo(-49.5789, 4); // 49°34'44.0"S
    expect(report.gps?.longitude).toBeCloseTo(-68.3514, 4); // 68°21'05.0"W
    expect(report.gps?.altitude).toBeCloseTo(-105, 4);
    expect(report.device).toBe('Google Pixel 7');
    expect(report.takenAt).toBe('2023-11-02T08:15:00');
  });

  it('reads a PNG eXIf chunk', async () => {
    const report = expectFound(await readMetadata(image('gps-exif.png')));
    expect(report.gps?.latitude).toBeCloseTo(-49.5789, 4);
    expect(report.gps?.longitude).toBeCloseTo(-68.3514, 4);
    expect(report.device).toBe('Google Pixel 7');
  });

  it('reads XMP in a PNG iTXt chunk, in both XMP coordinate forms', async () => {
    const report = expectFound(await readMetadata(image('gps-xmp.png')));
    expect(report.gps?.latitude).toBeCloseTo(-33.8568, 4); // "33,51.4067S"
    expect(report.gps?.longitude).toBeCloseTo(151.2154, 4); // "151,12,55.4E"
    expect(report.gps?.altitude).toBeUndefined();
    expect(report.device).toBe('Canon EOS R6'); // Make "Canon" is not repeated
    expect(report.takenAt).toBe('2022-03-08T19:45:12+11:00');
    expect(report.fields).toEqual(['GPSLatitude', 'GPSLongitude', 'Make', 'Model', 'DateTimeOriginal']);
  });

  it('reads Exif that a WebP stores after its image data', async () => {
    const report = expectFound(await readMetadata(image('gps-paris.webp')));
    expect(report.gps?.latitude).toBeCloseTo(48.8582, 4);
    expect(report.gps?.longitude).toBeCloseTo(2.2945, 4);
  });

  it('goes by the bytes, not the declared type', async () => {
    const report = await readMetadata(new Blob([bytesOf('gps-paris.jpg')], { type: 'application/octet-stream' }));
    expect(report.status).toBe('found');
  });
});

describe('readMetadata: nothing sensitive', () => {
  it.each(['plain.jpg', 'plain.png', 'plain.heic'])('%s without metadata → none', async (name) => {
    expect(await readMetadata(image(name))).toEqual({ status: 'none' });
  });

  it('Exif with only orientation and software → none', async () => {
    expect(await readMetadata(image('exif-harmless.jpg'))).toEqual({ status: 'none' });
  });
});

describe('readMetadata: unreadable, never a throw', () => {
  it.each([
    ['truncated.jpg', 'cut in the middle of its Exif segment'],
    ['bad-exif.jpg', 'an Exif segment with no byte order'],
  ])('%s (%s) → unreadable', async (name) => {
    await expect(readMetadata(image(name))).resolves.toMatchObject({ status: 'unreadable', reason: expect.any(String) });
  });

  it('XMP that does not parse → unreadable', async () => {
    const png = bytesOf('gps-xmp.png');
    const text = new TextDecoder('latin1').decode(png);
    png.set(new TextEncoder().encode('</rdf:RDX>'), text.indexOf('</rdf:RDF>')); // same length, mismatched end tag
    expect(await readMetadata(new Blob([png], { type: 'image/png' }))).toEqual({ status: 'unreadable', reason: 'the metadata is damaged' });
  });

  it('image/* bytes that are no image → unreadable', async () => {
    expect(await readMetadata(new Blob(['not really a jpeg'], { type: 'image/jpeg' }))).toEqual({
      status: 'unreadable',
      reason: 'not a readable image/jpeg file',
    });
    expect((await readMetadata(new Blob([], { type: 'image/png' }))).status).toBe('unreadable');
  });

  it('no cut of a JPEG with GPS reads as "none": the metadata is either found or reported unreadable', async () => {
    const jpeg = bytesOf('gps-paris.jpg');
    const statuses = new Set<string>();
    for (let length = 0; length < jpeg.length; length++) {
      const report = await readMetadata(new Blob([jpeg.subarray(0, length)], { type: 'image/jpeg' }));
      statuses.add(report.status);
      if (report.status === 'none') throw new Error(`a cut at ${length} bytes read as none`);
    }
    expect([...statuses].sort()).toEqual(['found', 'unreadable']);
  });

  it('a JPEG cut short after its Exif segment still reports what that segment holds', async () => {
    const jpeg = bytesOf('gps-paris.jpg');
    const app1 = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xe1);
    const app1End = app1 + 2 + new DataView(jpeg.buffer).getUint16(app1 + 2);
    const report = expectFound(await readMetadata(new Blob([jpeg.subarray(0, app1End)], { type: 'image/jpeg' })));
    expect(report.gps?.latitude).toBeCloseTo(48.8582, 4);
  });

  // exifreader finds no item list in a cut meta box and records no truncation; metadata.ts checks the box itself.
  it('a HEIC cut to its first 40 bytes (inside the meta box) → unreadable', async () => {
    const heic = bytesOf('gps-paris.heic').subarray(0, 40);
    await expect(readMetadata(new Blob([heic], { type: 'image/heic' }))).resolves.toMatchObject({
      status: 'unreadable',
      reason: expect.any(String),
    });
  });

  it('a HEIC cut anywhere inside its ftyp or meta box is unreadable, never none', async () => {
    const heic = bytesOf('gps-paris.heic');
    const metaEnd = 24 + new DataView(heic.buffer, heic.byteOffset).getUint32(24);
    for (let length = 12; length < metaEnd; length++) {
      const report = await readMetadata(new Blob([heic.subarray(0, length)], { type: 'image/heic' }));
      expect([length, report.status]).toEqual([length, 'unreadable']);
    }
  });

  it('a HEIC cut anywhere after its meta box is found or unreadable, never none', async () => {
    const heic = bytesOf('gps-paris.heic');
    const metaEnd = 24 + new DataView(heic.buffer, heic.byteOffset).getUint32(24); // after the 24-byte ftyp box
    const statuses = new Set<string>();
    for (let length = metaEnd; length < heic.length; length++) {
      const report = await readMetadata(new Blob([heic.subarray(0, length)], { type: 'image/heic' }));
      statuses.add(report.status);
      if (report.status === 'none') throw new Error(`a cut at ${length} bytes read as none`);
    }
    expect([...statuses].sort()).toEqual(['found', 'unreadable']);
  });

  it('a file that fails to read → unreadable', async () => {
    class Unreadable extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new DOMException('The file was removed', 'NotReadableError'));
      }
    }
    class Gone extends Blob {
      override slice() {
        return new Unreadable();
      }
    }
    expect(await readMetadata(new Gone([bytesOf('gps-paris.jpg')], { type: 'image/jpeg' }))).toEqual({
      status: 'unreadable',
      reason: 'The file was removed',
    });
  });
});

describe('readMetadata: not an image', () => {
  it('text/plain → not-applicable', async () => {
    expect(await readMetadata(new Blob(['hello'], { type: 'text/plain' }))).toEqual({ status: 'not-applicable' });
  });

  it('an encrypted attachment (application/octet-stream) → not-applicable', async () => {
    let seed = 7;
    const noise = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    expect(await readMetadata(new Blob([noise], { type: 'application/octet-stream' }))).toEqual({ status: 'not-applicable' });
  });

  it('XML with XMP GPS in it, sent as text → not-applicable', async () => {
    const xmp = new TextDecoder().decode(bytesOf('gps-xmp.png')).match(/<\?xpacket begin[\s\S]*<\?xpacket end="r"\?>/)![0];
    expect(await readMetadata(new Blob([xmp], { type: 'text/xml' }))).toEqual({ status: 'not-applicable' });
  });

  it('an MP4 (ftyp box of a video brand) → not-applicable', async () => {
    const mp4 = concat(new Uint8Array([0, 0, 0, 24]), new TextEncoder().encode('ftypisom\0\0\x02\0isommp41'), new Uint8Array(64));
    expect(await readMetadata(new Blob([mp4], { type: 'video/mp4' }))).toEqual({ status: 'not-applicable' });
  });
});

describe('readMetadata: how much it reads', () => {
  it('Exif past maxBytes → unreadable, and nothing past maxBytes is read', async () => {
    const blob = new TrackedBlob([bytesOf('gps-after-padding.jpg')], { type: 'image/jpeg' }); // Exif starts at byte 4120
    expect(await readMetadata(blob, { maxBytes: 1024 })).toEqual({
      status: 'unreadable',
      reason: 'the metadata goes on past the first 1024 bytes',
    });
    expect(Math.max(...blob.ranges.map(([, end]) => end))).toBe(1024);
    expect((await readMetadata(blob, { maxBytes: 8192 })).status).toBe('found');
  });

  it('reads only the first 512 KiB of a large JPEG by default', async () => {
    const jpeg = concat(bytesOf('gps-paris.jpg'), new Uint8Array(3 * 1024 * 1024)); // trailing bytes after EOI
    const blob = new TrackedBlob([jpeg], { type: 'image/jpeg' });
    expect((await readMetadata(blob)).status).toBe('found');
    expect(blob.bytesRead).toBe(DEFAULT_MAX_BYTES);
  });

  it('reads further into a PNG whose eXIf comes after the first 512 KiB, but not past an explicit maxBytes', async () => {
    const png = padPng('gps-exif.png', 600 * 1024);
    const blob = new TrackedBlob([png], { type: 'image/png' });
    const report = expectFound(await readMetadata(blob));
    expect(report.gps?.latitude).toBeCloseTo(-49.5789, 4);
    expect(blob.bytesRead).toBe(png.length);

    const capped = new TrackedBlob([png], { type: 'image/png' });
    expect((await readMetadata(capped, { maxBytes: DEFAULT_MAX_BYTES })).status).toBe('unreadable');
    expect(capped.bytesRead).toBe(DEFAULT_MAX_BYTES);
  });

  it('HEIC: a maxBytes that ends inside the meta box or the Exif item → unreadable, and nothing past it is read', async () => {
    const heic = bytesOf('gps-paris.heic'); // meta box 24–134, Exif item 142–446
    const blob = new TrackedBlob([heic], { type: 'image/heic' });
    expect(await readMetadata(blob, { maxBytes: 100 })).toEqual({
      status: 'unreadable',
      reason: 'the metadata goes on past the first 100 bytes',
    });
    expect(Math.max(...blob.ranges.map(([, end]) => end))).toBe(100);
    blob.ranges = [];
    expect((await readMetadata(blob, { maxBytes: 200 })).status).toBe('unreadable');
    expect(Math.max(...blob.ranges.map(([, end]) => end))).toBe(200);
    expect(expectFound(await readMetadata(blob, { maxBytes: heic.length })).gps?.latitude).toBeCloseTo(48.8582, 4);
  });

  it('reads further into a HEIC whose Exif item lies past the first 512 KiB, up to the item’s end and no further', async () => {
    const heic = padHeic('gps-paris.heic', 600 * 1024, 1024 * 1024);
    const exifEnd = heic.length - 1024 * 1024; // the mdat, holding only the Exif item, ends where the trailing box starts
    const blob = new TrackedBlob([heic], { type: 'image/heic' });
    const report = expectFound(await readMetadata(blob));
    expect(report.gps?.latitude).toBeCloseTo(48.8582, 4);
    expect(report.gps?.longitude).toBeCloseTo(2.2945, 4);
    expect(blob.bytesRead).toBe(exifEnd);

    const capped = new TrackedBlob([heic], { type: 'image/heic' });
    expect((await readMetadata(capped, { maxBytes: DEFAULT_MAX_BYTES })).status).toBe('unreadable');
    expect(capped.bytesRead).toBe(DEFAULT_MAX_BYTES);
  });

  it('a large HEIC without an Exif item → none', async () => {
    expect(await readMetadata(new Blob([padHeic('plain.heic', 600 * 1024)], { type: 'image/heic' }))).toEqual({ status: 'none' });
  });

  it('a large PNG without metadata → none (read to its end to be sure)', async () => {
    expect(await readMetadata(new Blob([padPng('plain.png', 600 * 1024)], { type: 'image/png' }))).toEqual({ status: 'none' });
  });

  it(`does not read past ${TRAILING_METADATA_MAX_BYTES / 1024 / 1024} MiB for trailing metadata: such a PNG → unreadable`, async () => {
    const blob = new TrackedBlob([padPng('gps-exif.png', TRAILING_METADATA_MAX_BYTES)], { type: 'image/png' });
    expect((await readMetadata(blob)).status).toBe('unreadable');
    expect(blob.bytesRead).toBe(DEFAULT_MAX_BYTES);
  });

  it(`nor for a HEIC whose Exif item ends past ${TRAILING_METADATA_MAX_BYTES / 1024 / 1024} MiB → unreadable`, async () => {
    const blob = new TrackedBlob([padHeic('gps-paris.heic', TRAILING_METADATA_MAX_BYTES)], { type: 'image/heic' });
    expect((await readMetadata(blob)).status).toBe('unreadable');
    expect(blob.bytesRead).toBe(DEFAULT_MAX_BYTES);
  });
});
