import type { Ledger } from './ledger';
import { platformById } from './platforms';
import type { UploadRecord } from './records';

/**
 * Copies a server makes of an upload by itself (Lemmy: a post's thumbnail, utils/platforms/lemmy.ts serverCopies).
 * After a link that makes one likely, Takeback looks the file's use up at the instance, without credentials, a few
 * times; each copy found becomes a record of its own, tied to the file (`thumbnailOf`): one item with it everywhere
 * (utils/items.ts), checked like any file, listed in erasure letters with its own purge command.
 */
export interface CopyFinderDeps {
  ledger: Pick<Ledger, 'get' | 'findByKey' | 'insert'>;
  /** A credential-less GET from the extension itself: status and body. */
  get(url: string): Promise<{ status: number; body: string | null }>;
  wait(ms: number): Promise<void>;
  now(): number;
  added(ids: string[]): void;
}

/** The record of a copy the server made of `file`: the same instance, reporter and API; no token, nobody's upload. */
export function copyRecord(file: UploadRecord, copy: { key: string; url: string }, at: number): UploadRecord {
  return {
    platform: file.platform,
    api: file.api,
    kind: 'thumbnail',
    instanceOrigin: file.instanceOrigin,
    ...(file.apiBase !== undefined && { apiBase: file.apiBase }),
    key: copy.key,
    url: copy.url,
    fileName: null,
    mime: file.mime,
    size: null,
    id: `${file.id}#copy:${copy.key}`,
    pageOrigin: file.pageOrigin,
    transport: file.transport,
    status: 'captured',
    uploadedAt: at,
    responseAt: at,
    thumbnailOf: file.id,
    serverCopy: true,
    ...(file.postId !== undefined && { postId: file.postId }),
  };
}

export function createCopyFinder(d: CopyFinderDeps) {
  /** One look: the copies the instance names now that Takeback does not know yet, recorded. */
  async function lookOnce(fileId: string): Promise<UploadRecord[] | null> {
    const file = await d.ledger.get(fileId);
    const copies = file && platformById(file.platform).serverCopies;
    const url = file && copies?.lookupUrl(file);
    if (!file || !copies || !url) return null;
    const answer = await d.get(url).catch(() => null);
    if (answer?.status !== 200 || answer.body === null) return [];
    const fresh: UploadRecord[] = [];
    for (const copy of copies.parse(answer.body, file)) {
      const known = (await d.ledger.findByKey(file.platform, copy.key)).some((r) => r.instanceOrigin === file.instanceOrigin);
      if (!known) fresh.push(copyRecord(file, copy, d.now()));
    }
    if (fresh.length) {
      await d.ledger.insert(fresh);
      d.added(fresh.map((r) => r.id));
    }
    return fresh;
  }

  return {
    lookOnce,
    /** Looks at each of the platform's delays until a copy turns up (the server makes it a moment after the post). */
    async lookFor(fileId: string): Promise<void> {
      const file = await d.ledger.get(fileId);
      const delays = file ? (platformById(file.platform).serverCopies?.delaysMs ?? []) : [];
      for (const ms of delays) {
        await d.wait(ms);
        const found = await lookOnce(fileId);
        if (found === null || found.length) return;
      }
    },
  };
}
export type CopyFinder = ReturnType<typeof createCopyFinder>;
