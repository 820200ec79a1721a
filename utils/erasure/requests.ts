import { vouchedFor, type FrontEnds } from '../reporters';
import { withThumbnailIds } from '../items';
import type { Ledger } from '../ledger';
import { addDays, dueDates, followUpReplyBy, isOverdue } from './deadlines';
import type { Contact, ErasureRequest, IsoDate, LetterLanguage, Requester, SentVia } from './types';

export const ERASURE_DUE_ALARM = 'erasure-due';

interface Alarms {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<unknown>;
}

export interface RequestDeps {
  ledger: Pick<Ledger, 'requests' | 'getMany' | 'thumbnailsOf'>;
  now(): number;
  /** Today's date in the user's time zone. */
  today(): IsoDate;
  /** The instant a local calendar day begins (the moment after the previous day's deadline ran out). */
  startOf(date: IsoDate): number;
  newId(): string;
  alarms: Alarms;
  /** Tells the user a request is due (a browser notification). */
  remind(request: ErasureRequest): Promise<void>;
  changed(): void;
}

export type RequestPatch = Partial<Pick<ErasureRequest, 'language' | 'requester' | 'recipient' | 'letterText'>>;

/** The instant a calendar date begins in the runtime's own time zone. */
export function startOfLocalDate(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

/** The date the admin's answer is awaited by: the Art. 12(3) due date, or the one a follow-up letter set. */
export function awaitedBy(r: ErasureRequest): IsoDate | null {
  if (r.state !== 'sent') return null;
  if (r.followUpOn) return followUpReplyBy(r.followUpOn);
  return r.dueOn ?? null;
}

export const isDue = (r: ErasureRequest, today: IsoDate): boolean => {
  const by = awaitedBy(r);
  return by !== null && isOverdue(by, today);
};

/** Drafting, sending, reminding and closing erasure requests; one request per instance, since each has its own admin. */
export function createRequestService(d: RequestDeps) {
  async function change(id: string, edit: (r: ErasureRequest) => ErasureRequest): Promise<ErasureRequest> {
    const current = await d.ledger.requests.get(id);
    if (!current) throw new Error('no such request');
    const next = { ...edit(current), updatedAt: d.now() };
    await d.ledger.requests.put(next);
    d.changed();
    await schedule();
    return next;
  }

  async function schedule(): Promise<void> {
    let earliest = Infinity;
    for (const r of await d.ledger.requests.byState('sent')) {
      const by = awaitedBy(r);
      if (by && !r.remindedAt) earliest = Math.min(earliest, d.startOf(addDays(by, 1)));
    }
    if (earliest === Infinity) await d.alarms.clear(ERASURE_DUE_ALARM);
    else await d.alarms.create(ERASURE_DUE_ALARM, { when: Math.max(earliest, d.now() + 1000) });
  }

  return {
    schedule,

    /**
     * One draft per instance. Files another site reported (and the user has not confirmed as a front end there) are
     * kept apart in heldBack: listed on the request with who reported them, in the letter only once the user picks them.
     */
    async draft(ids: string[], language: LetterLanguage, requester: Requester = {}, frontEnds: FrontEnds = {}): Promise<string[]> {
      const byInstance = new Map<string, { own: string[]; held: string[] }>();
      // A file's thumbnails are copies of it on the same server: the letter and its admin commands name them too.
      for (const r of await d.ledger.getMany(withThumbnailIds(ids, await d.ledger.thumbnailsOf(ids)))) {
        // A letter names each file by its key; an upload Takeback saw leave without its answer has none to name.
        if (r.status === 'key-unknown') continue;
        const entry = byInstance.get(r.instanceOrigin) ?? { own: [], held: [] };
        (vouchedFor(r, frontEnds) ? entry.own : entry.held).push(r.id);
        byInstance.set(r.instanceOrigin, entry);
      }
      const created: string[] = [];
      for (const [instanceOrigin, { own: itemIds, held }] of byInstance) {
        const request: ErasureRequest = {
          id: d.newId(),
          createdAt: d.now(),
          updatedAt: d.now(),
          state: 'draft',
          language,
          itemIds,
          ...(held.length && { heldBack: held }),
          instanceOrigins: [instanceOrigin],
          requester,
        };
        await d.ledger.requests.put(request);
        created.push(request.id);
      }
      if (created.length) d.changed();
      return created;
    },

    update: (id: string, patch: RequestPatch) => change(id, (r) => ({ ...r, ...patch })),

    /** The user chose (or un-chose) a file another site reported: it moves between the letter's items and heldBack. */
    include: (id: string, itemId: string, included: boolean) =>
      change(id, (r) => {
        const held = r.heldBack ?? [];
        if (included && held.includes(itemId)) return { ...r, itemIds: [...r.itemIds, itemId], heldBack: held.filter((x) => x !== itemId) };
        if (!included && r.itemIds.includes(itemId)) return { ...r, itemIds: r.itemIds.filter((x) => x !== itemId), heldBack: [...held, itemId] };
        return r;
      }),

    markSent: (id: string, sentOn: IsoDate, sentVia: SentVia, recipient?: Contact) =>
      change(id, (r) => {
        const { remindedAt: _reminded, followUpOn: _followUp, resolvedAt: _resolved, ...rest } = r;
        return { ...rest, state: 'sent', sentOn, sentVia, ...dueDates(sentOn), ...(recipient && { recipient }) };
      }),

    /** A follow-up letter went out: the answer is now awaited two weeks from it, and reminded again then. */
    markFollowUp: (id: string, on: IsoDate) =>
      change(id, (r) => {
        if (r.state !== 'sent') throw new Error('only a sent request can be followed up');
        const { remindedAt: _reminded, ...rest } = r;
        return { ...rest, followUpOn: on };
      }),

    resolve: (id: string) => change(id, (r) => ({ ...r, state: 'resolved', resolvedAt: d.now() })),

    /** Back to tracking (the admin's confirmation turned out wrong, e.g. a re-check found a file still online). */
    reopen: (id: string) =>
      change(id, (r) => {
        const { resolvedAt: _resolved, ...rest } = r;
        return { ...rest, state: r.sentOn ? 'sent' : 'draft' };
      }),

    async remove(id: string): Promise<void> {
      await d.ledger.requests.delete(id);
      d.changed();
      await schedule();
    },

    list: () => d.ledger.requests.all(),

    /** How many sent requests wait past their deadline (the dashboard's badge). */
    async dueCount(): Promise<number> {
      const today = d.today();
      return (await d.ledger.requests.byState('sent')).filter((r) => isDue(r, today)).length;
    },

    /** Reminds once of every request whose deadline has passed, then sets the alarm for the next one. */
    async runDue(): Promise<number> {
      const today = d.today();
      let reminded = 0;
      for (const r of await d.ledger.requests.byState('sent')) {
        if (r.remindedAt || !isDue(r, today)) continue;
        await d.remind(r);
        await d.ledger.requests.put({ ...r, remindedAt: d.now() });
        reminded++;
      }
      if (reminded) d.changed();
      await schedule();
      return reminded;
    },
  };
}
export type RequestService = ReturnType<typeof createRequestService>;
