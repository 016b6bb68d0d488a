import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notify } from '../../notify';
import type { CrmFieldInfo, CrmKind, CrmRole, FieldMappingEntry, MappingIssue, OverwritePolicy } from '@shared/domain/crm';
import { api, errorMessage } from '../../bridge';
import { ErrorState, LoadingRows } from '../../components/states';
import { IconAlert, IconInfo, IconPlus, IconTrash, IconUndo } from '../../components/icons';
import { useBridgeQuery } from '../../hooks/use-bridge-query';
import { humanize } from '../../stores/format';
import { CRM_NAME, roleName, useCrm } from '../../stores/crm';
import { useSettings } from '../../stores/settings';
import { TID } from '../../testids';

const POLICIES: { value: OverwritePolicy; label: string }[] = [
  { value: 'if_empty', label: 'Only if empty' },
  { value: 'always', label: 'Always overwrite' },
  { value: 'never', label: 'Never (create only)' },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

type MappingResponse = { entries: FieldMappingEntry[]; issues: MappingIssue[]; appFields: string[] };

/** App field → CRM field mapping with overwrite policy per row, validated by crm:mappingSave (issues per row). */
export function MappingEditor({ kind }: { kind: CrmKind }) {
  const connected = useCrm((s) => s.connections[kind]?.connected ?? false);
  const sfMode = useSettings((s) => s.saved?.crm.salesforce.mode ?? 'lead');
  const mapping = useBridgeQuery<MappingResponse>(() => api().crmMappingGet({ kind }), [kind]);
  const fields = useBridgeQuery<CrmFieldInfo[]>(connected ? () => api().crmFields({ kind }) : null, [kind, connected]);
  const [rows, setRows] = useState<FieldMappingEntry[]>([]);
  const [issues, setIssues] = useState<MappingIssue[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (mapping.data) {
      setRows(mapping.data.entries);
      setIssues(mapping.data.issues);
    }
  }, [mapping.data]);

  const roles: CrmRole[] = kind === 'salesforce' && sfMode === 'lead' ? ['person'] : ['person', 'account'];
  const fieldOptions = useMemo(() => {
    const byRole: Record<CrmRole, { value: string; label: string; disabled?: boolean }[]> = { person: [], account: [] };
    for (const f of fields.data ?? []) {
      byRole[f.role].push({ value: f.name, label: `${f.label} (${f.name})${f.writable ? '' : ' · read-only'}`, disabled: !f.writable });
    }
    return byRole;
  }, [fields.data]);
  const appFieldOptions = useMemo(() => (mapping.data?.appFields ?? []).map((f) => ({ value: f, label: humanize(f) })), [mapping.data]);

  if (mapping.loading && !mapping.data) return <LoadingRows rows={8} height={34} />;
  if (mapping.error) return <ErrorState message={mapping.error} onRetry={mapping.reload} />;

  const dirty = JSON.stringify(rows) !== JSON.stringify(mapping.data?.entries ?? []);
  const update = (i: number, patch: Partial<FieldMappingEntry>) => {
    setRows((r) => r.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  };
  const incomplete = rows.some((r) => !r.crmField.trim());
  const save = async () => {
    if (incomplete) {
      notify('warning', { title: 'Mapping not saved', message: `Every row needs a ${CRM_NAME[kind]} field.` });
      return;
    }
    setSaving(true);
    try {
      const r = await api().crmMappingSave({ kind, entries: rows });
      setIssues(r.issues);
      if (r.saved) {
        setRows(r.entries);
        mapping.setData({ entries: r.entries, issues: r.issues, appFields: mapping.data?.appFields ?? [] });
        notify('success', { message: `${CRM_NAME[kind]} mapping saved` });
      } else {
        notify('warning', { title: 'Mapping not saved', message: 'Fix the rows marked in red.' });
      }
    } catch (e) {
      notify('error', { title: 'Mapping not saved', message: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={640}>
          Which LeadForge field goes into which {CRM_NAME[kind]} field. “Only if empty” never overwrites what a rep typed in the CRM.
        </Text>
        <Group gap="xs">
          {dirty && (
            <Button variant="subtle" color="gray" leftSection={<IconUndo size={14} />} onClick={() => { setRows(mapping.data?.entries ?? []); setIssues(mapping.data?.issues ?? []); }} data-testid={TID.crm.mappingReset}>
              Discard changes
            </Button>
          )}
          <Button onClick={() => void save()} loading={saving} disabled={!dirty} data-testid={TID.crm.mappingSave}>Save mapping</Button>
        </Group>
      </Group>
      {!connected && (
        <Alert color="gray" variant="light" icon={<IconInfo size={16} />} py="xs">
          Connect {CRM_NAME[kind]} to pick CRM fields from its own list and check types; until then type the API names.
        </Alert>
      )}
      {fields.error && connected && <Alert color="orange" variant="light" py="xs">Could not list the CRM’s fields: {fields.error}</Alert>}
      <Card p={0}>
        <Table data-testid={TID.crm.mappingTable} verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="24%">LeadForge field</Table.Th>
              <Table.Th w={140}>Record</Table.Th>
              <Table.Th>{CRM_NAME[kind]} field</Table.Th>
              <Table.Th w={180}>Overwrite</Table.Th>
              <Table.Th w={44} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => {
              const rowIssues = issues.filter((x) => x.index === i);
              const hasError = rowIssues.some((x) => x.severity === 'error');
              const options = fieldOptions[row.role];
              return (
                <Table.Tr key={i} data-testid={TID.crm.mappingRow(i)} data-error={hasError || undefined}>
                  <Table.Td>
                    <Select size="xs" data={appFieldOptions.some((o) => o.value === row.appField) ? appFieldOptions : [...appFieldOptions, { value: row.appField, label: humanize(row.appField) }]} value={row.appField} onChange={(v) => v && update(i, { appField: v })} searchable aria-label="LeadForge field" />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      data={roles.map((r) => ({ value: r, label: roleName(kind, r, sfMode) }))}
                      value={row.role}
                      onChange={(v) => v && update(i, { role: v as CrmRole })}
                      aria-label="Record"
                    />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      {fields.data ? (
                        <Select
                          size="xs"
                          data={!row.crmField || options.some((o) => o.value === row.crmField) ? options : [{ value: row.crmField, label: `${row.crmField} (not in ${CRM_NAME[kind]})` }, ...options]}
                          value={row.crmField || null}
                          placeholder="Choose a field"
                          onChange={(v) => v && update(i, { crmField: v })}
                          searchable
                          error={hasError || undefined}
                          aria-label={`${CRM_NAME[kind]} field`}
                          data-testid={TID.crm.mappingCrmField(i)}
                          limit={200}
                        />
                      ) : (
                        <TextInput size="xs" value={row.crmField} onChange={(e) => update(i, { crmField: e.currentTarget.value })} error={hasError || undefined} aria-label={`${CRM_NAME[kind]} field`} data-testid={TID.crm.mappingCrmField(i)} />
                      )}
                      {rowIssues.map((x, k) => (
                        <Text key={k} size="xs" c={x.severity === 'error' ? 'red' : 'orange'} data-testid={TID.crm.mappingIssue(i)}>
                          <IconAlert size={11} /> {x.message}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Select size="xs" data={POLICIES} value={row.policy} onChange={(v) => v && update(i, { policy: v as OverwritePolicy })} aria-label="Overwrite policy" data-testid={TID.crm.mappingPolicy(i)} />
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label="Remove">
                      <ActionIcon aria-label="Remove row" onClick={() => setRows((r) => r.filter((_, j) => j !== i))}><IconTrash size={15} /></ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group p="sm" justify="space-between">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setRows((r) => [...r, { appField: mapping.data?.appFields[0] ?? 'company', role: 'person', crmField: '', policy: 'if_empty' }])}
            data-testid={TID.crm.mappingAdd}
          >
            Add field
          </Button>
          <Group gap={6}>
            {issues.some((x) => x.severity === 'error') && <Badge color="red" variant="light">{plural(issues.filter((x) => x.severity === 'error').length, 'error')}</Badge>}
            {issues.some((x) => x.severity === 'warning') && <Badge color="orange" variant="light">{plural(issues.filter((x) => x.severity === 'warning').length, 'warning')}</Badge>}
          </Group>
        </Group>
      </Card>
    </Stack>
  );
}
