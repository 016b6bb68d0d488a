import { useEffect } from 'react';
import { Alert, Badge, Box, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notify } from '../../notify';
import { Page } from '../../components/page';
import { ErrorState, LoadingRows } from '../../components/states';
import { IconAlert, IconCheck } from '../../components/icons';
import { useSettings } from '../../stores/settings';
import { TID } from '../../testids';
import { SenderSection } from './SenderSection';
import { TemplatesSection } from './TemplatesSection';
import { IcpSection } from './IcpSection';
import { PipelineSection } from './PipelineSection';
import { CrmSettingsSection } from './CrmSettingsSection';
import { DataSection } from './DataSection';
import classes from './settings.module.css';

const SECTIONS = [
  { value: 'sender', label: 'Sender & footer', view: () => <SenderSection /> },
  { value: 'templates', label: 'Pitch & templates', view: () => <TemplatesSection /> },
  { value: 'icp', label: 'ICP scoring', view: () => <IcpSection /> },
  { value: 'pipeline', label: 'Pipeline', view: () => <PipelineSection /> },
  { value: 'crm', label: 'CRM sync', view: () => <CrmSettingsSection /> },
  { value: 'data', label: 'Data folder', view: () => <DataSection /> },
] as const;

/**
 * Settings (settings:get / settings:save): sender identity and footer, pitch and draft templates, ICP scoring
 * rules, pipeline, CRM sync options, data folder (app:info, settings:chooseDataDir). Save validates against the
 * settings schema here and again in main; errors name the setting.
 */
export function SettingsScreen() {
  const status = useSettings((s) => s.status);
  const error = useSettings((s) => s.error);
  const dirty = useSettings((s) => s.draft !== s.saved);
  const saving = useSettings((s) => s.saving);
  const saveErrors = useSettings((s) => s.saveErrors);
  const { load, save, discard } = useSettings.getState();

  useEffect(() => {
    void load();
  }, [load]);

  const onSave = async () => {
    if (await save()) notify('success', { message: 'Settings saved. New drafts and scores use them.' });
  };
  useHotkeys([['mod+s', () => void onSave()]], []);

  const state = status === 'error' ? 'error' : status === 'ready' ? 'ready' : 'loading';
  return (
    <Page
      title="Settings"
      subtitle="What your drafts say, who they come from, and how leads are scored."
      testId={TID.settings.screen}
      state={state}
      actions={state === 'ready' && (
        <Group gap="xs">
          {dirty ? <Badge color="yellow" variant="light">Unsaved changes</Badge> : <Badge color="gray" variant="light" leftSection={<IconCheck size={11} />}>Saved</Badge>}
          {dirty && <Button variant="default" disabled={saving} onClick={discard} data-testid={TID.settings.discard}>Discard</Button>}
          <Button onClick={() => void onSave()} disabled={!dirty} loading={saving} data-testid={TID.settings.save}>Save</Button>
        </Group>
      )}
    >
      {state === 'loading' && <LoadingRows rows={8} height={36} />}
      {state === 'error' && <ErrorState message={error ?? ''} onRetry={() => void load()} />}
      {state === 'ready' && (
        <Stack gap="md">
          {saveErrors.length > 0 && (
            <Alert color="red" variant="light" icon={<IconAlert size={18} />} title="Not saved: fix these settings" data-testid={TID.settings.errors}>
              <Stack gap={2}>
                {saveErrors.map((e, i) => <Text key={i} size="sm">{e}</Text>)}
              </Stack>
            </Alert>
          )}
          <Tabs defaultValue="sender" orientation="vertical" variant="pills" classNames={{ list: classes.tabList, tabLabel: classes.tabLabel }}>
            <Tabs.List>
              {SECTIONS.map((s) => (
                <Tabs.Tab key={s.value} value={s.value} data-testid={TID.settings.tab(s.value)}>{s.label}</Tabs.Tab>
              ))}
            </Tabs.List>
            {SECTIONS.map((s) => (
              <Tabs.Panel key={s.value} value={s.value}>
                <Box className={classes.panel}>{s.view()}</Box>
              </Tabs.Panel>
            ))}
          </Tabs>
        </Stack>
      )}
    </Page>
  );
}
