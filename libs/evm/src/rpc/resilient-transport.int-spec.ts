import { FaultProxy, testInfra, waitFor, type Fault } from '@pum/testing';
import { createPublicClient, type Address, type PublicClient } from 'viem';
import { EndpointPool, type EndpointPoolOptions, type RpcEndpointConfig, type RpcPoolEvent } from './endpoint-pool';
import {
  RpcCircuitOpenError,
  RpcInvalidParamsError,
  RpcMalformedResponseError,
  RpcRevertError,
  RpcServerError,
  RpcTimeoutError,
  findRpcError,
} from './errors';
import { resilientTransport } from './resilient-transport';

// Init code that executes PUSH1 0 PUSH1 0 REVERT: an eth_call without `to` reverts deterministically,
// with nothing deployed.
const REVERTING_INIT_CODE = '0x60006000fd';

describe('resilientTransport against a fault-injecting proxy in front of the devnet', () => {
  let proxyA: FaultProxy;
  let proxyB: FaultProxy;

  beforeAll(async () => {
    [proxyA, proxyB] = await Promise.all([FaultProxy.start(testInfra.rpcUrl), FaultProxy.start(testInfra.rpcUrl)]);
  });

  afterAll(async () => {
    await Promise.all([proxyA.stop(), proxyB.stop()]);
  });

  beforeEach(() => {
    proxyA.reset();
    proxyB.reset();
  });

  function clientOver(endpoints: RpcEndpointConfig[], options: Partial<EndpointPoolOptions> = {}) {
    const events: RpcPoolEvent[] = [];
    const pool = new EndpointPool({
      endpoints,
      backoff: { baseMs: 20, capMs: 200 },
      onEvent: (event) => events.push(event),
      ...options,
    });
    const sut: PublicClient = createPublicClient({ transport: resilientTransport(pool) });
    return { sut, events };
  }

  const blockNumber = (client: PublicClient): Promise<bigint> => client.getBlockNumber({ cacheTime: 0 });

  it('reads chain id, blocks, logs and storage through the pool', async () => {
    const { sut } = clientOver([{ url: proxyA.url, name: 'a' }]);

    expect(await sut.getChainId()).toBe(31337);
    const head = await blockNumber(sut);
    const genesis = await sut.getBlock({ blockNumber: 0n });
    const logs = await sut.getLogs({ fromBlock: 0n, toBlock: head });
    const slot = await sut.getStorageAt({ address: '0x0000000000000000000000000000000000000001', slot: '0x0' });

    expect(genesis.number).toBe(0n);
    expect(Array.isArray(logs)).toBe(true);
    expect(slot).toMatch(/^0x[0-9a-f]*$/);
  });

  it('retries 500 and 503 answers on the same endpoint until it reads', async () => {
    const { sut } = clientOver([{ url: proxyA.url, name: 'a' }]);
    proxyA.next({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });

    await expect(blockNumber(sut)).resolves.toEqual(expect.any(BigInt));

    expect(proxyA.hitCount('eth_blockNumber')).toBe(3);
  });

  it('waits for Retry-After after a 429 before asking again', async () => {
    const { sut } = clientOver([{ url: proxyA.url, name: 'a' }]);
    proxyA.next({ kind: 'status', status: 429, retryAfter: '1' });

    await blockNumber(sut);

    expect(proxyA.hits).toHaveLength(2);
    expect(proxyA.hits[1].at - proxyA.hits[0].at).toBeGreaterThanOrEqual(950);
  });

  it('fails over from an endpoint that hangs past its timeout', async () => {
    const { sut, events } = clientOver([
      { url: proxyA.url, name: 'a', weight: 1_000, timeoutMs: 300 },
      { url: proxyB.url, name: 'b', weight: 1 },
    ]);
    proxyA.mode = { kind: 'hang' };

    await expect(blockNumber(sut)).resolves.toEqual(expect.any(BigInt));

    expect([proxyA.hits.length, proxyB.hits.length]).toEqual([1, 1]);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'error', endpoint: 'a', error: expect.any(RpcTimeoutError) }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'failover', endpoint: 'b', from: 'a' }));
  });

  it('fails over from an endpoint that resets the connection', async () => {
    const { sut, events } = clientOver([
      { url: proxyA.url, name: 'a', weight: 1_000 },
      { url: proxyB.url, name: 'b', weight: 1 },
    ]);
    proxyA.mode = { kind: 'destroy' };

    await expect(blockNumber(sut)).resolves.toEqual(expect.any(BigInt));

    expect([proxyA.hits.length, proxyB.hits.length]).toEqual([1, 1]);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'failover', endpoint: 'b', from: 'a' }));
  });

  it('does not retry a revert on any endpoint', async () => {
    const { sut } = clientOver([{ url: proxyA.url, name: 'a' }, { url: proxyB.url, name: 'b' }]);

    const error = await sut.call({ data: REVERTING_INIT_CODE }).catch((e: unknown) => e);

    expect(findRpcError(error)).toBeInstanceOf(RpcRevertError);
    expect(proxyA.hitCount('eth_call') + proxyB.hitCount('eth_call')).toBe(1);
  });

  it('does not retry invalid params on any endpoint', async () => {
    const { sut } = clientOver([{ url: proxyA.url, name: 'a' }, { url: proxyB.url, name: 'b' }]);

    const error = await sut
      .request({ method: 'eth_getBalance', params: ['0x1234' as Address, 'latest'] })
      .catch((e: unknown) => e);

    expect(findRpcError(error)).toBeInstanceOf(RpcInvalidParamsError);
    expect(proxyA.hits.length + proxyB.hits.length).toBe(1);
  });

  it.each<[string, Fault]>([
    ['garbage', { kind: 'body', body: '<html>502 Bad Gateway</html>' }],
    ['a JSON-RPC 1.0 answer', { kind: 'body', body: '{"jsonrpc":"1.0","id":1,"result":"0x1"}' }],
    ['both result and error', { kind: 'body', body: '{"jsonrpc":"2.0","id":1,"result":"0x1","error":{"code":1,"message":"x"}}' }],
    ['an answer to another request', { kind: 'wrong_id' }],
  ])('turns %s into RpcMalformedResponseError without crashing', async (_case, fault) => {
    const { sut } = clientOver([{ url: proxyA.url, name: 'a' }], { maxAttempts: 2 });
    proxyA.mode = fault;

    const error = await blockNumber(sut).catch((e: unknown) => e);

    expect(findRpcError(error)).toBeInstanceOf(RpcMalformedResponseError);
    expect(proxyA.hits).toHaveLength(2);
    proxyA.mode = { kind: 'pass' };
    await expect(blockNumber(sut)).resolves.toEqual(expect.any(BigInt));
  });

  it('opens the circuit after repeated failures, fails fast, and recovers after the cooldown', async () => {
    const { sut, events } = clientOver([{ url: proxyA.url, name: 'a' }], {
      maxAttempts: 1,
      circuit: { failureThreshold: 3, cooldownMs: 1_000 },
    });
    proxyA.mode = { kind: 'status', status: 503 };
    for (let i = 0; i < 3; i++) {
      expect(findRpcError(await blockNumber(sut).catch((e: unknown) => e))).toBeInstanceOf(RpcServerError);
    }

    expect(findRpcError(await blockNumber(sut).catch((e: unknown) => e))).toBeInstanceOf(RpcCircuitOpenError);
    expect(proxyA.hits).toHaveLength(3);

    proxyA.mode = { kind: 'pass' };
    await waitFor(() => blockNumber(sut), { timeoutMs: 5_000, what: 'circuit of a to close' });
    expect(proxyA.hits).toHaveLength(4);
    expect(events.filter((e) => e.kind.startsWith('circuit_')).map((e) => e.kind)).toEqual([
      'circuit_open',
      'circuit_half_open',
      'circuit_close',
    ]);
  });

  it('caps the requests per second an endpoint receives', async () => {
    // When the pool sends each request: its `request` event is emitted in the same synchronous step
    // as the limiter's acquisition. Arrival times at the proxy are not used for the cap: on a busy
    // machine a batch can reach the proxy 100 ms late and the next one on time.
    const sentAt: number[] = [];
    const { sut } = clientOver([{ url: proxyA.url, name: 'a', rateLimitPerSecond: 5 }], {
      onEvent: (event) => void (event.kind === 'request' && sentAt.push(Date.now())),
    });

    const results = await Promise.all(Array.from({ length: 12 }, () => sut.request({ method: 'eth_blockNumber' })));

    expect(results).toHaveLength(12);
    expect(proxyA.hits).toHaveLength(12);
    expect(sentAt).toHaveLength(12);
    // At most 5 in any second: the 6th request after any one went at least a second later (less 10 ms for
    // the clock read after the acquisition's).
    const gaps = sentAt.slice(5).map((at, i) => at - sentAt[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(990);
    // And they really reached the endpoint spread out: 12 requests at 5/s take over 2 s to send.
    const stamps = proxyA.hits.map((hit) => hit.at);
    expect(Math.max(...stamps) - Math.min(...stamps)).toBeGreaterThanOrEqual(1_000);
  });
});
