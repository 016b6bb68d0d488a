import { memo, useEffect, useMemo, useState } from 'react';
import { Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { TaskStatus } from '@shared/domain/run';
import { statusAt } from '@shared/ipc';
import { ErrorState, LoadingRows } from '../../components/states';
import { IconSearch } from '../../components/icons';
import { VirtualRows } from '../../components/VirtualRows';
import { rowStatus, useLeadTable } from '../../stores/lead-table';
import { formatCount, formatDuration } from '../../stores/format';
import { TID } from '../../testids';
import { stageLong, stageShort } from './stages';
import classes from './pipeline.module.css';

type Filter = 'all' | 'running' | 'failed' | 'done' | 'pending';
const ROW_HEIGHT = 36;
const EMPTY_STAGES: string[] = [];

/** Grid template shared by the header and the rows: #, lead, company, one cell per stage, score, error. */
function template(stages: number): string {
  return `44px minmax(170px, 1.3fr) minmax(120px, 0.9fr) repeat(${stages}, 46px) 48px minmax(160px, 1.5fr)`;
}

/**
 * One stage's cell of a lead row: a single element (the status square is its ::after) with the stage, status and
 * duration in its tooltip. A plain function, not a component: 9 per row, re-rendered with the row.
 */
function stageCell(stage: string, st: TaskStatus, ms: number | null | undefined) {
  return (
    <span
      key={stage}
      className={classes.cell}
      data-stage={stage}
      data-status={st}
      title={`${stageLong(stage)} · ${st}${ms != null ? ` · ${formatDuration(ms)}` : ''}`}
    />
  );
}

const LeadRowView = memo(function LeadRowView({ leadId, index, stages, template: cols, onOpen }: {
  leadId: string;
  index: number;
  stages: string[];
  template: string;
  onOpen: (leadId: string) => void;
}) {
  const row = useLeadTable((s) => s.rows.get(leadId));
  if (!row) return null;
  const status = rowStatus(row);
  return (
    <div
      className={classes.leadRow}
      style={{ gridTemplateColumns: cols }}
      role="row"
      tabIndex={-1}
      onClick={() => onOpen(leadId)}
      data-testid={TID.pipeline.leadRow(leadId)}
      data-status={status}
    >
      <span className={classes.num}>{index + 1}</span>
      <span className={classes.truncate} title={row.email ? `${row.name} <${row.email}>` : row.name}>
        <span className={classes.name}>{row.name || '—'}</span>
        {row.email && <span className={classes.email}> {row.email}</span>}
      </span>
      <span className={classes.truncate} title={row.company}>{row.company || '—'}</span>
      {stages.map((s, i) => stageCell(s, statusAt(row.statuses, i), row.durationsMs[i]))}
      <span className={classes.score} data-score={row.score}>{row.score ?? ''}</span>
      <span className={`${classes.truncate} ${classes.error}`} title={row.error}>{row.error ?? ''}</span>
    </div>
  );
});

/** The selected run's leads, virtualised; each row shows its per-stage status, timings on hover and its error. */
export function LeadTable({ runId, onOpen }: { runId: string; onOpen: (leadId: string) => void }) {
  const status = useLeadTable((s) => (s.runId === runId ? s.status : 'loading'));
  const error = useLeadTable((s) => s.error);
  const order = useLeadTable((s) => s.order);
  const total = useLeadTable((s) => s.total);
  const load = useLeadTable((s) => s.load);
  // The columns the rows are aligned with (runs:leads); joined so a reload with the same stages keeps their identity.
  const stagesKey = useLeadTable((s) => (s.runId === runId ? s.stages.join('|') : ''));
  const stages = useMemo(() => (stagesKey ? stagesKey.split('|') : EMPTY_STAGES), [stagesKey]);
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim().toLowerCase(), 150);
  const derived = filter !== 'all' || query !== '';
  // Subscribe to per-batch versions only while a derived view needs them; "all" never re-renders on deltas.
  const version = useLeadTable((s) => (derived ? s.version : 0));

  useEffect(() => {
    void load(runId);
  }, [runId, load]);

  const ids = useMemo(() => {
    if (!derived) return order;
    const rows = useLeadTable.getState().rows;
    return order.filter((id) => {
      const row = rows.get(id);
      if (!row) return false;
      if (filter !== 'all' && rowStatus(row) !== filter) return false;
      if (query && !`${row.name} ${row.company} ${row.email ?? ''}`.toLowerCase().includes(query)) return false;
      return true;
    });
  }, [derived, order, filter, query, version]);

  const cols = useMemo(() => template(stages.length), [stages.length]);

  return (
    <div className={classes.tableWrap}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <TextInput
            size="xs"
            w={240}
            placeholder="Search leads"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid={TID.pipeline.leadSearch}
            aria-label="Search leads"
          />
          <SegmentedControl
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'running', label: 'Running' },
              { value: 'failed', label: 'Failed' },
              { value: 'done', label: 'Done' },
              { value: 'pending', label: 'Pending' },
            ]}
            data-testid={TID.pipeline.leadFilter}
          />
        </Group>
        <Text size="xs" c="dimmed">
          {derived ? `${formatCount(ids.length)} of ${formatCount(total)} leads` : `${formatCount(total)} leads`}
        </Text>
      </Group>
      {status === 'loading' && <LoadingRows rows={8} height={26} />}
      {status === 'error' && <ErrorState message={error ?? ''} onRetry={() => void load(runId)} />}
      {status === 'ready' && (
        <div className={classes.tableFrame}>
          {ids.length === 0 ? (
            <Text c="dimmed" size="sm" ta="center" py="xl">{order.length ? 'No lead matches.' : 'This run has no leads.'}</Text>
          ) : (
            <VirtualRows
              overscan={2}
              count={ids.length}
              rowHeight={ROW_HEIGHT}
              getKey={(i) => ids[i]}
              testId={TID.pipeline.leadTable}
              role="table"
              ariaLabel="Leads of the run"
              minWidth={920}
              header={(
                <div className={classes.leadHeader} style={{ gridTemplateColumns: cols }} role="row">
                  <span>#</span>
                  <span>Lead</span>
                  <span>Company</span>
                  {stages.map((s) => <span key={s} className={classes.stageHead} title={stageLong(s)}>{stageShort(s)}</span>)}
                  <span style={{ textAlign: 'right' }}>Score</span>
                  <span>Error</span>
                </div>
              )}
              renderRow={(i) => <LeadRowView leadId={ids[i]} index={i} stages={stages} template={cols} onOpen={onOpen} />}
            />
          )}
        </div>
      )}
    </div>
  );
}
