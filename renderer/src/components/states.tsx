import type { ReactNode } from 'react';
import { Alert, Button, Center, EmptyState, Group, Skeleton, Stack } from '@mantine/core';
import { IconAlert, IconRefresh } from './icons';

/** Skeleton rows standing in for a list or table while it loads. */
export function LoadingRows({ rows = 8, height = 28, testId }: { rows?: number; height?: number; testId?: string }) {
  return (
    <Stack gap={8} data-testid={testId} data-state="loading" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={height} radius="sm" width={i % 3 === 2 ? '82%' : '100%'} />
      ))}
    </Stack>
  );
}

/** A failed load or action: the message as main gave it, and a retry when there is one. */
export function ErrorState({ title = 'Could not load', message, onRetry, testId, retryTestId }: {
  title?: string;
  message: string;
  onRetry?: () => void;
  testId?: string;
  retryTestId?: string;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      icon={<IconAlert size={18} />}
      data-testid={testId}
      data-state="error"
      radius="md"
    >
      <Stack gap="xs" align="flex-start">
        <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{message}</span>
        {onRetry && (
          <Button size="xs" variant="white" color="red" leftSection={<IconRefresh size={14} />} onClick={onRetry} data-testid={retryTestId}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** A designed empty state: icon, title, one line of help and the next action. */
export function Empty({ icon, title, description, actions, testId }: {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <Center h="100%" mih={260} data-testid={testId} data-state="empty">
      <EmptyState icon={icon} title={title} description={description} variant="light" size="md" maw={420}>
        {actions && (
          <EmptyState.Actions>
            <Group gap="xs" justify="center">{actions}</Group>
          </EmptyState.Actions>
        )}
      </EmptyState>
    </Center>
  );
}
