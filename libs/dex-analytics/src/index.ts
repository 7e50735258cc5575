export * from './swap';
export * from './detection';
export * from './detect-sandwiches';
export * from './detect-arbitrages';
export * from './detect-mev';
export * from './wallet-book';
export * from './smart-money-scenario';
export * from './smart-money-classifier';
