export * from './fabric';
export * from './topology';
export * from './scaleup';
