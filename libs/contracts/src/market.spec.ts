import { TOPICS, catalogue } from './catalogue';
import { marketTickId, type MarketTick } from './market';

const tick: MarketTick = {
  tickId: 'x',
  subject: { type: 'protocol', id: 'aave' },
  metric: 'tvl',
  value: 1_000_000,
  currency: 'usd',
  timestamp: '2026-01-01T00:00:00Z',
  source: 'defillama',
  protocolId: 'aave',
  chainId: null,
  windowSeconds: null,
};

describe('market ticks', () => {
  it('gives the same observation the same id, whatever the timestamp notation', () => {
    expect(marketTickId(tick)).toBe('defillama:protocol:aave:tvl:2026-01-01T00:00:00.000Z');
    expect(marketTickId({ ...tick, timestamp: '2026-01-01T01:00:00+01:00' })).toBe(marketTickId(tick));
  });

  it('keeps a per-chain figure apart from the aggregate of the same subject and instant', () => {
    const sut = marketTickId({ ...tick, chainId: 1 });

    expect(sut).toBe('defillama:protocol:aave:tvl@1:2026-01-01T00:00:00.000Z');
    expect(sut).not.toBe(marketTickId(tick));
  });

  it('rejects a negative value and a non-USD currency on the topic', () => {
    const envelope = (payload: unknown) => ({ version: 1, type: 'market.tick', id: 'x', occurredAt: tick.timestamp, producedAt: tick.timestamp, source: 'test', payload });

    expect(catalogue[TOPICS.marketTicks].safeParse(envelope(tick)).success).toBe(true);
    expect(catalogue[TOPICS.marketTicks].safeParse(envelope({ ...tick, value: -1 })).success).toBe(false);
    expect(catalogue[TOPICS.marketTicks].safeParse(envelope({ ...tick, currency: 'eur' })).success).toBe(false);
  });
});
