// Words for what sent an upload Takeback could not watch; shared by the in-page notice and the dashboard.
import { t, type MessageKey } from '@/utils/i18n';
import type { UnseenVia } from '@/utils/records';

/** As words that follow "sent". */
const VIA_LABEL: Record<UnseenVia, MessageKey> = {
  form: 'unseenViaForm',
  beacon: 'unseenViaBeacon',
  'service-worker': 'unseenViaServiceWorker',
  script: 'unseenViaScript',
};

export const viaText = (via: UnseenVia | undefined) => t(VIA_LABEL[via ?? 'script'] ?? 'unseenViaScript');
export const isUnseenVia = (v: unknown): v is UnseenVia => typeof v === 'string' && Object.hasOwn(VIA_LABEL, v);
