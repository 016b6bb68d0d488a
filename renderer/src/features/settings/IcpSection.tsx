import { ActionIcon, Button, Card, Group, NumberInput, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import type { IcpRules } from '@shared/domain/settings';
import { IconPlus, IconTrash } from '../../components/icons';
import { humanize } from '../../stores/format';
import { TID } from '../../testids';
import { edit, Section, useDraft } from './fields';

type MatchKey = 'industries' | 'geographies' | 'statuses';
type BandKey = 'sizeBands' | 'fundingBands';
type RecordKey = 'seniority' | 'email';

const setIcp = (update: (icp: IcpRules) => IcpRules) => edit((d) => ({ ...d, icp: update(d.icp) }));
const num = (v: string | number, fallback = 0): number => (typeof v === 'number' ? v : Number.isFinite(Number(v)) && v !== '' ? Number(v) : fallback);

function Points({ value, onChange, label }: { value: number; onChange: (n: number) => void; label: string }) {
  return <NumberInput size="xs" value={value} onChange={(v) => onChange(num(v))} w={90} allowDecimal={false} aria-label={label} />;
}

/** Substring → points rows (industries, geographies, company statuses). */
function MatchTable({ table, title, placeholder }: { table: MatchKey; title: string; placeholder: string }) {
  const rows = useDraft().icp[table];
  const set = (rows2: IcpRules[MatchKey]) => setIcp((icp) => ({ ...icp, [table]: rows2 }));
  return (
    <Card p={0}>
      <Table verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr><Table.Th>{title} contains</Table.Th><Table.Th w={110}>Points</Table.Th><Table.Th w={44} /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i} data-testid={TID.settings.icpRow(table, i)}>
              <Table.Td>
                <TextInput size="xs" value={r.match} placeholder={placeholder} onChange={(e) => set(rows.map((x, j) => (j === i ? { ...x, match: e.currentTarget.value } : x)))} aria-label={`${title} match`} error={!r.match.trim() || undefined} />
              </Table.Td>
              <Table.Td><Points value={r.points} onChange={(points) => set(rows.map((x, j) => (j === i ? { ...x, points } : x)))} label={`${r.match} points`} /></Table.Td>
              <Table.Td>
                <ActionIcon aria-label="Remove row" onClick={() => set(rows.filter((_, j) => j !== i))}><IconTrash size={14} /></ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group p={6}>
        <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => set([...rows, { match: '', points: 5 }])} data-testid={TID.settings.icpAdd(table)}>
          Add
        </Button>
      </Group>
    </Card>
  );
}

/** Min → points bands (company size by employees, funding in USD); first match wins, highest min first. */
function BandTable({ table, unit }: { table: BandKey; unit: string }) {
  const rows = useDraft().icp[table];
  const set = (rows2: IcpRules[BandKey]) => setIcp((icp) => ({ ...icp, [table]: rows2 }));
  return (
    <Card p={0}>
      <Table verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr><Table.Th>Label</Table.Th><Table.Th w={150}>From ({unit})</Table.Th><Table.Th w={110}>Points</Table.Th><Table.Th w={44} /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i} data-testid={TID.settings.icpRow(table, i)}>
              <Table.Td><TextInput size="xs" value={r.label} onChange={(e) => set(rows.map((x, j) => (j === i ? { ...x, label: e.currentTarget.value } : x)))} aria-label="Band label" /></Table.Td>
              <Table.Td><NumberInput size="xs" value={r.min} min={0} thousandSeparator="," onChange={(v) => set(rows.map((x, j) => (j === i ? { ...x, min: num(v) } : x)))} aria-label="Band minimum" /></Table.Td>
              <Table.Td><Points value={r.points} onChange={(points) => set(rows.map((x, j) => (j === i ? { ...x, points } : x)))} label={`${r.label} points`} /></Table.Td>
              <Table.Td><ActionIcon aria-label="Remove band" onClick={() => set(rows.filter((_, j) => j !== i))}><IconTrash size={14} /></ActionIcon></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group p={6}>
        <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => set([...rows, { min: 0, points: 0, label: 'new band' }])} data-testid={TID.settings.icpAdd(table)}>
          Add band
        </Button>
      </Group>
    </Card>
  );
}

/** Fixed keys → points (seniority levels, email types). */
function RecordTable({ table, title }: { table: RecordKey; title: string }) {
  const rec = useDraft().icp[table];
  return (
    <Card p={0}>
      <Table verticalSpacing={4}>
        <Table.Thead><Table.Tr><Table.Th>{title}</Table.Th><Table.Th w={110}>Points</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {Object.entries(rec).map(([k, v], i) => (
            <Table.Tr key={k} data-testid={TID.settings.icpRow(table, i)}>
              <Table.Td><Text size="sm">{humanize(k)}</Text></Table.Td>
              <Table.Td><Points value={v} onChange={(points) => setIcp((icp) => ({ ...icp, [table]: { ...icp[table], [k]: points } }))} label={`${k} points`} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** ICP scoring rules: base, qualify threshold, point tables and bands. */
export function IcpSection() {
  const icp = useDraft().icp;
  return (
    <>
      <Section title="Scoring" description="Points add to the base score; the total is clamped to 0–100. Leads at or above the threshold get a draft.">
        <SimpleGrid cols={3} spacing="sm">
          <NumberInput label="Qualify threshold" min={0} max={100} value={icp.qualifyThreshold} onChange={(v) => setIcp((x) => ({ ...x, qualifyThreshold: num(v, x.qualifyThreshold) }))} data-testid={TID.settings.qualifyThreshold} error={icp.qualifyThreshold < 0 || icp.qualifyThreshold > 100 ? '0 to 100' : undefined} />
          <NumberInput label="Base score" value={icp.base} onChange={(v) => setIcp((x) => ({ ...x, base: num(v, x.base) }))} data-testid={TID.settings.icpBase} />
          <NumberInput label="Industry points cap" value={icp.industryCap} onChange={(v) => setIcp((x) => ({ ...x, industryCap: num(v, x.industryCap) }))} />
        </SimpleGrid>
      </Section>
      <Section title="Industries and categories" description="Matched case-insensitively against industry and category tags.">
        <MatchTable table="industries" title="Industry" placeholder="e.g. saas" />
      </Section>
      <Section title="Geographies" description="Matched against city, state and country.">
        <MatchTable table="geographies" title="Location" placeholder="e.g. new york" />
      </Section>
      <Section title="Company status">
        <MatchTable table="statuses" title="Status" placeholder="e.g. operating" />
      </Section>
      <Section title="Company size" description="By employee count; the highest band reached applies.">
        <BandTable table="sizeBands" unit="employees" />
      </Section>
      <Section title="Funding" description="Total raised; the highest band reached applies.">
        <BandTable table="fundingBands" unit="USD" />
      </Section>
      <SimpleGrid cols={2} spacing="md">
        <Section title="Seniority"><RecordTable table="seniority" title="Level" /></Section>
        <Section title="Email type"><RecordTable table="email" title="Type" /></Section>
      </SimpleGrid>
    </>
  );
}
