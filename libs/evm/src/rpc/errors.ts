// What can go wrong with a JSON-RPC call, one class per thing the caller should do about it
// (STYLE.md §5). `retryable` means another attempt — on this endpoint or another — may succeed;
// a non-retryable error is the answer and must reach the caller unchanged.

/** Where an error came from: the endpoint's name (never its URL, which may carry an API key). */
export interface RpcErrorOptions {
  endpoint?: string;
  cause?: unknown;
}

/** Base of every error the RPC layer raises; `retryable` says whether to try again. */
export abstract class RpcError extends Error {
  abstract readonly retryable: boolean;
  /** JSON-RPC error code when the node answered with one (kept so viem maps it like its own transports). */
  readonly code?: number;
  /** JSON-RPC `error.data` as the node sent it. */
  readonly data?: unknown;
  readonly endpoint?: string;

  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(options.endpoint === undefined ? message : `${message} (endpoint ${options.endpoint})`, {
      cause: options.cause,
    });
    this.name = new.target.name;
    this.endpoint = options.endpoint;
    if (options.code !== undefined) this.code = options.code;
    if (options.data !== undefined) this.data = options.data;
  }
}

// ---------------------------------------------------------------- retryable

/** The endpoint did not answer within its timeout; retry, preferably elsewhere. */
export class RpcTimeoutError extends RpcError {
  readonly retryable = true;
  constructor(
    readonly timeoutMs: number,
    options: RpcErrorOptions = {},
  ) {
    super(`RPC request timed out after ${timeoutMs} ms`, options);
  }
}

/** The endpoint throttled us (HTTP 429, -32005, …); retry after `retryAfterMs` when it said so. */
export class RpcRateLimitedError extends RpcError {
  readonly retryable = true;
  constructor(
    readonly retryAfterMs: number | undefined,
    options: RpcErrorOptions & { code?: number; data?: unknown; detail?: string } = {},
  ) {
    const after = retryAfterMs === undefined ? '' : `, retry after ${retryAfterMs} ms`;
    super(`RPC endpoint rate-limited the request${after}${options.detail ? `: ${options.detail}` : ''}`, options);
  }
}

/** The endpoint failed with HTTP 5xx or 408; retry (after `retryAfterMs` if it said so). */
export class RpcServerError extends RpcError {
  readonly retryable = true;
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined = undefined,
    options: RpcErrorOptions = {},
  ) {
    super(`RPC endpoint answered HTTP ${status}`, options);
  }
}

/** The connection failed or was reset before a full answer arrived; retry. */
export class RpcConnectionError extends RpcError {
  readonly retryable = true;
  constructor(
    readonly reason: string,
    options: RpcErrorOptions = {},
  ) {
    super(`RPC connection failed: ${reason}`, options);
  }
}

/** The answer was not a JSON-RPC 2.0 response to our request (bad JSON, wrong id, …); retry elsewhere. */
export class RpcMalformedResponseError extends RpcError {
  readonly retryable = true;
  constructor(
    readonly reason: string,
    options: RpcErrorOptions = {},
  ) {
    super(`malformed JSON-RPC response: ${reason}`, options);
  }
}

/** The node failed internally (-32603 without a revert); retry. */
export class RpcInternalError extends RpcError {
  readonly retryable = true;
  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(`RPC internal error: ${message}`, options);
  }
}

/** The node does not have that block or state yet (lagging or pruned node); retry, ideally elsewhere. */
export class RpcBlockUnavailableError extends RpcError {
  readonly retryable = true;
  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(`RPC node lacks the block or state: ${message}`, options);
  }
}

/** Every endpoint's circuit is open; fail fast and try again after `retryAfterMs`. */
export class RpcCircuitOpenError extends RpcError {
  readonly retryable = true;
  constructor(readonly retryAfterMs: number) {
    super(`every RPC endpoint's circuit is open; next probe in ${retryAfterMs} ms`);
  }
}

// ---------------------------------------------------------------- not retryable

/** The call reverted; that is the chain's answer — never retry. */
export class RpcRevertError extends RpcError {
  readonly retryable = false;
  /** Revert data (`0x…`) when the node returned it. */
  readonly revertData?: `0x${string}`;
  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(message, options); // the node already says it reverted (and why)
    this.revertData = findRevertData(options.data);
  }
}

/** The node rejected the parameters (-32602); fix the request — never retry. */
export class RpcInvalidParamsError extends RpcError {
  readonly retryable = false;
  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(`invalid RPC params: ${message}`, options);
  }
}

/** The log query spans too many blocks or results; shrink the range and ask again — never retry as is. */
export class RpcRangeTooLargeError extends RpcError {
  readonly retryable = false;
  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(`RPC query range too large: ${message}`, options);
  }
}

