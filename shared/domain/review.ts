import { z } from 'zod';
import { ClassificationSchema } from './classification';
import { DraftSchema } from './draft';
import { LeadScoreSchema } from './score';

export const ReviewIssueSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
});
export type ReviewIssue = z.infer<typeof ReviewIssueSchema>;

/** The automated quality gate's verdict: `passed` is false iff any issue has severity `error`. */
export const ReviewVerdictSchema = z.object({
  passed: z.boolean(),
  issues: z.array(ReviewIssueSchema),
  agent: z.string(),
});
export type ReviewVerdict = z.infer<typeof ReviewVerdictSchema>;

/**
 * One item of the review queue: the latest draft for a lead (id = leadId, so a lead never has two queued
 * drafts), the automated verdict, and what the rep needs beside it. `flagged` = failed review after one redraft.
 */
export const QueueItemSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  runId: z.string(),
  status: z.enum(['pending', 'flagged', 'approved', 'rejected']),
  draft: DraftSchema,
  verdict: ReviewVerdictSchema,
  draftAttempts: z.number().int().positive(),
  score: LeadScoreSchema,
  classification: ClassificationSchema,
  rejectReason: z.string().optional(),
  /** When the rep first had this draft's body on screen (ISO-8601); bulk approve refuses drafts never shown. */
  seenAt: z.string().optional(),
  /** When the rep approved or rejected it (ISO-8601). */
  decidedAt: z.string().optional(),
  /** True when the rep edited subject/body; `originalDraft` then keeps the agent's version. */
  edited: z.boolean().optional(),
  originalDraft: DraftSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;
