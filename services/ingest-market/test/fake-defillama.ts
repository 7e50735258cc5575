import { FakeApi } from './fake-api';

export interface TvlPoint {
  date: number;
  totalLiquidityUSD: number;
}

export interface FakeProtocol {
  slug: string;
  name: string;
  tvl: TvlPoint[];
  /** Per chain name, plus DeFiLlama's non-chain keys such as `Ethereum-borrowed` or `staking`. */
  chainTvls: Record<string, TvlPoint[]>;
  /** Daily DEX volume `[unix seconds, usd]`, when the protocol is a DEX. */
  dexVolume?: [number, number][];
}

const CHAINS = [
  { gecko_id: 'ethereum', tvl: 6e10, tokenSymbol: 'ETH', cmcId: '1027', name: 'Ethereum', chainId: 1 },
  { gecko_id: null, tvl: 1e10, tokenSymbol: 'ARB', cmcId: '11841', name: 'Arbitrum', chainId: 42161 },
  { gecko_id: 'solana', tvl: 8e9, tokenSymbol: 'SOL', cmcId: '5426', name: 'Solana', chainId: null },
];

/**
 * DeFiLlama's free API as documented (api-docs.defillama.com) on one server: `/protocols`,
 * `/protocol/{slug}`, `/v2/chains`, `/overview/dexs`, `/summary/dexs/{slug}` (api.llama.fi) and
 * `/prices/current/{coins}`, `/chart/{coins}` (coins.llama.fi). Unknown slugs answer 400 with
 * DeFiLlama's plain-text message.
 */
export class FakeDefiLlama extends FakeApi {
  readonly protocols = new Map<string, FakeProtocol>();
  /** Coin id → `[unix seconds, price]`, oldest first; the last one is the current price. */
  readonly prices = new Map<string, [number, number][]>();

  constructor() {
    super([]);
    this.routes.push((url) => {
      const path = url.pathname;
      if (path === '/protocols') return { json: [...this.protocols.values()].map((p) => ({ id: p.slug, name: p.name, slug: p.slug, tvl: p.tvl.at(-1)?.totalLiquidityUSD ?? 0, chainTvls: {}, chains: Object.keys(p.chainTvls) })) };
      if (path === '/v2/chains') return { json: CHAINS };
      if (path === '/overview/dexs') return { json: { chain: null, allChains: ['Ethereum'], total24h: 0, protocols: [...this.protocols.values()].filter((p) => p.dexVolume).map((p) => ({ name: p.name, displayName: p.name, slug: p.slug, module: p.slug, category: 'Dexs', total24h: p.dexVolume?.at(-1)?.[1] ?? 0, total7d: 0, chains: ['Ethereum'] })) } };
      const protocol = /^\/protocol\/([^/]+)$/.exec(path);
      if (protocol) return this.protocol(decodeURIComponent(protocol[1]));
      const summary = /^\/summary\/dexs\/([^/]+)$/.exec(path);
      if (summary) {
        const found = this.protocols.get(decodeURIComponent(summary[1]));
        return found?.dexVolume ? { json: { name: found.name, displayName: found.name, total24h: found.dexVolume.at(-1)?.[1], totalDataChart: found.dexVolume } } : { status: 404, json: { error: 'not found' } };
      }
      const current = /^\/prices\/current\/(.+)$/.exec(path);
      if (current) return { json: { coins: this.coins(current[1], (coin, series) => { const [timestamp, price] = series.at(-1) ?? [0, 0]; return { price, symbol: coin.toUpperCase(), timestamp, confidence: 0.99 }; }) } };
      const chart = /^\/chart\/(.+)$/.exec(path);
      if (chart) {
        const start = Number(url.searchParams.get('start') ?? 0);
        return { json: { coins: this.coins(chart[1], (coin, series) => ({ symbol: coin.toUpperCase(), confidence: 0.99, prices: series.filter(([at]) => at >= start).map(([timestamp, price]) => ({ timestamp, price })) })) } };
      }
      return undefined;
    });
  }

  private protocol(slug: string) {
    const found = this.protocols.get(slug);
    if (!found) return { status: 400, text: 'Protocol is not in our database', headers: { 'content-type': 'text/plain' } };
    const chainTvls = Object.fromEntries(Object.entries(found.chainTvls).map(([chain, tvl]) => [chain, { tvl, tokensInUsd: [], tokens: [] }]));
    const currentChainTvls = Object.fromEntries(Object.entries(found.chainTvls).map(([chain, tvl]) => [chain, tvl.at(-1)?.totalLiquidityUSD ?? 0]));
    return { json: { id: '1', name: found.name, symbol: 'X', category: 'Dexs', chains: Object.keys(currentChainTvls), chainTvls, tvl: found.tvl, tokensInUsd: [], tokens: [], currentChainTvls, mcap: null } };
  }

  private coins<T>(list: string, build: (coin: string, series: [number, number][]) => T): Record<string, T> {
    const answer: Record<string, T> = {};
    for (const coin of decodeURIComponent(list).split(',')) {
      const series = this.prices.get(coin);
      if (series) answer[coin] = build(coin, series);
    }
    return answer;
  }
}
