import { useEffect, useState, type ReactNode } from 'react';
import {
  ActionIcon, AppShell, Badge, Box, Center, Group, Kbd, NavLink, Stack, Text, Tooltip, useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { api, hasBridge } from './bridge';
import { ErrorState } from './components/states';
import {
  IconActivity, IconInbox, IconLogo, IconMoon, IconPlug, IconSend, IconSettings, IconSun, IconUpload,
} from './components/icons';
import { SCREENS, useNav, type Screen } from './stores/nav';
import { subscribeLeadTableEvents } from './stores/lead-table';
import { subscribeReviewEvents, useReview } from './stores/review';
import { subscribeRunEvents, useRuns } from './stores/runs';
import { TID } from './testids';
import { dismissStaleToasts } from './notify';
import { ImportScreen } from './features/import/ImportScreen';
import { PipelineScreen } from './features/pipeline/PipelineScreen';
import { ReviewScreen } from './features/review/ReviewScreen';
import { OutboxScreen } from './features/outbox/OutboxScreen';
import { CrmScreen } from './features/crm/CrmScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import classes from './App.module.css';

const NAV: Record<Screen, { label: string; icon: ReactNode; hint: string }> = {
  import: { label: 'Import', icon: <IconUpload size={17} />, hint: 'Bring in a lead list' },
  pipeline: { label: 'Pipeline', icon: <IconActivity size={17} />, hint: 'Runs and lead progress' },
  review: { label: 'Review', icon: <IconInbox size={17} />, hint: 'Approve or reject drafts' },
  outbox: { label: 'Outbox', icon: <IconSend size={17} />, hint: 'Approved drafts' },
  crm: { label: 'CRM', icon: <IconPlug size={17} />, hint: 'HubSpot and Salesforce sync' },
  settings: { label: 'Settings', icon: <IconSettings size={17} />, hint: 'Sender, ICP, templates' },
};

const SCREEN_VIEWS: Record<Screen, () => ReactNode> = {
  import: () => <ImportScreen />,
  pipeline: () => <PipelineScreen />,
  review: () => <ReviewScreen />,
  outbox: () => <OutboxScreen />,
  crm: () => <CrmScreen />,
  settings: () => <SettingsScreen />,
};

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  return (
    <Tooltip label={computed === 'dark' ? 'Light theme' : 'Dark theme'}>
      <ActionIcon
        aria-label="Toggle color scheme"
        onClick={() => setColorScheme(computed === 'dark' ? 'light' : 'dark')}
        data-testid={TID.app.colorScheme}
      >
        {computed === 'dark' ? <IconSun size={16} /> : <IconMoon size={16} />}
      </ActionIcon>
    </Tooltip>
  );
}

function ReviewBadge() {
  const count = useReview((s) => s.openCount);
  if (!count) return null;
  return (
    <Badge size="sm" variant="filled" radius="xl" data-testid={TID.nav.reviewBadge} className={classes.badge}>
      {count > 9999 ? '9999+' : count}
    </Badge>
  );
}

function Navbar() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const [version, setVersion] = useState('');
  useEffect(() => {
    api().appInfo({}).then((i) => setVersion(`${i.name} ${i.version}`), () => setVersion(''));
  }, []);
  return (
    <Stack h="100%" gap={0}>
      <Group gap={10} px="md" h={56} wrap="nowrap">
        <Center className={classes.logo}><IconLogo size={18} /></Center>
        <Text fw={700} size="md">LeadForge</Text>
      </Group>
      <Stack gap={2} px="xs" py="xs" flex={1}>
        {SCREENS.map((key, i) => (
          // No hint for the screen on show: the pointer rests on the link just clicked, and an open tooltip re-measures
          // its position on every layout change of the busy screen beside it.
          <Tooltip key={key} label={<Group gap={6}>{NAV[key].hint}<Kbd size="xs">Ctrl {i + 1}</Kbd></Group>} position="right" openDelay={700} disabled={screen === key}>
            <NavLink
              component="button"
              label={NAV[key].label}
              leftSection={NAV[key].icon}
              rightSection={key === 'review' ? <ReviewBadge /> : undefined}
              active={screen === key}
              onClick={(e) => {
                // The Review list's IPC round trip starts now, while the screen renders.
                if (key === 'review') useReview.getState().open();
                go(key);
                // Hand the keyboard back to the page, so screen shortcuts (j, k, a…) work right away.
                e.currentTarget.blur();
              }}
              data-testid={TID.nav.link(key)}
              aria-current={screen === key ? 'page' : undefined}
              className={classes.navLink}
            />
          </Tooltip>
        ))}
      </Stack>
      <Group px="md" py="sm" justify="space-between" className={classes.footer} wrap="nowrap">
        <Text size="xs" c="dimmed" truncate data-testid={TID.app.version}>{version}</Text>
        <ColorSchemeToggle />
      </Group>
    </Stack>
  );
}

/** The app frame: navbar with the six screens, global shortcuts (Ctrl/⌘ + 1…6), store subscriptions. */
export function App() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const bridge = hasBridge();

  useEffect(() => {
    if (!bridge) return;
    subscribeRunEvents();
    subscribeLeadTableEvents();
    subscribeReviewEvents();
    void useRuns.getState().load();
    void useReview.getState().refreshCounts();
  }, [bridge]);

  useHotkeys(SCREENS.map((key, i) => [`mod+${i + 1}`, () => go(key)] as [string, () => void]), []);
  // Toasts about the screen left behind go with it (errors stay until dismissed).
  useEffect(() => dismissStaleToasts(), [screen]);

  if (!bridge) {
    return (
      <Center h="100%" p="xl" data-testid={TID.app.bridgeMissing}>
        <Box maw={520}>
          <ErrorState
            title="LeadForge cannot reach its engine"
            message="This page must be opened by the LeadForge app: its preload (window.leadforge) is missing. Restart the app; if it keeps happening, reinstall it."
          />
        </Box>
      </Center>
    );
  }

  return (
    <AppShell navbar={{ width: 216, breakpoint: 0 }} padding={0} data-testid={TID.app.shell} data-screen={screen} className={classes.shell}>
      <AppShell.Navbar className={classes.navbar}>
        <Navbar />
      </AppShell.Navbar>
      <AppShell.Main className={classes.main}>{SCREEN_VIEWS[screen]()}</AppShell.Main>
    </AppShell>
  );
}
