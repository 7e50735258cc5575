import { llamaCoinSubject } from './llama-coin';

describe('llamaCoinSubject', () => {
  it('names CoinGecko ids and tokens on known chains', () => {
    expect(llamaCoinSubject('coingecko:aave')).toEqual({ id: 'aave', chainId: null });
    expect(llamaCoinSubject('ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48')).toEqual({ id: '1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', chainId: 1 });
    expect(llamaCoinSubject('avax:0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E')?.chainId).toBe(43114);
  });

  it('knows no subject for a chain prefix it has no id for', () => {
    expect(llamaCoinSubject('solana:So11111111111111111111111111111111111111112')).toBeUndefined();
  });
});
