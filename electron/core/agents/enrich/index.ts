export * from './types';
export * from './seniority';
export * from './row-source';
export * from './email-domain-source';
export * from './dns-mx-source';
export * from './waterfall';
