import { netFlow } from './net-flows';

describe('netFlow', () => {
  const peers = [
    { seriesKey: 'a', start: 100, end: 150 },
    { seriesKey: 'b', start: 100, end: 50 },
    { seriesKey: 'c', start: 200, end: 220 },
  ];

  it('measures what a protocol gained beyond the chain-wide growth', () => {
    const sut = netFlow('a', peers);

    expect(sut?.chainGrowth).toBeCloseTo(0.05, 12);
    expect(sut?.netFlowUsd).toBeCloseTo(150 - 105, 9);
    expect(sut?.protocols).toBe(3);
  });

  it('gives flows that sum to zero over the chain', () => {
    const total = peers.reduce((sum, peer) => sum + (netFlow(peer.seriesKey, peers)?.netFlowUsd ?? Number.NaN), 0);

    expect(total).toBeCloseTo(0, 9);
  });

  it('has no flow for a protocol outside the chain or a chain that started empty', () => {
    expect(netFlow('z', peers)).toBeNull();
    expect(netFlow('a', [{ seriesKey: 'a', start: 0, end: 10 }])).toBeNull();
  });
});
