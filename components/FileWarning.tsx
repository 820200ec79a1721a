import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '@/utils/format';
import { t, type MessageKey } from '@/utils/i18n';
import type { MetadataReport } from '@/utils/metadata';
import type { PromptItem } from '@/utils/prompt-protocol';

const EXPOSURE_KEYS: Record<PromptItem['exposure'], MessageKey> = {
  lemmy: 'metaExposureLemmy',
  matrix: 'metaExposureMatrix',
  'matrix-encrypted': 'metaExposureMatrixEncrypted',
};

function usePreviewUrl(file: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file || !file.type.startsWith('image/')) return setUrl(null);
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);
  return url;
}

function extensionOf(item: PromptItem): string {
  const ext = item.name?.match(/\.([A-Za-z0-9]{1,5})$/)?.[1];
  return (ext ?? item.type.split('/')[1] ?? '').slice(0, 5) || t('warnFile');
}

/** What was found in the file, in plain words: location (with coordinates), camera, date taken. */
export function metadataLines(report: Extract<MetadataReport, { status: 'found' }>): string[] {
  const lines: string[] = [];
  if (report.gps) lines.push(t('metaLocation', [report.gps.latitude.toFixed(5), report.gps.longitude.toFixed(5)]));
  if (report.device) lines.push(t('metaDevice', [report.device]));
  if (report.takenAt) lines.push(t('metaTakenAt', [report.takenAt]));
  if (!lines.length) lines.push(t('metaOther', [report.fields.join(', ')]));
  return lines;
}

function Metadata({ report, item }: { report: MetadataReport | undefined; item: PromptItem }) {
  if (!report) return <p class="meta-checking">{t('metaChecking')}</p>;
  if (report.status === 'unreadable') return <p class="meta-unreadable">{t('metaUnreadable')}</p>;
  if (report.status !== 'found') return null;
  return (
    <div class="meta-found" data-gps={report.gps ? 'yes' : 'no'}>
      <strong>{report.gps ? t('metaFoundLocation') : t('metaFound')}</strong>
      <ul>
        {metadataLines(report).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p class="exposure" data-exposure={item.exposure}>
        {t(EXPOSURE_KEYS[item.exposure], [item.host])}
      </p>
    </div>
  );
}

export function FileWarning({ item, report, destination }: { item: PromptItem; report: MetadataReport | undefined; destination: string }) {
  const preview = usePreviewUrl(item.file);
  const [broken, setBroken] = useState(false);
  const name = item.name ?? t('warnUnnamed');
  return (
    <li class="file" data-name={item.name ?? ''} data-size={item.size} data-dest={item.label}>
      {preview && !broken ? (
        <img class="preview" src={preview} alt={t('warnPreviewOf', [name])} onError={() => setBroken(true)} />
      ) : (
        <span class="preview icon" aria-hidden="true">
          {extensionOf(item)}
        </span>
      )}
      <div class="about">
        <span class="name">{name}</span>
        <span class="details">
          {formatBytes(item.size)}
          {item.type ? ` · ${item.type}` : ''}
        </span>
        <span class="dest">{destination}</span>
        <Metadata report={report} item={item} />
      </div>
    </li>
  );
}
