import type { SourceAnswer, SourceHttpClient } from '@pum/platform';
import { Logger } from '@nestjs/common';
import type { z } from 'zod';
import type { MarketMetrics } from '../../market-metrics';
import type { WatchedAsset, WatchedProtocol } from '../../watchlist';
import { BackfillIncompleteError, type MarketSource, type SourceBatch, type TickDraft } from '../market-source';
import { llamaCoinSubject } from './llama-coin';
import {
  chainsAnswer,
  currentPricesAnswer,
  dexOverviewAnswer,
  dexSummaryAnswer,
  priceChartAnswer,
  protocolAnswer,
  protocolsAnswer,
  type ProtocolAnswer,
} from './defillama.schemas';

const DAY_SECONDS = 86_400;
/** Coins per `/prices/current` request (DeFiLlama takes a comma list in the path; no paging). */
const COINS_PER_REQUEST = 50;
/** How far back a poll looks in a history it re-reads (the publisher drops what it already sent). */
const POLL_LOOKBACK_SECONDS = 3 * DAY_SECONDS;
/** Directories (`/protocols`, `/v2/chains`, `/overview/dexs`) are re-read at most this often. */
const DIRECTORY_TTL_MS = 60 * 60_000;

export interface DefiLlamaSettings {
  baseUrl: string;
  coinsBaseUrl: string;
  pollIntervalMs: number;
  backfillDays: number;
}

interface Cached<T> {
  value: T;
  at: number;
}

/**
 * Protocol TVL (total and per EVM chain) and DEX volume from DeFiLlama, and coin prices from
 * coins.llama.fi. TVL comes from `/protocol/{slug}` (the only TVL with timestamps), once with
 * `MARKET_BACKFILL_DAYS` of history, then each round its last few days; volumes from
 * `/summary/dexs/{slug}` for the protocols `/overview/dexs` lists; prices from `/prices/current`
 * and, for history, `/chart`. `/protocols` tells an unknown slug from a failing source.
 */
export class DefiLlamaSource implements MarketSource {
  readonly name = 'defillama';
  readonly pollIntervalMs: number;
  private readonly logger = new Logger(DefiLlamaSource.name);
  private readonly protocols: Map<string, WatchedProtocol>;
  private readonly coins: Map<string, string>;
  private readonly assetProtocols: Map<string, string | null>;
  private chainIds?: Cached<Map<string, number>>;
  private dexDirectory?: Cached<Set<string>>;
  private knownSlugs?: Cached<Set<string>>;

  constructor(
    private readonly settings: DefiLlamaSettings,
    watched: { protocols: WatchedProtocol[]; llamaCoins: string[]; assets: WatchedAsset[] },
    private readonly http: SourceHttpClient,
    private readonly metrics: MarketMetrics,
    private readonly now: () => number = Date.now,
  ) {
    this.pollIntervalMs = settings.pollIntervalMs;
    this.protocols = new Map(watched.protocols.map((protocol) => [`protocol:${protocol.slug}`, protocol]));
    this.coins = new Map(watched.llamaCoins.map((coin) => [`coin:${coin}`, coin]));
    this.assetProtocols = new Map(watched.assets.map((asset) => [asset.coingeckoId, asset.protocolId]));
  }

  watched(): Promise<string[]> {
    return Promise.resolve([...this.protocols.keys(), ...this.coins.keys()]);
  }

