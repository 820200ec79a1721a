import type { Ledger } from './ledger';
import { platformById, platformForRule, ruleById } from './platforms';
import type { LinkFact, Observation, Platform } from './platforms/types';
import type { PickedFile } from './messages';
import { recordId, type UploadRecord } from './records';

/** Turns what the hook observed into ledger records. `pageOrigin` always comes from the browser's sender info. */
/**
 * A nameless upload (Element's encrypted attachment is a Blob of ciphertext, application/octet-stream) made from a file
 * the user picked is recorded under that file's name, type and size, as the warning showed it. What the request itself
 * said wins whenever it said anything.
 */
function asPicked(draft: { fileName: string | null; mime: string | null; size: number | null }, picked: PickedFile | null) {
  if (!picked || draft.fileName) return {};
  const vague = !draft.mime || draft.mime === 'application/octet-stream';
  return {
    fileName: picked.name,
    ...(vague && !picked.derived && picked.type && { mime: picked.type }),
    ...(!picked.derived && { size: picked.size }),
  };
}

export function createCaptureService(ledger: Ledger, now: () => number = Date.now, linkedToPost: (ids: string[]) => void = () => {}) {
  async function link(platform: Platform, fact: LinkFact, pageOrigin: string): Promise<UploadRecord[]> {
    const sameSource = (r: UploadRecord) => r.pageOrigin === pageOrigin && r.instanceOrigin === fact.instanceOrigin;
    const idsFor = async (keys: string[]) =>
      (await Promise.all(keys.map((k) => ledger.findByKey(fact.platform, k)))).flat().filter(sameSource).map((r) => r.id);
    const place = { ...(fact.roomId && { roomId: fact.roomId }), ...(fact.eventId && { eventId: fact.eventId }), ...(fact.postId && { postId: fact.postId }) };

    if (fact.encrypted) {
      if (!platform.claimUnnamed) return [];
      const { windowMs, claim } = platform.claimUnnamed;
      const recent = (await ledger.listByPage(pageOrigin, now() - windowMs)).filter(sameSource);
      const { ids, thumbnail } = claim(recent);
      return ledger.modify(ids, (r) => ({
        ...r,
        ...place,
        ...(r.id === thumbnail?.id && { kind: 'thumbnail' as const, thumbnailOf: thumbnail.of }),
      }));
    }

    const mainIds = await idsFor(fact.keys);
    const thumbIds = await idsFor(fact.thumbnailKeys);
    const changed = await ledger.modify(mainIds, (r) => ({ ...r, ...place, ...(fact.kind && { kind: fact.kind }) }));
    const mainId = mainIds[0];
    if (mainId) {
      changed.push(...(await ledger.modify(thumbIds, (r) => ({ ...r, ...place, kind: 'thumbnail', thumbnailOf: mainId }))));
    }
    return changed;
  }

  return {
    /** Records the uploads (or link) an observation shows; resolves once they are committed. */
    async capture(obs: Observation, pageOrigin: string, picked?: ReadonlyArray<PickedFile | null>): Promise<Array<{ id: string; fileIndex: number | null }>> {
      const platform = platformForRule(obs.rule);
      if (!platform) return [];
      if (ruleById(obs.rule)?.role === 'link') {
        const fact = platform.parseLink(obs);
        const changed = fact ? await link(platform, fact, pageOrigin) : [];
        // A post that uses an upload: the server may make a copy of it (utils/server-copies.ts).
        if (fact?.postId && platform.serverCopies && changed.length) linkedToPost(changed.map((r) => r.id));
        return [];
      }
      const at = now();
      const drafts = platform.parseUpload(obs);
      const records = drafts.map(({ fileIndex, ...draft }, i): UploadRecord => ({
        ...draft,
        ...asPicked(draft, fileIndex === null ? null : (picked?.[fileIndex] ?? null)),
        id: recordId(pageOrigin, obs.reqId, i),
        pageOrigin,
        transport: obs.transport,
        status: 'captured',
        uploadedAt: at,
        responseAt: obs.finishedAt,
      }));
      await ledger.insert(records);
      return records.map((r, i) => ({ id: r.id, fileIndex: drafts[i]!.fileIndex }));
    },

    /**
     * Notes who the page's app was signed in as for the records just captured, where the platform can tell (Matrix:
     * Element's client). `ask` runs the platform's probe in the very document that reported the upload.
     */
    async identify(ids: string[], ask: (probe: () => unknown) => Promise<unknown>): Promise<void> {
      const records = await ledger.getMany(ids);
      const platform = records[0] && platformById(records[0].platform);
      if (!platform?.signedIn) return;
      const answer = await ask(platform.signedIn.probe).catch(() => null);
      const accounts = new Map(records.map((r) => [r.id, platform.signedIn!.account(answer, r.instanceOrigin)]));
      await ledger.modify(ids, (r) => {
        const account = accounts.get(r.id);
        return account && !r.account ? { ...r, account } : null;
      });
    },

    /** A preview may only be attached by the page that made the upload. */
    async setThumbnail(id: string, dataUrl: string, pageOrigin: string): Promise<boolean> {
      return ledger.setThumb(id, dataUrl, (r) => r.pageOrigin === pageOrigin);
    },

  };
}
export type CaptureService = ReturnType<typeof createCaptureService>;
