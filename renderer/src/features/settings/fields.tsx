import type { ReactNode } from 'react';
import { Stack, Text, Title } from '@mantine/core';
import type { Settings } from '@shared/domain/settings';
import { useSettings } from '../../stores/settings';

/** The settings working copy (non-null once the screen shows a section). */
export function useDraft(): Settings {
  const draft = useSettings((s) => s.draft);
  if (!draft) throw new Error('settings not loaded');
  return draft;
}

/** Immutable update of the working copy. */
export function edit(update: (s: Settings) => Settings): void {
  useSettings.getState().edit(update);
}

/** A titled block of a settings section. */
export function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="sm" mb="xl">
      <div>
        <Title order={3}>{title}</Title>
        {description && <Text size="sm" c="dimmed">{description}</Text>}
      </div>
      {children}
    </Stack>
  );
}
