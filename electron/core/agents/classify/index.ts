export * from './classify-agent';
export * from './signals';
