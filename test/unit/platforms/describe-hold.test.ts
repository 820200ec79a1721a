import { describe, expect, it } from 'vitest';
import { lemmy } from '@/utils/platforms/lemmy';
import { matrix } from '@/utils/platforms/matrix';
import type { DestinationLabel, HeldUpload, PickContext } from '@/utils/platforms/types';
import { fileMeta } from '../helpers';

const held = (rule: string, url: string, files: HeldUpload['files'] = []): HeldUpload => ({ rule, url, files });

describe('lemmy.describeHold', () => {
  it('a v3 /pictrs/image upload is an image on the instance host, port included', () => {
    const files = [fileMeta('cat.png', 'image/png', 5)];
    expect(lemmy.describeHold(held('lemmy-v3-upload', 'https://lemmy.example:8536/pictrs/image', files))).toEqual({
      label: 'image',
      host: 'lemmy.example:8536',
      exposure: 'lemmy',
    });
    expect(lemmy.describeHold(held('lemmy-v3-upload', 'http://lemmy.example/lemmy/pictrs/image/', files))).toEqual({
      label: 'image',
      host: 'lemmy.example',
      exposure: 'lemmy',
    });
  });

  const v4: Array<[string, DestinationLabel]> = [
    ['image', 'image'],
    ['account/avatar', 'avatar'],
    ['account/banner', 'banner'],
    ['community/icon', 'community-icon'],
    ['community/banner', 'community-banner'],
    ['site/icon', 'site-icon'],
    ['site/banner', 'site-banner'],
  ];
  for (const [route, label] of v4) {
    it(`v4 /api/v4/${route} → ${label}`, () => {
      expect(lemmy.describeHold(held('lemmy-v4-upload', `https://lemmy.example:8443/api/v4/${route}`))).toEqual({
        label,
        host: 'lemmy.example:8443',
        exposure: 'lemmy',
      });
      expect(lemmy.describeHold(held('lemmy-v4-upload', `https://lemmy.example/api/v4/${route}/`)).label).toBe(label);
    });
  }

  it('only the v4 rule tells the routes apart; an unknown route or a bad URL falls back to image', () => {
    // 0.19's single route serves avatars too: the path of a v3 hold says nothing about the kind.
    expect(lemmy.describeHold(held('lemmy-v3-upload', 'https://lemmy.example/api/v4/account/avatar')).label).toBe('image');
    expect(lemmy.describeHold(held('lemmy-v4-upload', 'https://lemmy.example/api/v4/image/list')).label).toBe('image');
    expect(lemmy.describeHold(held('lemmy-v4-upload', 'not a url'))).toEqual({ label: 'image', host: '', exposure: 'lemmy' });
  });
});

describe('matrix.describeHold', () => {
  const UPLOAD = 'https://matrix.example:8448/_matrix/media/v3/upload';

  it('a named File is a file on the homeserver, readable by the server', () => {
    for (const type of ['image/png', 'application/octet-stream', '']) {
      expect(matrix.describeHold(held('matrix-upload', UPLOAD, [fileMeta('cat.png', type, 5, null)])), type).toEqual({
        label: 'matrix-file',
        host: 'matrix.example:8448',
        exposure: 'matrix',
      });
    }
  });

  it('a nameless Blob of type "" or application/octet-stream with no filename query is an encrypted attachment', () => {
    for (const type of ['', 'application/octet-stream']) {
      expect(matrix.describeHold(held('matrix-upload', UPLOAD, [fileMeta(null, type, 5, null)])), type).toEqual({
        label: 'matrix-encrypted',
        host: 'matrix.example:8448',
        exposure: 'matrix-encrypted',
      });
    }
    const async = 'https://matrix.example/_matrix/media/v3/upload/matrix.example/abcDEF123';
    expect(matrix.describeHold(held('matrix-upload-async', async, [fileMeta(null, '', 5, null)])).label).toBe('matrix-encrypted');
  });

  it('a nameless upload named by ?filename= is not encrypted', () => {
    for (const type of ['', 'application/octet-stream']) {
      const d = matrix.describeHold(held('matrix-upload', `${UPLOAD}?filename=cat.png`, [fileMeta(null, type, 5, null)]));
      expect(d, type).toEqual({ label: 'matrix-file', host: 'matrix.example:8448', exposure: 'matrix' });
    }
    // matrix-js-sdk encodes the name twice.
    const twice = matrix.describeHold(held('matrix-upload', `${UPLOAD}?filename=my%2520cat.png`, [fileMeta(null, '', 5, null)]));
    expect(twice.label).toBe('matrix-file');
  });

  it('a nameless Blob of a real media type is not ciphertext; no file or a bad URL is not encrypted either', () => {
    expect(matrix.describeHold(held('matrix-upload', UPLOAD, [fileMeta(null, 'image/png', 5, null)])).label).toBe('matrix-file');
    expect(matrix.describeHold(held('matrix-upload', UPLOAD, [])).label).toBe('matrix-file');
    expect(matrix.describeHold(held('matrix-upload', 'not a url', [fileMeta(null, '', 5, null)]))).toEqual({
      label: 'matrix-file',
      host: '',
      exposure: 'matrix',
    });
  });
});

describe('matrix.appConfirms', () => {
  const hold = held('matrix-upload', 'https://matrix.example/_matrix/media/v3/upload', [fileMeta('cat.png', 'image/png', 5, null)]);
  /** Just enough of a Document: only `#matrixchat` exists, when asked for. */
  const doc = (element: boolean) =>
    ({ getElementById: (id: string) => (element && id === 'matrixchat' ? ({ id } as unknown as HTMLElement) : null) }) as unknown as Document;
  const pick = (inDialog: boolean, source: PickContext['source'] = 'input', fileCount = 1): PickContext => ({ source, inDialog, fileCount });

  it('is true for a pick outside any dialog in Element (#matrixchat), whatever the source', () => {
    for (const source of ['input', 'paste', 'drop'] as const) expect(matrix.appConfirms!(hold, pick(false, source), doc(true)), source).toBe(true);
  });

  it('is false without a pick (voice messages, widgets), for a pick inside a dialog (avatars), or outside Element', () => {
    expect(matrix.appConfirms!(hold, null, doc(true))).toBe(false);
    expect(matrix.appConfirms!(hold, pick(true), doc(true))).toBe(false);
    expect(matrix.appConfirms!(hold, pick(false), doc(false))).toBe(false);
  });

  it('is false for several files picked together (Element may send them as a gallery without its dialog)', () => {
    expect(matrix.appConfirms!(hold, pick(false, 'drop', 2), doc(true))).toBe(false);
    expect(matrix.appConfirms!(hold, pick(false, 'input', 10), doc(true))).toBe(false);
  });

  it('Lemmy has no confirmation of its own', () => {
    expect(lemmy.appConfirms).toBeUndefined();
  });
});
