export * from './template';
export * from './templates';
export * from './view';
export * from './draft-agent';
