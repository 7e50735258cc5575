import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig } from '@pum/platform';
import { chainNetworksConfigShape, loadChainNetworks as sut } from './networks-config';

describe('loadChainNetworks', () => {
  const schema = z.object(chainNetworksConfigShape);
  const dir = mkdtempSync(join(tmpdir(), 'chain-networks-'));
  const file = join(dir, 'networks.yaml');
  writeFileSync(
    file,
    [
      'networks:',
      '  - { name: gnosis-chain, chainId: 100, blockTimeMs: 5000, confirmations: 5, finalityDepth: 64 }',
      "  - { name: devnet, chainId: 31337, blockTimeMs: 1000, confirmations: 0, finalityDepth: 64, startBlock: 0, rpcEndpoints: [{ url: 'http://127.0.0.1:8545' }] }",
    ].join('\n'),
  );
  const load = (env: Record<string, string>) => sut(loadConfig(schema, env), env);

  it('reads the shipped file by default: the devnet on 127.0.0.1:8545', () => {
    expect(load({}).map((n) => [n.chainId, n.endpoints])).toEqual([[31337, [{ url: 'http://127.0.0.1:8545' }]]]);
  });

  it('adds a network of the file whose CHAIN_<NAME>_RPC_ENDPOINTS is set', () => {
    const networks = load({ CHAIN_NETWORKS_FILE: file, CHAIN_GNOSIS_CHAIN_RPC_ENDPOINTS: '[{"url":"https://gnosis.example","weight":2},{"url":"https://backup.example"}]' });

    expect(networks.map((n) => [n.name, n.chainId, n.endpoints.map((e) => e.url)])).toEqual([
      ['gnosis-chain', 100, ['https://gnosis.example', 'https://backup.example']],
      ['devnet', 31337, ['http://127.0.0.1:8545']],
    ]);
  });

  it('moves the devnet to CHAIN_RPC_URL', () => {
    expect(load({ CHAIN_NETWORKS_FILE: file, CHAIN_RPC_URL: 'http://devnet:8545' })).toEqual([expect.objectContaining({ chainId: 31337, endpoints: [{ url: 'http://devnet:8545' }] })]);
  });

  it.each([
    ['a missing file', { CHAIN_NETWORKS_FILE: join(dir, 'missing.yaml') }, /^CHAIN_NETWORKS_FILE: cannot read/],
    ['a bad RPC key', { CHAIN_NETWORKS_FILE: file, CHAIN_GNOSIS_CHAIN_RPC_ENDPOINTS: 'https://gnosis.example' }, /^CHAIN_GNOSIS_CHAIN_RPC_ENDPOINTS: expected a JSON array/],
  ])('throws a ConfigError naming the key at fault for %s', (_case, env, problem) => {
    try {
      load(env);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(problem)]);
    }
  });
});
