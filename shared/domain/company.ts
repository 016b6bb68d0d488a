import { z } from 'zod';

/** A company/account, keyed by domain when known. */
export const CompanySchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  domain: z.string().optional(),
  website: z.string().optional(),
  industry: z.string().optional(),
  categories: z.array(z.string()).default([]),
  description: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  employees: z.number().int().nonnegative().optional(),
  fundingUsd: z.number().nonnegative().optional(),
  status: z.string().optional(),
  foundedYear: z.number().int().optional(),
});
export type Company = z.infer<typeof CompanySchema>;