  async *backfill(key: string): AsyncIterable<SourceBatch> {
    const since = this.now() / 1000 - this.settings.backfillDays * DAY_SECONDS;
    const protocol = this.protocols.get(key);
    if (protocol) {
      if (!(await this.slugExists(protocol.slug))) throw new BackfillIncompleteError(key, `/protocols (no protocol with slug ${protocol.slug}; check defillamaSlug)`);
      yield* this.protocolBatches(protocol, since, true);
      return;
    }
    const coin = this.coins.get(key);
    if (!coin) return;
    const query = new URLSearchParams({ start: String(Math.floor(since)), span: String(this.settings.backfillDays), period: '1d' });
    const url = `${this.settings.coinsBaseUrl}/chart/${encodeURIComponent(coin)}?${query.toString()}`;
    const answer = await this.http.getOrSkip(url, priceChartAnswer);
    if (!answer) throw new BackfillIncompleteError(key, url);
    const ticks = (answer.data.coins[coin]?.prices ?? []).flatMap((point) => this.priceTick(coin, point.price, point.timestamp));
    yield { raw: answer, ticks };
  }

  async *poll(keys: ReadonlySet<string>): AsyncIterable<SourceBatch> {
    const since = this.now() / 1000 - POLL_LOOKBACK_SECONDS;
    for (const [key, protocol] of this.protocols) if (keys.has(key)) yield* this.protocolBatches(protocol, since, false);
    const coins = [...this.coins.entries()].filter(([key]) => keys.has(key)).map(([, coin]) => coin);
    for (let i = 0; i < coins.length; i += COINS_PER_REQUEST) {
      const chunk = coins.slice(i, i + COINS_PER_REQUEST);
      const answer = await this.http.getOrSkip(`${this.settings.coinsBaseUrl}/prices/current/${chunk.map(encodeURIComponent).join(',')}`, currentPricesAnswer);
      if (!answer) continue;
      const ticks = chunk.flatMap((coin) => {
        const quote = answer.data.coins[coin];
        if (!quote) this.skip('unknown_coin', coin);
        return quote ? this.priceTick(coin, quote.price, quote.timestamp) : [];
      });
      yield { raw: answer, ticks };
    }
  }

  /**
   * TVL (total and per chain) since `since`, then daily DEX volume when DeFiLlama has it. In a
   * backfill (`required`) any answer missing — the directories included — fails the backfill, so
   * no part of the history is skipped for good.
   */
  private async *protocolBatches(protocol: WatchedProtocol, since: number, required: boolean): AsyncIterable<SourceBatch> {
    const key = `protocol:${protocol.slug}`;
    const url = `${this.settings.baseUrl}/protocol/${encodeURIComponent(protocol.slug)}`;
    const answer = await this.http.getOrSkip(url, protocolAnswer);
    const chainIds = await this.chainIdsByName();
    if (required && !answer) throw new BackfillIncompleteError(key, url);
    if (required && !chainIds) throw new BackfillIncompleteError(key, '/v2/chains');
    if (answer) yield { raw: answer, ticks: this.tvlTicks(protocol, answer, since, chainIds ?? new Map()) };
    const dexSlugs = await this.dexSlugs();
    if (required && !dexSlugs) throw new BackfillIncompleteError(key, '/overview/dexs');
    if (!dexSlugs?.has(protocol.slug)) return;
    const summaryUrl = `${this.settings.baseUrl}/summary/dexs/${encodeURIComponent(protocol.slug)}?excludeTotalDataChartBreakdown=true`;
    const summary = await this.http.getOrSkip(summaryUrl, dexSummaryAnswer);
    if (!summary && required) throw new BackfillIncompleteError(key, summaryUrl);
    if (!summary) return;
    const ticks = summary.data.totalDataChart
      .filter(([at]) => at >= since)
      .flatMap(([at, value]) => this.tick({ type: 'protocol', id: protocol.protocolId }, 'volume', value, at, protocol.protocolId, null, DAY_SECONDS));
    yield { raw: summary, ticks };
  }

