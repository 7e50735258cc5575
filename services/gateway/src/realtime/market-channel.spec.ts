import { marketFilter, roomsOfMarketFilter, roomsOfUpdate } from './market-channel';

describe('market channel rooms', () => {
  const update = { channel: 'prices' as const, protocolId: 'aave', id: 'aave', chainId: 1 };

  it('sends an update to every room whose filter it matches, and to no other', () => {
    const rooms = new Set(roomsOfUpdate(update));
    const joins = (channels: ('prices' | 'tvl')[], filter: unknown) => roomsOfMarketFilter(channels, marketFilter.parse(filter)).some((room) => rooms.has(room));

    expect(rooms.size).toBe(8);
    expect(joins(['prices'], {})).toBe(true);
    expect(joins(['prices'], { protocolId: 'aave' })).toBe(true);
    expect(joins(['prices'], { protocolId: ['uni', 'aave'], chainId: 1, subject: 'aave' })).toBe(true);
    expect(joins(['prices'], { protocolId: 'uni' })).toBe(false);
    expect(joins(['prices'], { chainId: 10 })).toBe(false);
    expect(joins(['tvl'], {})).toBe(false);
  });

  it('opens an update of no protocol or chain only to filters that do not name one', () => {
    const rooms = new Set(roomsOfUpdate({ ...update, protocolId: null, chainId: null }));
    expect(rooms.size).toBe(2);
    expect(roomsOfMarketFilter(['prices'], marketFilter.parse({ subject: 'aave' })).some((room) => rooms.has(room))).toBe(true);
    expect(roomsOfMarketFilter(['prices'], marketFilter.parse({ chainId: 1 })).some((room) => rooms.has(room))).toBe(false);
  });

  it('refuses unknown fields and more than 256 combinations', () => {
    expect(marketFilter.safeParse({ token: 'x' }).success).toBe(false);
    const many = Array.from({ length: 17 }, (_, i) => `p${i}`);
    expect(marketFilter.safeParse({ protocolId: many, subject: many }).success).toBe(false);
  });
});
