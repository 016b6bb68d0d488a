import { useEffect } from 'react';
import { Badge, Group, SegmentedControl, Tabs } from '@mantine/core';
import type { CrmKind } from '@shared/domain/crm';
import { Page } from '../../components/page';
import { ErrorState, LoadingRows } from '../../components/states';
import { CRM_NAME, subscribeCrmEvents, useCrm } from '../../stores/crm';
import { useSettings } from '../../stores/settings';
import { TID } from '../../testids';
import { ConnectionPanel } from './ConnectionPanel';
import { MappingEditor } from './MappingEditor';
import { SyncPanel } from './SyncPanel';
import { LeadStatesPanel } from './LeadStatesPanel';

/**
 * CRM: per CRM (HubSpot, Salesforce) the connection (crm:status, connectToken, connectOAuth, saveClientSecret,
 * disconnect, test), field mapping (crm:fields, mappingGet, mappingSave), sync preview and sync now (crm:preview,
 * crm:sync + `crm:progress`) and per-lead sync status (crm:leadStates). Until the CRM backend answers, the screen
 * shows the error with a retry.
 */
export function CrmScreen() {
  const kind = useCrm((s) => s.kind);
  const setKind = useCrm((s) => s.setKind);
  const status = useCrm((s) => s.status);
  const error = useCrm((s) => s.error);
  const load = useCrm((s) => s.load);
  const connections = useCrm((s) => s.connections);
  const settingsStatus = useSettings((s) => s.status);

  useEffect(() => {
    subscribeCrmEvents();
    void load();
    if (settingsStatus === 'idle') void useSettings.getState().load();
  }, [load, settingsStatus]);

  const conn = connections[kind];
  const state = status === 'error' ? 'error' : status === 'ready' ? 'ready' : 'loading';
  return (
    <Page
      title="CRM"
      subtitle="Connect HubSpot or Salesforce, map fields, preview and sync. Tokens stay in your OS keychain, never in this window."
      testId={TID.crm.screen}
      state={state}
      actions={(
        <SegmentedControl
          size="sm"
          value={kind}
          onChange={(v) => setKind(v as CrmKind)}
          data={(['hubspot', 'salesforce'] as const).map((k) => ({
            value: k,
            label: (
              <Group gap={6} wrap="nowrap" justify="center">
                <span>{CRM_NAME[k]}</span>
                <span style={{ width: 7, height: 7, borderRadius: 4, background: connections[k]?.connected ? 'var(--mantine-color-teal-5)' : 'var(--mantine-color-gray-4)' }} />
              </Group>
            ),
          }))}
          data-testid={TID.crm.kind}
        />
      )}
    >
      {state === 'loading' && <LoadingRows rows={6} height={40} />}
      {state === 'error' && (
        <ErrorState
          title="The CRM service did not answer"
          message={`${error ?? ''}\n\nCRM sync may not be available in this build yet; your leads and drafts are unaffected.`}
          onRetry={() => void load()}
          testId={TID.crm.error}
          retryTestId={TID.crm.retry}
        />
      )}
      {state === 'ready' && (
        <Tabs defaultValue="connection" key={kind} variant="default">
          <Tabs.List mb="md">
            <Tabs.Tab value="connection" data-testid={TID.crm.tab('connection')} rightSection={conn?.connected ? <Badge size="xs" color="teal">On</Badge> : undefined}>
              Connection
            </Tabs.Tab>
            <Tabs.Tab value="mapping" data-testid={TID.crm.tab('mapping')}>Field mapping</Tabs.Tab>
            <Tabs.Tab value="sync" data-testid={TID.crm.tab('sync')}>Preview & sync</Tabs.Tab>
            <Tabs.Tab value="leads" data-testid={TID.crm.tab('leads')}>Lead status</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="connection"><ConnectionPanel kind={kind} /></Tabs.Panel>
          <Tabs.Panel value="mapping"><MappingEditor kind={kind} /></Tabs.Panel>
          <Tabs.Panel value="sync"><SyncPanel kind={kind} /></Tabs.Panel>
          <Tabs.Panel value="leads"><LeadStatesPanel kind={kind} /></Tabs.Panel>
        </Tabs>
      )}
    </Page>
  );
}
