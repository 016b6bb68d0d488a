export * from './app-fields';
export * from './defaults';
export * from './format';
export * from './overwrite';
export * from './validate';
