import { generateHistory } from '../../test/governance-fixtures';
import { normaliseSnapshotVote } from '../snapshot/snapshot-normaliser';
import type { StoredVote } from '../store/governance.repository';
import { analyseTimeline, analyseVotes, passChoiceOf, passed, type AnalysedProposal } from './voting-analysis';

const proposal: AnalysedProposal = {
  choices: ['For', 'Against', 'Abstain'],
  start: '2026-01-01T00:00:00.000Z',
  end: '2026-01-05T00:00:00.000Z',
  quorum: 100,
  createdAt: '2025-12-31T00:00:00.000Z',
};
const vote = (voter: string, votingPower: number, choice: number, day: number): StoredVote => ({
  proposalKey: 'k',
  voteId: `${voter}-${day}`,
  voter,
  votingPower,
  choice: [0, 1, 2].map((index) => (index === choice ? 1 : 0)),
  reason: '',
  createdAt: new Date(Date.UTC(2026, 0, 1 + day)),
});

describe('voting analysis', () => {
  it('picks the For/Yes choice as the pass choice wherever it is', () => {
    expect(passChoiceOf(['Against', 'Yes, upgrade'])).toBe(1);
    expect(passChoiceOf(['Option A', 'Option B'])).toBe(0);
  });

  it('measures turnout against quorum, margin and time left, abstentions counting for quorum only', () => {
    const sut = analyseVotes(proposal, [vote('a', 60, 0, 1), vote('b', 20, 1, 1), vote('c', 40, 2, 2)]);

    expect(sut).toMatchObject({ turnout: 120, quorum: 100, quorumRatio: 1.2, passChoice: 0, leadingChoice: 0, margin: 0.5, timeLeftSeconds: 2 * 86_400, elapsed: 0.5 });
    expect(sut.concentration).toMatchObject({ voters: 3, nakamoto: 2 });
  });

  it('lets a later vote supersede an earlier one and reports a large voter changing side', () => {
    const sut = analyseVotes(proposal, [vote('whale', 500, 0, 0), vote('b', 10, 0, 1), vote('whale', 500, 1, 2)]);

    expect(sut.turnout).toBe(510);
    expect(sut.leadingChoice).toBe(1);
    expect(sut.sideChanges).toEqual([{ voter: 'whale', votingPower: 500, from: 0, to: 1, at: '2026-01-03T00:00:00.000Z' }]);
  });

  it('predicts a pass more confidently the later a clear lead holds', () => {
    const votes = [vote('a', 80, 0, 0), vote('b', 20, 1, 0), vote('c', 80, 0, 3), vote('d', 20, 1, 3)];

    const early = analyseVotes(proposal, votes, new Date(Date.UTC(2026, 0, 1, 12)));
    const late = analyseVotes(proposal, votes, new Date(Date.UTC(2026, 0, 4, 12)));

    expect(early.passProbability).toBeGreaterThan(0.5);
    expect(late.passProbability).toBeGreaterThan(early.passProbability);
    expect(late.passProbability).toBeGreaterThan(0.95);
  });

  it('predicts a fail at the end when quorum was missed, whatever the margin', () => {
    const votes = [vote('a', 50, 0, 0)];

    expect(analyseVotes(proposal, votes, new Date(proposal.end)).passProbability).toBe(0);
    expect(passed(proposal, votes)).toBe(false);
    expect(passed({ ...proposal, quorum: null }, votes)).toBe(true);
  });

  it.each([
    ['all', true, 1],
    ['for_abstain', false, 0.75],
    ['for', false, 0.75],
  ] as const)('counts toward quorum by the %s rule (For 15, Against 5, quorum 20)', (quorumCounts, outcome, ratio) => {
    const votes = [vote('a', 15, 0, 1), vote('b', 5, 1, 1)];
    const sut = { ...proposal, quorum: 20, quorumCounts };

    expect(passed(sut, votes)).toBe(outcome);
    expect(analyseVotes(sut, votes).quorumRatio).toBe(ratio);
    expect(analyseVotes(sut, votes, new Date(proposal.end)).passProbability).toBe(outcome ? 1 : 0);
  });

  it('counts abstentions toward a For + Abstain quorum but not toward a For-only one', () => {
    const votes = [vote('a', 15, 0, 1), vote('b', 5, 1, 1), vote('c', 5, 2, 1)];

    expect(passed({ ...proposal, quorum: 20, quorumCounts: 'for_abstain' }, votes)).toBe(true);
    expect(passed({ ...proposal, quorum: 20, quorumCounts: 'for' }, votes)).toBe(false);
  });

  it.each([
    ['executed', 1],
    ['queued', 1],
    ['defeated', 0],
    ['canceled', 0],
    ['expired', 0],
  ] as const)('settles the current prediction of a proposal %s to %d, whatever the votes projected', (state, outcome) => {
    const votes = [vote('a', 60, 0, 1), vote('b', 50, 1, 1)];

    expect(analyseVotes({ ...proposal, state }, votes).passProbability).toBe(outcome);
  });

  it('settles a closed Snapshot vote by its final tally, but never an analysis as of an earlier instant', () => {
    const votes = [vote('a', 60, 0, 1), vote('b', 50, 1, 1)];
    const closed = { ...proposal, state: 'closed' as const };

    expect(analyseVotes(closed, votes).passProbability).toBe(1);
    expect(analyseVotes({ ...closed, quorum: 1_000 }, votes).passProbability).toBe(0);
    const replayed = analyseVotes({ ...proposal, state: 'executed' }, votes, new Date(Date.UTC(2026, 0, 2)));
    expect(replayed.passProbability).toBeGreaterThan(0);
    expect(replayed.passProbability).toBeLessThan(1);
  });

  describe('analyseTimeline', () => {
    it('equals analyseVotes at every instant, to the bit, on generated proposals with changed votes and abstentions', () => {
      const history = generateHistory({ seed: 7, space: 'timeline.eth', count: 12, firstCreated: 1_760_000_000, periodSeconds: 86_400 });
      let instantsChecked = 0;
      for (const hub of history.proposals) {
        const votes = history.votes
          .filter((v) => v.proposal === hub.id)
          .map((v) => normaliseSnapshotVote('timeline.eth', { ...v, proposal: { id: v.proposal } }))
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.voteId < b.voteId ? -1 : 1));
        const analysed: AnalysedProposal = { choices: hub.choices, start: new Date(hub.start * 1000).toISOString(), end: new Date(hub.end * 1000).toISOString(), quorum: hub.quorum, createdAt: new Date(hub.created * 1000).toISOString() };
        // Every vote's instant, one before the first vote and one between each pair.
        const times = [...new Set(votes.map((v) => v.createdAt.getTime()))];
        const instants = [times[0]! - 1, ...times.flatMap((t, i) => (i === 0 ? [t] : [Math.floor((times[i - 1]! + t) / 2), t]))].map((t) => new Date(t));

        expect(analyseTimeline(analysed, votes, instants)).toEqual(instants.map((at) => analyseVotes(analysed, votes, at)));
        instantsChecked += instants.length;
      }
      expect(instantsChecked).toBeGreaterThan(500);
      expect(history.votes.some((v, i) => history.votes.findIndex((w) => w.voter === v.voter && w.proposal === v.proposal) !== i)).toBe(true); // vote changes are in the data
    });

    it('handles a voter whose power changes between votes and a zero-power vote', () => {
      const votes = [vote('a', 60, 0, 1), vote('b', 0, 1, 1), vote('a', 90, 1, 2), vote('c', 60, 2, 3)];
      const instants = [1, 2, 3].map((day) => new Date(Date.UTC(2026, 0, 1 + day)));

      expect(analyseTimeline(proposal, votes, instants)).toEqual(instants.map((at) => analyseVotes(proposal, votes, at)));
    });
  });
});
