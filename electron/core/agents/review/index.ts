export * from './review';
export * from './spam-phrases';
