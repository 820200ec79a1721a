import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageKey } from '@/utils/i18n';
import { t } from '@/utils/i18n';
import { formatBytes } from '@/utils/format';
import type { MetadataReport } from '@/utils/metadata';
import { FileWarning } from './FileWarning';
import type { FromDialog, PromptItem, PromptOpen } from '@/utils/prompt-protocol';

export type ReadMetadata = (file: Blob) => Promise<MetadataReport>;

/**
 * Whether the dialog is really seen: Chrome's IntersectionObserver v2 (trackVisibility) reports when something the page
 * draws covers it, or it is made transparent, so a page cannot trick a click through a fake overlay. Elsewhere: true.
 */
function useUnobstructed(target: { current: Element | null }): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    if (!target.current || !('isVisible' in IntersectionObserverEntry.prototype)) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const entry = entries.at(-1) as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
        if (entry) setVisible(entry.isVisible !== false);
      },
      { threshold: [0, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    observer.observe(target.current);
    return () => observer.disconnect();
  }, [target.current]);
  return visible;
}

const DEST_KEYS: Record<PromptItem['label'], MessageKey> = {
  image: 'destImage',
  avatar: 'destAvatar',
  banner: 'destBanner',
  'community-icon': 'destCommunityIcon',
  'community-banner': 'destCommunityBanner',
  'site-icon': 'destSiteIcon',
  'site-banner': 'destSiteBanner',
  'matrix-file': 'destMatrixFile',
  'matrix-encrypted': 'destMatrixEncrypted',
  unknown: 'destUnknown',
};
export const destinationText = (item: Pick<PromptItem, 'label' | 'host'>) => t(DEST_KEYS[item.label], [item.host]);

/**
 * The warning itself. Answers only to trusted input (a page cannot reach this document anyway: it is an extension
 * page in a frame). Upload stays inactive for `delayMs` after the dialog appears or its list changes; it stays
 * focusable meanwhile (aria-disabled), so a screen reader announces it and an early Enter on it does nothing.
 */
