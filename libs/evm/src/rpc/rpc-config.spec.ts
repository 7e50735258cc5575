import { z } from 'zod';
import { endpointPoolOptionsFromConfig, rpcPoolConfigShape } from './rpc-config';

describe('rpcPoolConfigShape', () => {
  const schema = z.object(rpcPoolConfigShape);

  it('reads weighted, rate-limited endpoints from a JSON list', () => {
    const config = schema.parse({
      CHAIN_RPC_ENDPOINTS: '[{"url":"https://a.example/v2/KEY","weight":3,"rateLimitPerSecond":25},{"url":"http://127.0.0.1:8545","timeoutMs":2000}]',
      CHAIN_RPC_CIRCUIT_FAILURES: '3',
    });

    const sut = endpointPoolOptionsFromConfig(config, config.CHAIN_RPC_ENDPOINTS ?? []);

    expect(sut.endpoints).toEqual([
      { url: 'https://a.example/v2/KEY', weight: 3, rateLimitPerSecond: 25 },
      { url: 'http://127.0.0.1:8545', timeoutMs: 2000 },
    ]);
    expect(sut.circuit).toEqual({ failureThreshold: 3, cooldownMs: 30_000 });
  });

  it('applies the default pool settings to the endpoints of a network', () => {
    const sut = endpointPoolOptionsFromConfig(schema.parse({}), [{ url: 'http://127.0.0.1:8545' }]);

    expect(sut.endpoints).toEqual([{ url: 'http://127.0.0.1:8545' }]);
    expect(sut.maxAttempts).toBe(5);
  });

  it.each([
    ['not JSON', 'https://a.example'],
    ['an empty list', '[]'],
    ['a websocket URL', '[{"url":"wss://a.example"}]'],
    ['an unknown key', '[{"url":"https://a.example","wieght":2}]'],
  ])('rejects %s', (_case, value) => {
    expect(schema.safeParse({ CHAIN_RPC_ENDPOINTS: value }).success).toBe(false);
  });
});
