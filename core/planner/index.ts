export * from './requirements';
export * from './pareto';
export * from './assumptions';
export * from './economics';
export * from './timeModel';
export * from './plan';
