/** Socket error codes of a dependency that cannot be reached (refused, reset, timed out, not resolvable). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * SQLSTATEs of a Postgres that is not there to answer: class 08 (connection exception), 57P01–57P03
 * (shut down, crashed, not yet accepting connections), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** What node-postgres and ioredis say when the connection is gone, without a code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Reached the max retries per request limit|Client has encountered a connection error|Stream isn't writeable/i;

/**
 * The RPC layer's (`@pum/evm` rpc/errors) classes for an endpoint that did not give an answer — by name, as the
 * platform does not depend on the EVM library. A revert or invalid params is an answer, and not listed.
 */
const UPSTREAM_UNAVAILABLE = new Set(['RpcTimeoutError', 'RpcRateLimitedError', 'RpcServerError', 'RpcConnectionError', 'RpcMalformedResponseError', 'RpcCircuitOpenError']);

/**
 * Whether `error` (or any error in its `cause` chain, or a TypeORM `driverError`) says a dependency — Postgres,
 * Redis, an HTTP upstream — is unreachable rather than that the message is bad. Such a failure is the outage's,
 * not the message's: it must not use up the message's attempts and send it to the DLQ.
 *
 * @example isDependencyUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, driverError, errors, name } = error as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown; errors?: unknown; name?: unknown };
  if (typeof name === 'string' && UPSTREAM_UNAVAILABLE.has(name)) return true;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  // AggregateError: node's happy-eyeballs connect reports one error per address tried.
  if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isDependencyUnavailable(inner, depth + 1))) return true;
  return isDependencyUnavailable(cause, depth + 1) || isDependencyUnavailable(driverError, depth + 1);
}
