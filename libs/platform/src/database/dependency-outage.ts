/** Socket-level codes of a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * Postgres SQLSTATEs of a server that is not there to answer: class 08 (connection exception) and 57P01–57P03
 * (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections). A query's own failure (a constraint, a syntax error,
 * a statement timeout 57014) is not one.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** What node-postgres, pg-pool and ioredis say, without a code, when the server went away or never answered. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|the database system is (starting up|shutting down)|Connection is closed|Reached the max retries per request limit|Stream isn't writeable/i;

/**
 * The RPC layer's (`@pum/evm` rpc/errors) classes for an endpoint that gave no answer — by name, as the platform does
 * not depend on the EVM library. A revert or invalid params is an answer, and not listed.
 */
const UPSTREAM_UNAVAILABLE = new Set(['RpcTimeoutError', 'RpcRateLimitedError', 'RpcServerError', 'RpcConnectionError', 'RpcMalformedResponseError', 'RpcCircuitOpenError']);

/**
 * Whether `error` means a dependency (Postgres, Redis, an RPC endpoint, or a socket under them) is unreachable right now, as opposed to the
 * work itself failing. Such an error says nothing about the message or request: a consumer waits and retries it
 * without counting an attempt (never dead-letters it), a REST route answers 503 with Retry-After. Follows
 * TypeORM's `driverError` and `cause` chains.
 *
 * @example isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 */
export function isDependencyOutage(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: errors of Node's own modules come from another realm under some runners (jest).
  for (let current: unknown = error, depth = 0; isErrorLike(current) && depth < 5; depth += 1) {
    const { code, message, errors, name } = current as { code?: unknown; message: string; errors?: unknown; name?: unknown };
    if (typeof name === 'string' && UPSTREAM_UNAVAILABLE.has(name)) return true;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (UNAVAILABLE_MESSAGE.test(message)) return true;
    if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isDependencyOutage(inner))) return true; // AggregateError: every address refused
    current = (current as { driverError?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

const isErrorLike = (value: unknown): boolean => typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
