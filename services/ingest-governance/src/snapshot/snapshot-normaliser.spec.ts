import { choiceWeights, normaliseSnapshotVote } from './snapshot-normaliser';

describe('Snapshot normalisation', () => {
  it.each([
    ['a single 1-based choice', 2, [0, 1]],
    ['an approval vote', [1, 3], [0.5, 0, 0.5]],
    ['a weighted vote', { '1': 3, '3': 1 }, [0.75, 0, 0.25]],
  ])('turns %s into weights per 0-based choice', (_case, choice, weights) => {
    expect(choiceWeights(choice)).toEqual(weights);
  });

  it('keys a vote by its space and proposal, voter in lower case', () => {
    const sut = normaliseSnapshotVote('aave.eth', { id: '0xv', voter: '0xABC', vp: 12.5, created: 1_700_000_000, choice: 1, reason: 'yes', proposal: { id: '0xp' } });

    expect(sut).toEqual({ proposalKey: 'snapshot:aave.eth:0xp', voteId: '0xv', voter: '0xabc', votingPower: 12.5, choice: [1], reason: 'yes', createdAt: new Date(1_700_000_000_000) });
  });
});
