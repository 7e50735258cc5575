export * from './primitives';
export * from './envelope';
export * from './chain-log';
export * from './protocol-event';
export * from './risk-assessment';
export * from './catalogue';
export * from './socket-events';
export * from './protocol-registry';
