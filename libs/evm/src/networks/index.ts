// The networks every service that reads a chain shares: the networks file, the env keys that give
// their endpoints and the resolution of both.
export * from './rpc-endpoint';
export * from './networks-file';
export * from './resolve-networks';
export * from './networks-config';
