import { z } from 'zod';

export const ClassificationLabelSchema = z.enum(['high_intent', 'low_intent', 'spam', 'wrong_fit']);
export type ClassificationLabel = z.infer<typeof ClassificationLabelSchema>;

/** The classify agent's verdict; `confidence` is 0..1; `reasons` are human-readable signals. */
export const ClassificationSchema = z.object({
  label: ClassificationLabelSchema,
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  agent: z.string(),
});
export type Classification = z.infer<typeof ClassificationSchema>;
