import { FakeApi } from './fake-api';

export interface CoinPoint {
  /** Unix ms. */
  at: number;
  price: number;
  volume24h: number;
  marketCap: number;
}

const HOUR_MS = 3_600_000;

/**
 * CoinGecko's public API as documented (docs.coingecko.com v3): `/api/v3/simple/price` and
 * `/api/v3/coins/{id}/market_chart`, answering from a price history per coin; unknown coins are left
 * out of `/simple/price` and answer 404 on `market_chart`, as the real API does. With `apiKey` set,
 * requests without the matching `x-cg-demo-api-key` header get 401.
 */
export class FakeCoinGecko extends FakeApi {
  readonly history = new Map<string, CoinPoint[]>();

  constructor(readonly apiKey?: string) {
    super([]);
    this.routes.push((url, headers) => {
      if (apiKey && headers['x-cg-demo-api-key'] !== apiKey) return { status: 401, json: { status: { error_code: 10002, error_message: 'API Key Missing' } } };
      if (url.pathname === '/api/v3/simple/price') return { json: this.simplePrice(url) };
      const chart = /^\/api\/v3\/coins\/([^/]+)\/market_chart$/.exec(url.pathname);
      if (chart) return this.marketChart(decodeURIComponent(chart[1]), Number(url.searchParams.get('days')));
      return undefined;
    });
  }

  /** Hourly history of `hours` points ending at `end`, prices from `first` rising by `step`. */
  seed(id: string, { end, hours, first, step }: { end: number; hours: number; first: number; step: number }): CoinPoint[] {
    const points = Array.from({ length: hours }, (_, i) => {
      const price = first + step * i;
      return { at: end - (hours - 1 - i) * HOUR_MS, price, volume24h: price * 1_000, marketCap: price * 1_000_000 };
    });
    this.history.set(id, points);
    return points;
  }

  /** A new latest quote (what `/simple/price` answers from now on). */
  quote(id: string, point: CoinPoint): void {
    this.history.get(id)?.push(point);
  }

  private simplePrice(url: URL): Record<string, unknown> {
    const ids = (url.searchParams.get('ids') ?? '').split(',');
    const answer: Record<string, unknown> = {};
    for (const id of ids) {
      const last = this.history.get(id)?.at(-1);
      if (!last) continue;
      answer[id] = { usd: last.price, usd_market_cap: last.marketCap, usd_24h_vol: last.volume24h, usd_24h_change: 1.5, last_updated_at: Math.floor(last.at / 1000) };
    }
    return answer;
  }

  private marketChart(id: string, days: number) {
    const points = this.history.get(id);
    if (!points) return { status: 404, json: { error: 'coin not found' } };
    const since = Date.now() - days * 24 * HOUR_MS;
    const window = points.filter((point) => point.at >= since);
    return { json: { prices: window.map((p) => [p.at, p.price]), market_caps: window.map((p) => [p.at, p.marketCap]), total_volumes: window.map((p) => [p.at, p.volume24h]) } };
  }
}
