import { ConfigError } from '@pum/platform';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIngestGovernanceConfig as sut } from './config';

describe('ingest-governance config', () => {
  const networksFile = join(mkdtempSync(join(tmpdir(), 'governance-networks-')), 'networks.yaml');
  writeFileSync(
    networksFile,
    [
      'networks:',
      '  - { name: ethereum, chainId: 1, blockTimeMs: 12000, confirmations: 12, finalityDepth: 128 }',
      '  - { name: arbitrum, chainId: 42161, blockTimeMs: 250, confirmations: 20, finalityDepth: 4800 }',
      "  - { name: devnet, chainId: 31337, blockTimeMs: 1000, confirmations: 0, finalityDepth: 64, rpcEndpoints: [{ url: 'http://127.0.0.1:8545' }] }",
    ].join('\n'),
  );
  const ARBITRUM = '[{"url":"https://arb.example/v2/KEY","weight":2,"timeoutMs":5000},{"url":"https://arb-backup.example"}]';

  it('reads Governors on the devnet of the shipped networks file by default', () => {
    expect(sut({}).chains).toEqual([{ chainId: 31337, endpoints: [{ url: 'http://127.0.0.1:8545' }] }]);
  });

  it('reads Governors on the networks of CHAIN_NETWORKS_FILE whose CHAIN_<NAME>_RPC_ENDPOINTS are set', () => {
    expect(sut({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_ARBITRUM_RPC_ENDPOINTS: ARBITRUM }).chains).toEqual([
      { chainId: 31337, endpoints: [{ url: 'http://127.0.0.1:8545' }] },
      { chainId: 42161, endpoints: [{ url: 'https://arb.example/v2/KEY', weight: 2, timeoutMs: 5000 }, { url: 'https://arb-backup.example' }] },
    ]);
  });

  it('moves the devnet to CHAIN_RPC_URL, as ingest-chain does', () => {
    expect(sut({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_RPC_URL: 'http://devnet:8545' }).chains).toEqual([{ chainId: 31337, endpoints: [{ url: 'http://devnet:8545' }] }]);
  });

  it('lets the legacy GOVERNANCE_RPC_URLS override the networks, without reading the file', () => {
    const legacy = '{"1":"https://eth.example/rpc","10":"https://op.example"}';

    expect(sut({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_ARBITRUM_RPC_ENDPOINTS: ARBITRUM, GOVERNANCE_RPC_URLS: legacy }).chains).toEqual([
      { chainId: 1, endpoints: [{ url: 'https://eth.example/rpc' }] },
      { chainId: 10, endpoints: [{ url: 'https://op.example' }] },
    ]);
    expect(sut({ CHAIN_NETWORKS_FILE: join(tmpdir(), 'no-such-networks.yaml'), GOVERNANCE_RPC_URLS: legacy }).chains).toHaveLength(2);
  });

  it('refuses a CHAIN_ID no network has endpoints for, naming the keys to set', () => {
    expect(() => sut({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_ID: '1' })).toThrow(ConfigError);
    expect(() => sut({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_ID: '1' })).toThrow(/CHAIN_ETHEREUM_RPC_ENDPOINTS/);
  });
});
