import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row is exactly this tall (px): what makes windowing a division. */
  rowHeight: number;
  label: string;
  keyOf(item: T): string;
  isSelected(item: T): boolean;
  /**
   * The row's cells (role=gridcell). `active` marks the one row whose controls are in the Tab order; its element
   * marked data-row-focus gets focus when the keyboard moves to the row.
   */
  renderRow(item: T, index: number, active: boolean): ComponentChildren;
  /** Extra attributes for a row element (data-*). */
  rowAttrs?(item: T): Record<string, string>;
  /** The key of the row the keyboard is on; undefined: the first row. */
  activeKey?: string;
  onActiveChange(key: string, index: number): void;
  /** Enter on a row: the user wants to act on this row's file (the dashboard moves focus to its detail pane). */
  onOpen?(key: string, index: number): void;
  /** The rows now in the DOM [start, end), for lazy work such as thumbnails. */
  onWindow?(start: number, end: number): void;
  /** The viewport height to assume while it cannot be measured (no layout yet, or a test DOM). */
  fallbackHeight?: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
  id?: string;
}

const NAV_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp']);

/**
 * A windowed grid: only the rows in (or near) the viewport exist in the DOM, positioned absolutely inside a spacer as
 * tall as every row together. One row is "active" (roving focus): its controls are the grid's Tab stops;
 * Arrow Up/Down, Page Up/Down, Home and End move it (and focus with it). Screen readers get the full size through
 * aria-rowcount and each row's aria-rowindex.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, label, keyOf, isSelected, renderRow, rowAttrs, activeKey, onActiveChange, onOpen, onWindow } = props;
  const overscan = props.overscan ?? 4;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [measured, setMeasured] = useState(0);
  const focusAfterRender = useRef(false);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setMeasured(el.clientHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const height = measured || props.fallbackHeight || 480;
  const count = items.length;
  const total = count * rowHeight;
  const top = Math.max(0, Math.min(scrollTop, total - height));
  const perPage = Math.max(1, Math.floor(height / rowHeight));

  const activeIndex = useMemo(() => {
    if (activeKey === undefined) return 0;
    const i = items.findIndex((item) => keyOf(item) === activeKey);
    return i < 0 ? 0 : i;
  }, [items, activeKey]);

  const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan);
  const indexes: number[] = [];
  // The active row stays in the DOM even when scrolled away, so focus is never lost and Tab always finds it.
  if (count && activeIndex < start) indexes.push(activeIndex);
  for (let i = start; i < end; i++) indexes.push(i);
  if (count && activeIndex >= end) indexes.push(activeIndex);

  useEffect(() => {
    onWindow?.(start, end);
  }, [start, end, items]);

  useLayoutEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    const row = viewport.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    (row?.querySelector<HTMLElement>('[data-row-focus]') ?? row)?.focus({ preventScroll: true });
  });

  /** Moves the active row to index i, scrolls it into view and focuses it. */
  const moveTo = (i: number) => {
    if (!count) return;
    const next = Math.max(0, Math.min(count - 1, i));
    const el = viewport.current;
    const rowTop = next * rowHeight;
    let scroll = el?.scrollTop ?? top;
    if (rowTop < scroll) scroll = rowTop;
    else if (rowTop + rowHeight > scroll + height) scroll = rowTop + rowHeight - height;
    if (el && el.scrollTop !== scroll) el.scrollTop = scroll;
    setScrollTop(scroll);
    focusAfterRender.current = true;
    onActiveChange(keyOf(items[next]!), next);
  };

  /** The row index an event happened in, if it is a rendered row. */
  const rowIndexOf = (target: EventTarget | null): number | undefined => {
    const row = (target as HTMLElement | null)?.closest?.<HTMLElement>('[role="row"]');
    const i = row ? Number(row.dataset.index) : NaN;
    return Number.isInteger(i) && items[i] !== undefined ? i : undefined;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      const i = rowIndexOf(e.target);
      if (i === undefined) return;
      e.preventDefault();
      if (i !== activeIndex) onActiveChange(keyOf(items[i]!), i);
      onOpen?.(keyOf(items[i]!), i);
      return;
    }
    if (!NAV_KEYS.has(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const at = activeIndex;
    const target = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: count - 1,
      PageDown: at + perPage,
      PageUp: at - perPage,
    }[e.key as 'Home'];
    moveTo(target);
  };

  // Focus arriving in a row (Tab, a click on its checkbox) makes it the active row.
  const onFocusIn = (e: FocusEvent) => {
    const i = rowIndexOf(e.target);
    if (i !== undefined && i !== activeIndex) onActiveChange(keyOf(items[i]!), i);
  };

  // A click anywhere else on a row (its name, preview, status: none of them focusable) makes it the active row too,
  // and puts the keyboard there, so the detail pane always shows the row the user last pointed at (issue 12 §1).
  const onClick = (e: MouseEvent) => {
    const i = rowIndexOf(e.target);
    if (i === undefined) return;
    const row = (e.target as HTMLElement).closest<HTMLElement>('[role="row"]')!;
    if (i !== activeIndex) onActiveChange(keyOf(items[i]!), i);
    if (!row.contains(document.activeElement)) (row.querySelector<HTMLElement>('[data-row-focus]') ?? row).focus({ preventScroll: true });
  };

  return (
    <div
      ref={viewport}
      id={props.id}
      class="vlist"
      role="grid"
      aria-label={label}
      aria-rowcount={count}
      aria-colcount={2}
      aria-multiselectable="true"
      data-count={count}
      data-rendered={indexes.length}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}
      onKeyDown={onKeyDown}
      onFocusIn={onFocusIn}
      onClick={onClick}
    >
      <div class="vlist-spacer" role="rowgroup" style={`height:${total}px`}>
        {indexes.map((i) => {
          const item = items[i]!;
          const active = i === activeIndex;
          return (
            <div
              key={keyOf(item)}
              role="row"
              class={active ? 'vrow active' : 'vrow'}
              aria-rowindex={i + 1}
              aria-selected={isSelected(item) ? 'true' : 'false'}
              data-index={i}
              style={`top:${i * rowHeight}px;height:${rowHeight}px`}
              {...rowAttrs?.(item)}
            >
              {renderRow(item, i, active)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
