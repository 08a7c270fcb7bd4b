export * from './assumptions';
export * from './reliability';