/** The endpoint does not serve this method (-32601, -32004); use another method or endpoint — never retry. */
export class RpcMethodNotSupportedError extends RpcError {
  readonly retryable = false;
  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(`RPC method not supported: ${message}`, options);
  }
}

/** The endpoint refused the HTTP request (4xx other than 408/429: auth, not found); fix the config — never retry. */
export class RpcHttpError extends RpcError {
  readonly retryable = false;
  constructor(
    readonly status: number,
    options: RpcErrorOptions = {},
  ) {
    super(`RPC endpoint refused the request with HTTP ${status}`, options);
  }
}

/** Any other JSON-RPC error the node returned; it is the node's answer — never retry. */
export class RpcRequestRejectedError extends RpcError {
  readonly retryable = false;
  constructor(message: string, options: RpcErrorOptions & { code?: number; data?: unknown } = {}) {
    super(`RPC request rejected (code ${options.code ?? 'none'}): ${message}`, options);
  }
}

/** The caller aborted the request; stop — never retry. */
export class RpcAbortedError extends RpcError {
  readonly retryable = false;
  constructor(options: RpcErrorOptions = {}) {
    super('RPC request aborted by the caller', options);
  }
}

// ---------------------------------------------------------------- decisions

/**
 * Whether another attempt may succeed: only RPC errors that say so; never a revert, invalid params,
 * or anything unknown (a bug does not go away by retrying).
 *
 * @example if (shouldRetry(error)) await sleep(backoff)
 */
export function shouldRetry(error: unknown): boolean {
  return error instanceof RpcError && error.retryable;
}

/**
 * The RpcError in an error's `cause` chain — viem wraps transport errors in its own classes.
 *
 * @example if (findRpcError(error) instanceof RpcRangeTooLargeError) range = halve(range)
 */
export function findRpcError(error: unknown): RpcError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current instanceof RpcError) return current;
    current = current.cause;
  }
  return undefined;
}

/** The `error` member of a JSON-RPC 2.0 response. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

// Messages providers use when an eth_getLogs range is too wide (Infura reports it with -32005, the
// rate-limit code, so this is checked first).
const RANGE_TOO_LARGE =
  /query returned more than \d+ results|block range (is )?too (large|wide)|range (is )?too large|log response size exceeded|response size (is larger than|exceed)|exceeds? (the )?max(imum)? (block )?range|limited to (a )?[\d,]+ (blocks? )?range|query exceeds max results|too many (logs|blocks) (requested|in range)/i;
const REVERT = /revert/i;
const RATE_LIMITED = /rate.?limit|too many requests|request limit (reached|exceeded)|exceeded .*(capacity|quota)|compute units/i;
const BLOCK_UNAVAILABLE = /header not found|unknown block|block not found|missing trie node|state (is )?not available/i;

/** True when a provider's error message says an `eth_getLogs` range (or its result) was too large. */
export function isRangeTooLargeMessage(message: string): boolean {
  return RANGE_TOO_LARGE.test(message);
}

/**
 * Maps the node's JSON-RPC error to the class that says what to do about it.
 *
 * @example throw classifyJsonRpcError({ code: -32602, message: 'invalid address' }, { endpoint: 'infura' })
 */
export function classifyJsonRpcError(error: JsonRpcErrorObject, options: RpcErrorOptions = {}): RpcError {
  const { code, message, data } = error;
  const details = { ...options, code, data };
  if (RANGE_TOO_LARGE.test(message)) return new RpcRangeTooLargeError(message, details);
  // Code 3 is geth's revert; Hardhat says -32603 "Transaction reverted…", others -32000 "execution reverted".
  if (code === 3 || code === -32015 || REVERT.test(message)) return new RpcRevertError(message, details);
  if (code === -32602) return new RpcInvalidParamsError(message, details);
  if (code === -32601 || code === -32004) return new RpcMethodNotSupportedError(message, details);
  if (code === -32005 || code === 429 || code === -32007 || RATE_LIMITED.test(message)) {
    return new RpcRateLimitedError(undefined, { ...details, detail: message });
  }
  if (BLOCK_UNAVAILABLE.test(message)) return new RpcBlockUnavailableError(message, details);
  if (code === -32603) return new RpcInternalError(message, details);
  return new RpcRequestRejectedError(message, details);
}

function findRevertData(data: unknown): `0x${string}` | undefined {
  if (typeof data === 'string' && /^0x[0-9a-f]*$/i.test(data)) return data as `0x${string}`;
  // Hardhat nests it: { message, data: '0x…' }.
  if (typeof data === 'object' && data !== null && 'data' in data) return findRevertData(data.data);
  return undefined;
}
