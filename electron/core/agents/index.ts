/**
 * Embedded-default agents: rule-based, deterministic, no LLM and no network except DNS MX lookups.
 * Each agent sits behind an interface that an LLM implementation can fill with the same output schema.
 */
export * from './types';
export * from './email/analyse-email';
export { isDisposableDomain, isFreeMailDomain, isRoleLocalPart } from './email/domain-lists';
export * from './classify/classify-agent';
export * from './enrich/types';
export * from './enrich/seniority';
export * from './enrich/row-source';
export * from './enrich/email-domain-source';
export * from './enrich/dns-mx-source';
export * from './enrich/waterfall';
export * from './synthesize/synthesize';
export * from './score/score';
export * from './draft/template';
export * from './draft/templates';
export * from './draft/view';
export * from './draft/draft-agent';
export * from './review/review';
export * from './review/spam-phrases';
export * from './flow/lead-flow';
