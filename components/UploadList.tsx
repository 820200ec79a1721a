import type { UploadView } from '@/utils/records';
import { UploadRow, type RowDelete } from './UploadRow';

export interface ListDelete {
  onDelete(id: string): void;
  /** The row whose confirmation is open, if any. */
  confirming: string | null;
  onConfirming(id: string | null): void;
  pending: ReadonlySet<string>;
  errors: ReadonlyMap<string, string>;
}

export function UploadList({ uploads, label, now = Date.now(), del }: { uploads: UploadView[]; label: string; now?: number; del?: ListDelete }) {
  return (
    <ul class="uploads" aria-label={label} data-count={uploads.length}>
      {uploads.map((u) => {
        const rowDel: RowDelete | undefined = del && {
          onDelete: del.onDelete,
          confirming: del.confirming === u.id,
          onConfirming: (open) => del.onConfirming(open ? u.id : null),
          pending: del.pending.has(u.id),
          error: del.errors.get(u.id),
        };
        return <UploadRow key={u.id} upload={u} now={now} del={rowDel} />;
      })}
    </ul>
  );
}
