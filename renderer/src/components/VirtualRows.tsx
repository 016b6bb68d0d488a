import { useEffect, useImperativeHandle, useRef, type ReactNode, type Ref } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import classes from './VirtualRows.module.css';

/**
 * A virtualised list of fixed-height rows (TanStack Virtual): only the visible rows (+ overscan) are mounted, so
 * 10k+ rows scroll and update cheaply. The optional header sticks to the top of the scroll container.
 * Rows must be memoised by the caller (renderRow returns a memo component) so a parent render stays cheap.
 */
/** Imperative handle: scroll a row into view without re-rendering the list's parent. */
export interface VirtualRowsHandle {
  scrollToIndex: (index: number) => void;
}

export function VirtualRows({
  count, rowHeight, renderRow, getKey, header, scrollToIndex, overscan = 10, testId, minWidth, ariaLabel, role = 'list', handleRef,
}: {
  count: number;
  /** Row height in px. */
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  getKey?: (index: number) => string | number;
  header?: ReactNode;
  /** Keeps this index in view when it changes (keyboard navigation). */
  scrollToIndex?: number;
  overscan?: number;
  testId?: string;
  /** Min content width in px (horizontal scroll below it). */
  minWidth?: number;
  ariaLabel?: string;
  role?: 'list' | 'table' | 'listbox';
  handleRef?: Ref<VirtualRowsHandle>;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    getItemKey: getKey,
    useFlushSync: false,
  });

  useImperativeHandle(handleRef, () => ({
    scrollToIndex: (index: number) => {
      if (index >= 0 && index < virtualizer.options.count) virtualizer.scrollToIndex(index, { align: 'auto' });
    },
  }), [virtualizer]);

  useEffect(() => {
    if (scrollToIndex !== undefined && scrollToIndex >= 0 && scrollToIndex < count) {
      virtualizer.scrollToIndex(scrollToIndex, { align: 'auto' });
    }
  }, [scrollToIndex, count, virtualizer]);

  const items = virtualizer.getVirtualItems();
  return (
    <div ref={scrollRef} className={classes.scroll} data-testid={testId} role={role} aria-label={ariaLabel}>
      <div style={{ minWidth }}>
        {header && <div className={classes.header}>{header}</div>}
        <div className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => (
            <div key={item.key} className={classes.item} style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}>
              {renderRow(item.index)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
