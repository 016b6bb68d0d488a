import type { TaskStatus } from '@shared/domain/run';

/** Short column labels of the lead flow's stages (the table header must stay narrow). */
const SHORT: Record<string, string> = {
  classify: 'Class',
  'enrich.list': 'List',
  'enrich.email-domain': 'Email',
  'enrich.dns': 'DNS',
  'enrich.crm': 'CRM',
  synthesize: 'Profile',
  score: 'Score',
  draft: 'Draft',
  review: 'Review',
  queue: 'Queue',
  sync: 'Sync',
};

/** Long labels (tooltips, stage tiles). */
const LONG: Record<string, string> = {
  classify: 'Classify',
  'enrich.list': 'Enrich · list row',
  'enrich.email-domain': 'Enrich · email domain',
  'enrich.dns': 'Enrich · DNS MX',
  'enrich.crm': 'Enrich · CRM history',
  synthesize: 'Synthesize profile',
  score: 'Score',
  draft: 'Draft email',
  review: 'Review agent',
  queue: 'Review queue',
  sync: 'CRM sync',
};

/** "enrich.email-domain" → "Email" (≤ 7 characters). */
export function stageShort(stage: string): string {
  return SHORT[stage] ?? (stage.split('.').pop() ?? stage).slice(0, 7);
}

/** "enrich.email-domain" → "Enrich · email domain". */
export function stageLong(stage: string): string {
  return LONG[stage] ?? stage;
}

/** Mantine colour per task status. */
export const STATUS_COLOR: Record<TaskStatus, string> = {
  pending: 'gray',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  skipped: 'gray',
};

/** Mantine colour per run status. */
export const RUN_STATUS_COLOR: Record<string, string> = {
  pending: 'gray',
  running: 'blue',
  paused: 'yellow',
  cancelled: 'gray',
  done: 'teal',
  failed: 'red',
};
