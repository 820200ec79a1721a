import type { UploadRecord } from '@/utils/records';
import { UploadRow } from './UploadRow';

export function UploadList({ uploads, label, now = Date.now() }: { uploads: UploadRecord[]; label: string; now?: number }) {
  return (
    <ul class="uploads" aria-label={label} data-count={uploads.length}>
      {uploads.map((u) => (
        <UploadRow key={u.id} upload={u} now={now} />
      ))}
    </ul>
  );
}
