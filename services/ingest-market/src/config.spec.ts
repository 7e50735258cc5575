import { ConfigError } from '@pum/platform';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIngestMarketConfig } from './config';
import { coinGeckoHeaders } from './sources/create-sources';

describe('ingest-market config', () => {
  const networksFile = join(mkdtempSync(join(tmpdir(), 'market-networks-')), 'networks.yaml');
  writeFileSync(
    networksFile,
    [
      'networks:',
      '  - { name: ethereum, chainId: 1, blockTimeMs: 12000, confirmations: 12, finalityDepth: 128 }',
      '  - { name: base, chainId: 8453, blockTimeMs: 2000, confirmations: 10, finalityDepth: 600 }',
      "  - { name: devnet, chainId: 31337, blockTimeMs: 1000, confirmations: 0, finalityDepth: 64, rpcEndpoints: [{ url: 'http://127.0.0.1:8545' }] }",
    ].join('\n'),
  );
  const ETHEREUM = '[{"url":"https://eth.example/v2/KEY","weight":3},{"url":"https://eth-backup.example"}]';

  it('defaults to the public APIs and the local devnet of the shipped networks file, every source on', () => {
    const sut = loadIngestMarketConfig({});

    expect(sut).toMatchObject({ COINGECKO_ENABLED: true, DEFILLAMA_ENABLED: true, ONCHAIN_ENABLED: true, COINGECKO_BASE_URL: 'https://api.coingecko.com/api/v3', DATABASE_SCHEMA: 'ingest_market' });
    expect(sut.onChainRpc).toEqual([{ chainId: 31337, endpoints: [{ url: 'http://127.0.0.1:8545' }] }]);
  });

  it('reads pools and feeds on the networks of CHAIN_NETWORKS_FILE whose CHAIN_<NAME>_RPC_ENDPOINTS are set', () => {
    const sut = loadIngestMarketConfig({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_ETHEREUM_RPC_ENDPOINTS: ETHEREUM });

    expect(sut.onChainRpc).toEqual([
      { chainId: 1, endpoints: [{ url: 'https://eth.example/v2/KEY', weight: 3 }, { url: 'https://eth-backup.example' }] },
      { chainId: 31337, endpoints: [{ url: 'http://127.0.0.1:8545' }] },
    ]);
  });

  it('follows the single-chain CHAIN_* keys as ingest-chain does', () => {
    const sut = loadIngestMarketConfig({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_ID: '8453', CHAIN_RPC_URL: 'https://base.example' });

    expect(sut.onChainRpc).toEqual([{ chainId: 8453, endpoints: [{ url: 'https://base.example' }] }]);
  });

  it('lets the legacy ONCHAIN_RPC_URLS override the networks, each URL asked its chain id', () => {
    const sut = loadIngestMarketConfig({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_ETHEREUM_RPC_ENDPOINTS: ETHEREUM, ONCHAIN_RPC_URLS: 'https://legacy.example/rpc' });

    expect(sut.onChainRpc).toEqual([{ endpoints: [{ url: 'https://legacy.example/rpc' }] }]);
    // A deployment configured before the networks file keeps working without one.
    expect(loadIngestMarketConfig({ CHAIN_NETWORKS_FILE: join(tmpdir(), 'no-such-networks.yaml'), ONCHAIN_RPC_URLS: 'https://legacy.example/rpc' }).onChainRpc).toHaveLength(1);
  });

  it('reads no chain, nor the networks file, with ONCHAIN_ENABLED=false', () => {
    const sut = loadIngestMarketConfig({ ONCHAIN_ENABLED: 'false', CHAIN_NETWORKS_FILE: join(tmpdir(), 'no-such-networks.yaml') });

    expect(sut.onChainRpc).toEqual([]);
  });

  it('names the networks key at fault', () => {
    expect(() => loadIngestMarketConfig({ CHAIN_NETWORKS_FILE: networksFile, CHAIN_BASE_RPC_ENDPOINTS: 'https://base.example' })).toThrow(/CHAIN_BASE_RPC_ENDPOINTS: expected a JSON array/);
  });

  it('reads "false" as false and trims list entries', () => {
    const sut = loadIngestMarketConfig({ COINGECKO_ENABLED: 'false', ONCHAIN_RPC_URLS: 'http://a:1/, https://b.example/rpc', ONCHAIN_USD_TOKENS: `1:0x${'AB'.repeat(20)}` });

    expect(sut.COINGECKO_ENABLED).toBe(false);
    expect(sut.ONCHAIN_RPC_URLS).toEqual(['http://a:1/', 'https://b.example/rpc']);
    expect(sut.ONCHAIN_USD_TOKENS).toEqual([{ chainId: 1, address: `0x${'ab'.repeat(20)}` }]);
  });

  it('lists every bad key at once', () => {
    try {
      loadIngestMarketConfig({ COINGECKO_ENABLED: 'maybe', ONCHAIN_POOLS: '0x12', COINGECKO_BASE_URL: 'ftp://x' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(/COINGECKO_ENABLED[\s\S]*COINGECKO_BASE_URL[\s\S]*ONCHAIN_POOLS/);
    }
  });

  it('sends the CoinGecko key in the header its host expects', () => {
    expect(coinGeckoHeaders({ COINGECKO_API_KEY: 'k', COINGECKO_BASE_URL: 'https://pro-api.coingecko.com/api/v3' })).toEqual({ 'x-cg-pro-api-key': 'k' });
    expect(coinGeckoHeaders({ COINGECKO_API_KEY: 'k', COINGECKO_BASE_URL: 'https://api.coingecko.com/api/v3' })).toEqual({ 'x-cg-demo-api-key': 'k' });
    expect(coinGeckoHeaders({ COINGECKO_BASE_URL: 'https://api.coingecko.com/api/v3' })).toEqual({});
  });
});
