import type { UploadRecord } from './records';

/**
 * Who reported a record, and whether the user vouched for that site. The background knows only the reporting page's
 * real origin (pageOrigin, from the browser); everything else a record says is that page's claim. lemmy-ui or Element
 * on the instance's own origin report for themselves. A front end on its own origin (Alexandrite, Photon, Element on
 * app.element.io) is legitimate, but so is a hostile site claiming uploads to the user's instance: until the user has
 * confirmed a site as a front end they use for an instance, its reports are left out of everything Takeback does in
 * bulk there with the user's login, and out of erasure letters.
 */
export const reporterOf = (r: Pick<UploadRecord, 'pageOrigin' | 'instanceOrigin'>): string | null => (r.pageOrigin === r.instanceOrigin ? null : r.pageOrigin);

/** instance origin -> page origins the user confirmed as front ends for it. */
export type FrontEnds = Readonly<Record<string, readonly string[]>>;

/** True when the record is the instance's own report, or its reporter is a front end the user confirmed for it. */
export function vouchedFor(r: Pick<UploadRecord, 'pageOrigin' | 'instanceOrigin'>, frontEnds: FrontEnds): boolean {
  const reporter = reporterOf(r);
  return reporter === null || (frontEnds[r.instanceOrigin] ?? []).includes(reporter);
}

/** Reporters to confirm for the records left out: one entry per (instance, reporting site), with how many files. */
export function unvouched(records: readonly UploadRecord[], frontEnds: FrontEnds): Array<{ instanceOrigin: string; reporter: string; count: number }> {
  const out = new Map<string, { instanceOrigin: string; reporter: string; count: number }>();
  for (const r of records) {
    if (vouchedFor(r, frontEnds)) continue;
    const key = `${r.instanceOrigin} ${r.pageOrigin}`;
    const entry = out.get(key) ?? { instanceOrigin: r.instanceOrigin, reporter: r.pageOrigin, count: 0 };
    entry.count++;
    out.set(key, entry);
  }
  return [...out.values()];
}

