import { memo } from 'react';
import { Badge, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import type { RunSummary } from '@shared/ipc';
import { formatCount, formatDuration, formatRate, formatRelative, humanize } from '../../stores/format';
import { useRuns } from '../../stores/runs';
import { TID } from '../../testids';
import { RUN_STATUS_COLOR } from './stages';
import classes from './pipeline.module.css';

/** A run's display name: its label (the import's file) or its id. */
export function runName(run: RunSummary): string {
  return run.label?.split(/[\\/]/).pop() || `Run ${run.id.slice(0, 8)}`;
}

const RunRow = memo(function RunRow({ run, selected, onSelect }: { run: RunSummary; selected: boolean; onSelect: (id: string) => void }) {
  const pct = run.leadsTotal ? (run.leadsDone / run.leadsTotal) * 100 : 0;
  const failedPct = run.leadsTotal ? (run.leadsFailed / run.leadsTotal) * 100 : 0;
  return (
    <UnstyledButton
      className={classes.runRow}
      data-selected={selected || undefined}
      onClick={() => onSelect(run.id)}
      data-testid={TID.pipeline.run(run.id)}
      data-status={run.status}
      aria-pressed={selected}
    >
      <Badge color={RUN_STATUS_COLOR[run.status]} variant={run.status === 'running' ? 'filled' : 'light'} size="sm" w={84}>
        {humanize(run.status)}
      </Badge>
      <Text size="sm" fw={600} truncate title={run.label}>{runName(run)}</Text>
      <span className={classes.runBar}>
        <span className={classes.stageBarDone} style={{ width: `${pct - Math.min(pct, failedPct)}%` }} />
        <span className={classes.stageBarFailed} style={{ width: `${Math.min(pct, failedPct)}%` }} />
      </span>
      <Text size="xs" c="dimmed" ta="right">{formatCount(run.leadsDone)} / {formatCount(run.leadsTotal)}</Text>
      <Text size="xs" c="dimmed" ta="right">{run.status === 'running' ? formatRate(run.leadsPerSec) : formatDuration(run.elapsedMs)}</Text>
      <Text size="xs" c="dimmed" ta="right">{formatRelative(run.createdAt)}</Text>
    </UnstyledButton>
  );
});

/** The runs, newest first; click to show a run's progress and leads. */
export function RunList() {
  const runs = useRuns((s) => s.runs);
  const selectedRunId = useRuns((s) => s.selectedRunId);
  const select = useRuns((s) => s.select);
  return (
    <ScrollArea.Autosize mah={132} type="auto" className={classes.runList} data-testid={TID.pipeline.runList}>
      {runs.map((run) => (
        <RunRow key={run.id} run={run} selected={run.id === selectedRunId} onSelect={select} />
      ))}
    </ScrollArea.Autosize>
  );
}
