import { z } from 'zod';

/**
 * A lead as stored after import: validated, normalised, deduplicated.
 * Contact fields are optional: a company-only row is a valid account-based lead.
 * `source` records where the row came from (file name and 1-based data row number, header = row 1).
 */
export const LeadSchema = z.object({
  id: z.string().min(1),
  /** Stable dedupe key: `email:<email>` or `company:<domain>|<name>`. */
  dedupeKey: z.string().min(1),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  fullName: z.string().optional(),
  email: z.string().email().optional(),
  title: z.string().optional(),
  phone: z.string().optional(),
  company: z.string().optional(),
  website: z.string().optional(),
  /** Registrable host without `www.`, lowercase (e.g. `acme.com`). */
  domain: z.string().optional(),
  industry: z.string().optional(),
  /** Free-form category tags (e.g. YC "Categories"). */
  categories: z.array(z.string()).default([]),
  description: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  employees: z.number().int().nonnegative().optional(),
  fundingUsd: z.number().nonnegative().optional(),
  /** Company stage/status text from the list (e.g. "Operating", "Acquired"). */
  status: z.string().optional(),
  foundedYear: z.number().int().optional(),
  linkedinUrl: z.string().optional(),
  /** Other people at the company named by the list (e.g. "Founders"); the first may become the contact. */
  contacts: z.array(z.object({ fullName: z.string(), title: z.string().optional() })).default([]),
  /** Unmapped columns, kept verbatim (strings only) so nothing in the list is lost. */
  extra: z.record(z.string(), z.string()).default({}),
  source: z.object({ file: z.string(), row: z.number().int().positive(), importId: z.string() }),
  importedAt: z.string(),
});
export type Lead = z.infer<typeof LeadSchema>;

/** The subset of lead fields a column can be mapped onto. `contacts` = a list of people ("Founders"). */
export const LeadFieldSchema = z.enum([
  'firstName', 'lastName', 'fullName', 'email', 'title', 'phone', 'company', 'website', 'domain',
  'industry', 'categories', 'description', 'city', 'country', 'employees', 'fundingUsd', 'status',
  'foundedYear', 'linkedinUrl', 'contacts',
]);
export type LeadField = z.infer<typeof LeadFieldSchema>;

/** Column mapping: header text (as in the file) → lead field, or `null` to ignore the column. */
export const ColumnMappingSchema = z.record(z.string(), LeadFieldSchema.nullable());
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/** A row the importer refused, with the 1-based row number in the file (header = row 1). */
export const RowErrorSchema = z.object({
  row: z.number().int().nonnegative(),
  field: z.string().optional(),
  reason: z.string(),
});
export type RowError = z.infer<typeof RowErrorSchema>;

/** Summary of one import. */
export const ImportReportSchema = z.object({
  importId: z.string(),
  file: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  delimiter: z.string().optional(),
  headers: z.array(z.string()),
  mapping: ColumnMappingSchema,
  rows: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.array(RowErrorSchema),
  /**
   * Non-fatal findings: renamed blank/duplicate headers, invalid emails/websites dropped from a lead that was
   * still imported (raw text kept in `extra`), truncated cells, ragged rows. Capped (see the importer).
   */
  warnings: z.array(RowErrorSchema).default([]),
  leadIds: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;
