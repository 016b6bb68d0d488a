import type { QueueStatus } from '../../stores/review';

export const QUEUE_STATUS_COLOR: Record<QueueStatus, string> = {
  pending: 'blue',
  flagged: 'orange',
  approved: 'teal',
  rejected: 'gray',
};

export const QUEUE_STATUS_LABEL: Record<QueueStatus, string> = {
  pending: 'Pending',
  flagged: 'Flagged',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const LABEL_COLOR: Record<string, string> = { high_intent: 'teal', low_intent: 'yellow', spam: 'red', wrong_fit: 'gray' };

export const SEVERITY_COLOR: Record<string, string> = { error: 'red', warning: 'orange', info: 'blue' };
