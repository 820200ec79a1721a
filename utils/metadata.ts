// What an image about to be uploaded says about where, when and with what it was taken.
import { load, type ExpandedTags } from 'exifreader';

export type MetadataReport =
  | {
      status: 'found';
      gps?: { latitude: number; longitude: number; altitude?: number };
      device?: string;
      takenAt?: string;
      fields: string[];
    }
  | { status: 'none' }
  | { status: 'unreadable'; reason: string }
  | { status: 'not-applicable' };

/** Exif sits right after a JPEG's start marker, so the first bytes are enough for most files. */
export const DEFAULT_MAX_BYTES = 512 * 1024;
/** PNG, WebP, JPEG XL and HEIC/AVIF may store their metadata after the image data; by default read that far, up to this. */
export const TRAILING_METADATA_MAX_BYTES = 16 * 1024 * 1024;

// Tag names as exifreader gives them, the same in Exif and XMP.
const SENSITIVE_TAGS = [
  'GPSLatitude', 'GPSLongitude', 'GPSAltitude', 'GPSDestLatitude', 'GPSDestLongitude',
  'Make', 'Model', 'BodySerialNumber', 'SerialNumber', 'LensSerialNumber', 'CameraOwnerName', 'OwnerName',
  'DateTimeOriginal', 'DateTimeDigitized', 'CreateDate',
];

type Format = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'heif' | 'jxl';
const TRAILING_FORMATS = new Set<Format>(['png', 'webp', 'heif', 'jxl']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'avif', 'avis']);
const SUPPORTED_TYPE = /^image\/(p?jpeg|a?png|gif|webp|tiff|heic|heif|heic-sequence|heif-sequence|avif|jxl)$/;
const FAULTY = '<faulty value>'; // exifreader's stand-in for a value it could not read

type Tag = { value: unknown; description: string };

/**
 * Never throws. Reads at most `maxBytes` of the file when given; by default the first DEFAULT_MAX_BYTES, and for
 * formats whose metadata may follow the image data, as far as the metadata reaches (up to TRAILING_METADATA_MAX_BYTES).
 * Metadata that lies past what was read gives `unreadable`, never `none`.
 */
