import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import type { QueueEntry } from '@shared/ipc';
import { IconAlert, IconEdit, IconEye } from '../../components/icons';
import { VirtualRows, type VirtualRowsHandle } from '../../components/VirtualRows';
import { humanize } from '../../stores/format';
import { OPEN_STATUSES, useReview } from '../../stores/review';
import { scoreColor } from '../../components/ScoreFactors';
import { mark } from '../../perf';
import { TID } from '../../testids';
import { LABEL_COLOR, QUEUE_STATUS_LABEL } from './labels';
import classes from './review.module.css';

const ROW_HEIGHT = 76;

/** The bulk-approve tick box of a row (its own subscription: ticking re-renders this box only). */
const RowCheck = memo(function RowCheck({ id, checkable, open, label }: { id: string; checkable: boolean; open: boolean; label: string }) {
  const checked = useReview((s) => s.checked.has(id));
  return (
    <div
      className={classes.rowCheck}
      onClick={(e) => e.stopPropagation()}
      title={checkable ? 'Select for bulk approve (x)' : open ? 'Open it first: bulk approve needs every draft shown' : 'Already decided'}
    >
      {/* A native check box: ~20 rows mount at once, and Mantine's Checkbox costs a few ms each on a slow machine. */}
      <input
        type="checkbox"
        className={classes.rowCheckbox}
        checked={checked}
        disabled={!checkable}
        onChange={() => useReview.getState().toggleChecked(id)}
        aria-label={`Select ${label}`}
        data-testid={TID.review.rowCheck(id)}
      />
    </div>
  );
});

/** What a row shows of its entry: plain elements (up to ~20 rows mount at once, two re-render per j/k). */
const RowBody = memo(function RowBody({ entry }: { entry: QueueEntry }) {
  return (
    <div className={classes.rowMain}>
      <div className={classes.rowTop}>
        <span className={classes.rowName}>{entry.name || entry.company}</span>
        {entry.name && <span className={classes.rowCompany}>{entry.company}</span>}
        <span className={classes.rowScore} data-color={scoreColor(entry.score)}>{entry.score}</span>
      </div>
      <div className={classes.rowSubject}>{entry.subject}</div>
      <div className={classes.rowMeta}>
        {entry.status !== 'pending' && <span className={classes.statusPill} data-status={entry.status}>{QUEUE_STATUS_LABEL[entry.status]}</span>}
        <span className={classes.label}>
          <span className={classes.labelDot} style={{ background: `var(--mantine-color-${LABEL_COLOR[entry.label]}-5)` }} />
          {humanize(entry.label)} · {Math.round(entry.confidence * 100)}%
        </span>
        {entry.issueCount > 0 && (
          <span className={classes.issues} data-passed={entry.passed || undefined}>
            <IconAlert size={12} /> {entry.issueCount}
          </span>
        )}
        {entry.edited && <span className={classes.metaIcon} title="Edited by you"><IconEdit size={12} /></span>}
        {entry.seen && <span className={classes.metaIcon} title="Shown"><IconEye size={12} /></span>}
      </div>
    </div>
  );
});

/** One queue row: the selection (j/k) re-renders this wrapper only; its tick box and body are memoised. */
const QueueRow = memo(function QueueRow({ entry }: { entry: QueueEntry }) {
  const selected = useReview((s) => s.selectedId === entry.id);
  const open = OPEN_STATUSES.includes(entry.status);
  return (
    <div
      className={classes.row}
      data-selected={selected || undefined}
      data-status={entry.status}
      data-seen={entry.seen || undefined}
      data-testid={TID.review.row(entry.id)}
      role="option"
      aria-selected={selected}
      onClick={() => useReview.getState().select(entry.id)}
    >
      <RowCheck id={entry.id} checkable={entry.seen && open} open={open} label={entry.name || entry.company} />
      <RowBody entry={entry} />
    </div>
  );
});

/** The review queue (virtualised, riskiest first as review:list returns it); j/k keep the selection in view. */
export function QueueList() {
  const entries = useReview((s) => s.entries);
  const listVersion = useReview((s) => s.listVersion);
  const handle = useRef<VirtualRowsHandle>(null);

  useLayoutEffect(() => {
    const n = useReview.getState().entries.length;
    if (n) mark('review:list-rendered', { count: n });
  }, [listVersion]);

  useEffect(() => {
    // Scroll the selection into view without re-rendering this list on every j/k.
    const scroll = () => {
      const s = useReview.getState();
      const i = s.selectedId ? s.index.get(s.selectedId) : undefined;
      if (i !== undefined) handle.current?.scrollToIndex(i);
    };
    scroll();
    return useReview.subscribe((s, prev) => {
      if (s.selectedId !== prev.selectedId) scroll();
    });
  }, []);

  return (
    <VirtualRows
      handleRef={handle}
      count={entries.length}
      rowHeight={ROW_HEIGHT}
      getKey={(i) => entries[i].id}
      renderRow={(i) => <QueueRow entry={entries[i]} />}
      testId={TID.review.list}
      role="listbox"
      ariaLabel="Review queue"
      overscan={3}
    />
  );
}
