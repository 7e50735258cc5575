// The networks every service that reads a chain shares: the networks file, the env keys that give
// their endpoints, the resolution of both, and a viem transport over a network's endpoints.
export * from './rpc-endpoint';
export * from './networks-file';
export * from './resolve-networks';
export * from './networks-config';
export * from './rpc-transport';
