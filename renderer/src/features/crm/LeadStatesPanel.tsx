import { memo, useMemo, useState } from 'react';
import { Badge, Button, Group, SegmentedControl, Text } from '@mantine/core';
import type { CrmKind, CrmSyncState } from '@shared/domain/crm';
import { api } from '../../bridge';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { IconPlug, IconRefresh } from '../../components/icons';
import { VirtualRows } from '../../components/VirtualRows';
import { useBridgeQuery } from '../../hooks/use-bridge-query';
import { formatCount, formatDateTime } from '../../stores/format';
import { CRM_NAME } from '../../stores/crm';
import { TID } from '../../testids';
import classes from './crm.module.css';

type LeadState = CrmSyncState & { label: string };
const STATUS_COLOR: Record<CrmSyncState['status'], string> = { synced: 'teal', failed: 'red', pending: 'gray' };

const StateRow = memo(function StateRow({ s }: { s: LeadState }) {
  return (
    <div className={classes.stateRow} data-testid={TID.crm.leadState(s.leadId)} data-status={s.status}>
      <span className={classes.truncate} title={s.label}>{s.label}</span>
      <span><Badge size="xs" color={STATUS_COLOR[s.status]} variant="light">{s.status}</Badge></span>
      <span className={classes.truncate} title={s.personId}>{s.personId ? <>{s.personObject ?? 'person'} <b>{s.personId}</b></> : <span className={classes.dim}>—</span>}</span>
      <span className={classes.truncate} title={s.accountId}>{s.accountId ?? <span className={classes.dim}>—</span>}</span>
      <span className={classes.dim}>{formatDateTime(s.lastSyncedAt)}</span>
      <span className={`${classes.truncate} ${classes.err}`} title={s.error ? `${s.errorCode ? `${s.errorCode}: ` : ''}${s.error}` : undefined}>
        {s.error ? <>{s.errorCode && <b>{s.errorCode} </b>}{s.error}</> : ''}
      </span>
    </div>
  );
});

/** Per-lead sync state (crm:leadStates): CRM ids, status and the CRM's own error message. */
export function LeadStatesPanel({ kind }: { kind: CrmKind }) {
  const q = useBridgeQuery<LeadState[]>(() => api().crmLeadStates({ kind }), [kind]);
  const [filter, setFilter] = useState<'all' | 'failed' | 'synced'>('all');
  const rows = useMemo(() => (q.data ?? []).filter((s) => filter === 'all' || s.status === filter), [q.data, filter]);

  if (q.loading && !q.data) return <LoadingRows rows={8} />;
  if (q.error) return <ErrorState message={q.error} onRetry={q.reload} />;
  if (!q.data?.length) {
    return (
      <Empty
        icon={<IconPlug size={24} />}
        title="Nothing synced yet"
        description={`Leads appear here with their ${CRM_NAME[kind]} ids once a sync has run.`}
      />
    );
  }
  const failed = q.data.filter((s) => s.status === 'failed').length;
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Group gap="sm">
          <SegmentedControl size="xs" value={filter} onChange={(v) => setFilter(v as typeof filter)} data={[
            { value: 'all', label: `All ${formatCount(q.data.length)}` },
            { value: 'synced', label: 'Synced' },
            { value: 'failed', label: `Failed ${failed}` },
          ]} />
        </Group>
        <Button size="xs" variant="subtle" leftSection={<IconRefresh size={14} />} onClick={q.reload}>Refresh</Button>
      </Group>
      <div className={classes.tableFrame} style={{ height: Math.min(520, 34 + Math.max(1, rows.length) * 34 + 2) }}>
        {rows.length ? (
          <VirtualRows
            count={rows.length}
            rowHeight={34}
            getKey={(i) => rows[i].id}
            testId={TID.crm.leadStates}
            role="table"
            ariaLabel="Lead sync status"
            minWidth={860}
            header={(
              <div className={classes.stateHeader}>
                <span>Lead</span><span>Status</span><span>{CRM_NAME[kind]} record</span><span>Account</span><span>Last synced</span><span>CRM error</span>
              </div>
            )}
            renderRow={(i) => <StateRow s={rows[i]} />}
          />
        ) : (
          <Text size="sm" c="dimmed" p="md">No lead in this state.</Text>
        )}
      </div>
    </>
  );
}
