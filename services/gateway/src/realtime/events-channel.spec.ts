import { eventsFilter, isEventsRoom, roomsOfEvent, roomsOfFilter } from './events-channel';

type Event = Parameters<typeof roomsOfEvent>[0];

/** Whether a subscription with this filter receives the event: they share a room. */
function receives(filter: unknown, event: Event): boolean {
  const joined = new Set(roomsOfFilter(eventsFilter.parse(filter)));
  return roomsOfEvent(event).some((name) => joined.has(name));
}

describe('events channel rooms', () => {
  const paused: Event = { protocolId: 'aave', chainId: 1, kind: 'paused' };
  const granted: Event = { protocolId: 'lido', chainId: 10, kind: 'role_granted' };
  const orphan: Event = { protocolId: null, chainId: 1, kind: 'paused' };

  it.each([
    ['no filter', {}, [true, true, true]],
    ['one protocol', { protocolId: 'aave' }, [true, false, false]],
    ['protocols as a list', { protocolId: ['aave', 'lido'] }, [true, true, false]],
    ['a chain', { chainId: 1 }, [true, false, true]],
    ['kinds', { kind: ['paused', 'unpaused'] }, [true, false, true]],
    ['every field at once (an AND)', { protocolId: 'aave', chainId: 10, kind: 'paused' }, [false, false, false]],
    ['every field matching', { protocolId: ['aave', 'lido'], chainId: [1, 10], kind: ['paused', 'role_granted'] }, [true, true, false]],
  ])('with %s delivers exactly the matching events', (_case, filter, expected) => {
    expect([paused, granted, orphan].map((event) => receives(filter, event))).toEqual(expected);
  });

  it('keeps a protocol id that looks like a room apart from the rooms of other filters', () => {
    const tricky: Event = { protocolId: '","*","*"]', chainId: 1, kind: 'paused' };

    expect(receives({ protocolId: 'aave' }, tricky)).toBe(false);
    expect(receives({}, tricky)).toBe(true);
  });

  it('names its rooms apart from the other channels', () => {
    expect(roomsOfEvent(paused).every(isEventsRoom)).toBe(true);
    expect(['upgrades', 'lifecycle', 'governance', 'forecasts'].some(isEventsRoom)).toBe(false);
  });

  it.each([
    [{ kind: 'everything' }, /kind/],
    [{ protocolId: 'Not A Slug' }, /protocolId/],
    [{ chainId: '1' }, /chainId/],
    [{ colour: 'red' }, /colour/],
    [{ protocolId: Array.from({ length: 20 }, (_, i) => `p${i}`), chainId: Array.from({ length: 20 }, (_, i) => i + 1) }, /at most 256/],
  ])('rejects the filter %j', (filter, reason) => {
    const result = eventsFilter.safeParse(filter);

    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(reason);
  });
});
