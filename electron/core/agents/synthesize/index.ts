export * from './synthesize';
