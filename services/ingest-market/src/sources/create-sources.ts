import { SourceHttpClient } from '@pum/platform';
import type { MarketMetrics } from '../market-metrics';
import type { IngestMarketConfig } from '../config';
import type { Watchlist } from '../watchlist';
import { CoinGeckoSource } from './coingecko/coingecko.source';
import { DefiLlamaSource } from './defillama/defillama.source';
import type { MarketSource } from './market-source';
import type { LazyChainClients } from './onchain/lazy-chain-clients';
import { OnChainSource } from './onchain/onchain.source';
import type { MarketStateRepository } from '../store/market-state.repository';

/** Longest a retry waits: the backoff's ceiling, and the longest Retry-After honoured (a longer one is cut to it). */
const MARKET_HTTP_WAIT_CAP_MS = 60_000;

/** The sources the configuration enables; the HTTP ones each with its own rate limit. */
export function createSources(config: IngestMarketConfig, watchlist: Watchlist, clients: LazyChainClients, state: MarketStateRepository, metrics: MarketMetrics): MarketSource[] {
  const http = (source: string, ratePerMinute: number, headers?: Record<string, string>) =>
    new SourceHttpClient(
      {
        source,
        ratePerMinute,
        headers,
        timeoutMs: config.MARKET_HTTP_TIMEOUT_MS,
        maxAttempts: config.MARKET_HTTP_MAX_ATTEMPTS,
        backoffBaseMs: config.MARKET_HTTP_BACKOFF_MS,
        backoffCapMs: MARKET_HTTP_WAIT_CAP_MS,
        retryAfterCapMs: MARKET_HTTP_WAIT_CAP_MS,
      },
      metrics,
    );
  const sources: MarketSource[] = [];
  if (config.COINGECKO_ENABLED) {
    sources.push(
      new CoinGeckoSource(
        { baseUrl: config.COINGECKO_BASE_URL, pollIntervalMs: config.COINGECKO_POLL_INTERVAL_MS, backfillDays: config.MARKET_BACKFILL_DAYS },
        watchlist.assets,
        http('coingecko', config.COINGECKO_RATE_LIMIT_PER_MINUTE, coinGeckoHeaders(config)),
        metrics,
      ),
    );
  }
  if (config.DEFILLAMA_ENABLED) {
    sources.push(
      new DefiLlamaSource(
        { baseUrl: config.DEFILLAMA_BASE_URL, coinsBaseUrl: config.DEFILLAMA_COINS_BASE_URL, pollIntervalMs: config.DEFILLAMA_POLL_INTERVAL_MS, backfillDays: config.MARKET_BACKFILL_DAYS },
        watchlist,
        http('defillama', config.DEFILLAMA_RATE_LIMIT_PER_MINUTE),
        metrics,
      ),
    );
  }
  if (config.ONCHAIN_ENABLED) {
    sources.push(
      new OnChainSource(
        {
          pollIntervalMs: config.ONCHAIN_POLL_INTERVAL_MS,
          confirmations: config.ONCHAIN_CONFIRMATIONS,
          backfillBlocks: config.ONCHAIN_BACKFILL_BLOCKS,
          maxBlockRange: config.ONCHAIN_MAX_BLOCK_RANGE,
          windowSeconds: config.ONCHAIN_VOLUME_WINDOW_SECONDS,
          usdTokens: new Set(config.ONCHAIN_USD_TOKENS.map((token) => `${token.chainId}:${token.address}`)),
        },
        watchlist,
        clients,
        state,
        metrics,
      ),
    );
  }
  return sources;
}

/**
 * CoinGecko's key header: `x-cg-pro-api-key` for the Pro host (pro-api.coingecko.com), `x-cg-demo-api-key`
 * for the public/demo one (docs.coingecko.com, "Authentication").
 */
export function coinGeckoHeaders(config: Pick<IngestMarketConfig, 'COINGECKO_API_KEY' | 'COINGECKO_BASE_URL'>): Record<string, string> {
  if (!config.COINGECKO_API_KEY) return {};
  const pro = new URL(config.COINGECKO_BASE_URL).hostname === 'pro-api.coingecko.com';
  return { [pro ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key']: config.COINGECKO_API_KEY };
}
