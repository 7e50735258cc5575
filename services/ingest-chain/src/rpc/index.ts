// Resilient JSON-RPC for the chain ingester: errors that say what to do, a weighted endpoint pool with
// failover, backoff, circuit breakers and rate limits, and a viem transport over it.
export * from './errors';
export { EndpointPool, type EndpointPoolOptions, type RpcAttempt, type RpcEndpointConfig, type RpcPoolEvent } from './endpoint-pool';
export { resilientTransport } from './resilient-transport';
export { sendJsonRpc, type JsonRpcCall } from './json-rpc-http';
export { endpointPoolOptionsFromConfig, rpcEndpointList, rpcEndpointSchema, rpcPoolConfigShape, type RpcPoolConfig } from './rpc-config';
