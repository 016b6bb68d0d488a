import { memo, useLayoutEffect, useRef } from 'react';
import {
  ActionIcon, Alert, Badge, Button, type ButtonProps, Group, Kbd, Skeleton, Stack, Text, Textarea, TextInput, Tooltip,
} from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import type { ReviewItem } from '@shared/ipc';
import { IconAlert, IconCheck, IconEdit, IconInfo, IconSparkles, IconUndo, IconX } from '../../components/icons';
import { ErrorState } from '../../components/states';
import { formatRelative } from '../../stores/format';
import { OPEN_STATUSES, useReview } from '../../stores/review';
import { mark } from '../../perf';
import { TID } from '../../testids';
import { QUEUE_STATUS_COLOR, QUEUE_STATUS_LABEL, SEVERITY_COLOR } from './labels';
import classes from './review.module.css';
import {
  approve, askReject, cancelEdit, regenerate, reopen, saveApprove, setEdit, startEdit, useReviewUi, type ReviewAction,
} from './review-ui';

function ActionButton({ label, keys, ...props }: { label: string; keys?: string; onClick: () => void; 'data-testid': string } & ButtonProps) {
  const button = <Button {...props}>{label}</Button>;
  return keys ? <Tooltip label={<Group gap={4}>{label}<Kbd size="xs">{keys}</Kbd></Group>}>{button}</Tooltip> : button;
}

