import type { ProtocolRegistry } from '@pum/contracts';
import type { IngestMarketConfig } from './config';

export interface WatchedAsset {
  coingeckoId: string;
  protocolId: string | null;
}

export interface WatchedProtocol {
  slug: string;
  /** Registry id, or the slug for a protocol the registry does not list. */
  protocolId: string;
}

export interface WatchedContract {
  chainId: number;
  address: `0x${string}`;
  protocolId: string | null;
}

/** Everything ingest-market follows, from the protocol registry plus the env lists. */
export interface Watchlist {
  assets: WatchedAsset[];
  protocols: WatchedProtocol[];
  /** DeFiLlama coin ids: `coingecko:<id>` or `<chain>:0xaddress`. */
  llamaCoins: string[];
  pools: WatchedContract[];
  feeds: WatchedContract[];
}

export const WATCHLIST = Symbol('WATCHLIST');

/**
 * Merges the registry (CoinGecko ids, DeFiLlama slugs, contracts with role `pool` or `oracle`) with
 * the env lists; the registry wins on attribution, duplicates are dropped.
 *
 * @example buildWatchlist(await readProtocolRegistryFile('config/protocols.yaml'), config).assets
 */
export function buildWatchlist(registry: ProtocolRegistry, config: Pick<IngestMarketConfig, 'COINGECKO_ASSETS' | 'DEFILLAMA_PROTOCOLS' | 'DEFILLAMA_COINS' | 'ONCHAIN_POOLS' | 'ONCHAIN_FEEDS'>): Watchlist {
  const assets = new Map<string, WatchedAsset>();
  const protocols = new Map<string, WatchedProtocol>();
  const pools = new Map<string, WatchedContract>();
  const feeds = new Map<string, WatchedContract>();
  for (const protocol of registry.protocols) {
    if (protocol.coingeckoId) assets.set(protocol.coingeckoId, { coingeckoId: protocol.coingeckoId, protocolId: protocol.id });
    if (protocol.defillamaSlug) protocols.set(protocol.defillamaSlug, { slug: protocol.defillamaSlug, protocolId: protocol.id });
    for (const contract of protocol.contracts) {
      const target = contract.role === 'pool' ? pools : contract.role === 'oracle' ? feeds : undefined;
      target?.set(`${contract.chainId}:${contract.address}`, { chainId: contract.chainId, address: contract.address, protocolId: protocol.id });
    }
  }
  for (const id of config.COINGECKO_ASSETS) if (!assets.has(id)) assets.set(id, { coingeckoId: id, protocolId: null });
  for (const slug of config.DEFILLAMA_PROTOCOLS) if (!protocols.has(slug)) protocols.set(slug, { slug, protocolId: slug });
  const addContracts = (target: Map<string, WatchedContract>, refs: { chainId: number; address: `0x${string}` }[]) =>
    refs.forEach((ref) => {
      const key = `${ref.chainId}:${ref.address}`;
      if (!target.has(key)) target.set(key, { ...ref, protocolId: null });
    });
  addContracts(pools, config.ONCHAIN_POOLS);
  addContracts(feeds, config.ONCHAIN_FEEDS);
  const llamaCoins = [...new Set([...[...assets.keys()].map((id) => `coingecko:${id}`), ...config.DEFILLAMA_COINS])];
  return { assets: [...assets.values()], protocols: [...protocols.values()], llamaCoins, pools: [...pools.values()], feeds: [...feeds.values()] };
}
