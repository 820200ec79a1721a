import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { findPlaceholders } from '@/utils/erasure/letters';
import { t } from '@/utils/i18n';
import type { PageNotice } from '@/utils/messages';
import { errorText } from './request-text';

/** Runs `handler` for every notice the background broadcasts while the component is mounted. */
export function useNotices(handler: (notice: PageNotice) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listener = (message: unknown) => {
      const notice = message as PageNotice | undefined;
      if (notice && typeof notice.type === 'string') ref.current(notice);
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
}

/** Calls `fn` with the latest value `ms` after the last `schedule`; a pending call is made at once on unmount. */
export function useDebounced<T>(fn: (value: T) => void, ms: number) {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const pending = useRef<{ value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancel = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    pending.current = null;
  }, []);
  const flush = useCallback(() => {
    const p = pending.current;
    cancel();
    if (p) fnRef.current(p.value);
  }, [cancel]);
  const schedule = useCallback(
    (value: T) => {
      pending.current = { value };
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, ms);
    },
    [flush, ms],
  );
  useEffect(() => flush, [flush]);
  return { schedule, flush, cancel };
}

/** Progress and outcome of one kind of action, in words: shown in a role=status line, failures in a role=alert. */
export type Outcome = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

/**
 * Runs actions one at a time per use, recording their outcome; a failure is turned into words (never thrown on).
 * Returns the action's result, or undefined when it failed.
 */
export function useAction() {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  const run = useCallback(async <T>(what: () => Promise<T>, busy: string, done?: string, failed = (reason: string) => t('actionFailed', [reason])): Promise<T | undefined> => {
    setOutcome({ kind: 'busy', text: busy });
    try {
      const result = await what();
      if (live.current) setOutcome(done ? { kind: 'done', text: done } : { kind: 'idle' });
      return result;
    } catch (e) {
      if (live.current) setOutcome({ kind: 'failed', text: failed(errorText(e)) });
      return undefined;
    }
  }, []);
  return { outcome, setOutcome, run, busy: outcome.kind === 'busy' };
}

/** Above this size (a letter for thousands of files) the scan for template leftovers waits for a pause in typing. */
const SCAN_AT_ONCE_MAX = 200_000;

/**
 * Template leftovers in a letter; a short letter is scanned as it is typed, a long one (megabytes) after a pause.
 * What the generated letter itself contains is the user's data (a file really named "TODO.png"), never a leftover.
 */
export function usePlaceholders(text: string, generated = ''): string[] {
  const [settled, setSettled] = useState(text);
  const large = text.length > SCAN_AT_ONCE_MAX;
  useEffect(() => {
    if (!large) return;
    const timer = setTimeout(() => setSettled(text), 300);
    return () => clearTimeout(timer);
  }, [text, large]);
  const scanned = large ? settled : text;
  const known = useMemo(() => new Set(findPlaceholders(generated)), [generated]);
  return useMemo(() => findPlaceholders(scanned).filter((p) => !known.has(p)), [scanned, known]);
}
