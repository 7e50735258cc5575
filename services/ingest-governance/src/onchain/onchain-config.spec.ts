import { ConfigError, loadConfig } from '@pum/platform';
import { z } from 'zod';
import { onChainConfigShape } from './onchain-config';

describe('on-chain governance config', () => {
  const schema = z.object(onChainConfigShape);

  it('leaves the chains to the shared networks by default', () => {
    const sut = loadConfig(schema, {});

    expect(sut.GOVERNANCE_RPC_URLS).toBeUndefined();
    expect(sut.GOVERNANCE_RECHECK_BATCH).toBe(50);
  });

  it('reads a JSON map of chain id to RPC URL', () => {
    const sut = loadConfig(schema, { GOVERNANCE_RPC_URLS: '{"1":"https://eth.example/rpc","10":"http://op.example"}' });

    expect(sut.GOVERNANCE_RPC_URLS).toEqual({ 1: 'https://eth.example/rpc', 10: 'http://op.example' });
  });

  it.each([
    ['not JSON', 'chain 1', /JSON object/],
    ['a bad chain id', '{"mainnet":"https://eth.example"}', /GOVERNANCE_RPC_URLS.mainnet/],
    ['a bad URL', '{"1":"ws://eth.example"}', /GOVERNANCE_RPC_URLS/],
  ])('refuses %s, naming the key', (_case, value, problem) => {
    expect(() => loadConfig(schema, { GOVERNANCE_RPC_URLS: value })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { GOVERNANCE_RPC_URLS: value })).toThrow(problem);
  });
});
