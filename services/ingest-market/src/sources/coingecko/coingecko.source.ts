import type { SourceHttpClient } from '@pum/platform';
import { Logger } from '@nestjs/common';
import type { MarketMetrics } from '../../market-metrics';
import type { WatchedAsset } from '../../watchlist';
import { BackfillIncompleteError, type MarketSource, type SourceBatch, type TickDraft } from '../market-source';
import { marketChartAnswer, simplePriceAnswer } from './coingecko.schemas';

/** Ids per `/simple/price` request: keeps the URL short (CoinGecko has no paging here). */
const IDS_PER_REQUEST = 50;
const DAY_SECONDS = 86_400;

export interface CoinGeckoSettings {
  baseUrl: string;
  pollIntervalMs: number;
  backfillDays: number;
}

/**
 * Asset prices and 24-hour volumes from CoinGecko: `/simple/price` each round (the value as of its
 * `last_updated_at`), `/coins/{id}/market_chart` for history the first time an asset is seen.
 * Market caps and 24h changes stay in the raw answer: the ticks carry price and volume.
 * Volume is CoinGecko's rolling 24-hour volume (`usd_24h_vol`, `total_volumes`): each tick is the
 * trailing 24 h ending at its timestamp (`windowSeconds` 86400), so consecutive ticks overlap and
 * must never be summed — take one as the day's level. (DeFiLlama's daily and the on-chain window
 * volumes are disjoint windows; those do add up.)
 */
export class CoinGeckoSource implements MarketSource {
  readonly name = 'coingecko';
  readonly pollIntervalMs: number;
  private readonly logger = new Logger(CoinGeckoSource.name);
  private readonly assets: Map<string, WatchedAsset>;

  constructor(
    private readonly settings: CoinGeckoSettings,
    assets: WatchedAsset[],
    private readonly http: SourceHttpClient,
    private readonly metrics: MarketMetrics,
  ) {
    this.pollIntervalMs = settings.pollIntervalMs;
    this.assets = new Map(assets.map((asset) => [`asset:${asset.coingeckoId}`, asset]));
  }

  watched(): Promise<string[]> {
    return Promise.resolve([...this.assets.keys()]);
  }

  async *backfill(key: string): AsyncIterable<SourceBatch> {
    const asset = this.assets.get(key);
    if (!asset) return;
    const url = `${this.settings.baseUrl}/coins/${encodeURIComponent(asset.coingeckoId)}/market_chart?vs_currency=usd&days=${this.settings.backfillDays}`;
    const answer = await this.http.getOrSkip(url, marketChartAnswer);
    if (!answer) throw new BackfillIncompleteError(key, url);
    const ticks: TickDraft[] = [];
    for (const [ms, value] of answer.data.prices) this.push(ticks, asset, 'price', value, ms);
    for (const [ms, value] of answer.data.total_volumes) this.push(ticks, asset, 'volume', value, ms);
    yield { raw: answer, ticks };
  }

  async *poll(keys: ReadonlySet<string>): AsyncIterable<SourceBatch> {
    const ids = [...this.assets.entries()].filter(([key]) => keys.has(key)).map(([, asset]) => asset.coingeckoId);
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      const chunk = ids.slice(i, i + IDS_PER_REQUEST);
      const query = new URLSearchParams({ ids: chunk.join(','), vs_currencies: 'usd', include_market_cap: 'true', include_24hr_vol: 'true', include_24hr_change: 'true', include_last_updated_at: 'true' });
      const answer = await this.http.getOrSkip(`${this.settings.baseUrl}/simple/price?${query.toString()}`, simplePriceAnswer);
      if (!answer) continue;
      const ticks: TickDraft[] = [];
      for (const id of chunk) {
        const quote = answer.data[id];
        const asset = this.assets.get(`asset:${id}`);
        if (!quote || !asset) {
          this.skip('unknown_id', id);
          continue;
        }
        if (!quote.last_updated_at) {
          this.skip('no_timestamp', id);
          continue;
        }
        this.push(ticks, asset, 'price', quote.usd, quote.last_updated_at * 1000);
        this.push(ticks, asset, 'volume', quote.usd_24h_vol, quote.last_updated_at * 1000);
      }
      yield { raw: answer, ticks };
    }
  }

  private push(ticks: TickDraft[], asset: WatchedAsset, metric: 'price' | 'volume', value: number | null | undefined, ms: number): void {
    if (value === null || value === undefined || value < 0) {
      this.skip(value === null || value === undefined ? 'no_value' : 'negative', asset.coingeckoId);
      return;
    }
    ticks.push({
      subject: { type: 'asset', id: asset.coingeckoId },
      metric,
      value,
      timestamp: new Date(ms).toISOString(),
      source: 'coingecko',
      protocolId: asset.protocolId,
      chainId: null,
      windowSeconds: metric === 'volume' ? DAY_SECONDS : null,
    });
  }

  private skip(reason: string, id: string): void {
    this.metrics.skipped.inc({ source: this.name, reason });
    this.logger.debug({ msg: 'coingecko value skipped', reason, coingecko_id: id });
  }
}