  private tvlTicks(protocol: WatchedProtocol, answer: SourceAnswer<ProtocolAnswer>, since: number, chainIds: Map<string, number>): TickDraft[] {
    const subject = { type: 'protocol' as const, id: protocol.protocolId };
    const ticks = answer.data.tvl.filter((point) => point.date >= since).flatMap((point) => this.tick(subject, 'tvl', point.totalLiquidityUSD, point.date, protocol.protocolId, null, null));
    for (const [chain, history] of Object.entries(answer.data.chainTvls)) {
      const chainId = chainIds.get(chain);
      if (chainId === undefined) continue; // `staking`, `borrowed`, `Ethereum-pool2`, non-EVM chains
      for (const point of history.tvl) if (point.date >= since) ticks.push(...this.tick(subject, 'tvl', point.totalLiquidityUSD, point.date, protocol.protocolId, chainId, null));
    }
    return ticks;
  }

  private priceTick(coin: string, price: number, seconds: number): TickDraft[] {
    const subject = llamaCoinSubject(coin);
    if (!subject) {
      this.skip('unknown_chain', coin);
      return [];
    }
    return this.tick({ type: 'asset', id: subject.id }, 'price', price, seconds, this.assetProtocols.get(subject.id) ?? null, subject.chainId, null);
  }

  private tick(subject: TickDraft['subject'], metric: TickDraft['metric'], value: number, seconds: number, protocolId: string | null, chainId: number | null, windowSeconds: number | null): TickDraft[] {
    if (value < 0) {
      this.skip('negative', subject.id);
      return [];
    }
    return [{ subject, metric, value, timestamp: new Date(seconds * 1000).toISOString(), source: 'defillama', protocolId, chainId, windowSeconds }];
  }

  /** EVM chain ids by DeFiLlama chain name; undefined while `/v2/chains` never answered. */
  private async chainIdsByName(): Promise<Map<string, number> | undefined> {
    this.chainIds = await this.directory(this.chainIds, `${this.settings.baseUrl}/v2/chains`, chainsAnswer, (chains) =>
      new Map(chains.flatMap((chain) => (chain.chainId ? [[chain.name, chain.chainId] as const] : []))),
    );
    return this.chainIds?.value;
  }

  /** Slugs with a DEX volume adapter; undefined while `/overview/dexs` never answered. */
  private async dexSlugs(): Promise<Set<string> | undefined> {
    this.dexDirectory = await this.directory(this.dexDirectory, `${this.settings.baseUrl}/overview/dexs?excludeTotalDataChart=true&excludeTotalDataChartBreakdown=true`, dexOverviewAnswer, (overview) =>
      new Set(overview.protocols.flatMap((entry) => (entry.slug ? [entry.slug] : []))),
    );
    return this.dexDirectory?.value;
  }

  /** Whether `/protocols` lists the slug (re-read when it does not and the list is old). */
  private async slugExists(slug: string): Promise<boolean> {
    if (this.knownSlugs && !this.knownSlugs.value.has(slug) && this.now() - this.knownSlugs.at > 60_000) this.knownSlugs = undefined;
    this.knownSlugs = await this.directory(this.knownSlugs, `${this.settings.baseUrl}/protocols`, protocolsAnswer, (all) => new Set(all.map((entry) => entry.slug)));
    if (!this.knownSlugs) throw new BackfillIncompleteError(`protocol:${slug}`, '/protocols');
    const known = this.knownSlugs.value.has(slug);
    if (!known) this.logger.warn({ msg: 'DeFiLlama lists no protocol with this slug; check defillamaSlug in the registry or DEFILLAMA_PROTOCOLS', slug });
    return known;
  }

  /** A directory answer, fetched when missing or older than DIRECTORY_TTL_MS; kept when a refresh fails. */
  private async directory<T, V>(cached: Cached<V> | undefined, url: string, schema: z.ZodType<T>, build: (data: T) => V): Promise<Cached<V> | undefined> {
    if (cached && this.now() - cached.at < DIRECTORY_TTL_MS) return cached;
    const answer = await this.http.getOrSkip(url, schema);
    return answer ? { value: build(answer.data), at: this.now() } : cached;
  }

  private skip(reason: string, id: string): void {
    this.metrics.skipped.inc({ source: this.name, reason });
    this.logger.debug({ msg: 'defillama value skipped', reason, id });
  }
}
