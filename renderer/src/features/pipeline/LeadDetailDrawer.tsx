import { Anchor, Badge, Box, Drawer, Group, Stack, Table, Tabs, Text, Timeline, Title } from '@mantine/core';
import type { LeadDetail } from '@shared/ipc';
import { api } from '../../bridge';
import { ProfileFields } from '../../components/ProfileFields';
import { ScoreFactors } from '../../components/ScoreFactors';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { IconAlert, IconCheck, IconInfo, IconX } from '../../components/icons';
import { useBridgeQuery } from '../../hooks/use-bridge-query';
import { formatDateTime, formatDuration, formatPercent, humanize } from '../../stores/format';
import { TID } from '../../testids';
import { STATUS_COLOR, stageLong } from './stages';

const LABEL_COLOR: Record<string, string> = { high_intent: 'teal', low_intent: 'yellow', spam: 'red', wrong_fit: 'gray' };
export { LABEL_COLOR };

function Header({ detail }: { detail: LeadDetail }) {
  const { lead } = detail;
  const name = lead.fullName ?? ([lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.company || 'Lead');
  const website = lead.website ?? (lead.domain ? `https://${lead.domain}` : undefined);
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Title order={2}>{name}</Title>
        {detail.classification && (
          <Badge color={LABEL_COLOR[detail.classification.label]}>{humanize(detail.classification.label)}</Badge>
        )}
        {detail.score && <Badge variant="outline" color="gray">Score {detail.score.score}</Badge>}
      </Group>
      <Text size="sm" c="dimmed">
        {[lead.title, lead.company].filter(Boolean).join(' · ') || '—'}
        {lead.email && <> · {lead.email}</>}
      </Text>
      <Group gap="md">
        {website && /^https?:\/\//.test(website) && (
          <Anchor size="xs" href={website} target="_blank" rel="noreferrer noopener">{lead.domain ?? website}</Anchor>
        )}
        <Text size="xs" c="dimmed">From {lead.source.file.split(/[\\/]/).pop()} row {lead.source.row}</Text>
      </Group>
    </Stack>
  );
}

