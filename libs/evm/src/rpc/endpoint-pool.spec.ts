import { waitFor } from '@pum/testing';
import { EndpointPool, type EndpointPoolOptions, type RpcAttempt, type RpcPoolEvent } from './endpoint-pool';
import {
  RpcCircuitOpenError,
  RpcError,
  RpcInvalidParamsError,
  RpcRangeTooLargeError,
  RpcRateLimitedError,
  RpcRevertError,
  RpcServerError,
  RpcTimeoutError,
} from './errors';

type Behaviour = () => Promise<string>;

/** Endpoints `a.test`, `b.test`, … whose answers the test scripts, counting calls per endpoint. */
function scriptedPool(behaviours: Record<string, Behaviour>, options: Partial<EndpointPoolOptions> = {}) {
  const calls: { endpoint: string; at: number }[] = [];
  const events: RpcPoolEvent[] = [];
  const sut = new EndpointPool({
    endpoints: Object.keys(behaviours).map((name) => ({ url: `http://${name}` })),
    backoff: { baseMs: 1, capMs: 5 },
    onEvent: (event) => events.push(event),
    ...options,
  });
  const run = (): Promise<string> =>
    sut.execute('eth_blockNumber', (target: RpcAttempt) => {
      calls.push({ endpoint: target.endpoint, at: Date.now() });
      return behaviours[target.endpoint]();
    });
  const callsTo = (endpoint: string): number => calls.filter((call) => call.endpoint === endpoint).length;
  return { sut, run, calls, callsTo, events };
}

const ok: Behaviour = () => Promise.resolve('0x1');
const failWith = (error: () => RpcError): Behaviour => () => Promise.reject(error());

