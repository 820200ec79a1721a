import { interpretProbe, outcomeAfterProbe, type DeleteOutcome, type HttpDeletePlan, type ProbeVerdict } from './deletion';
import type { InstanceFacts } from './instances';
import type { Ledger } from './ledger';
import { interpretLemmyDelete, lemmyProofUrl, planLemmyDelete } from './platforms/lemmy-delete';
import { interpretMatrixDelete, matrixProofUrl, planMatrixDelete } from './platforms/matrix-delete';
import type { UploadRecord } from './records';

export interface HttpAnswer {
  status: number;
  body: string | null;
  retryAfter: string | null;
}
export type HttpRequest = Pick<HttpDeletePlan, 'method' | 'url' | 'body' | 'contentType'>;
/** The request was handed to a tab that went away before answering: it may or may not have reached the server. */
export const INTERRUPTED = { interrupted: true } as const;

export interface DeleteDeps {
  ledger: Ledger;
  instances: InstanceFacts;
  /** A request without credentials, from the extension itself. */
  publicRequest(req: HttpRequest): Promise<HttpAnswer>;
  /** Status of a no-store GET of a public URL, without credentials (0: no answer). */
  probe(url: string): Promise<number>;
  /** The request made from a tab of `origin`, so the user's live session there goes along; null when no tab could be used. */
  inSession(origin: string, req: HttpRequest): Promise<HttpAnswer | typeof INTERRUPTED | null>;
  /** Matrix, through the Element tab's own client (Takeback never sees the access token); null without one. */
  matrix: {
    redact(pageOrigin: string, roomId: string, eventId: string): Promise<HttpAnswer | null>;
    request(pageOrigin: string, method: 'GET' | 'DELETE', url: string): Promise<HttpAnswer | null>;
  };
  now(): number;
  changed(ids: string[]): void;
}

/** Automatic re-checks after a delete: pict-rs caches for 7 days and de-duplicates files under several aliases. */
export const RECHECK_AFTER_MS = [60 * 60 * 1000, 24 * 60 * 60 * 1000, 7 * 24 * 60 * 60 * 1000];

const SETTLED_BY_SERVER = new Set(['deleted-unverified', 'verified-gone', 'still-online']);

