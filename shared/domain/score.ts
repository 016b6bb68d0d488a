import { z } from 'zod';

/** One scoring factor: signed points and the reason (naming the profile field and its source). */
export const ScoreFactorSchema = z.object({
  code: z.string(),
  points: z.number(),
  reason: z.string(),
  field: z.string().optional(),
  source: z.string().optional(),
});
export type ScoreFactor = z.infer<typeof ScoreFactorSchema>;

/** Lead score 0-100 (integer) with the factors that produced it; `qualified` = score ≥ settings threshold. */
export const LeadScoreSchema = z.object({
  score: z.number().int().min(0).max(100),
  factors: z.array(ScoreFactorSchema),
  qualified: z.boolean(),
  agent: z.string(),
});
export type LeadScore = z.infer<typeof LeadScoreSchema>;
