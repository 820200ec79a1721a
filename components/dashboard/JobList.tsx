import { hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';
import type { JobRecord, UploadRecord, UploadStatus } from '@/utils/records';
import { statusLabel } from '../upload-text';

const fmt = (n: number) => n.toLocaleString();

/** Progress of bulk deletes and imports, announced politely as it moves. */
export function JobList({ jobs, records, onCancel, onDismiss }: { jobs: JobRecord[]; records: ReadonlyMap<string, UploadRecord>; onCancel(id: string): void; onDismiss(id: string): void }) {
  if (!jobs.length) return null;
  return (
    <section class="jobs" aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('jobsTitle')}</h2>
      {jobs.map((job) => (
        <JobProgress key={job.id} job={job} records={records} onCancel={onCancel} onDismiss={onDismiss} />
      ))}
    </section>
  );
}

const TALLY_ORDER: UploadStatus[] = ['verified-gone', 'deleted-unverified', 'still-online', 'needs-admin', 'failed'];

/** The record shows the outcome of this job: not waiting or in flight, and set since the job began. */
const settledIn = (r: UploadRecord, job: JobRecord) => r.status !== 'captured' && r.status !== 'deleting' && (r.statusAt === undefined || r.statusAt >= job.createdAt);

function JobProgress({ job, records, onCancel, onDismiss }: { job: JobRecord; records: ReadonlyMap<string, UploadRecord>; onCancel(id: string): void; onDismiss(id: string): void }) {
  const running = job.state === 'running';
  const titleId = `job-${job.id}-title`;
  let title: string;
  let counts: string;
  let value: number | undefined;
  let max: number | undefined;
  let finished = !running;
  if (job.kind === 'import') {
    const host = hostOf(job.instanceOrigin ?? '');
    title = running ? t('jobImporting', [host]) : job.state === 'cancelled' ? t('jobImportCancelled', [host]) : t('jobImported', [host]);
    counts = t('jobImportCounts', [fmt(job.listed ?? 0), fmt(job.imported ?? 0)]);
    if (!running) value = max = 1;
  } else {
    const total = job.ids.length;
    // The job's own list of finished files and the records' statuses arrive by different messages: count only files
    // whose record shows this job's outcome, so the title, the bar and the tally never disagree (issue 12 §1).
    const tally = new Map<UploadStatus, number>();
    let removed = 0; // removed from the ledger meanwhile: nothing to wait for, nothing to count
    for (const id of job.done) {
      const r = records.get(id);
      if (!r) removed++;
      if (!r || !settledIn(r, job)) continue;
      tally.set(r.status, (tally.get(r.status) ?? 0) + 1);
    }
    const done = [...tally.values()].reduce((a, b) => a + b, 0);
    finished = !running && done + removed === job.done.length;
    title = !finished ? t('jobDeleting', [fmt(total)]) : job.state === 'cancelled' ? t('jobDeleteCancelled', [fmt(done), fmt(total)]) : t('jobDeleted', [fmt(total)]);
    const parts = [...TALLY_ORDER, ...[...tally.keys()].filter((s) => !TALLY_ORDER.includes(s))]
      .filter((s) => tally.get(s))
      .map((s) => `${statusLabel(s)} ${fmt(tally.get(s)!)}`);
    counts = [t('jobDoneOf', [fmt(done), fmt(total)]), ...parts].join(' · ');
    value = done;
    max = Math.max(total, 1);
  }
  return (
    <div class="job" data-job={job.id} data-kind={job.kind} data-state={finished ? job.state : 'running'}>
      <h3 id={titleId}>{title}</h3>
      <progress aria-labelledby={titleId} max={max} value={value} />
      <p class="job-counts" role="status" aria-live="polite">
        {counts}
        {job.error ? ` · ${t('jobStopped', [job.error])}` : ''}
      </p>
      {running ? (
        <button type="button" name="cancel-job" class="secondary-button" onClick={() => onCancel(job.id)}>
          {t('cancelJob')}
        </button>
      ) : (
        <button type="button" name="dismiss-job" class="link-button" onClick={() => onDismiss(job.id)}>
          {t('dismiss')}
        </button>
      )}
    </div>
  );
}

