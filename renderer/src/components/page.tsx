import type { ReactNode } from 'react';
import { Box, Group, Stack, Text, Title } from '@mantine/core';
import classes from './page.module.css';

/** A screen: a header row (title, subtitle, actions) above a body that fills the remaining height. */
export function Page({ title, subtitle, actions, children, testId, state, scroll = true }: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId: string;
  /** loading | empty | error | ready (exposed as data-state for tests). */
  state?: string;
  /** false when the body manages its own scrolling (virtualised lists). */
  scroll?: boolean;
}) {
  return (
    <Box className={classes.page} data-testid={testId} data-state={state}>
      <Group className={classes.header} justify="space-between" wrap="nowrap" gap="md">
        <Stack gap={2} miw={0}>
          <Title order={1}>{title}</Title>
          {subtitle && <Text size="sm" c="dimmed" truncate>{subtitle}</Text>}
        </Stack>
        {actions && <Group gap="xs" wrap="nowrap">{actions}</Group>}
      </Group>
      <Box className={scroll ? classes.bodyScroll : classes.body}>{children}</Box>
    </Box>
  );
}
