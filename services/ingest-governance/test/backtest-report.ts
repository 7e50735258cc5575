import { backtest, type BacktestCase } from '../src/analysis/backtest';
import { normaliseSnapshotProposal, normaliseSnapshotVote } from '../src/snapshot/snapshot-normaliser';
import { generateHistory } from './governance-fixtures';

/** Closed proposals generated as the Snapshot hub would serve them (see governance-fixtures.ts). */
export function generatedCases(seed: number, count: number): BacktestCase[] {
  const history = generateHistory({ seed, space: 'bt.eth', count, firstCreated: 1_700_000_000, periodSeconds: 5 * 86_400 });
  return history.proposals.map((hub) => {
    const votes = history.votes.filter((v) => v.proposal === hub.id).sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
    const proposal = normaliseSnapshotProposal(
      { ...hub, state: 'closed', scores: [], scores_by_strategy: null, scores_total: null, votes: votes.length, space: { id: hub.space } },
      { protocolId: null, appUrl: 'https://snapshot.box' },
    );
    return { proposal, votes: votes.map((v) => normaliseSnapshotVote(hub.space, { ...v, proposal: { id: v.proposal } })) };
  });
}

if (require.main === module) {
  const seed = Number(process.argv[2] ?? 7);
  const count = Number(process.argv[3] ?? 200);
  process.stdout.write(`${JSON.stringify(backtest(generatedCases(seed, count)), null, 2)}\n`);
}
