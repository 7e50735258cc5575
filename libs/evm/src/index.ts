// Everything that talks to an EVM chain: the networks and their endpoints, the resilient JSON-RPC
// transport with its one retry policy (`shouldRetry`), one client factory per chain, contract-answer
// helpers, the decoding of upgrade calldata and the bytecode facts of an upgrade.
export * from './networks';
export * from './rpc';
export * from './chain-clients';
export * from './contract-answer';
export * from './upgrade-calldata';
export * from './bytecode';
