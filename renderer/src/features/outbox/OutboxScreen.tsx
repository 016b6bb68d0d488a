import { memo, useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { notify } from '../../notify';
import type { OutboxEntry, ReviewItem } from '@shared/ipc';
import { api, errorMessage, onEvent } from '../../bridge';
import { Page } from '../../components/page';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { IconInbox, IconInfo, IconSend, IconUndo } from '../../components/icons';
import { VirtualRows } from '../../components/VirtualRows';
import { useBridgeQuery } from '../../hooks/use-bridge-query';
import { formatCount, formatDateTime } from '../../stores/format';
import { useNav } from '../../stores/nav';
import { useReview } from '../../stores/review';
import { TID } from '../../testids';
import classes from './outbox.module.css';

const OutboxRow = memo(function OutboxRow({ entry, selected, onSelect }: { entry: OutboxEntry; selected: boolean; onSelect: (id: string) => void }) {
  return (
    <div
      className={classes.row}
      data-selected={selected || undefined}
      onClick={() => onSelect(entry.id)}
      data-testid={TID.outbox.row(entry.id)}
      data-status={entry.status}
      role="option"
      aria-selected={selected}
    >
      <div className={classes.rowTop}>
        <span className={classes.name}>{entry.name || entry.company}</span>
        <span className={classes.company}>{entry.name ? entry.company : ''}</span>
        <span className={classes.when}>{formatDateTime(entry.decidedAt ?? entry.updatedAt)}</span>
      </div>
      <div className={classes.subject}>{entry.subject}</div>
      <div className={classes.meta}>
        {entry.email ?? 'no email address'}
        {entry.edited && <Badge size="xs" color="violet" variant="light" ml={6}>Edited</Badge>}
      </div>
    </div>
  );
});

function Preview({ id, onReopened }: { id: string; onReopened: () => void }) {
  const q = useBridgeQuery<ReviewItem>(() => api().reviewGet({ id }), [id]);
  const [busy, setBusy] = useState(false);
  if (q.error) return <ErrorState message={q.error} onRetry={q.reload} />;
  if (!q.data || q.data.id !== id) return <LoadingRows rows={6} />;
  const item = q.data;
  const reopen = async () => {
    setBusy(true);
    try {
      await useReview.getState().reopen(item.id);
      notify('info', { color: 'gray', message: 'Moved back to the review queue' });
      onReopened();
    } catch (e) {
      notify('error', { title: 'Could not reopen', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Text fw={650} size="lg" truncate>{item.draft.to.name ?? item.draft.to.company}</Text>
          <Text size="sm" c="dimmed" truncate>{[item.draft.to.email, item.draft.to.company].filter(Boolean).join(' · ')}</Text>
        </Stack>
        <Button variant="default" leftSection={<IconUndo size={14} />} loading={busy} onClick={() => void reopen()}>
          Back to review
        </Button>
      </Group>
      <div className={classes.mail}>
        <div className={classes.mailHead}><Text fw={600}>{item.draft.subject}</Text></div>
        <div className={classes.mailBody}>{item.draft.body}</div>
      </div>
      <Text size="xs" c="dimmed">Approved {formatDateTime(item.decidedAt)}{item.edited ? ' · edited by you' : ''} · score {item.score.score}</Text>
    </Stack>
  );
}

/** Outbox: approved drafts (outbox:list), virtualised, with a read-only preview. Nothing is sent from here. */
export function OutboxScreen() {
  const [entries, setEntries] = useState<OutboxEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const go = useNav((s) => s.go);

  /** Ids shown now, so `review:changed` reloads only when the outbox itself changed. */
  const shown = useRef<Set<string>>(new Set());
  const load = () => {
    api().outboxList({}).then(
      (list) => {
        shown.current = new Set(list.map((e) => e.id));
        setEntries(list);
        setError(null);
        setSelected((s) => (s && list.some((e) => e.id === s) ? s : (list[0]?.id ?? null)));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  };
  useEffect(() => {
    load();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = onEvent('review:changed', ({ ids, counts }) => {
      // A pipeline run changes many pending drafts: none of that concerns the outbox.
      const touches = counts.approved !== shown.current.size || ids.some((id) => shown.current.has(id));
      if (touches && !timer) timer = setTimeout(() => { timer = null; load(); }, 1000);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);

  const state = error ? 'error' : entries === null ? 'loading' : entries.length ? 'ready' : 'empty';
  return (
    <Page
      title="Outbox"
      subtitle={entries?.length ? `${formatCount(entries.length)} approved drafts` : 'Approved drafts wait here.'}
      testId={TID.outbox.screen}
      state={state}
      scroll={false}
    >
      <Alert color="indigo" variant="light" icon={<IconInfo size={18} />} mb="md" data-testid={TID.outbox.note} py="xs">
        Sending arrives in a later version. Nothing is ever sent from here: approved drafts wait in the Outbox until then.
      </Alert>
      {state === 'loading' && <LoadingRows rows={8} height={52} />}
      {state === 'error' && <ErrorState message={error ?? ''} onRetry={load} />}
      {state === 'empty' && (
        <Empty
          testId={TID.outbox.empty}
          icon={<IconSend size={24} />}
          title="No approved drafts yet"
          description="Approve drafts on the Review screen and they will wait here."
          actions={<Button variant="default" leftSection={<IconInbox size={15} />} onClick={() => go('review')}>Go to Review</Button>}
        />
      )}
      {state === 'ready' && entries && (
        <div className={classes.layout}>
          <div className={classes.listCol}>
            <div className={classes.listHead}>
              <Text size="xs" c="dimmed" fw={500} data-testid={TID.outbox.count}>{formatCount(entries.length)} approved</Text>
            </div>
            <VirtualRows
              count={entries.length}
              rowHeight={76}
              getKey={(i) => entries[i].id}
              renderRow={(i) => <OutboxRow entry={entries[i]} selected={entries[i].id === selected} onSelect={setSelected} />}
              testId={TID.outbox.list}
              role="listbox"
              ariaLabel="Approved drafts"
            />
          </div>
          <div className={classes.previewCol}>
            {selected && <Preview id={selected} onReopened={load} />}
          </div>
        </div>
      )}
    </Page>
  );
}
