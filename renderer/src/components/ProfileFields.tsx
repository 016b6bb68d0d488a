import { Badge, Group, HoverCard, Progress, Stack, Table, Text } from '@mantine/core';
import type { ProspectProfile } from '@shared/domain/profile';
import { formatPercent, formatValue, humanize } from '../stores/format';
import { TID } from '../testids';

/** Preferred display order of well-known profile fields; others follow alphabetically. */
const ORDER = [
  'fullName', 'firstName', 'lastName', 'title', 'seniority', 'email', 'emailType', 'mxFound', 'company', 'domain',
  'website', 'industry', 'categories', 'description', 'city', 'country', 'employees', 'fundingUsd', 'status', 'foundedYear',
];

export function sortedFieldNames(fields: Record<string, unknown>): string[] {
  const names = Object.keys(fields);
  return names.sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 999 : ia) - (ib === -1 ? 999 : ib);
    return a.localeCompare(b);
  });
}

/**
 * A prospect profile as a table: each field's value, source, confidence and conflicting values (hover).
 * `only` limits the fields shown (the Review screen's summary).
 */
export function ProfileFields({ profile, only, withSources = true }: { profile: ProspectProfile; only?: string[]; withSources?: boolean }) {
  const names = sortedFieldNames(profile.fields).filter((n) => !only || only.includes(n));
  return (
    <Stack gap="sm">
      <Table verticalSpacing={5} fz="sm" layout="fixed" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={withSources ? '24%' : '36%'}>Field</Table.Th>
            <Table.Th>Value</Table.Th>
            {withSources && <Table.Th w="24%">Source</Table.Th>}
            <Table.Th w={78}>Conf.</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {names.map((name) => {
            const f = profile.fields[name];
            return (
              <Table.Tr key={name} data-testid={TID.pipeline.detailField(name)}>
                <Table.Td><Text size="sm" c="dimmed" truncate>{humanize(name)}</Text></Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap" align="flex-start">
                    <Text size="sm" style={{ wordBreak: 'break-word' }} lineClamp={3} title={formatValue(f.value, name)}>{formatValue(f.value, name)}</Text>
                    {f.conflicts.length > 0 && (
                      <HoverCard width={320} shadow="md" withArrow openDelay={150}>
                        <HoverCard.Target>
                          <Badge color="orange" size="xs" variant="light" style={{ flex: 'none', cursor: 'help' }}>
                            {f.conflicts.length} conflict{f.conflicts.length > 1 ? 's' : ''}
                          </Badge>
                        </HoverCard.Target>
                        <HoverCard.Dropdown>
                          <Text size="xs" fw={600} mb={6}>Other values seen</Text>
                          <Stack gap={6}>
                            {f.conflicts.map((c, i) => (
                              <Group key={i} justify="space-between" wrap="nowrap" gap="xs">
                                <Text size="xs" style={{ wordBreak: 'break-word' }}>{formatValue(c.value, name)}</Text>
                                <Text size="xs" c="dimmed" style={{ flex: 'none' }}>{c.source} · {formatPercent(c.confidence)}</Text>
                              </Group>
                            ))}
                          </Stack>
                        </HoverCard.Dropdown>
                      </HoverCard>
                    )}
                  </Group>
                </Table.Td>
                {withSources && (
                  <Table.Td>
                    <Text size="xs" c="dimmed" truncate title={f.provenance?.ref ?? f.source}>{f.source}</Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Progress value={f.confidence * 100} size={4} w={28} color={f.confidence >= 0.8 ? 'teal' : f.confidence >= 0.5 ? 'yellow' : 'red'} />
                    <Text size="xs" c="dimmed">{formatPercent(f.confidence)}</Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
