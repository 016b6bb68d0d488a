import { useState } from 'react';
import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { notify } from '../../notify';
import { api, errorMessage } from '../../bridge';
import { IconFolder, IconInfo } from '../../components/icons';
import { useBridgeQuery } from '../../hooks/use-bridge-query';
import { TID } from '../../testids';
import { Section } from './fields';

/** Where the leads, runs and drafts are stored (app:info), and choosing another folder (settings:chooseDataDir). */
export function DataSection() {
  const info = useBridgeQuery(() => api().appInfo({}), []);
  const [pending, setPending] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = async () => {
    setBusy(true);
    try {
      const r = await api().settingsChooseDataDir({});
      if (r.path) {
        setPending(r.path);
        notify('info', { title: 'Data folder chosen', message: r.restartRequired ? 'Takes effect after you restart LeadForge.' : r.path });
      }
    } catch (e) {
      notify('error', { title: 'Could not change the data folder', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Data folder" description="Leads, runs, drafts and settings live here, on this computer only.">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconFolder size={18} />
          <Code data-testid={TID.settings.dataDir} style={{ wordBreak: 'break-all' }}>{info.data?.dataDir ?? (info.error ? 'unknown' : '…')}</Code>
        </Group>
        <Group>
          <Button variant="default" onClick={() => void choose()} loading={busy} data-testid={TID.settings.chooseDataDir}>Change…</Button>
          <Text size="xs" c="dimmed">Takes effect after restart; the current folder is left as it is.</Text>
        </Group>
        {pending && (
          <Alert color="indigo" variant="light" icon={<IconInfo size={16} />}>
            After restart LeadForge will use <b>{pending}</b>.
          </Alert>
        )}
        {info.data && <Text size="xs" c="dimmed">{info.data.name} {info.data.version} · {info.data.platform}</Text>}
      </Stack>
    </Section>
  );
}