export function createDeleteService(d: DeleteDeps) {
  async function save(id: string, outcome: DeleteOutcome, extra: Partial<UploadRecord> = {}): Promise<void> {
    await d.ledger.modify([id], (r) => {
      const { reason: _r, detail: _d, nextCheckAt: _n, ...rest } = r;
      const next: UploadRecord = {
        ...rest,
        ...extra,
        status: outcome.status,
        statusAt: d.now(),
        ...(outcome.reason && { reason: outcome.reason }),
        ...(outcome.detail && { detail: outcome.detail }),
        ...(outcome.serverRecordDropped && { serverRecordDropped: true as const }),
      };
      const delay = next.deletedAt !== undefined ? RECHECK_AFTER_MS[next.rechecks ?? 0] : undefined;
      if (SETTLED_BY_SERVER.has(next.status) && delay !== undefined) next.nextCheckAt = next.deletedAt! + delay;
      return next;
    });
    d.changed([id]);
  }

  async function probeVerdict(r: UploadRecord): Promise<ProbeVerdict> {
    if (r.platform === 'lemmy') {
      const info = await d.instances.facts(r.instanceOrigin, 'lemmy');
      const url = lemmyProofUrl(r, info.band ?? 'unknown');
      return url ? interpretProbe(await d.probe(url)) : 'unknown';
    }
    const url = matrixProofUrl(r);
    const answer = url ? await d.matrix.request(r.pageOrigin, 'GET', url) : null;
    return answer ? interpretProbe(answer.status) : 'unknown';
  }

  /** A server that said "deleted" is believed only once the file's URL stops answering. */
  async function proven(r: UploadRecord, outcome: DeleteOutcome): Promise<DeleteOutcome> {
    if (outcome.status !== 'deleted-unverified') return outcome;
    const after = outcomeAfterProbe(await probeVerdict(r));
    return after.status === 'deleted-unverified' ? { ...outcome, ...after, reason: outcome.reason ?? after.reason } : after;
  }

  async function deleteLemmy(r: UploadRecord): Promise<DeleteOutcome> {
    const info = await d.instances.facts(r.instanceOrigin, 'lemmy');
    const band = info.band ?? 'unknown';
    const plan = planLemmyDelete(r, band);
    if (plan.kind === 'unavailable') return { status: 'failed', reason: plan.reason };
    if (plan.kind === 'needs-admin') return { status: 'needs-admin', reason: plan.reason };
    if (plan.kind !== 'http') return { status: 'failed', reason: 'invalid-record' };
    const answer = plan.auth === 'none' ? await d.publicRequest(plan) : await d.inSession(r.instanceOrigin, plan);
    if (!answer) return { status: 'failed', reason: 'logged-out', detail: 'no tab of the instance could be used' };
    if ('interrupted' in answer) return cutOff(r);
    return proven(r, interpretLemmyDelete(band, answer.status, answer.body, answer.retryAfter));
  }

  /**
   * The tab went away (closed, the browser quitting) after the request may have left, and the server may still be
   * acting on it. A file already gone was deleted; otherwise the record stays "deleting" once, so the next run looks
   * again before sending; cut off twice, it fails and the user decides.
   */
  async function cutOff(r: UploadRecord): Promise<DeleteOutcome> {
    const verdict = await probeVerdict(r).catch((): ProbeVerdict => 'unknown');
    if (verdict === 'gone') return { status: 'verified-gone' };
    if (r.status !== 'deleting') return { status: 'deleting', detail: 'interrupted' };
    return { status: 'failed', reason: 'network', detail: 'interrupted twice' };
  }

  async function deleteMatrix(r: UploadRecord): Promise<DeleteOutcome> {
    const info = await d.instances.facts(r.instanceOrigin, 'matrix');
    const { file, redactMessage } = planMatrixDelete(r, { mediaRepo: !!info.mediaRepo });
    if (redactMessage && !r.redactedAt) {
      const answer = await d.matrix.redact(r.pageOrigin, redactMessage.roomId, redactMessage.eventId);
      if (!answer) return { status: 'failed', reason: 'logged-out', detail: 'no Element tab with a signed-in client' };
      if (answer.status >= 200 && answer.status < 300) await d.ledger.modify([r.id], (x) => ({ ...x, redactedAt: d.now() }));
      else if (answer.status !== 404) return { ...interpretMatrixDelete(answer.status, answer.body, answer.retryAfter), detail: 'redaction refused' };
    }
    if (file.kind === 'unavailable') return { status: 'failed', reason: file.reason };
    if (file.kind === 'needs-admin') return { status: 'needs-admin', reason: file.reason };
    const answer = await d.matrix.request(r.pageOrigin, 'DELETE', file.url);
    if (!answer) return { status: 'failed', reason: 'logged-out', detail: 'no Element tab with a signed-in client' };
    return proven(r, interpretMatrixDelete(answer.status, answer.body, answer.retryAfter));
  }

  /**
   * A file the user asked an admin to erase: gone once its URL stops answering (then re-checked like any delete, since
   * caches may serve it again); anything else leaves it with the admin.
   */
  async function adminVerdict(r: UploadRecord): Promise<void> {
    const verdict = await probeVerdict(r).catch((): ProbeVerdict => 'unknown');
    if (verdict === 'gone') await save(r.id, { status: 'verified-gone' }, { checkedAt: d.now(), deletedAt: d.now(), rechecks: 0 });
    else await save(r.id, { status: 'needs-admin', ...(r.reason && { reason: r.reason }) }, { checkedAt: d.now() });
  }

  return {
    /** Deletes one record and proves it; the record's status is saved before this resolves. Never throws for a bad answer. */
    async deleteOne(id: string): Promise<DeleteOutcome> {
      const r = await d.ledger.get(id);
      if (!r) return { status: 'failed', reason: 'invalid-record' };
      if (r.status === 'verified-gone') return { status: 'verified-gone' };
      // Interrupted mid-delete (the browser closed): the server may have acted, so look before sending again.
      if (r.status === 'deleting' && (await probeVerdict(r)) === 'gone') {
        await save(id, { status: 'verified-gone' }, { checkedAt: d.now() });
        return { status: 'verified-gone' };
      }
      await save(id, { status: 'deleting' });
      let outcome: DeleteOutcome;
      try {
        outcome = r.platform === 'lemmy' ? await deleteLemmy(r) : await deleteMatrix(r);
      } catch {
        // Takeback's own machinery failed (e.g. "the browser is shutting down"): the request may or may not have left.
        outcome = await cutOff(r);
      }
      const accepted = SETTLED_BY_SERVER.has(outcome.status) ? { checkedAt: d.now(), deletedAt: d.now(), rechecks: 0 } : {};
      await save(id, outcome, accepted);
      return outcome;
    },

    /** Probes again; a file that answers again is "still online", whatever was said before. */
    async recheck(ids: string[], automatic = false): Promise<void> {
      for (const r of await d.ledger.getMany(ids)) {
        if (r.status === 'needs-admin' && !automatic) {
          await adminVerdict(r);
          continue;
        }
        if (!SETTLED_BY_SERVER.has(r.status)) continue;
        const verdict = await probeVerdict(r).catch((): ProbeVerdict => 'unknown');
        const outcome: DeleteOutcome =
          verdict === 'gone' ? { status: 'verified-gone' } : verdict === 'online' ? { status: 'still-online', reason: 'still-served' } : { status: r.status, ...(r.reason && { reason: r.reason }) };
        const rechecks = automatic ? (r.rechecks ?? 0) + 1 : r.rechecks;
        await save(r.id, outcome, { checkedAt: d.now(), ...(rechecks !== undefined && { rechecks }) });
      }
    },
  };
}
export type DeleteService = ReturnType<typeof createDeleteService>;
