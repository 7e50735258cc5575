import type { WindowEnds } from '../series/series.repository';

export interface NetFlow {
  protocols: number;
  chainGrowth: number;
  netFlowUsd: number;
}

/**
 * Net TVL that moved into (positive) or out of one protocol over a window, relative to the other
 * protocols tracked on the same chain: its TVL change minus the change it would have had growing
 * at the chain-wide rate g = ΣTVL_end / ΣTVL_start − 1 (the market-wide part: prices, chain-wide
 * deposits). Over all protocols of a chain the flows sum to zero, so they read as TVL moving
 * between them. Null when the protocol is not among `peers` or the chain total started at zero.
 *
 * @example netFlow('a', [{ seriesKey: 'a', start: 100, end: 150 }, { seriesKey: 'b', start: 100, end: 50 }]) // netFlowUsd 50
 */
export function netFlow(seriesKey: string, peers: readonly WindowEnds[]): NetFlow | null {
  const own = peers.find((peer) => peer.seriesKey === seriesKey);
  const startTotal = peers.reduce((sum, peer) => sum + peer.start, 0);
  const endTotal = peers.reduce((sum, peer) => sum + peer.end, 0);
  if (own === undefined || !(startTotal > 0)) return null;
  const chainGrowth = endTotal / startTotal - 1;
  return { protocols: peers.length, chainGrowth, netFlowUsd: own.end - own.start * (1 + chainGrowth) };
}
