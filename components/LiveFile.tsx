import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';
import type { UploadRecord } from '@/utils/records';

/** What may be shown: past this, the file is not fetched for a preview. */
const MAX_LIVE_BYTES = 20 * 1024 * 1024;

type Live =
  | { kind: 'loading' }
  | { kind: 'image'; url: string; from: string }
  | { kind: 'other'; type: string; from: string }
  | { kind: 'gone'; from: string }
  | { kind: 'unavailable'; why: string };

/** How the page reads the file's address and the file: the background names the address, the page fetches it. */
export const liveIo = {
  liveUrl: (id: string) => browser.runtime.sendMessage({ type: 'live-url', id }) as Promise<{ url: string | null }>,
  fetch: (url: string) => fetch(url, { credentials: 'omit', cache: 'no-store' }),
};

/**
 * The file as its instance serves it now, fetched without credentials from the address the platform names (not the
 * preview Takeback stored: the reporting page made that one, and could have shown a cute cat for the user's ID card).
 * The confirmation before a delete shows this, so the user sees what the delete will remove.
 */
export function LiveFile({ record }: { record: UploadRecord }) {
  const [live, setLive] = useState<Live>({ kind: 'loading' });
  const host = hostOf(record.instanceOrigin);
  useEffect(() => {
    let made: string | null = null;
    let current = true;
    const set = (next: Live) => current && setLive(next);
    (async () => {
      const { url } = await liveIo.liveUrl(record.id);
      if (!url) return set({ kind: 'unavailable', why: t('liveNoAddress', [host]) });
      const res = await liveIo.fetch(url);
      if (res.status === 404 || res.status === 410) return set({ kind: 'gone', from: url });
      if (!res.ok) return set({ kind: 'unavailable', why: t('liveRefused', [host, String(res.status)]) });
      const type = res.headers.get('content-type') ?? '';
      const size = Number(res.headers.get('content-length') ?? 0);
      if (!type.startsWith('image/') || size > MAX_LIVE_BYTES) {
        void res.body?.cancel().catch(() => {});
        return set({ kind: 'other', type: type || '?', from: url });
      }
      made = URL.createObjectURL(await res.blob());
      if (!current) return URL.revokeObjectURL(made);
      set({ kind: 'image', url: made, from: url });
    })().catch((e: unknown) => set({ kind: 'unavailable', why: t('liveFailed', [host, e instanceof Error ? e.message : String(e)]) }));
    return () => {
      current = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [record.id]);

  return (
    // A box of fixed size, whatever loads into it: the buttons next to it must not move under the pointer.
    <figure class="live-file" data-live-state={live.kind}>
      <div class="live-box">{live.kind === 'image' && <img data-live="" src={live.url} alt={t('liveAlt', [record.fileName || t('unnamedFile'), host])} />}</div>
      <figcaption>
        {live.kind === 'loading' && t('liveLoading', [host])}
        {live.kind === 'image' && t('liveShown', [host])}
        {live.kind === 'other' && t('liveOther', [host, live.type])}
        {live.kind === 'gone' && t('liveGone', [host])}
        {live.kind === 'unavailable' && live.why}
      </figcaption>
    </figure>
  );
}
