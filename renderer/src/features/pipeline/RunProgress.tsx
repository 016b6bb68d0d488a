import { memo, useEffect, useState } from 'react';
import { Badge, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { notify } from '../../notify';
import type { RunCounts } from '@shared/domain/run';
import type { RunSummary } from '@shared/ipc';
import { errorMessage } from '../../bridge';
import { IconPause, IconPlay, IconRefresh, IconStop } from '../../components/icons';
import { formatCount, formatDuration, formatRate, humanize } from '../../stores/format';
import { useRuns, type RunAction } from '../../stores/runs';
import { TID } from '../../testids';
import { RUN_STATUS_COLOR, stageLong, stageShort } from './stages';
import { runName } from './RunList';
import classes from './pipeline.module.css';

function Figure({ label, value, testId, color }: { label: string; value: string; testId: string; color?: string }) {
  return (
    <Stack gap={0} miw={84}>
      <Text size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text size="lg" fw={650} c={color} data-testid={testId} lh={1.3}>{value}</Text>
    </Stack>
  );
}

const sameCounts = (a: RunCounts, b: RunCounts) =>
  a.total === b.total && a.done === b.done && a.failed === b.failed && a.running === b.running && a.skipped === b.skipped && a.pending === b.pending;

/**
 * One stage's counts: finished / total with a bar (done teal, skipped striped grey, failed red, running blue). A stage
 * every task of which was skipped (e.g. DNS turned off) says "skipped N" with a muted striped bar, so the tile agrees
 * with the table's cells. Plain elements and a native tooltip: nine tiles re-render on every progress event.
 */
const StageTile = memo(function StageTile({ stage, counts }: { stage: string; counts: RunCounts }) {
  const total = counts.total || 1;
  const finished = counts.done + counts.skipped + counts.failed;
  const allSkipped = counts.total > 0 && counts.skipped === counts.total;
  const pct = (n: number) => `${(n / total) * 100}%`;
  return (
    <div
      className={classes.stageTile}
      title={`${stageLong(stage)}: ${counts.done} done, ${counts.skipped} skipped, ${counts.failed} failed, ${counts.running} running, ${counts.pending} pending`}
      data-testid={TID.pipeline.stage(stage)}
      data-done={counts.done}
      data-skipped={counts.skipped}
      data-failed={counts.failed}
      data-total={counts.total}
      data-all-skipped={allSkipped || undefined}
    >
      <div className={classes.stageTileHead}>
        <span className={classes.stageTileName}>{stageShort(stage)}</span>
        {counts.failed > 0 && <span className={classes.stageTileFailed}>{formatCount(counts.failed)}</span>}
      </div>
      <div className={classes.stageBar} data-all-skipped={allSkipped || undefined}>
        {!allSkipped && (
          <>
            <span className={classes.stageBarDone} style={{ width: pct(counts.done) }} />
            <span className={classes.stageBarSkipped} style={{ width: pct(counts.skipped) }} />
            <span className={classes.stageBarFailed} style={{ width: pct(counts.failed) }} />
            <span className={classes.stageBarRunning} style={{ width: pct(counts.running) }} />
          </>
        )}
      </div>
      <div className={classes.stageTileCount}>
        {allSkipped
          ? `skipped ${formatCount(counts.skipped)}`
          : `${formatCount(finished)} / ${formatCount(counts.total)}`}
      </div>
    </div>
  );
}, (a, b) => a.stage === b.stage && sameCounts(a.counts, b.counts));

/** Elapsed ms that keeps ticking between progress events while the run runs. */
function useLiveElapsed(run: RunSummary | undefined): number {
  const [, setTick] = useState(0);
  const [base, setBase] = useState({ at: Date.now(), elapsed: run?.elapsedMs ?? 0 });
  useEffect(() => {
    setBase({ at: Date.now(), elapsed: run?.elapsedMs ?? 0 });
  }, [run?.elapsedMs]);
  useEffect(() => {
    if (run?.status !== 'running') return;
    const t = setInterval(() => setTick((x) => x + 1), 1000);
    return () => clearInterval(t);
  }, [run?.status]);
  if (!run) return 0;
  return run.status === 'running' ? base.elapsed + (Date.now() - base.at) : run.elapsedMs;
}

const RunHeader = memo(function RunHeader({ runId, name, label, status, leadsFailed }: {
  runId: string;
  name: string;
  label?: string;
  status: RunSummary['status'];
  leadsFailed: number;
}) {
  const control = useRuns((s) => s.control);
  const [busy, setBusy] = useState<RunAction | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const act = async (action: RunAction) => {
    setBusy(action);
    try {
      await control(runId, action);
      const done: Record<RunAction, string> = { pause: 'Run paused', resume: 'Run resumed', cancel: 'Run cancelled', retryFailed: 'Retrying failed leads' };
      notify('info', { message: done[action], ...(action === 'cancel' ? { color: 'gray' } : {}) });
    } catch (e) {
      notify('error', { title: 'Could not update the run', message: errorMessage(e) });
    } finally {
      setBusy(null);
      setConfirmCancel(false);
    }
  };

  const active = status === 'running' || status === 'pending';
  return (
    <Group justify="space-between" wrap="nowrap" mb="sm">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <Text fw={650} size="md" truncate title={label}>{name}</Text>
        <Badge color={RUN_STATUS_COLOR[status]} variant={status === 'running' ? 'filled' : 'light'} data-testid={TID.pipeline.status} data-status={status}>
          {humanize(status)}
        </Badge>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {status === 'running' && (
          <Button variant="default" leftSection={<IconPause size={14} />} loading={busy === 'pause'} onClick={() => void act('pause')} data-testid={TID.pipeline.pause}>
            Pause
          </Button>
        )}
        {(status === 'paused' || status === 'cancelled' || status === 'failed') && (
          <Button variant="default" leftSection={<IconPlay size={14} />} loading={busy === 'resume'} onClick={() => void act('resume')} data-testid={TID.pipeline.resume}>
            Resume
          </Button>
        )}
        <Button
          variant="default"
          leftSection={<IconRefresh size={14} />}
          disabled={leadsFailed === 0}
          loading={busy === 'retryFailed'}
          onClick={() => void act('retryFailed')}
          data-testid={TID.pipeline.retryFailed}
        >
          Retry failed{leadsFailed ? ` (${formatCount(leadsFailed)})` : ''}
        </Button>
        {(active || status === 'paused') && (
          <Button variant="subtle" color="red" leftSection={<IconStop size={13} />} onClick={() => setConfirmCancel(true)} data-testid={TID.pipeline.cancel}>
            Cancel
          </Button>
        )}
      </Group>
      <Modal opened={confirmCancel} onClose={() => setConfirmCancel(false)} title="Cancel this run?" size="sm">
        <Text size="sm" mb="lg">
          Leads already processed keep their results and drafts. You can resume the run later; unfinished leads pick up where they stopped.
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => setConfirmCancel(false)}>Keep running</Button>
          <Button color="red" loading={busy === 'cancel'} onClick={() => void act('cancel')} data-testid={TID.pipeline.cancelConfirm}>Cancel run</Button>
        </Group>
      </Modal>
    </Group>
  );
});

