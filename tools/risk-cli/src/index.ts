export * from './evaluate';
export * from './folds';
export * from './metrics';
export * from './train';
