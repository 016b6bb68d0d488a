import { useEffect, useState } from 'react';
import { Button, Stack } from '@mantine/core';
import { Page } from '../../components/page';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { IconActivity, IconUpload } from '../../components/icons';
import { useNav } from '../../stores/nav';
import { useRuns } from '../../stores/runs';
import { TID } from '../../testids';
import { RunList } from './RunList';
import { RunProgress } from './RunProgress';
import { LeadTable } from './LeadTable';
import { LeadDetailDrawer } from './LeadDetailDrawer';
import { useStagedMount } from '../../hooks/use-staged-mount';

/**
 * The runs, the selected run's progress and its lead table, mounted in three frames (see useStagedMount): the first
 * run of a session appears while it streams events, and one commit of the whole view would be a long task.
 */
function RunView({ runId, onOpen }: { runId: string; onOpen: (leadId: string) => void }) {
  const parts = useStagedMount(3, 'run-view');
  return (
    <Stack gap="md" flex={1} mih={0}>
      <RunList />
      {parts >= 2 && <RunProgress runId={runId} />}
      {parts >= 3 && <LeadTable runId={runId} onOpen={onOpen} />}
    </Stack>
  );
}

/**
 * Pipeline: every run with live progress (runs:list + `pipeline:progress`), the selected run's controls
 * (runs:control), its virtualised lead table (runs:leads + `pipeline:tasks`) and a lead's detail (leads:detail).
 */
export function PipelineScreen() {
  const status = useRuns((s) => s.status);
  const error = useRuns((s) => s.error);
  const count = useRuns((s) => s.runs.length);
  const selectedRunId = useRuns((s) => s.selectedRunId);
  const load = useRuns((s) => s.load);
  const go = useNav((s) => s.go);
  const [leadId, setLeadId] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const state = status === 'error' ? 'error' : status === 'ready' ? (count ? 'ready' : 'empty') : 'loading';
  return (
    <Page
      title="Pipeline"
      subtitle="Each lead goes classify → enrich → profile → score → draft → review. Click a lead for its details."
      testId={TID.pipeline.screen}
      state={state}
      scroll={false}
    >
      {state === 'loading' && <LoadingRows rows={10} />}
      {state === 'error' && <ErrorState message={error ?? ''} onRetry={() => void load()} />}
      {state === 'empty' && (
        <Empty
          testId={TID.pipeline.empty}
          icon={<IconActivity size={26} />}
          title="No runs yet"
          description="Import a lead list and start processing: every lead's progress through the pipeline shows up here, live."
          actions={(
            <Button leftSection={<IconUpload size={15} />} onClick={() => go('import')} data-testid={TID.pipeline.goImport}>
              Import a list
            </Button>
          )}
        />
      )}
      {state === 'ready' && selectedRunId && <RunView runId={selectedRunId} onOpen={setLeadId} />}
      <LeadDetailDrawer leadId={leadId} runId={selectedRunId} onClose={() => setLeadId(null)} />
    </Page>
  );
}
