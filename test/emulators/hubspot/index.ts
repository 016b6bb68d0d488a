/**
 * HubSpot emulator for integration tests and benchmarks. Start one with {@link startHubSpotEmulator}; see
 * server.ts for the API (fault injection, seeding, state, throughput) and routes/*.ts for the endpoints and the
 * HubSpot docs each follows.
 */
export { HubSpotEmulator, startHubSpotEmulator, type ThroughputReport } from './server';
export type { HubSpotEmulatorOptions, OAuthAppConfig, RequestLogEntry, TokenInfo } from './core';
export type { Fault, FaultHandle, FaultRule } from './faults';
export type { ObjectType, PropertyDef } from './model';
export type { StoredRecord, Owner } from './state';