export async function readMetadata(file: Blob, opts: { maxBytes?: number } = {}): Promise<MetadataReport> {
  try {
    const cap = opts.maxBytes === undefined || Number.isNaN(opts.maxBytes) ? undefined : Math.max(0, Math.floor(opts.maxBytes));
    let bytes = await file.slice(0, Math.min(cap ?? DEFAULT_MAX_BYTES, file.size)).arrayBuffer();
    const format = sniff(new Uint8Array(bytes));
    if (!format) {
      return SUPPORTED_TYPE.test(file.type)
        ? { status: 'unreadable', reason: `not a readable ${file.type} file` }
        : { status: 'not-applicable' };
    }

    let tags = await parse(bytes);
    if (cap === undefined && TRAILING_FORMATS.has(format) && !isComplete(format, tags, bytes.byteLength === file.size, new Uint8Array(bytes))) {
      const end = Math.min(format === 'heif' && tags.metadataRange ? tags.metadataRange.end : file.size, file.size);
      if (end > bytes.byteLength && end <= TRAILING_METADATA_MAX_BYTES) {
        const whole = new Uint8Array(end);
        whole.set(new Uint8Array(bytes));
        whole.set(new Uint8Array(await file.slice(bytes.byteLength, end).arrayBuffer()), bytes.byteLength);
        bytes = whole.buffer;
        tags = await parse(bytes);
      }
    }
    return report(tags, isComplete(format, tags, bytes.byteLength === file.size, new Uint8Array(bytes)), bytes.byteLength, file.size);
  } catch (error) {
    return { status: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}

function sniff(b: Uint8Array): Format | undefined {
  const text = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (text(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (text(0, 4) === 'GIF8') return 'gif';
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return 'webp';
  if (text(0, 4) === 'II*\0' || text(0, 4) === 'MM\0*') return 'tiff';
  // An MP4 video starts with an ftyp box too: only image brands count.
  if (text(4, 8) === 'ftyp' && HEIF_BRANDS.has(text(8, 12))) return 'heif';
  if ((b[0] === 0xff && b[1] === 0x0a) || text(4, 12) === 'JXL \r\n\x87\n') return 'jxl';
  return undefined;
}

function parse(bytes: ArrayBuffer): Promise<ExpandedTags> {
  return load(bytes, {
    expanded: true,
    async: true, // compressed PNG text chunks (where XMP can live) are only read in async mode
    includeOffsets: true,
    includeTags: { exif: true, xmp: true, gps: true },
  });
}

/** Whether the bytes read hold all the metadata the file has. */
/**
 * Whether a HEIF/AVIF file's top-level `meta` box (where its Exif item is listed) lies wholly within `bytes`. A file cut
 * inside it leaves exifreader with no item list, which would otherwise read as "no metadata".
 */
function heifMetaWhole(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 8 <= bytes.length; ) {
    let size = view.getUint32(at);
    if (size === 1) size = at + 16 <= bytes.length ? Number(view.getBigUint64(at + 8)) : Infinity;
    else if (size === 0) size = bytes.length - at;
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'meta') return at + size <= bytes.length;
    if (size < 8) return false;
    at += size;
  }
  return false; // ended before any meta box: cut short, or not a HEIF file we can vouch for
}

function isComplete(format: Format, tags: ExpandedTags, wholeFile: boolean, bytes: Uint8Array): boolean {
  const range = tags.metadataRange;
  if (format === 'heif' && !heifMetaWhole(bytes)) return false;
  // These two parsers note whether they got to the image data (JPEG's SOS) or the end (PNG's IEND).
  if (format === 'jpeg' || format === 'png') return range?.complete === true;
  if (wholeFile) return range?.complete !== false;
  // HEIC/AVIF say where their metadata lies; WebP and JPEG XL may put more after any point we stop at.
  if (format === 'heif') return range?.complete === true;
  return !TRAILING_FORMATS.has(format) && range?.complete !== false;
}

function report(tags: ExpandedTags, complete: boolean, bytesRead: number, fileSize: number): MetadataReport {
  const groups = [tags.exif, tags.xmp] as (Record<string, Tag | undefined> | undefined)[];
  const find = (name: string) => groups.map((g) => g?.[name]).find((t) => t !== undefined && !isFaulty(t.value));
  const text = (name: string) => find(name)?.description.replace(/\0/g, '').trim() || undefined;

  const fields = SENSITIVE_TAGS.filter((name) => find(name));
  if (fields.length > 0) {
    const make = text('Make');
    const model = text('Model');
    return {
      status: 'found',
      gps: exifGps(tags) ?? xmpGps(tags.xmp?.GPSLatitude, tags.xmp?.GPSLongitude),
      device: make && model?.toLowerCase().startsWith(make.toLowerCase()) ? model : [make, model].filter(Boolean).join(' ') || undefined,
      takenAt: isoDate(text('DateTimeOriginal'), text('OffsetTimeOriginal')),
      fields,
    };
  }
  // A sensitive tag that is there but could not be read, or an Exif or XMP block with nothing readable in it.
  const damaged =
    groups.some((g) => g && SENSITIVE_TAGS.some((name) => g[name] !== undefined)) ||
    (['exif', 'xmp'] as const).some(
      (type) => tags.metadataRange?.blocks.some((b) => b.type === type) && !Object.keys(tags[type] ?? {}).length,
    );
  if (damaged) return { status: 'unreadable', reason: 'the metadata is damaged' };
  if (!complete) {
    const reason = bytesRead === fileSize ? 'the file is cut short' : `the metadata goes on past the first ${bytesRead} bytes`;
    return { status: 'unreadable', reason };
  }
  return { status: 'none' };
}

const isFaulty = (value: unknown) => value === FAULTY || (Array.isArray(value) && value[0] === FAULTY);

function exifGps(tags: ExpandedTags) {
  const { Latitude, Longitude, Altitude } = tags.gps ?? {};
  const position = validPosition(Latitude, Longitude);
  return position && Altitude !== undefined && Number.isFinite(Altitude) ? { ...position, altitude: Altitude } : position;
}

/** XMP writes coordinates as "DDD,MM,SSk" or "DDD,MM.mmk" (k one of N S E W). */
function xmpGps(lat?: { value: unknown }, lon?: { value: unknown }) {
  const decimal = (tag?: { value: unknown }) => {
    const m = typeof tag?.value === 'string' && /^(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?([NSEW])$/i.exec(tag.value.trim());
    if (!m) return undefined;
    const degrees = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
    return /[SW]$/i.test(m[0]) ? -degrees : degrees;
  };
  return validPosition(decimal(lat), decimal(lon));
}

function validPosition(latitude?: number, longitude?: number): { latitude: number; longitude: number } | undefined {
  if (latitude === undefined || longitude === undefined || !(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) return undefined;
  return { latitude, longitude };
}

/** Exif's "2024:05:17 14:32:09" (+ OffsetTimeOriginal) → "2024-05-17T14:32:09+02:00"; XMP dates are ISO 8601 already. */
function isoDate(date?: string, offset?: string): string | undefined {
  const m = date && /^(\d{4})[:-](\d\d)[:-](\d\d)[ T](\d\d:\d\d(?::\d\d)?)(.*)$/.exec(date);
  if (!m) return date;
  const zone = m[5] || (offset && /^[+-]\d\d:\d\d$/.test(offset) ? offset : '');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}${zone}`;
}
