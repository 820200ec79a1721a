import {
  outcomeAfterProbe,
  type CheckResult,
  type DeleteOutcome,
  type DeletionContext,
  type HttpAnswer,
  type HttpRequest,
  type Interrupted,
  type ProbeAnswer,
  type ProbeVerdict,
} from './deletion';
import type { InstanceFacts } from './instances';
import type { Ledger } from './ledger';
import { platformById } from './platforms';
import { whatIsLeft, withThumbnailIds } from './items';
import type { UploadRecord } from './records';
import { reporterOf } from './reporters';

export { INTERRUPTED, type HttpAnswer, type HttpRequest } from './deletion';

export interface DeleteDeps {
  ledger: Ledger;
  instances: InstanceFacts;
  /** A request without credentials, from the extension itself. */
  publicRequest(req: HttpRequest): Promise<HttpAnswer>;
  /** A no-store GET of a public URL, without credentials (status 0: no answer). */
  probe(url: string): Promise<ProbeAnswer>;
  /** The request made from a tab of `origin`, so the user's live session there goes along; null when no tab could be used. */
  inSession(origin: string, req: HttpRequest): Promise<HttpAnswer | Interrupted | null>;
  /** A function run in the page world of a tab of `pageOrigin` (see DeletionContext.inPage). */
  inPage: DeletionContext['inPage'];
  now(): number;
  changed(ids: string[]): void;
}

/** Automatic re-checks after a delete: pict-rs caches for 7 days and de-duplicates files under several aliases. */
export const RECHECK_AFTER_MS = [60 * 60 * 1000, 24 * 60 * 60 * 1000, 7 * 24 * 60 * 60 * 1000];

const SETTLED_BY_SERVER = new Set(['deleted-unverified', 'verified-gone', 'still-online']);

/** How long after a cache's announced expiry the re-check runs (clocks differ; caches let go a little late). */
const CACHE_MARGIN_MS = 60 * 1000;

const isRefused = (c: CheckResult): c is Extract<CheckResult, { refused: unknown }> => typeof c === 'object' && 'refused' in c;
const isCached = (c: CheckResult): c is Extract<CheckResult, { cached: unknown }> => typeof c === 'object' && 'cached' in c;

/** What a look at a file that was deleted says about it; a cached copy is online to anyone who looks. */
function outcomeOfCheck(c: CheckResult): DeleteOutcome | null {
  if (isCached(c)) return { status: 'still-online', reason: 'cached', ...(c.cached.until !== null && { cachedUntil: c.cached.until }) };
  if (c === 'gone') return { status: 'verified-gone' };
  if (c === 'online') return { status: 'still-online', reason: 'still-served' };
  return null;
}

/**
 * Deleting and proving, the same for every platform: the platform (utils/platforms/<id>-delete.ts) says what to send
 * and how to read the answers; this service keeps the record's status, never believes a "deleted" without a look at
 * the file, and looks before sending again whatever a cut-off request may have done.
 */
