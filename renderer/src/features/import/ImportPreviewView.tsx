import { memo, useMemo } from 'react';
import {
  Alert, Badge, Button, Card, Group, LoadingOverlay, ScrollArea, Select, Stack, Table, Text, Title, Tooltip,
} from '@mantine/core';
import type { LeadField } from '@shared/domain/lead';
import { IconAlert, IconArrowRight, IconFile, IconUndo } from '../../components/icons';
import { FIELD_LABELS, useImport } from '../../stores/import';
import { formatCount } from '../../stores/format';
import { TID } from '../../testids';
import classes from './import.module.css';

const IGNORE = '__ignore__';

/** "," → "Comma", "\t" → "Tab". */
function delimiterLabel(d: string | undefined): string {
  if (d === undefined) return '—';
  const names: Record<string, string> = { ',': 'Comma', ';': 'Semicolon', '\t': 'Tab', '|': 'Pipe', ' ': 'Space' };
  return names[d] ? `${names[d]}${d === '\t' || d === ' ' ? '' : ` (${d})`}` : JSON.stringify(d);
}

const MappingRow = memo(function MappingRow({ header, field, auto, examples, duplicateOf, options, disabled, onChange }: {
  header: string;
  field: LeadField | null;
  auto: LeadField | null;
  examples: string;
  duplicateOf?: string;
  options: { value: string; label: string }[];
  disabled: boolean;
  onChange: (header: string, field: LeadField | null) => void;
}) {
  const isAuto = field === auto;
  return (
    <Table.Tr>
      <Table.Td className={classes.headCell}>{header || <Text span c="dimmed" fs="italic">(blank header)</Text>}</Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" className={`${classes.truncate} ${classes.sampleValues}`} title={examples}>{examples || '—'}</Text>
      </Table.Td>
      <Table.Td w={240}>
        <Select
          size="xs"
          aria-label={`Lead field for column ${header}`}
          data={options}
          value={field ?? IGNORE}
          onChange={(v) => onChange(header, v === IGNORE || v === null ? null : (v as LeadField))}
          searchable
          disabled={disabled}
          data-testid={TID.import.mappingSelect(header)}
          error={duplicateOf ? true : undefined}
          styles={{ input: field === null ? { color: 'var(--mantine-color-dimmed)' } : undefined }}
        />
      </Table.Td>
      <Table.Td w={150}>
        {duplicateOf ? (
          <Tooltip label={`Also mapped from “${duplicateOf}”; the importer keeps the first non-empty value.`}>
            <Badge color="orange" variant="light" leftSection={<IconAlert size={11} />}>Duplicate</Badge>
          </Tooltip>
        ) : isAuto ? (
          field !== null && <Badge color="gray" variant="light" data-testid={TID.import.mappingAuto(header)}>Auto</Badge>
        ) : (
          <Badge color="indigo" variant="light">Edited</Badge>
        )}
      </Table.Td>
    </Table.Tr>
  );
});

