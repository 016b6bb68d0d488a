import { randomUUID } from 'node:crypto';

/**
 * HubSpot's error bodies, as the CRM APIs return them:
 * `{ status: 'error', message, correlationId, category, subCategory?, errors?, context?, links? }`
 * (https://developers.hubspot.com/docs/api/faq — "Error handling"; every v3 endpoint's 4xx/5xx schema is `Error`).
 * The 429 body differs (`errorType`, `policyName`, no `category`): see {@link rateLimitBody}.
 */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: { message: string; code?: string; in?: string; subCategory?: string; context?: Record<string, string[]> }[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
}

/** A thrown HTTP answer: route handlers throw it, the server renders it. */
export class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Builds a HubSpot error answer. */
export function hubspotError(
  status: number,
  category: string,
  message: string,
  extra: Partial<Omit<HubSpotErrorBody, 'status' | 'message' | 'category' | 'correlationId'>> = {},
): HttpAnswer {
  const body: HubSpotErrorBody = { status: 'error', message, correlationId: randomUUID(), category, ...extra };
  return new HttpAnswer(status, body);
}

/** 400 VALIDATION_ERROR. */
export const validationError = (message: string, extra: Parameters<typeof hubspotError>[3] = {}): HttpAnswer =>
  hubspotError(400, 'VALIDATION_ERROR', message, extra);

/** 404 OBJECT_NOT_FOUND (single-record routes). */
export const notFound = (message = 'resource not found'): HttpAnswer => hubspotError(404, 'OBJECT_NOT_FOUND', message);

/**
 * The 429 body HubSpot sends when a rate limit is hit (seen on the wire, e.g.
 * https://github.com/HubSpot/hubspot-api-python/issues/117; limits: https://developers.hubspot.com/docs/api/usage-details):
 * ten-secondly burst limit → `policyName: 'TEN_SECONDLY_ROLLING'`, message "You have reached your ten_secondly_rolling
 * limit."; the CRM search limit → `policyName: 'SECONDLY'`, message "You have reached your secondly limit." (the
 * message the SDK's own RetryDecorator matches on), daily → `DAILY`.
 */
export function rateLimitBody(policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY', portalId: number): Record<string, string> {
  const message =
    policy === 'TEN_SECONDLY_ROLLING'
      ? 'You have reached your ten_secondly_rolling limit.'
      : policy === 'SECONDLY'
        ? 'You have reached your secondly limit.'
        : 'You have reached your daily limit.';
  const group =
    policy === 'TEN_SECONDLY_ROLLING' ? 'publicapi:private-app-api-calls-ten-secondly' : policy === 'SECONDLY' ? 'publicapi:crm-search' : 'publicapi:private-app-api-calls-daily';
  return { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: policy, groupName: `${group}:${portalId}` };
}

/**
 * The "Property values were not valid" 400 HubSpot returns when any input of a write has a bad property value: the
 * whole call is refused, nothing is written (https://developers.hubspot.com/docs/api/crm/contacts — "Read-only and
 * non-existent properties will result in an error").
 */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

export function propertyValuesError(problems: PropertyProblem[], portalId: number): HttpAnswer {
  const detail = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message, portalId }));
  return validationError(`Property values were not valid: ${JSON.stringify(detail)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  });
}
