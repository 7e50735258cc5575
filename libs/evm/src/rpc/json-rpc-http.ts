import { retryAfterMs } from '@pum/platform';
import { stringify } from 'viem';
import {
  RpcAbortedError,
  RpcConnectionError,
  RpcError,
  RpcHttpError,
  RpcMalformedResponseError,
  RpcRateLimitedError,
  RpcServerError,
  RpcTimeoutError,
  classifyJsonRpcError,
  type RpcErrorOptions,
} from './errors';

/** One JSON-RPC call as viem's EIP-1193 `request` receives it. */
export interface JsonRpcCall {
  method: string;
  params?: unknown;
}

export interface SendJsonRpcOptions {
  /** Named in errors and events instead of the URL, which may carry an API key. */
  endpoint: string;
  timeoutMs: number;
  /** The caller's cancellation; distinct from our own timeout. */
  signal?: AbortSignal;
}

let nextId = 1;

/**
 * POSTs one JSON-RPC 2.0 request with fetch and returns its `result`, or throws the RpcError class
 * that says what to do: HTTP 429 → rate-limited (with Retry-After), 408/5xx → server error, a socket
 * reset → connection error, our timeout → timeout, an answer that is not a valid response to this
 * request → malformed, a JSON-RPC error → its classification (revert, invalid params, …).
 *
 * @example const hex = await sendJsonRpc(url, { method: 'eth_blockNumber' }, { endpoint: 'local', timeoutMs: 5_000 })
 */
export async function sendJsonRpc(url: string, call: JsonRpcCall, options: SendJsonRpcOptions): Promise<unknown> {
  const { endpoint, timeoutMs, signal } = options;
  if (signal?.aborted) throw new RpcAbortedError({ endpoint, cause: signal.reason });
  const id = nextId++;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: stringify({ jsonrpc: '2.0', id, method: call.method, params: call.params ?? [] }),
      signal: combined,
    });
    // The body is read under the same timeout: a server may send headers and then stall.
    const text = await response.text();
    return interpretHttpResponse(response.status, response.headers.get('retry-after'), text, id, endpoint);
  } catch (error) {
    if (error instanceof RpcError) throw error;
    if (signal?.aborted) throw new RpcAbortedError({ endpoint, cause: signal.reason });
    if (timeout.signal.aborted) throw new RpcTimeoutError(timeoutMs, { endpoint, cause: error });
    throw new RpcConnectionError(describeFetchFailure(error), { endpoint, cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function interpretHttpResponse(
  status: number,
  retryAfter: string | null,
  text: string,
  id: number,
  endpoint: string,
): unknown {
  if (status === 429) throw new RpcRateLimitedError(retryAfterMs(retryAfter), { endpoint });
  if (status === 408 || status >= 500) throw new RpcServerError(status, retryAfterMs(retryAfter), { endpoint });
  if (status >= 200 && status < 300) return parseJsonRpcResponse(text, id, { endpoint });
  // Some providers answer a JSON-RPC error with a 4xx status: the JSON-RPC error is the better answer.
  try {
    return parseJsonRpcResponse(text, id, { endpoint });
  } catch (error) {
    if (error instanceof RpcMalformedResponseError) throw new RpcHttpError(status, { endpoint });
    throw error;
  }
}

/**
 * Validates a JSON-RPC 2.0 response body to the request with `expectedId` and returns its `result`.
 * Anything but `jsonrpc: "2.0"`, the same id and exactly one of `result` / a well-formed `error` is a
 * RpcMalformedResponseError; a JSON-RPC error is thrown as its classified RpcError.
 *
 * @example parseJsonRpcResponse('{"jsonrpc":"2.0","id":7,"result":"0x1"}', 7) // '0x1'
 */
export function parseJsonRpcResponse(text: string, expectedId: number, options: RpcErrorOptions = {}): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RpcMalformedResponseError(`not JSON: ${preview(text)}`, options);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RpcMalformedResponseError(`not a JSON-RPC response object: ${preview(text)}`, options);
  }
  const message = body as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') {
    throw new RpcMalformedResponseError(`jsonrpc is ${stringify(message.jsonrpc)}, not "2.0"`, options);
  }
  if (message.id !== expectedId) {
    throw new RpcMalformedResponseError(`id ${stringify(message.id)} does not match request id ${expectedId}`, options);
  }
  const hasResult = 'result' in message;
  const hasError = 'error' in message;
  if (hasResult === hasError) {
    throw new RpcMalformedResponseError(
      hasResult ? 'both result and error present' : 'neither result nor error present',
      options,
    );
  }
  if (hasResult) return message.result;
  const error = message.error;
  if (
    typeof error !== 'object' ||
    error === null ||
    !('code' in error) ||
    !Number.isInteger(error.code) ||
    !('message' in error) ||
    typeof error.message !== 'string'
  ) {
    throw new RpcMalformedResponseError(`error member is not {code, message}: ${preview(stringify(error))}`, options);
  }
  throw classifyJsonRpcError(
    { code: error.code as number, message: error.message, data: 'data' in error ? error.data : undefined },
    options,
  );
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

// fetch rejects with `TypeError: fetch failed` and the socket error (ECONNRESET, UND_ERR_SOCKET, …) as cause.
function describeFetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? `${cause.code}: ` : '';
    return `${code}${cause.message}`;
  }
  return error.message;
}