function Issues({ item }: { item: ReviewItem }) {
  const issues = item.verdict.issues;
  if (!issues.length) {
    return (
      <Group gap={6} data-testid={TID.review.issues} data-count={0}>
        <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>Passed review</Badge>
        <Text size="xs" c="dimmed">No issues found by the {item.verdict.agent} agent.</Text>
      </Group>
    );
  }
  return (
    <Stack gap={6} data-testid={TID.review.issues} data-count={issues.length}>
      {issues.map((issue, i) => (
        <Alert
          key={`${issue.code}-${i}`}
          color={SEVERITY_COLOR[issue.severity]}
          variant="light"
          p="xs"
          icon={issue.severity === 'info' ? <IconInfo size={16} /> : <IconAlert size={16} />}
          data-testid={TID.review.issue(i)}
          data-severity={issue.severity}
        >
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge size="xs" color={SEVERITY_COLOR[issue.severity]} variant="filled" style={{ flex: 'none' }}>{issue.severity === 'error' ? 'Error' : issue.severity === 'warning' ? 'Warning' : 'Info'}</Badge>
            <Text size="sm">{issue.message}</Text>
            <Text size="xs" c="dimmed" ml="auto" style={{ flex: 'none' }}>{issue.code}</Text>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}

/**
 * The draft's actions with their shortcuts. Memoised on (mode, busy) only, so moving to the next draft (j/k) does
 * not re-render these buttons and their tooltips; each action itself ignores a draft not loaded yet.
 */
const DraftActions = memo(function DraftActions({ mode, busy }: { mode: 'editing' | 'open' | 'decided'; busy: ReviewAction | null }) {
  return (
    <Group gap="xs" wrap="nowrap">
      {mode === 'editing' ? (
        <>
          <ActionButton label="Save & approve" keys="Ctrl Enter" leftSection={<IconCheck size={15} />} color="teal" loading={busy === 'approve'} onClick={saveApprove} data-testid={TID.review.saveApprove} />
          <ActionButton label="Cancel" keys="Esc" variant="default" onClick={cancelEdit} data-testid={TID.review.cancelEdit} />
        </>
      ) : mode === 'open' ? (
        <>
          <ActionButton label="Approve" keys="A" leftSection={<IconCheck size={15} />} color="teal" loading={busy === 'approve'} onClick={approve} data-testid={TID.review.approve} />
          <ActionButton label="Edit" keys="E" leftSection={<IconEdit size={15} />} variant="default" onClick={startEdit} data-testid={TID.review.edit} />
          <ActionButton label="Reject" keys="R" leftSection={<IconX size={15} />} variant="default" color="red" onClick={askReject} data-testid={TID.review.reject} />
          <Tooltip label="Write a new draft (re-reviewed)">
            <ActionIcon size={36} variant="default" aria-label="Regenerate" loading={busy === 'regenerate'} onClick={regenerate} data-testid={TID.review.regenerate}>
              <IconSparkles size={16} />
            </ActionIcon>
          </Tooltip>
        </>
      ) : (
        <ActionButton label="Reopen" leftSection={<IconUndo size={15} />} variant="default" loading={busy === 'reopen'} onClick={reopen} data-testid={TID.review.reopen} />
      )}
    </Group>
  );
});

const HOTKEYS = getHotkeyHandler([
  ['Escape', cancelEdit],
  ['mod+Enter', saveApprove],
]);

/**
 * The selected draft: recipient, status, the review agent's issues, subject and body (read-only, or inputs while
 * editing), and the actions with their shortcuts. Subscribes to the selection itself, so a j/k move re-renders
 * this panel (and the context column) only.
 */
export function DraftPanel() {
  const entry = useReview((s) => (s.selectedId ? s.entries[s.index.get(s.selectedId) ?? -1] : undefined));
  const item = useReview((s) => (s.selectedId ? s.items.get(s.selectedId) : undefined));
  const itemError = useReview((s) => s.itemError);
  const edit = useReviewUi((s) => s.edit);
  const busy = useReviewUi((s) => s.busy);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const editing = edit !== null && item !== undefined && edit.id === item.id;

  useLayoutEffect(() => {
    if (item) mark('review:item-rendered', { id: item.id });
  }, [item?.id, item]);

  useLayoutEffect(() => {
    if (editing) bodyRef.current?.focus({ preventScroll: true }); // keep the header (actions) in view
  }, [editing]);

  if (!entry && !item) return null;
  const status = item?.status ?? entry?.status ?? 'pending';
  const open = OPEN_STATUSES.includes(status);
  const to = item?.draft.to;
  const keys = HOTKEYS;

  return (
    <Stack gap="md" data-testid={TID.review.editor} data-id={item?.id ?? entry?.id} data-status={status} data-editing={editing || undefined}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} miw={0}>
          <Group gap="xs" wrap="nowrap">
            <Text fw={650} size="lg" truncate>{to?.name ?? entry?.name ?? '—'}</Text>
            <Badge color={QUEUE_STATUS_COLOR[status]} variant={status === 'flagged' ? 'filled' : 'light'} data-testid={TID.review.itemStatus} data-status={status}>
              {QUEUE_STATUS_LABEL[status]}
            </Badge>
            {item?.edited && <Badge color="violet" variant="light">Edited</Badge>}
          </Group>
          <Text size="sm" c="dimmed" truncate>
            {[to?.email, to?.company ?? entry?.company].filter(Boolean).join(' · ')}
            {item && ` · draft ${item.draftAttempts > 1 ? `attempt ${item.draftAttempts}` : 'v1'} · ${item.draft.template} template · updated ${formatRelative(item.updatedAt)}`}
          </Text>
          {item?.rejectReason && status === 'rejected' && <Text size="sm" c="red">Rejected: {item.rejectReason}</Text>}
        </Stack>
      </Group>

      <DraftActions mode={editing ? 'editing' : open ? 'open' : 'decided'} busy={busy} />

      {itemError && !item && <ErrorState message={itemError} onRetry={() => useReview.getState().reloadItem()} />}
      {item && <Issues item={item} />}

      <div className={classes.mailPaper}>
        <div className={classes.mailHead}>
          {editing ? (
            <TextInput
              value={edit.subject}
              onChange={(e) => setEdit({ ...edit, subject: e.currentTarget.value })}
              onKeyDown={keys}
              aria-label="Subject"
              data-testid={TID.review.subjectInput}
              fw={600}
              maxLength={300}
            />
          ) : (
            <Text fw={600} data-testid={TID.review.subject}>{item?.draft.subject ?? entry?.subject}</Text>
          )}
        </div>
        {editing ? (
          <Textarea
            ref={bodyRef}
            value={edit.body}
            onChange={(e) => setEdit({ ...edit, body: e.currentTarget.value })}
            onKeyDown={keys}
            autosize
            minRows={12}
            maxRows={40}
            variant="unstyled"
            px="lg"
            py="sm"
            classNames={{ input: classes.bodyInput }}
            aria-label="Body"
            data-testid={TID.review.bodyInput}
            maxLength={20_000}
          />
        ) : item ? (
          <div className={classes.mailBody} data-testid={TID.review.body}>{item.draft.body}</div>
        ) : (
          <Stack gap={10} p="lg">
            <Skeleton height={12} width="40%" />
            <Skeleton height={12} />
            <Skeleton height={12} />
            <Skeleton height={12} width="80%" />
            <Skeleton height={12} width="60%" />
          </Stack>
        )}
      </div>

      {item && item.draft.facts.length > 0 && (
        <Stack gap={6}>
          <Text className={classes.sectionTitle}>Facts this draft relies on</Text>
          <Stack gap={4}>
            {item.draft.facts.map((f, i) => (
              <Group key={i} gap={6} wrap="nowrap" align="flex-start">
                <Text size="sm" style={{ flex: 1, wordBreak: 'break-word' }}>“{f.text}”</Text>
                <Text size="xs" c="dimmed" style={{ flex: 'none' }}>{[f.field, f.source].filter(Boolean).join(' · ')}</Text>
              </Group>
            ))}
          </Stack>
        </Stack>
      )}
    </Stack>
  );
}
