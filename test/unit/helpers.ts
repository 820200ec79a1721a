import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ObservationSchema, type FileMeta, type Observation } from '@/utils/platforms/types';
import type { UploadRecord, UploadView } from '@/utils/records';

// A path, not a URL object: under happy-dom the global URL is not Node's.
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures') + '/';

/** The raw text of test/fixtures/<platform>/<name>. */
export function fixture(platform: 'lemmy' | 'matrix', name: string): string {
  return readFileSync(`${FIXTURES}${platform}/${name}`, 'utf8');
}

export function fileMeta(name: string | null, type: string, size: number, field: string | null = 'images[]'): FileMeta {
  return { field, name, type, size };
}

let counter = 0;
/** A fresh request id in the hook's format. */
export const newReqId = () => `req${(++counter).toString().padStart(8, '0')}`;

/**
 * Builds an Observation as the hook reports it; `response`/`request` objects are JSON-encoded, strings kept as-is.
 * The result is validated with ObservationSchema, so a helper mistake fails loudly.
 */
export function observation(
  rule: string,
  method: string,
  url: string,
  status: number,
  response: unknown,
  files: FileMeta[] = [],
  request: unknown = null,
  extra: Partial<Observation> = {},
): Observation {
  const encode = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
  return ObservationSchema.parse({
    reqId: newReqId(),
    rule,
    transport: 'fetch',
    method,
    url,
    status,
    response: encode(response),
    request: encode(request),
    files,
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_000_250,
    ...extra,
  });
}

/** A stored upload record with sensible defaults. */
export function uploadRecord(overrides: Partial<UploadView> & { id: string }): UploadView {
  return {
    platform: 'lemmy',
    api: 'lemmy-v3',
    kind: 'image',
    instanceOrigin: 'https://lemmy.example',
    key: `${overrides.id}-alias.png`,
    url: `https://lemmy.example/pictrs/image/${overrides.id}-alias.png`,
    deleteToken: 'token-1',
    fileName: 'cat.png',
    mime: 'image/png',
    size: 1000,
    pageOrigin: 'https://lemmy.example',
    transport: 'fetch',
    status: 'captured',
    uploadedAt: 1_000,
    responseAt: 1_000,
    ...overrides,
  };
}

/** A Matrix attachment on https://matrix.example.org as a capture leaves it (mxc://example.org/<id>, with its room and event). */
export function matrixUploadRecord(overrides: Partial<UploadView> & { id: string }): UploadView {
  const { id } = overrides;
  return uploadRecord({
    platform: 'matrix',
    api: 'matrix-media',
    kind: 'attachment',
    instanceOrigin: 'https://matrix.example.org',
    key: `mxc://example.org/${id}`,
    mxc: `mxc://example.org/${id}`,
    url: `https://matrix.example.org/_matrix/client/v1/media/download/example.org/${id}`,
    fileName: `${id}.jpg`,
    roomId: '!room:example.org',
    eventId: `$ev-${id}`,
    ...overrides,
  });
}

