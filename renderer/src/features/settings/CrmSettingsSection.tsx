import { Button, Group, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlug } from '../../components/icons';
import { useNav } from '../../stores/nav';
import { TID } from '../../testids';
import { edit, Section, useDraft } from './fields';

/** CRM sync options (which CRM the pipeline syncs to, activity logging, Salesforce mode); connections live on the CRM screen. */
export function CrmSettingsSection() {
  const crm = useDraft().crm;
  const go = useNav((s) => s.go);
  const set = (patch: Partial<typeof crm>) => edit((d) => ({ ...d, crm: { ...d.crm, ...patch } }));
  return (
    <>
      <Section title="Sync target" description="The CRM the pipeline writes to after scoring and reads history from.">
        <Stack gap="md">
          <SegmentedControl
            size="sm"
            w={360}
            value={crm.active ?? 'none'}
            onChange={(v) => set({ active: v === 'none' ? null : (v as 'hubspot' | 'salesforce') })}
            data={[{ value: 'none', label: 'None' }, { value: 'hubspot', label: 'HubSpot' }, { value: 'salesforce', label: 'Salesforce' }]}
            data-testid={TID.settings.crmActive}
          />
          <Switch label="Sync in the pipeline (else only with “Sync now”)" checked={crm.syncInPipeline} disabled={!crm.active} onChange={(e) => set({ syncInPipeline: e.currentTarget.checked })} data-testid={TID.settings.crmSyncInPipeline} />
          <Switch label="Log the draft to the CRM as an activity" checked={crm.logDraftActivity} onChange={(e) => set({ logDraftActivity: e.currentTarget.checked })} data-testid={TID.settings.crmLogActivity} />
        </Stack>
      </Section>
      <Section title="HubSpot">
        <Group gap="sm">
          <Text size="sm">Log drafts as</Text>
          <SegmentedControl size="xs" value={crm.hubspot.activity} onChange={(v) => set({ hubspot: { ...crm.hubspot, activity: v as 'note' | 'task' } })} data={[{ value: 'note', label: 'Note' }, { value: 'task', label: 'Task' }]} />
        </Group>
      </Section>
      <Section title="Salesforce">
        <Stack gap="sm">
          <Group gap="sm">
            <Text size="sm">Write leads as</Text>
            <SegmentedControl size="xs" value={crm.salesforce.mode} onChange={(v) => set({ salesforce: { ...crm.salesforce, mode: v as 'lead' | 'contact_account' } })} data={[{ value: 'lead', label: 'Leads' }, { value: 'contact_account', label: 'Contacts + Accounts' }]} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Login URL" value={crm.salesforce.loginUrl} onChange={(e) => set({ salesforce: { ...crm.salesforce, loginUrl: e.currentTarget.value } })} />
            <TextInput label="API version" value={crm.salesforce.apiVersion} onChange={(e) => set({ salesforce: { ...crm.salesforce, apiVersion: e.currentTarget.value } })} error={/^\d{2,3}\.0$/.test(crm.salesforce.apiVersion) ? undefined : 'Like 62.0'} />
            <TextInput label="External-ID field (optional)" placeholder="LeadForge_Id__c" value={crm.salesforce.externalIdField ?? ''} onChange={(e) => set({ salesforce: { ...crm.salesforce, externalIdField: e.currentTarget.value || undefined } })} />
          </Group>
        </Stack>
      </Section>
      <Button variant="default" leftSection={<IconPlug size={15} />} onClick={() => go('crm')}>Connections and field mapping…</Button>
    </>
  );
}
