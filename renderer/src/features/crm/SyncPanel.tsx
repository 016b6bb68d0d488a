import { memo, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Progress, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { notify } from '../../notify';
import type { CrmKind, SyncOp, SyncPreview, SyncResult } from '@shared/domain/crm';
import { api, errorMessage } from '../../bridge';
import { ErrorState } from '../../components/states';
import { IconCheck, IconEye, IconRefresh } from '../../components/icons';
import { VirtualRows } from '../../components/VirtualRows';
import { formatCount, formatDuration, formatRelative, humanize } from '../../stores/format';
import { CRM_NAME, useCrm } from '../../stores/crm';
import { TID } from '../../testids';
import classes from './crm.module.css';

const ACTION_COLOR: Record<SyncOp['action'], string> = {
  create: 'teal', update: 'indigo', associate: 'violet', activity: 'cyan', noop: 'gray', skip: 'orange',
};

const OpRow = memo(function OpRow({ op }: { op: SyncOp }) {
  const props = Object.entries(op.properties);
  const propText = props.map(([k, v]) => `${k} = ${v}`).join('\n');
  const keptText = op.kept.map((k) => `${k.crmField}: ${k.reason}`).join('\n');
  return (
    <div className={classes.opRow} data-action={op.action}>
      <span className={classes.truncate} title={op.label}>{op.label}</span>
      <span><Badge size="xs" color={ACTION_COLOR[op.action]} variant="light">{op.action}</Badge></span>
      <span className={classes.truncate}>{op.object}{op.crmId ? <span className={classes.dim}> #{op.crmId}</span> : null}</span>
      <span className={classes.truncate} title={propText || op.reason}>
        {props.length ? props.map(([k, v]) => `${k}: ${v}`).join(' · ') : <span className={classes.dim}>{op.reason ?? '—'}</span>}
      </span>
      <span className={classes.truncate} title={keptText}>
        {op.kept.length ? <span className={classes.kept}>{op.kept.length} kept: {op.kept.map((k) => k.crmField).join(', ')}</span> : ''}
      </span>
    </div>
  );
});

/** Dry-run preview (crm:preview) of the exact writes, then "Sync now" (crm:sync) with live `crm:progress`. */
export function SyncPanel({ kind }: { kind: CrmKind }) {
  const connected = useCrm((s) => s.connections[kind]?.connected ?? false);
  const progress = useCrm((s) => s.progress[kind]);
  const [preview, setPreview] = useState<SyncPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [result, setResult] = useState<SyncResult | null>(null);
  const [busy, setBusy] = useState<'preview' | 'sync' | null>(null);
  const [show, setShow] = useState<'changes' | 'all'>('changes');

  const ops = useMemo(
    () => (preview ? (show === 'all' ? preview.ops : preview.ops.filter((o) => o.action !== 'noop')) : []),
    [preview, show],
  );

  const runPreview = async () => {
    setBusy('preview');
    setPreviewError(null);
    try {
      setPreview(await api().crmPreview({ kind }));
    } catch (e) {
      setPreviewError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const sync = async () => {
    let synced = false;
    setBusy('sync');
    setResult(null);
    try {
      const r = await api().crmSync({ kind });
      setResult(r);
      void useCrm.getState().load();
      synced = true;
      // The result shows in the panel; a toast only when some leads failed (they need the rep's attention).
      if (r.failed) {
        notify('warning', {
          title: `${CRM_NAME[kind]} sync finished with failures`,
          message: `${r.failed} failed; ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged. See Lead status.`,
        });
      }
    } catch (e) {
      notify('error', { title: `${CRM_NAME[kind]} sync failed`, message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
    // The plan on screen was the pre-sync one: replace it with what is left to do now (a preview writes nothing).
    if (synced && preview) {
      setPreview(null);
      await runPreview();
    }
  };

  if (!connected) {
    return (
      <Alert color="gray" variant="light" title={`${CRM_NAME[kind]} is not connected`}>
        Connect it on the Connection tab to preview and sync.
      </Alert>
    );
  }

  const pct = progress && progress.total ? (progress.done / progress.total) * 100 : 0;
  return (
    <Stack gap="md">
      <Card>
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={2}>
            <Text fw={600}>Preview first, then sync</Text>
            <Text size="sm" c="dimmed">The preview lists every create, update, association and activity without writing anything.</Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Button variant="default" leftSection={<IconEye size={15} />} loading={busy === 'preview'} onClick={() => void runPreview()} data-testid={TID.crm.preview}>
              {preview ? 'Refresh preview' : 'Preview sync'}
            </Button>
            <Button leftSection={<IconRefresh size={15} />} loading={busy === 'sync'} disabled={busy === 'preview'} onClick={() => void sync()} data-testid={TID.crm.syncNow}>
              Sync now
            </Button>
          </Group>
        </Group>
        {busy === 'sync' && (
          <Stack gap={4} mt="md" data-testid={TID.crm.syncProgress} data-phase={progress?.phase}>
            <Group justify="space-between">
              <Text size="sm">{progress ? humanize(progress.phase) : 'Starting'}…</Text>
              <Text size="xs" c="dimmed">{progress ? `${formatCount(progress.done)} / ${formatCount(progress.total)}${progress.failed ? ` · ${progress.failed} failed` : ''}` : ''}</Text>
            </Group>
            <Progress value={pct} animated={busy === 'sync'} size="sm" />
          </Stack>
        )}
        {result && (
          <Alert mt="md" color={result.failed ? 'orange' : 'teal'} variant="light" icon={<IconCheck size={16} />} data-testid={TID.crm.syncResult}>
            {formatCount(result.leads)} leads: {result.created} created, {result.updated} updated, {result.unchanged} unchanged,
            {' '}{result.associations} associations, {result.activities} activities{result.failed ? `, ${result.failed} failed (see Lead status)` : ''}.
            {' '}{result.requests} requests ({result.retries} retried) in {formatDuration(result.durationMs)}.
          </Alert>
        )}
      </Card>

      {previewError && <ErrorState title="Preview failed" message={previewError} onRetry={() => void runPreview()} />}
      {preview && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Group gap={6} data-testid={TID.crm.previewCounts}>
              <Text size="sm" fw={600} mr={4}>{formatCount(preview.leads)} leads</Text>
              {(Object.keys(preview.counts) as (keyof SyncPreview['counts'])[]).map((k) => (
                <Tooltip key={k} label={`${preview.counts[k]} ${k} operations`}>
                  <Badge color={ACTION_COLOR[k]} variant={preview.counts[k] ? 'light' : 'outline'} data-count={preview.counts[k]} data-action={k}>
                    {k} {formatCount(preview.counts[k])}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
            <Group gap="xs">
              <Text size="xs" c="dimmed">generated {formatRelative(preview.generatedAt)}</Text>
              <SegmentedControl size="xs" value={show} onChange={(v) => setShow(v as 'changes' | 'all')} data={[{ value: 'changes', label: 'Changes' }, { value: 'all', label: 'All' }]} />
            </Group>
          </Group>
          <div className={classes.tableFrame} style={{ height: Math.min(460, 34 + Math.max(1, ops.length) * 34 + 2) }}>
            {ops.length ? (
              <VirtualRows
                count={ops.length}
                rowHeight={34}
                testId={TID.crm.previewTable}
                role="table"
                ariaLabel="Sync preview"
                minWidth={860}
                header={(
                  <div className={classes.opHeader}>
                    <span>Lead</span><span>Action</span><span>Object</span><span>Properties written</span><span>Kept (not overwritten)</span>
                  </div>
                )}
                renderRow={(i) => <OpRow op={ops[i]} />}
              />
            ) : (
              <Text size="sm" c="dimmed" p="md" data-testid={TID.crm.previewTable}>Nothing to change: {CRM_NAME[kind]} is up to date.</Text>
            )}
          </div>
        </Stack>
      )}
    </Stack>
  );
}
