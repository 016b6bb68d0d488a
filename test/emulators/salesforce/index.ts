/** The Salesforce REST API emulator for integration tests (see server.ts for the endpoints and their docs). */
export { SalesforceEmulator, type SalesforceEmulatorOptions, type RequestLogEntry } from './server';
export { Faults, type FaultRule, type FaultKind } from './faults';
export { customField, DEFAULT_CUSTOM_FIELDS, type FieldSpec } from './schema';
export type { SfRecord, RecordError } from './data';