describe('EndpointPool', () => {
  it('spreads calls over healthy endpoints by weight', async () => {
    let draw = 0;
    const evenlySpread = (): number => ((draw++ % 400) + 0.5) / 400;
    const { run, callsTo } = scriptedPool(
      { 'a.test': ok, 'b.test': ok },
      { random: evenlySpread, endpoints: [{ url: 'http://a.test', weight: 3 }, { url: 'http://b.test', weight: 1 }] },
    );

    for (let i = 0; i < 400; i++) await run();

    expect([callsTo('a.test'), callsTo('b.test')]).toEqual([300, 100]);
  });

  it('asks the highest weight first under priority selection, configuration order among equals', async () => {
    const { run, callsTo } = scriptedPool(
      { 'a.test': ok, 'b.test': ok, 'c.test': ok },
      { selection: 'priority', endpoints: [{ url: 'http://a.test' }, { url: 'http://b.test', weight: 2 }, { url: 'http://c.test', weight: 2 }] },
    );

    for (let i = 0; i < 20; i++) await run();

    expect([callsTo('a.test'), callsTo('b.test'), callsTo('c.test')]).toEqual([0, 20, 0]);
  });

  it('names endpoints by host, never by a path that may hold an API key', () => {
    const sut = new EndpointPool({
      endpoints: [{ url: 'https://eth.example/v2/SECRET' }, { url: 'https://eth.example/v2/OTHER' }, { url: 'http://x', name: 'local' }],
    });

    expect(sut.endpointNames).toEqual(['eth.example', 'eth.example#2', 'local']);
  });

  it('fails over to another endpoint on a retryable error', async () => {
    const { run, callsTo, events } = scriptedPool(
      { 'a.test': failWith(() => new RpcServerError(503)), 'b.test': ok },
      { endpoints: [{ url: 'http://a.test', weight: 1_000 }, { url: 'http://b.test', weight: 1 }] },
    );

    await expect(run()).resolves.toBe('0x1');

    expect([callsTo('a.test'), callsTo('b.test')]).toEqual([1, 1]);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'failover', endpoint: 'b.test', from: 'a.test' }));
  });

  it.each([
    ['a revert', () => new RpcRevertError('execution reverted')],
    ['invalid params', () => new RpcInvalidParamsError('invalid address')],
    ['a too-large range', () => new RpcRangeTooLargeError('block range is too large')],
  ])('throws %s at once without retrying anywhere', async (_case, error) => {
    const { run, calls } = scriptedPool({ 'a.test': failWith(error), 'b.test': failWith(error) });

    await expect(run()).rejects.toBeInstanceOf(error().constructor);

    expect(calls).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { run, calls } = scriptedPool(
      { 'a.test': failWith(() => new RpcTimeoutError(10)), 'b.test': failWith(() => new RpcTimeoutError(10)) },
      { maxAttempts: 4 },
    );

    await expect(run()).rejects.toBeInstanceOf(RpcTimeoutError);

    expect(calls).toHaveLength(4);
  });

  it('gives up rather than back off past its time budget', async () => {
    const { run, calls } = scriptedPool(
      { 'a.test': failWith(() => new RpcServerError(500)), 'b.test': failWith(() => new RpcServerError(502)) },
      { maxTotalMs: 200, backoff: { baseMs: 10_000, capMs: 10_000 }, random: () => 0.99 },
    );
    const started = Date.now();

    await expect(run()).rejects.toBeInstanceOf(RpcServerError);

    expect(calls).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('waits at least Retry-After before asking the endpoint that asked for it again', async () => {
    let answers = 0;
    const { run, calls } = scriptedPool({
      'a.test': () => (answers++ === 0 ? Promise.reject(new RpcRateLimitedError(300)) : ok()),
    });

    await expect(run()).resolves.toBe('0x1');

    expect(calls).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(290);
  });

  it('opens the circuit of a failing endpoint, routes around it, and closes it after a good probe', async () => {
    let aHealthy = false;
    const { run, callsTo, events } = scriptedPool(
      { 'a.test': () => (aHealthy ? ok() : Promise.reject(new RpcServerError(500))), 'b.test': ok },
      {
        endpoints: [{ url: 'http://a.test', weight: 1_000 }, { url: 'http://b.test', weight: 1 }],
        circuit: { failureThreshold: 2, cooldownMs: 300 },
      },
    );
    await run();
    await run();
    expect(events).toContainEqual({ kind: 'circuit_open', endpoint: 'a.test' });

    await run();
    expect(callsTo('a.test')).toBe(2);

    aHealthy = true;
    await waitFor(async () => (await run()) && callsTo('a.test') === 3, { timeoutMs: 3_000, what: 'probe of a.test' });
    expect(events).toContainEqual({ kind: 'circuit_half_open', endpoint: 'a.test' });
    expect(events).toContainEqual({ kind: 'circuit_close', endpoint: 'a.test' });
  });

  it('fails fast with RpcCircuitOpenError while every circuit is open', async () => {
    const { run, calls } = scriptedPool(
      { 'a.test': failWith(() => new RpcServerError(503)) },
      { maxAttempts: 1, circuit: { failureThreshold: 1, cooldownMs: 5_000 } },
    );
    await expect(run()).rejects.toBeInstanceOf(RpcServerError);

    const error = await run().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RpcCircuitOpenError);
    expect((error as RpcCircuitOpenError).retryAfterMs).toBeLessThanOrEqual(5_000);
    expect(calls).toHaveLength(1);
  });

  it('counts an answered revert as a healthy endpoint for the circuit', async () => {
    const answers = [new RpcServerError(500), new RpcRevertError('reverted'), new RpcServerError(500)];
    const { run, calls } = scriptedPool(
      { 'a.test': () => Promise.reject(answers.shift() ?? new RpcServerError(500)) },
      { maxAttempts: 1, circuit: { failureThreshold: 2, cooldownMs: 60_000 } },
    );

    for (let i = 0; i < 3; i++) await run().catch(() => undefined);
    await expect(run()).rejects.toBeInstanceOf(RpcServerError);

    expect(calls).toHaveLength(4);
  });

  it('spills over to other endpoints when one reaches its rate limit', async () => {
    const { run, callsTo } = scriptedPool(
      { 'a.test': ok, 'b.test': ok },
      { endpoints: [{ url: 'http://a.test', weight: 1_000, rateLimitPerSecond: 2 }, { url: 'http://b.test', weight: 1 }] },
    );

    for (let i = 0; i < 5; i++) await run();

    expect([callsTo('a.test'), callsTo('b.test')]).toEqual([2, 3]);
  });

  it('keeps working when the event listener throws', async () => {
    const { run } = scriptedPool({ 'a.test': ok }, { onEvent: () => { throw new Error('metrics bug'); } });

    await expect(run()).resolves.toBe('0x1');
  });
});
