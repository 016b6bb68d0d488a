import { useEffect, useState } from 'react';
import {
  Alert, Badge, Button, Card, DataList, Divider, Group, PasswordInput, SegmentedControl, SimpleGrid, Stack, Switch,
  Text, TextInput, Title,
} from '@mantine/core';
import { notify } from '../../notify';
import type { CrmKind } from '@shared/domain/crm';
import type { IpcResponse } from '@shared/ipc';
import { api, errorMessage } from '../../bridge';
import { IconBolt, IconCheck, IconLink, IconPlug, IconUnlink, IconX } from '../../components/icons';
import { formatDateTime } from '../../stores/format';
import { CRM_NAME, useCrm } from '../../stores/crm';
import { useSettings } from '../../stores/settings';
import { TID } from '../../testids';

type TestResult = IpcResponse<'crm:test'>;

function TokenForm({ kind }: { kind: CrmKind }) {
  const put = useCrm((s) => s.put);
  const [token, setToken] = useState('');
  const [instanceUrl, setInstanceUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tokenOk = token.trim().length >= 8;
  const urlOk = kind === 'hubspot' || /^https:\/\/\S+$/.test(instanceUrl.trim());

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      const c = kind === 'hubspot'
        ? await api().crmConnectToken({ kind, accessToken: token.trim() })
        : await api().crmConnectToken({ kind, instanceUrl: instanceUrl.trim(), accessToken: token.trim() });
      put(c);
      notify('success', { title: `${CRM_NAME[kind]} connected`, message: c.account ?? 'Connection tested' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      // The token went to main (vault); never keep it in this window, even after a failure.
      setToken('');
      setBusy(false);
    }
  };

  return (
    <Card>
      <Stack gap="sm">
        <Group gap="xs"><IconPlug size={16} /><Title order={3}>Paste a token</Title></Group>
        <Text size="sm" c="dimmed">
          {kind === 'hubspot'
            ? 'A HubSpot private-app access token with CRM contacts, companies and schema scopes.'
            : 'Your org’s instance URL and an access token (e.g. from the Salesforce CLI).'}
        </Text>
        {kind === 'salesforce' && (
          <TextInput
            label="Instance URL"
            placeholder="https://yourcompany.my.salesforce.com"
            value={instanceUrl}
            onChange={(e) => setInstanceUrl(e.currentTarget.value)}
            error={instanceUrl && !urlOk ? 'An https:// URL' : undefined}
            data-testid={TID.crm.instanceUrlInput}
          />
        )}
        <PasswordInput
          label={kind === 'hubspot' ? 'Private-app token' : 'Access token'}
          placeholder={kind === 'hubspot' ? 'pat-na1-…' : '00D…!…'}
          value={token}
          onChange={(e) => setToken(e.currentTarget.value)}
          autoComplete="off"
          data-testid={TID.crm.tokenInput}
        />
        {error && <Text size="sm" c="red" role="alert">{error}</Text>}
        <Group>
          <Button onClick={() => void connect()} loading={busy} disabled={!tokenOk || !urlOk} leftSection={<IconLink size={15} />} data-testid={TID.crm.connectToken}>
            Connect
          </Button>
          <Text size="xs" c="dimmed">The token is tested, then kept encrypted by the OS; it is never shown again.</Text>
        </Group>
      </Stack>
    </Card>
  );
}

function OAuthForm({ kind }: { kind: CrmKind }) {
  const put = useCrm((s) => s.put);
  const saved = useSettings((s) => s.saved);
  const patchAndSave = useSettings((s) => s.patchAndSave);
  const storedClientId = saved?.crm[kind].clientId ?? '';
  const [clientId, setClientId] = useState(storedClientId);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState<'id' | 'secret' | 'oauth' | null>(null);
  const [secretSaved, setSecretSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setClientId(storedClientId), [storedClientId]);

  const saveClientId = async () => {
    setBusy('id');
    setError(null);
    try {
      await patchAndSave((s) => ({ ...s, crm: { ...s.crm, [kind]: { ...s.crm[kind], clientId: clientId.trim() || undefined } } }));
      notify('success', { message: 'Client id saved' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const saveSecret = async () => {
    setBusy('secret');
    setError(null);
    try {
      const r = await api().crmSaveClientSecret({ kind, secret: secret.trim() });
      setSecretSaved(r.saved);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSecret('');
      setBusy(null);
    }
  };
  const connect = async () => {
    setBusy('oauth');
    setError(null);
    try {
      const c = await api().crmConnectOAuth({ kind });
      put(c);
      notify('success', { title: `${CRM_NAME[kind]} connected`, message: c.account ?? 'Signed in with OAuth' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card>
      <Stack gap="sm">
        <Group gap="xs"><IconLink size={16} /><Title order={3}>Connect with OAuth</Title></Group>
        <Text size="sm" c="dimmed">
          Signs in through {CRM_NAME[kind]} in your browser and comes back to LeadForge on this computer (127.0.0.1)
          {kind === 'salesforce' ? ', with PKCE' : ''}. Needs your {kind === 'hubspot' ? 'public app' : 'connected app'}’s client id.
        </Text>
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            label="Client id"
            placeholder={kind === 'hubspot' ? 'HubSpot app client id' : 'Connected-app consumer key'}
            value={clientId}
            onChange={(e) => setClientId(e.currentTarget.value)}
            flex={1}
            data-testid={TID.crm.clientIdInput}
          />
          <Button variant="default" onClick={() => void saveClientId()} loading={busy === 'id'} disabled={clientId.trim() === storedClientId}>
            Save
          </Button>
        </Group>
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <PasswordInput
            label={kind === 'hubspot' ? 'Client secret (required)' : 'Client secret (optional)'}
            placeholder={secretSaved ? 'Saved — paste to replace' : 'Paste the client secret'}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            autoComplete="off"
            flex={1}
            data-testid={TID.crm.clientSecretInput}
          />
          <Button variant="default" onClick={() => void saveSecret()} loading={busy === 'secret'} disabled={secret.trim().length < 8} data-testid={TID.crm.saveClientSecret}>
            Save
          </Button>
        </Group>
        {secretSaved && <Text size="xs" c="teal">Client secret stored in the OS keychain.</Text>}
        {error && <Text size="sm" c="red" role="alert">{error}</Text>}
        <Group>
          <Button onClick={() => void connect()} loading={busy === 'oauth'} disabled={!storedClientId} leftSection={<IconLink size={15} />} data-testid={TID.crm.connectOAuth}>
            Connect with OAuth
          </Button>
          {!storedClientId && <Text size="xs" c="dimmed">Save a client id first.</Text>}
        </Group>
      </Stack>
    </Card>
  );
}

function SalesforceOptions() {
  const saved = useSettings((s) => s.saved);
  const patchAndSave = useSettings((s) => s.patchAndSave);
  const [busy, setBusy] = useState(false);
  if (!saved) return null;
  const setMode = async (mode: 'lead' | 'contact_account') => {
    setBusy(true);
    try {
      await patchAndSave((s) => ({ ...s, crm: { ...s.crm, salesforce: { ...s.crm.salesforce, mode } } }));
      notify('success', { message: mode === 'lead' ? 'Salesforce: writing Leads' : 'Salesforce: writing Contacts and Accounts' });
    } catch (e) {
      notify('error', { title: 'Could not save', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="sm">
      <Text size="sm" fw={500}>Write leads as</Text>
      <SegmentedControl
        size="xs"
        disabled={busy}
        value={saved.crm.salesforce.mode}
        onChange={(v) => void setMode(v as 'lead' | 'contact_account')}
        data={[{ value: 'lead', label: 'Leads' }, { value: 'contact_account', label: 'Contacts + Accounts' }]}
        data-testid={TID.crm.sfMode}
      />
    </Group>
  );
}

function ActiveSwitch({ kind }: { kind: CrmKind }) {
  const saved = useSettings((s) => s.saved);
  const patchAndSave = useSettings((s) => s.patchAndSave);
  if (!saved) return null;
  const active = saved.crm.active === kind;
  return (
    <Switch
      label={`Sync leads to ${CRM_NAME[kind]} in the pipeline (after scoring)`}
      checked={active && saved.crm.syncInPipeline}
      onChange={(e) => {
        const on = e.currentTarget.checked;
        patchAndSave((s) => ({ ...s, crm: { ...s.crm, active: on ? kind : s.crm.active === kind ? null : s.crm.active, syncInPipeline: on ? true : s.crm.syncInPipeline } }))
          .catch((err: unknown) => notify('error', { title: 'Could not save', message: errorMessage(err) }));
      }}
    />
  );
}

/** Connection state of one CRM with test/disconnect, or the two ways to connect. */
export function ConnectionPanel({ kind }: { kind: CrmKind }) {
  const conn = useCrm((s) => s.connections[kind]);
  const put = useCrm((s) => s.put);
  const [test, setTest] = useState<TestResult | null>(null);
  const [busy, setBusy] = useState<'test' | 'disconnect' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setTest(null);
    setError(null);
  }, [kind]);

  const runTest = async () => {
    setBusy('test');
    setError(null);
    try {
      setTest(await api().crmTest({ kind }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const disconnect = async () => {
    setBusy('disconnect');
    setError(null);
    try {
      put(await api().crmDisconnect({ kind }));
      setTest(null);
      notify('info', { color: 'gray', message: `${CRM_NAME[kind]} disconnected; its tokens were deleted.` });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const connected = conn?.connected ?? false;
  return (
    <Stack gap="md">
      <Card data-testid={TID.crm.connection} data-connected={String(connected)}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={6}>
            <Group gap="xs">
              <Title order={2}>{CRM_NAME[kind]}</Title>
              <Badge color={connected ? 'teal' : 'gray'} variant={connected ? 'filled' : 'light'} data-testid={TID.crm.connectionStatus}>
                {connected ? 'Connected' : 'Not connected'}
              </Badge>
              {conn?.authType && <Badge color="gray" variant="outline">{conn.authType === 'oauth' ? 'OAuth' : 'Token'}</Badge>}
            </Group>
            {connected ? (
              <DataList size="sm" labelWidth={130} gap={4}>
                {conn?.account && <DataList.Item><DataList.ItemLabel>Account</DataList.ItemLabel><DataList.ItemValue>{conn.account}</DataList.ItemValue></DataList.Item>}
                {conn?.baseUrl && <DataList.Item><DataList.ItemLabel>API</DataList.ItemLabel><DataList.ItemValue>{conn.baseUrl}</DataList.ItemValue></DataList.Item>}
                {conn?.expiresAt && <DataList.Item><DataList.ItemLabel>Token expires</DataList.ItemLabel><DataList.ItemValue>{formatDateTime(conn.expiresAt)} (refreshed automatically)</DataList.ItemValue></DataList.Item>}
                <DataList.Item><DataList.ItemLabel>Last tested</DataList.ItemLabel><DataList.ItemValue>{formatDateTime(conn?.lastTestedAt) || 'never'}</DataList.ItemValue></DataList.Item>
                <DataList.Item><DataList.ItemLabel>Last sync</DataList.ItemLabel><DataList.ItemValue>{formatDateTime(conn?.lastSyncAt) || 'never'}</DataList.ItemValue></DataList.Item>
              </DataList>
            ) : (
              <Text size="sm" c="dimmed">Connect to sync scored leads, their profile fields and drafts to {CRM_NAME[kind]} without duplicates.</Text>
            )}
          </Stack>
          {connected && (
            <Group gap="xs" wrap="nowrap">
              <Button variant="default" leftSection={<IconBolt size={15} />} loading={busy === 'test'} onClick={() => void runTest()} data-testid={TID.crm.test}>
                Test connection
              </Button>
              <Button variant="subtle" color="red" leftSection={<IconUnlink size={15} />} loading={busy === 'disconnect'} onClick={() => void disconnect()} data-testid={TID.crm.disconnect}>
                Disconnect
              </Button>
            </Group>
          )}
        </Group>
        {conn?.lastError && <Alert mt="sm" color="red" variant="light" title="Last error">{conn.lastError}</Alert>}
        {test && (
          <Alert
            mt="sm"
            color={test.ok ? 'teal' : 'red'}
            variant="light"
            icon={test.ok ? <IconCheck size={16} /> : <IconX size={16} />}
            data-testid={TID.crm.testResult}
            data-ok={String(test.ok)}
          >
            {test.message}{test.account ? ` · ${test.account}` : ''} · {Math.round(test.latencyMs)} ms
          </Alert>
        )}
        {error && <Text mt="sm" size="sm" c="red" role="alert">{error}</Text>}
        <Divider my="md" />
        <Stack gap="sm">
          <ActiveSwitch kind={kind} />
          {kind === 'salesforce' && <SalesforceOptions />}
        </Stack>
      </Card>
      {!connected && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <TokenForm kind={kind} />
          <OAuthForm kind={kind} />
        </SimpleGrid>
      )}
    </Stack>
  );
}
