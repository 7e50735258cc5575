export * from './wait-for';
export * from './test-env';
export * from './kafka-probe';
export * from './postgres';
export * from './fixtures';
export * from './spawn-service';
export * from './devnet-node';
export * from './redis';
