export * from './assess';
export * from './csv';
export * from './features';
export * from './risk-model';
export * from './rule-score';
export * from './score-row';
export * from './upgrade-row';
