export * from './lead-flow';
