import { z } from 'zod';

/** A profile fact a draft relies on; `text` is the value as written in the draft. */
export const DraftFactSchema = z.object({
  field: z.string().optional(),
  text: z.string(),
  source: z.string(),
});
export type DraftFact = z.infer<typeof DraftFactSchema>;

export const SenderSchema = z.object({
  name: z.string(),
  company: z.string(),
  email: z.string().optional(),
  address: z.string().optional(),
});
export type Sender = z.infer<typeof SenderSchema>;

/** A first-touch email draft and the facts it uses. */
export const DraftSchema = z.object({
  subject: z.string().min(1),
  body: z.string().min(1),
  to: z.object({ name: z.string().optional(), email: z.string().optional(), company: z.string().optional() }),
  facts: z.array(DraftFactSchema),
  template: z.string(),
  agent: z.string(),
  attempt: z.number().int().positive().default(1),
});
export type Draft = z.infer<typeof DraftSchema>;
