import type { ForecastSeries, ProtocolRegistry } from '@pum/contracts';

/** The market ids of a protocol: what its TVL and token price series are keyed by. */
export interface ProtocolMarketIds {
  /** Registry id and DeFiLlama slug (TVL subjects). */
  protocolSubjects: string[];
  /** CoinGecko id (price subject). */
  assetSubjects: string[];
}

/**
 * Links protocols and market series through the registry (config/protocols.yaml): a protocol's
 * TVL series is keyed by its id or DeFiLlama slug, its token's price series by its CoinGecko id.
 */
export class ProtocolDirectory {
  constructor(private readonly registry: ProtocolRegistry) {}

  marketIdsOf(protocolId: string): ProtocolMarketIds {
    const entry = this.registry.protocols.find((protocol) => protocol.id === protocolId);
    return {
      protocolSubjects: [protocolId, ...(entry?.defillamaSlug ? [entry.defillamaSlug] : [])],
      assetSubjects: entry?.coingeckoId ? [entry.coingeckoId] : [],
    };
  }

  /**
   * The protocols a series belongs to: the one its ticks named, and those whose market ids match its subject.
   *
   * @example directory.protocolsOf({ subject: { type: 'asset', id: 'aave' }, protocolId: null, … }) // ['aave']
   */
  protocolsOf(series: Pick<ForecastSeries, 'subject' | 'protocolId'>): string[] {
    const ids = new Set<string>(series.protocolId === null ? [] : [series.protocolId]);
    for (const protocol of this.registry.protocols) {
      const { protocolSubjects, assetSubjects } = this.marketIdsOf(protocol.id);
      const subjects = series.subject.type === 'asset' ? assetSubjects : series.subject.type === 'protocol' ? protocolSubjects : [];
      if (subjects.includes(series.subject.id)) ids.add(protocol.id);
    }
    return [...ids].sort();
  }
}
