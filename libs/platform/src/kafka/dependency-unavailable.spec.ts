import { QueryFailedError } from 'typeorm';
import { isDependencyUnavailable } from './dependency-unavailable';

describe('isDependencyUnavailable', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('recognises a refused, reset or timed-out connection by its socket code', () => {
    expect(isDependencyUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDependencyUnavailable(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
  });

  it('recognises node-postgres and ioredis losing their connection', () => {
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDependencyUnavailable(new Error('Connection is closed.'))).toBe(true);
  });

  it('looks through TypeORM driver errors, causes and aggregate connect errors', () => {
    const driver = withCode('the database system is shutting down', '57P01');
    expect(isDependencyUnavailable(new QueryFailedError('SELECT 1', [], driver))).toBe(true);
    expect(isDependencyUnavailable(new Error('write failed', { cause: withCode('x', 'ECONNREFUSED') }))).toBe(true);
    expect(isDependencyUnavailable(new AggregateError([withCode('a', 'ECONNREFUSED'), withCode('b', 'ECONNREFUSED')]))).toBe(true);
  });

  it('recognises an RPC endpoint that gave no answer (429, 5xx, timeout, garbage, open circuit), not one that reverted', () => {
    const named = (name: string) => Object.assign(new Error('rpc'), { name });
    for (const name of ['RpcTimeoutError', 'RpcRateLimitedError', 'RpcServerError', 'RpcConnectionError', 'RpcMalformedResponseError', 'RpcCircuitOpenError']) {
      expect(isDependencyUnavailable(new Error('enrichment failed', { cause: named(name) }))).toBe(true);
    }
    expect(isDependencyUnavailable(named('RpcRevertError'))).toBe(false);
    expect(isDependencyUnavailable(named('RpcInvalidParamsError'))).toBe(false);
  });

  it('does not excuse a failure of the message itself', () => {
    expect(isDependencyUnavailable(new QueryFailedError('INSERT', [], withCode('duplicate key value', '23505')))).toBe(false);
    expect(isDependencyUnavailable(new Error('value out of range'))).toBe(false);
    expect(isDependencyUnavailable(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isDependencyUnavailable('ECONNREFUSED')).toBe(false);
  });
});