/** The selected run: status and controls (runs:control), figures (done/total, failed, throughput, ETA, elapsed), stage tiles. */
export function RunProgress({ runId }: { runId: string }) {
  const run = useRuns((s) => s.runs.find((r) => r.id === runId));
  const elapsed = useLiveElapsed(run);
  if (!run) return null;
  const pct = run.leadsTotal ? Math.round((run.leadsDone / run.leadsTotal) * 100) : 0;
  return (
    <Paper withBorder p="md" data-testid={TID.pipeline.progress} className={classes.progressPanel}>
      <RunHeader runId={run.id} name={runName(run)} label={run.label} status={run.status} leadsFailed={run.leadsFailed} />
      <Group gap="xl" mb="md" wrap="nowrap">
        <Figure label="Leads done" value={`${formatCount(run.leadsDone)} / ${formatCount(run.leadsTotal)}`} testId={TID.pipeline.leadsDone} />
        <Figure label="Progress" value={`${pct}%`} testId={TID.pipeline.percent} />
        <Figure label="Failed" value={formatCount(run.leadsFailed)} testId={TID.pipeline.leadsFailed} color={run.leadsFailed ? 'red' : undefined} />
        <Figure label="Throughput" value={run.status === 'running' ? `${formatRate(run.leadsPerSec)}` : '—'} testId={TID.pipeline.throughput} />
        <Figure label="ETA" value={run.status === 'running' && run.etaMs !== undefined ? formatDuration(run.etaMs) : run.status === 'done' ? 'Finished' : '—'} testId={TID.pipeline.eta} />
        <Figure label="Elapsed" value={formatDuration(elapsed)} testId={TID.pipeline.elapsed} />
      </Group>
      <div className={classes.stageGrid} style={{ gridTemplateColumns: `repeat(${Math.max(1, run.stages.length)}, minmax(84px, 1fr))` }}>
        {run.stages.map((stage) => (
          <StageTile key={stage} stage={stage} counts={run.perStage[stage] ?? EMPTY_COUNTS} />
        ))}
      </div>
    </Paper>
  );
}

const EMPTY_COUNTS: RunCounts = { total: 0, pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