/** Step 2: detected columns with their (editable) mapping and the first rows with would-be rejections. */
export function ImportPreviewView() {
  const preview = useImport((s) => s.preview);
  const mapping = useImport((s) => s.mapping);
  const previewing = useImport((s) => s.previewing);
  const running = useImport((s) => s.running);
  const setField = useImport((s) => s.setField);
  const resetMapping = useImport((s) => s.resetMapping);
  const run = useImport((s) => s.run);

  const options = useMemo(
    () => [
      { value: IGNORE, label: 'Ignore column' },
      ...(preview?.fields ?? []).map((f) => ({ value: f, label: FIELD_LABELS[f] ?? f })),
    ],
    [preview?.fields],
  );

  const duplicates = useMemo(() => {
    const firstFor = new Map<string, string>();
    const dup = new Map<string, string>();
    for (const h of preview?.headers ?? []) {
      const f = mapping[h];
      if (!f) continue;
      const first = firstFor.get(f);
      if (first !== undefined) dup.set(h, first);
      else firstFor.set(f, h);
    }
    return dup;
  }, [preview?.headers, mapping]);

  if (!preview) return null;
  const headers = preview.headers;
  const mapped = headers.filter((h) => mapping[h]).length;
  const rejected = preview.sample.filter((r) => r.rejected).length;
  const edited = headers.some((h) => (mapping[h] ?? null) !== (preview.autoMapping[h] ?? null));
  const onChange = (h: string, f: LeadField | null) => void setField(h, f);

  return (
    <Stack gap="lg">
      <Card>
        <Group justify="space-between" wrap="nowrap" align="center">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <IconFile size={22} />
            <Stack gap={2} miw={0}>
              <Text fw={600} truncate data-testid={TID.import.fileInfo}>{preview.fileName}</Text>
              <Group gap={6}>
                <Badge color="gray">{preview.format.toUpperCase()}</Badge>
                <Badge color="gray" data-testid={TID.import.encoding}>Encoding: {preview.encoding}</Badge>
                {preview.format === 'csv' && <Badge color="gray" data-testid={TID.import.delimiter}>Delimiter: {delimiterLabel(preview.delimiter)}</Badge>}
                <Badge color="gray">{headers.length} columns · {mapped} mapped</Badge>
              </Group>
            </Stack>
          </Group>
          <Button
            size="md"
            onClick={() => void run()}
            loading={running}
            disabled={previewing || mapped === 0}
            rightSection={<IconArrowRight size={16} />}
            data-testid={TID.import.run}
          >
            Import leads
          </Button>
        </Group>
      </Card>

      {preview.headerWarnings.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlert size={18} />} title="Header fixes" data-testid={TID.import.headerWarnings}>
          <Stack gap={2}>
            {preview.headerWarnings.map((w, i) => (
              <Text size="sm" key={i}>{w.field ? <b>{w.field}: </b> : null}{w.reason}</Text>
            ))}
          </Stack>
        </Alert>
      )}

      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Title order={3}>Columns</Title>
            <Text size="sm" c="dimmed">Detected from the header row. Change a lead field to fix the mapping; the preview updates.</Text>
          </div>
          {edited && (
            <Button variant="subtle" size="xs" leftSection={<IconUndo size={14} />} disabled={previewing} onClick={() => void resetMapping()}>
              Restore auto-mapping
            </Button>
          )}
        </Group>
        <Card p={0} pos="relative">
          <Table data-testid={TID.import.mappingTable} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column</Table.Th>
                <Table.Th>Example values</Table.Th>
                <Table.Th>Lead field</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {headers.map((h, col) => (
                <MappingRow
                  key={`${col}:${h}`}
                  header={h}
                  field={(mapping[h] ?? null) as LeadField | null}
                  auto={(preview.autoMapping[h] ?? null) as LeadField | null}
                  examples={preview.sample.slice(0, 3).map((r) => r.cells[col] ?? '').filter(Boolean).join(' · ')}
                  duplicateOf={duplicates.get(h)}
                  options={options}
                  disabled={running}
                  onChange={onChange}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </Stack>

      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3}>Preview</Title>
            <Text size="sm" c="dimmed">
              First {formatCount(preview.sample.length)} rows as read.{' '}
              {rejected > 0 ? (
                <Text span c="red" size="sm" fw={500}>{rejected} would be rejected with this mapping.</Text>
              ) : 'None would be rejected.'}
            </Text>
          </div>
        </Group>
        <ScrollArea className={classes.previewScroll} type="auto" offsetScrollbars="x" pos="relative">
          <LoadingOverlay visible={previewing} zIndex={3} overlayProps={{ blur: 1, backgroundOpacity: 0.4 }} loaderProps={{ type: 'dots' }} />
          <Table data-testid={TID.import.previewTable} withColumnBorders striped={false} fz="xs" verticalSpacing={5}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>Row</Table.Th>
                {headers.map((h, col) => (
                  <Table.Th key={`${col}:${h}`} className={classes.headCell}>
                    <Stack gap={0}>
                      <span>{h}</span>
                      <Text size="xs" c={mapping[h] ? 'indigo' : 'dimmed'} fw={500}>
                        {mapping[h] ? `→ ${FIELD_LABELS[mapping[h] as string] ?? mapping[h]}` : 'ignored'}
                      </Text>
                    </Stack>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.sample.map((r) => (
                <Table.Tr
                  key={r.row}
                  className={r.rejected ? classes.cellRejected : undefined}
                  data-testid={TID.import.previewRow(r.row)}
                  data-rejected={r.rejected ? 'true' : undefined}
                >
                  <Table.Td>
                    {r.rejected ? (
                      <Tooltip label={r.rejected} multiline w={280}>
                        <Badge color="red" variant="filled" size="sm">{r.row}</Badge>
                      </Tooltip>
                    ) : (
                      <Text size="xs" c="dimmed">{r.row}</Text>
                    )}
                  </Table.Td>
                  {headers.map((h, col) => (
                    <Table.Td
                      key={col}
                      className={classes.previewCell}
                      title={r.cells[col]}
                      style={mapping[h] ? undefined : { color: 'var(--mantine-color-dimmed)' }}
                    >
                      {r.cells[col]}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        {rejected > 0 && (
          <Stack gap={2}>
            {preview.sample.filter((r) => r.rejected).slice(0, 5).map((r) => (
              <Text size="xs" c="red" key={r.row}>Row {r.row}: {r.rejected}</Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}
