import { memo, useEffect, useState } from 'react';
import { ActionIcon, Button, Chip, Group, Kbd, Modal, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core';
import { getHotkeyHandler, useHotkeys, type HotkeyItem } from '@mantine/hooks';
import { Page } from '../../components/page';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { IconCheck, IconInbox, IconKeyboard, IconUpload } from '../../components/icons';
import { formatCount } from '../../stores/format';
import { useNav } from '../../stores/nav';
import { DEFAULT_FILTER, setReviewScreenMounted, useReview } from '../../stores/review';
import { TID } from '../../testids';
import { useOpenedOnce } from '../../hooks/use-opened-once';
import { ContextPanel } from './ContextPanel';
import { DraftPanel } from './DraftPanel';
import { QueueFilters } from './QueueFilters';
import { QueueList } from './QueueList';
import {
  approve, askBulk, askReject, bulkApprove, cancelEdit, closeReject, confirmReject, modalOpen, saveApprove, showHelp,
  startEdit, useReviewUi,
} from './review-ui';
import classes from './review.module.css';

const QUICK_REASONS = ['Not a fit', 'Wrong contact', 'Already in touch', 'Tone is off', 'Facts are wrong'];

const SHORTCUTS: [string, string][] = [
  ['J / K', 'Next / previous draft'],
  ['A', 'Approve'],
  ['E', 'Edit the draft'],
  ['Ctrl Enter', 'Save edits and approve'],
  ['Esc', 'Cancel editing'],
  ['R', 'Reject with a reason'],
  ['X', 'Select for bulk approve'],
  ['?', 'Show this help'],
  ['Ctrl 1…6', 'Switch screens'],
];

/** Shortcuts of the screen: handlers read the stores at call time, so this list never changes. */
const when = (fn: () => void) => () => {
  if (!modalOpen()) fn();
};
const HOTKEYS: HotkeyItem[] = [
  ['j', when(() => useReview.getState().move(1))],
  ['k', when(() => useReview.getState().move(-1))],
  ['ArrowDown', when(() => useReview.getState().move(1))],
  ['ArrowUp', when(() => useReview.getState().move(-1))],
  ['a', when(() => (useReviewUi.getState().edit ? saveApprove() : approve()))],
  ['e', when(startEdit)],
  ['r', when(askReject)],
  ['x', when(() => {
    const id = useReview.getState().selectedId;
    if (id) useReview.getState().toggleChecked(id);
  })],
  ['Escape', when(cancelEdit)],
  ['shift+?', when(() => showHelp(true))],
  ['?', when(() => showHelp(true))],
];

function RejectModal() {
  const opened = useReviewUi((s) => s.rejecting);
  return useOpenedOnce(opened) ? <RejectModalView opened={opened} /> : null;
}

function RejectModalView({ opened }: { opened: boolean }) {
  const busy = useReviewUi((s) => s.busy === 'reject');
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (opened) setReason('');
  }, [opened]);
  const submit = () => {
    if (reason.trim()) confirmReject(reason.trim());
  };
  return (
    <Modal opened={opened} onClose={closeReject} title="Reject this draft" size="md">
      <Stack gap="sm" data-testid={TID.review.rejectModal}>
        <Group gap={6}>
          {QUICK_REASONS.map((r) => (
            <Chip key={r} size="xs" checked={reason === r} onChange={() => setReason(r)} variant="outline">{r}</Chip>
          ))}
        </Group>
        <Textarea
          label="Reason"
          description="Kept with the draft, so you can tell later why it was not sent."
          placeholder="Why is this draft not going out?"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          onKeyDown={getHotkeyHandler([['mod+Enter', submit]])}
          autosize
          minRows={3}
          maxLength={1000}
          data-autofocus
          data-testid={TID.review.rejectReason}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={closeReject}>Cancel</Button>
          <Button color="red" onClick={submit} disabled={!reason.trim()} loading={busy} data-testid={TID.review.rejectConfirm}>
            Reject
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function HelpModal() {
  const opened = useReviewUi((s) => s.help);
  if (!useOpenedOnce(opened)) return null;
  return (
    <Modal opened={opened} onClose={() => showHelp(false)} title="Keyboard shortcuts" size="sm">
      <Table verticalSpacing={6} data-testid={TID.review.help}>
        <Table.Tbody>
          {SHORTCUTS.map(([k, what]) => (
            <Table.Tr key={k}>
              <Table.Td w={110}>
                <Group gap={4}>{k.split(' ').map((p) => (p === '/' ? <Text key={p} size="xs" c="dimmed">/</Text> : <Kbd key={p} size="xs">{p}</Kbd>))}</Group>
              </Table.Td>
              <Table.Td><Text size="sm">{what}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">Shortcuts pause while you type in a field.</Text>
    </Modal>
  );
}

function BulkModal() {
  const opened = useReviewUi((s) => s.confirmBulk);
  return useOpenedOnce(opened) ? <BulkModalView opened={opened} /> : null;
}

function BulkModalView({ opened }: { opened: boolean }) {
  const busy = useReviewUi((s) => s.bulkBusy);
  const count = useReview((s) => s.checked.size);
  return (
    <Modal opened={opened} onClose={() => askBulk(false)} title={`Approve ${count} drafts?`} size="sm">
      <Text size="sm" mb="lg">Each of these drafts has been shown to you. Approved drafts move to the Outbox; nothing is sent.</Text>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={() => askBulk(false)}>Cancel</Button>
        <Button color="teal" loading={busy} onClick={() => void bulkApprove()} data-testid={TID.review.bulkConfirm}>Approve {count}</Button>
      </Group>
    </Modal>
  );
}

const QueueHead = memo(function QueueHead() {
  const count = useReview((s) => s.total);
  const checked = useReview((s) => s.checked.size);
  return (
    <div className={classes.queueHead}>
      <Text size="xs" c="dimmed" fw={500} style={{ whiteSpace: 'nowrap' }} data-testid={TID.review.count}>{formatCount(count)} drafts</Text>
      <Group gap={4} wrap="nowrap">
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => useReview.getState().checkAllSeen()} data-testid={TID.review.selectSeen}>
          Select shown
        </Button>
        <Button size="compact-xs" color="teal" disabled={checked === 0} leftSection={<IconCheck size={12} />} onClick={() => askBulk(true)} data-testid={TID.review.bulkApprove}>
          Approve {checked || ''}
        </Button>
      </Group>
    </div>
  );
});

const MemoFilters = memo(QueueFilters);
const MemoList = memo(QueueList);
const MemoDraft = memo(DraftPanel);
const MemoContext = memo(ContextPanel);

/**
 * Review: the queue (review:list, riskiest first) with filters, the selected draft (review:get marks it seen) with
 * the review agent's issues, its lead's score explanation and profile; approve / edit-then-approve / reject /
 * regenerate / reopen, bulk approve of shown drafts, and keyboard shortcuts (j k a r e x ? Esc). This component
 * subscribes to the list's load state only: a j/k move re-renders two list rows, the draft and the context panel.
 */
export function ReviewScreen() {
  const status = useReview((s) => s.status);
  const error = useReview((s) => s.error);
  const empty = useReview((s) => s.entries.length === 0);
  const isDefaultFilter = useReview((s) => JSON.stringify(s.filter) === JSON.stringify(DEFAULT_FILTER));
  const open = useReview((s) => s.openCount);
  const go = useNav((s) => s.go);

  useEffect(() => {
    setReviewScreenMounted(true);
    useReview.getState().open();
    return () => setReviewScreenMounted(false);
  }, []);
  useHotkeys(HOTKEYS);

  const state = status === 'error' ? 'error' : status === 'ready' ? (empty ? 'empty' : 'ready') : 'loading';
  return (
    <Page
      title="Review"
      subtitle={open ? `${formatCount(open)} drafts waiting for a decision. Nothing is sent without your approval.` : 'Nothing is sent without your approval.'}
      testId={TID.review.screen}
      state={state}
      scroll={false}
      actions={(
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon size="lg" onClick={() => showHelp(true)} aria-label="Keyboard shortcuts" data-testid={TID.review.helpButton}>
            <IconKeyboard size={18} />
          </ActionIcon>
        </Tooltip>
      )}
    >
      <div className={classes.filters}><MemoFilters /></div>
      {state === 'loading' && <LoadingRows rows={8} height={56} />}
      {state === 'error' && <ErrorState message={error ?? ''} onRetry={() => void useReview.getState().load()} />}
      {state === 'empty' && (
        <Empty
          testId={TID.review.empty}
          icon={<IconInbox size={26} />}
          title={isDefaultFilter ? 'Inbox zero' : 'No draft matches'}
          description={isDefaultFilter
            ? 'No drafts are waiting for review. Drafts appear here as the pipeline writes them.'
            : 'Try a wider score range or another status.'}
          actions={isDefaultFilter ? (
            <Button variant="default" leftSection={<IconUpload size={15} />} onClick={() => go('import')}>Import a list</Button>
          ) : (
            <Button variant="default" onClick={() => useReview.getState().resetFilter()}>Reset filters</Button>
          )}
        />
      )}
      {state === 'ready' && (
        <div className={classes.layout}>
          <div className={classes.queueCol}>
            <QueueHead />
            <MemoList />
          </div>
          <div className={classes.draftCol}><MemoDraft /></div>
          <div className={classes.contextCol}><MemoContext /></div>
        </div>
      )}
      <RejectModal />
      <HelpModal />
      <BulkModal />
    </Page>
  );
}