export function UploadWarning(props: {
  open: PromptOpen;
  items: PromptItem[];
  /** Files held but not listed, and whether Takeback could not read everything about an upload. */
  more?: number;
  unreadable?: boolean;
  version: number;
  revealed: boolean;
  /** A trusted click the page's side received on the dialog instead of this frame (see prompt-frame.ts), by position. */
  forwarded?: { x: number; y: number; n: number } | null;
  send(msg: FromDialog): void;
  readMetadata: ReadMetadata;
}) {
  const { open, items, version, revealed, send, more = 0, unreadable = false } = props;
  const [reports, setReports] = useState<Map<string, MetadataReport>>(new Map());
  const [unlockAt, setUnlockAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const safeButton = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const decided = useRef(false);
  const [done, setDone] = useState(false);

  // Read each file's metadata once; report when the current list is fully read.
  useEffect(() => {
    let live = true;
    void Promise.all(
      items.map(async (item) => {
        const known = reports.get(item.id);
        if (known) return [item.id, known] as const;
        const report: MetadataReport = item.file
          ? await props.readMetadata(item.file).catch((e: unknown) => ({ status: 'unreadable' as const, reason: String(e) }))
          : { status: 'not-applicable' };
        return [item.id, report] as const;
      }),
    ).then((read) => {
      if (!live) return;
      setReports((old) => new Map([...old, ...read]));
      // A file we could not read may carry a location too: that is worth showing as well.
      send({ t: 'checked', version, found: read.some(([, r]) => r.status === 'found' || r.status === 'unreadable') });
    });
    return () => {
      live = false;
    };
  }, [version]);

  const actions = useRef<HTMLDivElement>(null);
  const visible = useUnobstructed(actions);
  // The delay starts when the dialog becomes visible and again whenever the list changes or the page stops covering it.
  useEffect(() => {
    if (!revealed) return;
    setUnlockAt(visible ? Date.now() + open.delayMs : null);
    setNow(Date.now());
  }, [revealed, version, visible]);
  useEffect(() => {
    if (revealed) safeButton.current?.focus();
  }, [revealed]);
  const locked = unlockAt === null || now < unlockAt;
  useEffect(() => {
    if (!locked || unlockAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [locked, unlockAt]);

  function decide(e: Event | 'forwarded', upload: boolean, remember: 'allow' | 'never' | null = null) {
    // The clock decides, not the countdown on screen (a throttled frame may repaint late).
    const early = unlockAt === null || Date.now() < unlockAt;
    const trusted = e === 'forwarded' || e.isTrusted;
    if (!trusted || decided.current || (upload && early)) return;
    decided.current = true;
    setDone(true);
    send({ t: 'decide', upload, remember });
  }

  // A click the browser routed to the page instead of this frame acts on the button under it, like a click here would.
  const ANSWERS: Record<string, [boolean, 'allow' | 'never' | null]> = {
    cancel: [false, null],
    upload: [true, null],
    'always-allow': [true, 'allow'],
    never: [false, 'never'],
  };
  useEffect(() => {
    if (!props.forwarded || !revealed) return;
    const button = document.elementFromPoint(props.forwarded.x, props.forwarded.y)?.closest('button');
    const answer = button && box.current?.contains(button) ? ANSWERS[button.name] : undefined;
    if (answer) {
      button!.focus();
      decide('forwarded', ...answer);
    }
  }, [props.forwarded?.n]);

  function onKeyDown(e: KeyboardEvent) {
    if (!e.isTrusted) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      decide(e, false);
    } else if (e.key === 'Tab') {
      // Keep focus inside the dialog: wrap around at either end.
      const focusable = [...(box.current?.querySelectorAll<HTMLElement>('button') ?? [])];
      const first = focusable[0];
      const last = focusable.at(-1);
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  }

  const secondsLeft = unlockAt === null ? Math.ceil(open.delayMs / 1000) : Math.max(0, Math.ceil((unlockAt - now) / 1000));
  const total = items.reduce((sum, i) => sum + i.size, 0);
  const hosts = [...new Set(items.map((i) => i.host))].join(', ');
  return (
    <div class="backdrop" data-state={done ? 'decided' : revealed ? 'shown' : 'hidden'} onKeyDown={onKeyDown}>
      <div
        ref={box}
        class="warning"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="warning-title"
        aria-describedby="warning-summary"
      >
        <h1 id="warning-title">{t('warnTitle', [hosts])}</h1>
        <p id="warning-summary">{t('warnSummary', [items.length + more, formatBytes(total)])}</p>
        {unreadable && (
          <p class="warn-unreadable" data-field="unreadable">
            {t('warnUnreadable')}
          </p>
        )}
        <ul class="files" data-count={items.length}>
          {items.map((item) => (
            <FileWarning key={item.id} item={item} report={reports.get(item.id)} destination={destinationText(item)} />
          ))}
        </ul>
        {more > 0 && (
          <p class="warn-more" data-more={more}>
            {t('warnMore', [more.toLocaleString()])}
          </p>
        )}
        <div class="actions" ref={actions}>
          <button ref={safeButton} type="button" name="cancel" onClick={(e) => decide(e, false)}>
            {t('warnDontUpload')}
          </button>
          <button type="button" name="upload" class="primary" aria-disabled={locked} onClick={(e) => decide(e, true)}>
            {locked ? t('warnUploadIn', [secondsLeft]) : t('warnUpload')}
          </button>
        </div>
        <div class="remember">
          <button type="button" name="always-allow" class="link" aria-disabled={locked} onClick={(e) => decide(e, true, 'allow')}>
            {t('warnAlwaysAllow', [open.site])}
          </button>
          <button type="button" name="never" class="link" onClick={(e) => decide(e, false, 'never')}>
            {t('warnNever', [open.site])}
          </button>
        </div>
      </div>
    </div>
  );
}
