import { memo, useMemo } from 'react';
import { Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notify } from '../../notify';
import type { RowError } from '@shared/domain/lead';
import { api, errorMessage } from '../../bridge';
import { IconArrowRight, IconCheck, IconDownload } from '../../components/icons';
import { VirtualRows } from '../../components/VirtualRows';
import { useImport } from '../../stores/import';
import { useNav } from '../../stores/nav';
import { useRuns } from '../../stores/runs';
import { formatCount } from '../../stores/format';
import { TID } from '../../testids';
import classes from './import.module.css';

type ErrorItem = RowError & { kind: 'rejected' | 'warning' };

function Stat({ label, value, color, testId, hint }: { label: string; value: number; color?: string; testId: string; hint?: string }) {
  return (
    <Paper withBorder p="md" className={classes.stat}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>{label}</Text>
      <Text fz={26} fw={650} c={color} data-testid={testId} lh={1.2}>{formatCount(value)}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

const ErrorRowView = memo(function ErrorRowView({ item, index }: { item: ErrorItem; index: number }) {
  return (
    <div className={classes.errorRow} data-testid={TID.import.errorRow(index)} data-kind={item.kind}>
      <Text size="sm" c="dimmed">{item.row}</Text>
      <Badge color={item.kind === 'rejected' ? 'red' : 'yellow'} size="sm">{item.kind === 'rejected' ? 'Rejected' : 'Warning'}</Badge>
      <Text size="sm" className={classes.truncate} c="dimmed">{item.field ?? '—'}</Text>
      <Text size="sm" className={classes.truncate} title={item.reason}>{item.reason}</Text>
    </div>
  );
});

/** Step 3: what import:run did, the per-row errors (virtualised), CSV export and "Start processing". */
export function ImportResultView() {
  const result = useImport((s) => s.result);
  const starting = useImport((s) => s.starting);
  const start = useImport((s) => s.start);
  const reset = useImport((s) => s.reset);
  const go = useNav((s) => s.go);

  const errors = useMemo<ErrorItem[]>(
    () => (result ? [
      ...result.rejected.map((e) => ({ ...e, kind: 'rejected' as const })),
      ...result.warnings.map((e) => ({ ...e, kind: 'warning' as const })),
    ] : []),
    [result],
  );
  if (!result) return null;

  const exportErrors = async () => {
    try {
      const r = await api().importExportErrors({ importId: result.importId });
      if (r.saved) notify('success', { title: 'Errors saved', message: r.path ?? 'CSV saved' });
    } catch (e) {
      notify('error', { title: 'Could not save the errors', message: errorMessage(e) });
    }
  };

  const startRun = async () => {
    try {
      const runId = await start();
      await useRuns.getState().load();
      useRuns.getState().select(runId);
      // No "processing started" toast: the Pipeline screen, shown next, is that run's live progress.
      reset();
      go('pipeline');
    } catch (e) {
      notify('error', { title: 'Could not start processing', message: errorMessage(e) });
    }
  };

  return (
    <Stack gap="lg" data-testid={TID.import.result}>
      <Card>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Badge size="lg" color="teal" variant="light" leftSection={<IconCheck size={14} />}>Imported</Badge>
            <Text fw={600} truncate>{result.file.split(/[\\/]/).pop()}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Button variant="default" onClick={reset}>Import another</Button>
            <Button
              size="md"
              onClick={() => void startRun()}
              loading={starting}
              disabled={result.leadCount === 0}
              rightSection={<IconArrowRight size={16} />}
              data-testid={TID.import.startRun}
            >
              Start processing {formatCount(result.leadCount)} leads
            </Button>
          </Group>
        </Group>
      </Card>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label="Rows read" value={result.rows} testId={TID.import.resultRows} />
        <Stat label="Imported" value={result.imported} color="teal" testId={TID.import.resultImported} hint="new leads stored" />
        <Stat label="Duplicates" value={result.duplicates} testId={TID.import.resultDuplicates} hint="already in the file or store" />
        <Stat label="Rejected" value={result.rejected.length} color={result.rejected.length ? 'red' : undefined} testId={TID.import.resultRejected} hint="rows refused" />
      </SimpleGrid>

      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3}>Row errors</Title>
            <Text size="sm" c="dimmed">
              {errors.length === 0 ? 'Every row was read cleanly.'
                : `${formatCount(result.rejected.length)} rejected, ${formatCount(result.warnings.length)} warnings. Row numbers count the header as row 1.`}
            </Text>
          </div>
          <Button variant="default" leftSection={<IconDownload size={15} />} disabled={errors.length === 0} onClick={() => void exportErrors()} data-testid={TID.import.exportErrors}>
            Download errors as CSV
          </Button>
        </Group>
        {errors.length > 0 && (
          <div className={classes.errorList} style={{ height: Math.min(340, 32 + errors.length * 34 + 2) }}>
            <VirtualRows
              count={errors.length}
              rowHeight={34}
              testId={TID.import.errorList}
              ariaLabel="Row errors"
              header={(
                <div className={classes.errorHeader}>
                  <span>Row</span><span>Type</span><span>Field</span><span>Reason</span>
                </div>
              )}
              renderRow={(i) => <ErrorRowView item={errors[i]} index={i} />}
            />
          </div>
        )}
      </Stack>
    </Stack>
  );
}
