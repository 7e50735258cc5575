/**
 * DeFiLlama's chain prefixes of coin ids (`ethereum:0x…`) and their EVM chain ids, for the chains
 * the monitor is likely to watch. A hand-made table: DeFiLlama publishes no mapping of its coin
 * prefixes (they are not the `/v2/chains` names, e.g. `avax` for Avalanche).
 */
const CHAIN_PREFIXES: Record<string, number> = {
  ethereum: 1,
  optimism: 10,
  bsc: 56,
  xdai: 100,
  polygon: 137,
  era: 324,
  base: 8453,
  arbitrum: 42161,
  avax: 43114,
  linea: 59144,
  scroll: 534352,
};

/**
 * The asset a DeFiLlama coin id names: a CoinGecko id (`coingecko:aave` → `aave`) or a token
 * (`ethereum:0xAbC…` → `1:0xabc…` on chain 1); undefined for a chain prefix it does not know.
 *
 * @example llamaCoinSubject('coingecko:aave') // { id: 'aave', chainId: null }
 */
export function llamaCoinSubject(coin: string): { id: string; chainId: number | null } | undefined {
  const at = coin.indexOf(':');
  const prefix = coin.slice(0, at);
  const rest = coin.slice(at + 1);
  if (prefix === 'coingecko') return { id: rest, chainId: null };
  const chainId = CHAIN_PREFIXES[prefix];
  return chainId === undefined ? undefined : { id: `${chainId}:${rest.toLowerCase()}`, chainId };
}
