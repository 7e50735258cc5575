import { QueryFailedError } from 'typeorm';
import { isDependencyOutage } from './dependency-outage';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDependencyOutage', () => {
  it('recognises a refused, reset or timed-out connection, pool timeouts and a server going down', () => {
    expect(isDependencyOutage(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDependencyOutage(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDependencyOutage(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isDependencyOutage(withCode('connection failure', '08006'))).toBe(true);
    expect(isDependencyOutage(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''))).toBe(true);
  });

  it("follows TypeORM's driverError and an error's cause", () => {
    expect(isDependencyOutage(new QueryFailedError('select 1', [], withCode('the database system is shutting down', '57P03')))).toBe(true);
    expect(isDependencyOutage(new Error('handler failed', { cause: new Error('Connection terminated') }))).toBe(true);
  });

  it("does not take a query's own failure for an outage", () => {
    expect(isDependencyOutage(new QueryFailedError('insert', [], withCode('duplicate key value violates unique constraint', '23505')))).toBe(false);
    expect(isDependencyOutage(withCode('canceling statement due to statement timeout', '57014'))).toBe(false);
    expect(isDependencyOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDependencyOutage('ECONNREFUSED')).toBe(false);
  });
});

describe('isDependencyOutage: Redis, RPC endpoints and aggregate errors', () => {
  it('recognises ioredis losing its connection and Postgres refusing more connections', () => {
    expect(isDependencyOutage(new Error('Connection is closed.'))).toBe(true);
    expect(isDependencyOutage(new Error('Reached the max retries per request limit (which is 20).'))).toBe(true);
    expect(isDependencyOutage(withCode('sorry, too many clients already', '53300'))).toBe(true);
  });

  it('takes an aggregate error for an outage only when every error in it is one', () => {
    expect(isDependencyOutage(new AggregateError([withCode('a', 'ECONNREFUSED'), withCode('b', 'ECONNREFUSED')], ''))).toBe(true);
    expect(isDependencyOutage(new AggregateError([withCode('a', 'ECONNREFUSED'), new Error('value out of range')], ''))).toBe(false);
  });

  it('recognises an RPC endpoint that gave no answer (429, 5xx, timeout, garbage, open circuit), not one that reverted', () => {
    const named = (name: string) => Object.assign(new Error('rpc'), { name });
    for (const name of ['RpcTimeoutError', 'RpcRateLimitedError', 'RpcServerError', 'RpcConnectionError', 'RpcMalformedResponseError', 'RpcCircuitOpenError']) {
      expect(isDependencyOutage(new Error('enrichment failed', { cause: named(name) }))).toBe(true);
    }
    expect(isDependencyOutage(named('RpcRevertError'))).toBe(false);
    expect(isDependencyOutage(named('RpcInvalidParamsError'))).toBe(false);
  });
});
