import { memo, useDeferredValue } from 'react';
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { ReviewItem } from '@shared/ipc';
import { useReview } from '../../stores/review';
import { ProfileFields } from '../../components/ProfileFields';
import { ScoreFactors } from '../../components/ScoreFactors';
import { formatPercent, humanize } from '../../stores/format';
import { TID } from '../../testids';
import { LABEL_COLOR } from './labels';
import classes from './review.module.css';

const SUMMARY_FIELDS = ['fullName', 'title', 'seniority', 'email', 'emailType', 'company', 'domain', 'industry', 'categories', 'city', 'country', 'employees', 'fundingUsd', 'status'];

/**
 * Beside the draft: why this lead scored what it did, its classification and its profile. Rendered from a
 * deferred value, so on j/k the draft itself commits first and this column follows (React useDeferredValue).
 */
export function ContextPanel() {
  const current = useReview((s) => (s.selectedId ? s.items.get(s.selectedId) : undefined));
  const item = useDeferredValue(current);
  return <ContextBody item={item} />;
}

const ContextBody = memo(function ContextBody({ item }: { item: ReviewItem | undefined }) {
  if (!item) return null;
  return (
    <Stack gap="lg">
      <Stack gap="xs" data-testid={TID.review.score}>
        <Text className={classes.sectionTitle}>Score explanation</Text>
        <ScoreFactors score={item.score} compact />
      </Stack>
      <Stack gap="xs">
        <Text className={classes.sectionTitle}>Classification</Text>
        <Group gap="xs">
          <Badge color={LABEL_COLOR[item.classification.label]}>{humanize(item.classification.label)}</Badge>
          <Text size="sm">{formatPercent(item.classification.confidence)} confident</Text>
        </Group>
        <Stack gap={2}>
          {item.classification.reasons.slice(0, 4).map((r, i) => (
            <Text size="xs" c="dimmed" key={i}>• {r.message}</Text>
          ))}
        </Stack>
      </Stack>
      <Stack gap="xs" data-testid={TID.review.profile}>
        <Text className={classes.sectionTitle}>Profile</Text>
        {item.profile ? (
          <ProfileFields profile={item.profile} only={SUMMARY_FIELDS} withSources={false} />
        ) : (
          <Text size="sm" c="dimmed">No profile stored for this lead.</Text>
        )}
      </Stack>
    </Stack>
  );
});
