export * from './analyse-email';
export { isDisposableDomain, isFreeMailDomain, isRoleLocalPart } from './domain-lists';
