import { tickMessage } from '../../test/messages';
import { seriesOf } from './series-identity';

describe('seriesOf', () => {
  it('keeps no series of volume ticks, so overlapping rolling 24h volumes are never added up', () => {
    const volume = tickMessage({ subject: { type: 'asset', id: 'aave' }, metric: 'volume', value: 5e6, timestamp: '2026-01-01T00:01:00.000Z', windowSeconds: 86_400 });

    expect(seriesOf(volume.payload)).toBeNull();
  });

  it('keys a price series by subject, metric, source and chain', () => {
    const price = tickMessage({ subject: { type: 'asset', id: 'aave' }, metric: 'price', value: 200, timestamp: '2026-01-01T00:01:00.000Z' });

    expect(seriesOf(price.payload)?.key).toBe('asset:aave:price:coingecko:all');
  });
});
