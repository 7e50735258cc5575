import { protocolRegistry } from '@pum/contracts';
import { loadIngestMarketConfig } from './config';
import { buildWatchlist } from './watchlist';

const registry = protocolRegistry.parse({
  protocols: [
    {
      id: 'aave-v3',
      name: 'Aave',
      coingeckoId: 'aave',
      defillamaSlug: 'aave-v3',
      contracts: [
        { chainId: 1, address: `0x${'aa'.repeat(20)}`, role: 'pool' },
        { chainId: 1, address: `0x${'bb'.repeat(20)}`, role: 'oracle' },
        { chainId: 1, address: `0x${'cc'.repeat(20)}`, role: 'proxy' },
      ],
    },
  ],
});

describe('buildWatchlist', () => {
  it('follows the registry ids and contracts, plus the env lists, attributing what the registry names', () => {
    const config = loadIngestMarketConfig({ COINGECKO_ASSETS: 'aave, ethereum', DEFILLAMA_PROTOCOLS: 'uniswap', DEFILLAMA_COINS: 'ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', ONCHAIN_POOLS: `1:0x${'AA'.repeat(20)},8453:0x${'dd'.repeat(20)}` });

    const sut = buildWatchlist(registry, config);

    expect(sut.assets).toEqual([{ coingeckoId: 'aave', protocolId: 'aave-v3' }, { coingeckoId: 'ethereum', protocolId: null }]);
    expect(sut.protocols).toEqual([{ slug: 'aave-v3', protocolId: 'aave-v3' }, { slug: 'uniswap', protocolId: 'uniswap' }]);
    expect(sut.llamaCoins).toEqual(['coingecko:aave', 'coingecko:ethereum', 'ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48']);
    expect(sut.pools).toEqual([
      { chainId: 1, address: `0x${'aa'.repeat(20)}`, protocolId: 'aave-v3' },
      { chainId: 8453, address: `0x${'dd'.repeat(20)}`, protocolId: null },
    ]);
    expect(sut.feeds).toEqual([{ chainId: 1, address: `0x${'bb'.repeat(20)}`, protocolId: 'aave-v3' }]);
  });
});
