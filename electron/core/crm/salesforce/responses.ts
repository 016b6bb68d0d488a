import { z } from 'zod';
import { CrmError } from '../types';

/**
 * zod schemas for the Salesforce REST responses the adapter reads (untrusted input, checked at the boundary).
 * Only the members we use are required; others pass through.
 */

/** Query: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm */
export const QueryResultSchema = z.object({
  totalSize: z.number().int().nonnegative(),
  done: z.boolean(),
  nextRecordsUrl: z.string().startsWith('/services/data/').optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});
export type QueryResultBody = z.infer<typeof QueryResultSchema>;

/** One item of an sObject Collections answer (SaveResult / UpsertResult). Errors use `statusCode`. */
export const SaveResultSchema = z.object({
  id: z.string().nullish(),
  success: z.boolean(),
  created: z.boolean().optional(),
  errors: z
    .array(z.object({ statusCode: z.string().optional(), errorCode: z.string().optional(), message: z.string(), fields: z.array(z.string()).optional() }))
    .default([]),
});
export type SaveResultBody = z.infer<typeof SaveResultSchema>;
export const SaveResultsSchema = z.array(SaveResultSchema);

/** Describe: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm */
export const DescribeSchema = z.object({
  name: z.string(),
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      type: z.string(),
      length: z.number().int().nullish(),
      createable: z.boolean(),
      updateable: z.boolean(),
      unique: z.boolean().default(false),
      custom: z.boolean().default(false),
      externalId: z.boolean().default(false),
      picklistValues: z.array(z.object({ value: z.string(), active: z.boolean().default(true) })).nullish(),
    }),
  ),
});
export type DescribeBody = z.infer<typeof DescribeSchema>;

/** Resources by version (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm). */
export const VersionResourcesSchema = z.object({ identity: z.string().url().optional() });

/** Identity URL answer (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm). */
export const IdentitySchema = z.object({
  user_id: z.string(),
  organization_id: z.string(),
  username: z.string().optional(),
  display_name: z.string().optional(),
});

/**
 * Parses a response body.
 * @param what what was being read, for the error
 * @throws CrmError (code `INVALID_RESPONSE`, not retryable) naming the first offending member
 */
export function parseResponse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new CrmError(`Salesforce ${what}: unexpected response (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`, {
    kind: 'salesforce',
    code: 'INVALID_RESPONSE',
    retryable: false,
  });
}
