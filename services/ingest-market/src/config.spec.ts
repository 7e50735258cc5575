import { ConfigError } from '@pum/platform';
import { loadIngestMarketConfig } from './config';
import { coinGeckoHeaders } from './sources/create-sources';

describe('ingest-market config', () => {
  it('defaults to the public APIs and the local devnet, every source on', () => {
    const sut = loadIngestMarketConfig({});

    expect(sut).toMatchObject({ COINGECKO_ENABLED: true, DEFILLAMA_ENABLED: true, ONCHAIN_ENABLED: true, COINGECKO_BASE_URL: 'https://api.coingecko.com/api/v3', ONCHAIN_RPC_URLS: ['http://127.0.0.1:8545'], DATABASE_SCHEMA: 'ingest_market' });
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