export function createDeleteService(d: DeleteDeps) {
  /** The last public probe each record's check made: what a "Gone" line names (never an address nobody asked). */
  const lastProbe = new Map<string, { url: string; status: number; signedIn?: true }>();

  async function save(id: string, outcome: DeleteOutcome, extra: Partial<UploadRecord> = {}): Promise<void> {
    const probed = lastProbe.get(id);
    lastProbe.delete(id);
    await d.ledger.modify([id], (r) => {
      const { reason: _r, detail: _d, nextCheckAt: _n, proofUrl: _u, proofStatus: _s, proofSignedIn: _i, cachedUntil: _c, ...rest } = r;
      const next: UploadRecord = {
        ...rest,
        ...extra,
        ...(outcome.status === 'verified-gone' && probed && { proofUrl: probed.url, proofStatus: probed.status, ...(probed.signedIn && { proofSignedIn: true as const }) }),
        status: outcome.status,
        statusAt: d.now(),
        ...(outcome.reason && { reason: outcome.reason }),
        ...(outcome.detail && { detail: outcome.detail }),
        ...(outcome.serverRecordDropped && { serverRecordDropped: true as const }),
        ...(outcome.cachedUntil !== undefined && { cachedUntil: outcome.cachedUntil }),
      };
      const delay = next.deletedAt !== undefined ? RECHECK_AFTER_MS[next.rechecks ?? 0] : undefined;
      if (SETTLED_BY_SERVER.has(next.status) && delay !== undefined) next.nextCheckAt = next.deletedAt! + delay;
      // A cache said when it lets go of its copy: look again just after, whatever the usual schedule says.
      if (next.cachedUntil !== undefined) next.nextCheckAt = Math.max(next.cachedUntil + CACHE_MARGIN_MS, d.now() + CACHE_MARGIN_MS);
      return next;
    });
    d.changed([id]);
  }

  /** automatic: a re-check no one clicked for, which never opens a tab (a page-world call is made only in one open). */
  async function context(r: UploadRecord, automatic = false): Promise<DeletionContext> {
    return {
      facts: await d.instances.facts(r.instanceOrigin, r.platform),
      publicRequest: d.publicRequest,
      probe: async (url) => {
        const answer = await d.probe(url);
        lastProbe.set(r.id, { url, status: answer.status });
        return answer;
      },
      inSession: d.inSession,
      inPage: (origin, func, args, open) => d.inPage(origin, func, args, automatic ? undefined : open),
      // The message is redacted, and with it every upload it carried: a thumbnail of the same event is not redacted again.
      redacted: async () => {
        const sameEvent = r.eventId ? (await d.ledger.thumbnailsOf([r.id])).filter((t) => t.eventId === r.eventId).map((t) => t.id) : [];
        await d.ledger.modify([r.id, ...sameEvent], (x) => ({ ...x, redactedAt: d.now() }));
      },
      sessionProbe: async (url) => {
        if (reporterOf(r)) return 0; // another site's report: never looked at with the user's login
        const answer = await d.inSession(r.instanceOrigin, { method: 'GET', url });
        const status = answer && !('interrupted' in answer) ? answer.status : 0;
        lastProbe.set(r.id, { url, status, signedIn: true });
        return status;
      },
    };
  }

  async function check(r: UploadRecord, automatic = false): Promise<CheckResult> {
    return platformById(r.platform).deletion.check(r, await context(r, automatic));
  }
  const verdictOf = (c: CheckResult): ProbeVerdict => (isRefused(c) ? 'unknown' : isCached(c) ? 'online' : c);

  /** A server that said "deleted" is believed only once the file's URL stops answering. */
  async function proven(r: UploadRecord, outcome: DeleteOutcome): Promise<DeleteOutcome> {
    if (outcome.status !== 'deleted-unverified') return outcome;
    const result = await check(r);
    const after = outcomeOfCheck(result) ?? outcomeAfterProbe(verdictOf(result));
    return after.status === 'deleted-unverified' ? { ...outcome, ...after, reason: outcome.reason ?? after.reason } : after;
  }

  /**
   * The tab went away (closed, the browser quitting) after the request may have left, and the server may still be
   * acting on it. A file already gone was deleted; otherwise the record stays "deleting" once, so the next run looks
   * again before sending; cut off twice, it fails and the user decides.
   */
  async function cutOff(r: UploadRecord): Promise<DeleteOutcome> {
    const verdict = verdictOf(await check(r).catch((): CheckResult => 'unknown'));
    if (verdict === 'gone') return { status: 'verified-gone' };
    if (r.status !== 'deleting') return { status: 'deleting', detail: 'interrupted' };
    return { status: 'failed', reason: 'network', detail: 'interrupted twice' };
  }

  /**
   * A file the user asked an admin to erase: gone once its URL stops answering (then re-checked like any delete, since
   * caches may serve it again); anything else leaves it with the admin, saying why a check could not be made.
   */
  async function adminVerdict(r: UploadRecord): Promise<CheckResult> {
    const result = await check(r).catch((): CheckResult => 'unknown');
    if (result === 'gone') {
      await save(r.id, { status: 'verified-gone' }, { checkedAt: d.now(), deletedAt: d.now(), rechecks: 0 });
      return result;
    }
    const why = isRefused(result) ? { reason: result.refused.reason, ...(result.refused.detail && { detail: result.refused.detail }) } : r.reason && { reason: r.reason };
    await save(r.id, { status: 'needs-admin', ...why }, { checkedAt: d.now() });
    return result;
  }

  /** Deletes one record and proves it; the record's status is saved before this resolves. Never throws for a bad answer. */
  async function deleteRecord(id: string): Promise<DeleteOutcome> {
    const r = await d.ledger.get(id);
    if (!r) return { status: 'failed', reason: 'invalid-record' };
    if (r.status === 'verified-gone') return { status: 'verified-gone' };
    // Takeback saw this upload leave but never its answer: there is no key to send (utils/unseen-uploads.ts).
    if (r.status === 'key-unknown') return { status: 'key-unknown' };
    // Interrupted mid-delete (the browser closed): the server may have acted, so look before sending again.
    if (r.status === 'deleting' && verdictOf(await check(r)) === 'gone') {
      await save(id, { status: 'verified-gone' }, { checkedAt: d.now() });
      return { status: 'verified-gone' };
    }
    await save(id, { status: 'deleting' });
    let outcome: DeleteOutcome;
    try {
      const answer = await platformById(r.platform).deletion.delete(r, await context(r));
      outcome = 'interrupted' in answer ? await cutOff(r) : await proven(r, answer);
    } catch {
      // Takeback's own machinery failed (e.g. "the browser is shutting down"): the request may or may not have left.
      outcome = await cutOff(r);
    }
    // A front end on its own origin (Photon) keeps its login to itself; the instance's origin has none to send.
    if (outcome.reason === 'logged-out' && reporterOf(r) && platformById(r.platform).deletion.loginLivesOnInstance) {
      outcome = { ...outcome, reason: 'front-end-login' };
    }
    const accepted = SETTLED_BY_SERVER.has(outcome.status) ? { checkedAt: d.now(), deletedAt: d.now(), rechecks: 0 } : {};
    await save(id, outcome, accepted);
    return outcome;
  }

  return {
    /**
     * Deletes one item, the file and then its thumbnails (utils/items.ts), and proves each; the outcome is the item's:
     * gone only when every one of them is.
     */
    async deleteOne(id: string): Promise<DeleteOutcome> {
      const outcome = await deleteRecord(id);
      const rest: DeleteOutcome[] = [];
      for (const t of await d.ledger.thumbnailsOf([id])) rest.push(await deleteRecord(t.id));
      return whatIsLeft(outcome, rest);
    },

    /**
     * Probes again; a file that answers again is "still online", whatever was said before. `allowed` false: the check
     * is not made (it would act with the login for a report the user has not vouched for); an automatic one moves on
     * to its next date.
     */
    async recheck(ids: string[], automatic = false, allowed: (r: UploadRecord) => boolean = () => true): Promise<RecheckResult[]> {
      const results: RecheckResult[] = [];
      // Asked by the user, an item is checked whole (its thumbnails too); automatic checks come for each record when due.
      const thumbnails = automatic ? [] : await d.ledger.thumbnailsOf(ids);
      for (const r of await d.ledger.getMany(withThumbnailIds(ids, thumbnails))) {
        if (!allowed(r)) {
          if (automatic && r.nextCheckAt !== undefined) {
            await save(r.id, { status: r.status, ...(r.reason && { reason: r.reason }), ...(r.detail && { detail: r.detail }) }, { rechecks: (r.rechecks ?? 0) + 1 });
          }
          continue;
        }
        if (r.status === 'needs-admin' && !automatic) {
          results.push({ id: r.id, checked: verdictOf(await adminVerdict(r)) !== 'unknown' });
          continue;
        }
        if (!SETTLED_BY_SERVER.has(r.status)) continue;
        const result = await check(r, automatic).catch((): CheckResult => 'unknown');
        results.push({ id: r.id, checked: verdictOf(result) !== 'unknown' });
        const kept: DeleteOutcome = { status: r.status, ...(r.reason && { reason: r.reason }) };
        const outcome: DeleteOutcome = outcomeOfCheck(result) ?? (isRefused(result) ? { ...result.refused, status: r.status } : kept);
        const rechecks = automatic ? (r.rechecks ?? 0) + 1 : r.rechecks;
        await save(r.id, outcome, { checkedAt: d.now(), ...(rechecks !== undefined && { rechecks }) });
      }
      // One answer per item: checked only if the file and every thumbnail of it could be looked at.
      const itemOf = new Map(thumbnails.map((t) => [t.id, t.thumbnailOf!]));
      const byItem = new Map<string, RecheckResult>();
      for (const x of results) {
        const id = itemOf.get(x.id) ?? x.id;
        const known = byItem.get(id);
        byItem.set(id, { id, checked: (known?.checked ?? true) && x.checked });
      }
      return [...byItem.values()];
    },
  };
}
export type DeleteService = ReturnType<typeof createDeleteService>;

/** One file of a re-check: whether its address gave an answer (gone or served), not "could not look" (issue 12 §2). */
export interface RecheckResult {
  id: string;
  checked: boolean;
}
