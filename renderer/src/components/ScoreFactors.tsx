import { Badge, Group, RingProgress, Stack, Table, Text } from '@mantine/core';
import type { LeadScore } from '@shared/domain/score';
import { TID } from '../testids';

/** Score colour: ≥ 75 teal, ≥ 50 indigo, ≥ 30 yellow, else red. */
export function scoreColor(score: number): string {
  return score >= 75 ? 'teal' : score >= 50 ? 'indigo' : score >= 30 ? 'yellow' : 'red';
}

/** A lead score with its factors: signed points, reason, and the field/source each factor used. */
export function ScoreFactors({ score, compact = false }: { score: LeadScore; compact?: boolean }) {
  return (
    <Stack gap="sm" data-testid={TID.pipeline.detailScore}>
      <Group gap="md" wrap="nowrap">
        <RingProgress
          size={compact ? 64 : 84}
          thickness={compact ? 6 : 8}
          roundCaps
          sections={[{ value: score.score, color: scoreColor(score.score) }]}
          label={<Text ta="center" fw={700} size={compact ? 'md' : 'xl'}>{score.score}</Text>}
        />
        <Stack gap={4}>
          <Group gap={6}>
            <Badge color={score.qualified ? 'teal' : 'gray'} variant="light">{score.qualified ? 'Qualified' : 'Not qualified'}</Badge>
            <Text size="xs" c="dimmed">by {score.agent}</Text>
          </Group>
          <Text size="xs" c="dimmed">{score.factors.length} factors · points add to the base, clamped to 0–100</Text>
        </Stack>
      </Group>
      <Table verticalSpacing={5} fz="sm" layout="fixed">
        <Table.Tbody>
          {score.factors.map((f, i) => (
            <Table.Tr key={`${f.code}-${i}`} data-testid={TID.pipeline.detailFactor(i)}>
              <Table.Td w={56} ta="right" fw={650} c={f.points > 0 ? 'teal.7' : f.points < 0 ? 'red.7' : 'dimmed'} style={{ verticalAlign: 'top' }}>
                {f.points > 0 ? `+${f.points}` : f.points}
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ wordBreak: 'break-word' }}>{f.reason}</Text>
                {(f.field || f.source) && (
                  <Text size="xs" c="dimmed">{[f.field, f.source].filter(Boolean).join(' · ')}</Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
