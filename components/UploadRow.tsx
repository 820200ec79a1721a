import type { UploadKind } from '@/utils/platforms/types';
import type { UploadRecord } from '@/utils/records';
import { formatBytes, formatTime, hostOf } from '@/utils/format';
import { t, type MessageKey } from '@/utils/i18n';

const KIND_LABEL: Record<UploadKind, MessageKey> = {
  image: 'kindImage',
  'post-image': 'kindPostImage',
  avatar: 'kindAvatar',
  banner: 'kindBanner',
  'community-icon': 'kindCommunityIcon',
  'community-banner': 'kindCommunityBanner',
  'site-icon': 'kindSiteIcon',
  'site-banner': 'kindSiteBanner',
  attachment: 'kindAttachment',
  thumbnail: 'kindThumbnail',
  'room-avatar': 'kindRoomAvatar',
};

export function UploadRow({ upload, now }: { upload: UploadRecord; now: number }) {
  const name = upload.fileName ?? t('unnamedFile');
  const details = [
    t(KIND_LABEL[upload.kind]),
    formatBytes(upload.size),
    t('uploadedTo', [hostOf(upload.instanceOrigin)]),
    upload.roomId ? t('inRoom', [upload.roomId]) : '',
    upload.encrypted ? t('encrypted') : '',
  ].filter(Boolean);
  return (
    <li class="upload" data-id={upload.id} data-key={upload.key}>
      {upload.thumb ? (
        <img class="thumb" src={upload.thumb} alt={t('previewOf', [name])} width={48} height={48} />
      ) : (
        <span class="thumb placeholder" aria-hidden="true">
          {upload.mime?.split('/')[0]?.slice(0, 3) || 'file'}
        </span>
      )}
      <div class="meta">
        <span class="name" title={name}>
          {name}
        </span>
        <span class="details">{details.join(' · ')}</span>
        <time class="when" dateTime={new Date(upload.uploadedAt).toISOString()}>
          {formatTime(upload.uploadedAt, now)}
        </time>
      </div>
      <span class={`status status-${upload.status}`}>{t('statusCaptured')}</span>
    </li>
  );
}