function TasksTab({ detail }: { detail: LeadDetail }) {
  return (
    <Table verticalSpacing={6} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Stage</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Attempts</Table.Th>
          <Table.Th ta="right">Time</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {detail.tasks.map((t) => (
          <Table.Tr key={t.stage} data-testid={TID.pipeline.detailTask(t.stage)} data-status={t.status}>
            <Table.Td>
              <Text size="sm">{stageLong(t.stage)}</Text>
              {t.error && <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>{t.error}</Text>}
            </Table.Td>
            <Table.Td><Badge color={STATUS_COLOR[t.status]} variant={t.status === 'skipped' ? 'outline' : 'light'}>{t.status}</Badge></Table.Td>
            <Table.Td ta="right">{t.attempts}</Table.Td>
            <Table.Td ta="right">{formatDuration(t.durationMs)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function AuditTab({ detail }: { detail: LeadDetail }) {
  if (!detail.audit.length) return <Text c="dimmed" size="sm">No audit entries yet.</Text>;
  const entries = [...detail.audit].sort((a, b) => (a.at < b.at ? -1 : 1));
  return (
    <Timeline bulletSize={20} lineWidth={2} data-testid={TID.pipeline.detailAudit}>
      {entries.map((e) => (
        <Timeline.Item
          key={e.id}
          color={e.outcome === 'succeeded' ? 'teal' : e.outcome === 'failed' ? 'red' : 'gray'}
          bullet={e.outcome === 'succeeded' ? <IconCheck size={11} /> : e.outcome === 'failed' ? <IconX size={11} /> : <IconInfo size={11} />}
          title={<Group gap={6}><Text size="sm" fw={600}>{stageLong(e.stage)}</Text><Text size="xs" c="dimmed">attempt {e.attempt}</Text></Group>}
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(e.at)} · {formatDuration(e.durationMs)} · input {e.inputHash.slice(0, 10)}
            {e.tokens !== undefined && ` · ${e.tokens} tokens`}
            {e.costUsd !== undefined && ` · $${e.costUsd.toFixed(4)}`}
          </Text>
          {e.error && <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>{e.error}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Body({ detail }: { detail: LeadDetail }) {
  const failed = detail.tasks.filter((t) => t.status === 'failed').length;
  return (
    <Stack gap="md">
      <Header detail={detail} />
      <Tabs defaultValue="profile">
        <Tabs.List>
          <Tabs.Tab value="profile" data-testid={TID.pipeline.detailTab('profile')}>Profile</Tabs.Tab>
          <Tabs.Tab value="score" data-testid={TID.pipeline.detailTab('score')}>Score</Tabs.Tab>
          <Tabs.Tab value="classification" data-testid={TID.pipeline.detailTab('classification')}>Classification</Tabs.Tab>
          <Tabs.Tab value="tasks" data-testid={TID.pipeline.detailTab('tasks')} rightSection={failed ? <Badge size="xs" color="red" variant="filled">{failed}</Badge> : undefined}>
            Tasks
          </Tabs.Tab>
          <Tabs.Tab value="audit" data-testid={TID.pipeline.detailTab('audit')}>Audit trail</Tabs.Tab>
        </Tabs.List>
        <Box pt="md">
          <Tabs.Panel value="profile">
            {detail.profile ? (
              <Stack gap="md">
                <ProfileFields profile={detail.profile} />
                <Stack gap={6}>
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase">Enrichment sources</Text>
                  <Group gap={6}>
                    {detail.profile.sources.map((s) => (
                      <Badge
                        key={s.source}
                        color={s.status === 'ok' ? 'teal' : s.status === 'failed' ? 'red' : 'gray'}
                        variant="light"
                        title={s.error}
                      >
                        {s.source}: {s.status}
                      </Badge>
                    ))}
                  </Group>
                </Stack>
              </Stack>
            ) : (
              <Text c="dimmed" size="sm">The profile is built once the enrichment stages finish.</Text>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="score">
            {detail.score ? <ScoreFactors score={detail.score} /> : <Text c="dimmed" size="sm">Not scored yet.</Text>}
          </Tabs.Panel>
          <Tabs.Panel value="classification">
            {detail.classification ? (
              <Stack gap="sm" data-testid={TID.pipeline.detailClassification}>
                <Group gap="xs">
                  <Badge size="lg" color={LABEL_COLOR[detail.classification.label]}>{humanize(detail.classification.label)}</Badge>
                  <Text size="sm">confidence {formatPercent(detail.classification.confidence)}</Text>
                  <Text size="xs" c="dimmed">by {detail.classification.agent}</Text>
                </Group>
                <Stack gap={6}>
                  {detail.classification.reasons.map((r, i) => (
                    <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                      <Badge size="xs" color="gray" variant="outline" style={{ flex: 'none' }}>{r.code}</Badge>
                      <Text size="sm">{r.message}</Text>
                    </Group>
                  ))}
                </Stack>
              </Stack>
            ) : (
              <Text c="dimmed" size="sm">Not classified yet.</Text>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="tasks"><TasksTab detail={detail} /></Tabs.Panel>
          <Tabs.Panel value="audit"><AuditTab detail={detail} /></Tabs.Panel>
        </Box>
      </Tabs>
    </Stack>
  );
}

/** A lead's detail (leads:detail): profile with sources and conflicts, classification, score factors, tasks, audit. */
export function LeadDetailDrawer({ leadId, runId, onClose }: { leadId: string | null; runId: string | null; onClose: () => void }) {
  const q = useBridgeQuery<LeadDetail>(
    leadId ? () => api().leadsDetail(runId ? { leadId, runId } : { leadId }) : null,
    [leadId, runId],
  );
  const current = q.data && q.data.lead.id === leadId ? q.data : undefined;
  return (
    <Drawer
      opened={leadId !== null}
      onClose={onClose}
      title={<Text size="xs" c="dimmed" fw={600} tt="uppercase">Lead detail</Text>}
      closeButtonProps={{ 'aria-label': 'Close lead detail', ...({ 'data-testid': TID.pipeline.detailClose } as object) }}
      size={640}
    >
      {q.loading && !current && <LoadingRows rows={10} />}
      {q.error && <ErrorState message={q.error} onRetry={q.reload} />}
      {current && !q.error && <div data-testid={TID.pipeline.detail} data-lead-id={current.lead.id}><Body detail={current} /></div>}
      {!q.loading && !q.error && !current && leadId && (
        <Empty icon={<IconAlert size={24} />} title="No detail" description="This lead has no stored detail." />
      )}
    </Drawer>
  );
}
