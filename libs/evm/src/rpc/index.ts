// Resilient JSON-RPC for every service that reads a chain: errors that say what to do (one
// `shouldRetry`), an endpoint pool with failover, backoff, circuit breakers and rate limits, and viem
// transports over it.
export * from './errors';
export { EndpointPool, type EndpointPoolOptions, type EndpointSelection, type RpcAttempt, type RpcEndpointConfig, type RpcPoolEvent } from './endpoint-pool';
export { resilientTransport } from './resilient-transport';
export { chainTransport, type ChainTransportOptions } from './chain-transport';
export { sendJsonRpc, type JsonRpcCall } from './json-rpc-http';
export { endpointPoolOptionsFromConfig, rpcPoolConfigShape, type RpcPoolConfig } from './rpc-config';
