import { useEffect, useState } from 'react';
import { Button, Checkbox, Chip, Divider, Group, Popover, RangeSlider, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ClassificationLabelSchema, type ClassificationLabel } from '@shared/domain/classification';
import { IconSearch } from '../../components/icons';
import { humanize } from '../../stores/format';
import { DEFAULT_FILTER, useReview, type QueueStatus } from '../../stores/review';
import { TID } from '../../testids';
import { QUEUE_STATUS_LABEL } from './labels';

const STATUSES: QueueStatus[] = ['pending', 'flagged', 'approved', 'rejected'];
const LABELS = ClassificationLabelSchema.options;

/** "Any class", "High intent", "2 classes". */
function labelSummary(labels: ClassificationLabel[]): string {
  if (labels.length === 0 || labels.length === LABELS.length) return 'Any class';
  return labels.length === 1 ? humanize(labels[0]) : `${labels.length} classes`;
}

/**
 * Queue filters on one line (fits 1280 px): text (debounced), status chips, then classification and score range
 * behind compact buttons (popovers). Each change re-queries review:list (the server filters and keeps the risk order).
 */
export function QueueFilters() {
  const filter = useReview((s) => s.filter);
  const setFilter = useReview((s) => s.setFilter);
  const resetFilter = useReview((s) => s.resetFilter);
  const [text, setText] = useState(filter.text);
  const [debounced] = useDebouncedValue(text, 200);
  const [score, setScore] = useState<[number, number]>(filter.score);

  useEffect(() => {
    if (debounced !== useReview.getState().filter.text) setFilter({ text: debounced });
  }, [debounced, setFilter]);
  useEffect(() => {
    setScore(filter.score);
  }, [filter.score]);

  const isDefault = JSON.stringify(filter) === JSON.stringify(DEFAULT_FILTER);
  return (
    <Group gap="sm" align="center" wrap="nowrap">
      <TextInput
        size="xs"
        w={180}
        placeholder="Search drafts"
        leftSection={<IconSearch size={14} />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid={TID.review.filterText}
        aria-label="Search drafts"
      />
      <Chip.Group multiple value={filter.status} onChange={(v) => setFilter({ status: v as QueueStatus[] })}>
        <Group gap={4} data-testid={TID.review.filterStatus} role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <Chip key={s} value={s} size="xs" variant="light" wrapperProps={{ 'data-testid': TID.review.filterStatusChip(s), 'data-checked': filter.status.includes(s) || undefined }}>{QUEUE_STATUS_LABEL[s]}</Chip>
          ))}
        </Group>
      </Chip.Group>
      <Divider orientation="vertical" />
      <Popover position="bottom-start" shadow="md" withArrow trapFocus={false}>
        <Popover.Target>
          <Button
            size="compact-sm"
            variant={filter.labels.length ? 'light' : 'default'}
            color={filter.labels.length ? 'grape' : undefined}
            fw={500}
            data-testid={TID.review.filterLabelButton}
          >
            {labelSummary(filter.labels)}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Checkbox.Group value={filter.labels} onChange={(v) => setFilter({ labels: v as ClassificationLabel[] })} label="Classification">
            <Stack gap={6} mt={6} data-testid={TID.review.filterLabel} role="group" aria-label="Classification">
              {LABELS.map((l) => (
                <Checkbox
                  key={l}
                  value={l}
                  label={humanize(l)}
                  size="xs"
                  color="grape"
                  data-testid={TID.review.filterLabelChip(l)}
                  data-checked={filter.labels.includes(l) || undefined}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        </Popover.Dropdown>
      </Popover>
      <Popover position="bottom-start" shadow="md" withArrow trapFocus={false}>
        <Popover.Target>
          <Button
            size="compact-sm"
            variant={filter.score[0] > 0 || filter.score[1] < 100 ? 'light' : 'default'}
            fw={500}
            data-testid={TID.review.filterScoreButton}
          >
            {filter.score[0] > 0 || filter.score[1] < 100 ? `Score ${filter.score[0]}–${filter.score[1]}` : 'Any score'}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" w={240}>
            <Text size="xs" c="dimmed">Lead score {score[0]}–{score[1]}</Text>
            <RangeSlider
              min={0}
              max={100}
              step={5}
              minRange={5}
              value={score}
              onChange={setScore}
              onChangeEnd={(v) => setFilter({ score: v })}
              marks={[{ value: 0, label: '0' }, { value: 50, label: '50' }, { value: 100, label: '100' }]}
              mb="md"
              data-testid={TID.review.filterScore}
              aria-label="Score range"
            />
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {!isDefault && (
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => { setText(''); resetFilter(); }} data-testid={TID.review.filterReset}>
          Reset
        </Button>
      )}
    </Group>
  );
}
