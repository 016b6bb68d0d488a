export * from './context';
export * from './execute';
export * from './inputs';
export * from './plan';
export * from './state';
