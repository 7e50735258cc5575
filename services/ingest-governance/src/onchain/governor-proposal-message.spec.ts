import { catalogue, envelopeHeads, TOPICS } from '@pum/contracts';
import type { GovernorProposalEntity } from './governor-proposal.entity';
import type { GovernorVoteEntity } from './governor-vote.entity';
import { governorProposalMessage, titleOf } from './governor-proposal-message';

const row = (overrides: Partial<GovernorProposalEntity> = {}): GovernorProposalEntity => ({
  chainId: 31337,
  governor: `0x${'1'.repeat(40)}`,
  proposalId: '123456789012345678901234567890',
  protocolId: 'demo',
  proposer: `0x${'2'.repeat(40)}`,
  description: '# Upgrade the vault\n\nTo V2.',
  voteStart: '10',
  voteEnd: '20',
  createdAt: new Date('2026-11-22T06:00:00Z'),
  createdEventId: '31337:0xtx:0',
  createdBlockHash: `0x${'b'.repeat(64)}`,
  retracted: false,
  state: 'active',
  forVotes: '1500000000000000000000',
  againstVotes: '500000000000000000000',
  abstainVotes: '0',
  quorum: '400000000000000000000',
  eta: null,
  startAt: new Date('2026-11-22T06:01:00Z'),
  endAt: new Date('2026-11-22T07:00:00Z'),
  checkedBlock: '15',
  checkedAt: new Date('2026-11-22T06:30:00Z'),
  ...overrides,
});

const vote = (support: number, tokens: number, reason: string, minute: number): GovernorVoteEntity => ({
  eventId: `31337:0x${String(minute).padStart(64, '0')}:0`,
  chainId: 31337,
  governor: `0x${'1'.repeat(40)}`,
  proposalId: '123456789012345678901234567890',
  voter: `0x${String(minute).padStart(40, '0')}`,
  support,
  weight: (BigInt(tokens) * 10n ** 18n).toString(),
  reason,
  blockHash: `0x${'b'.repeat(64)}`,
  castAt: new Date(Date.UTC(2026, 10, 22, 6, minute)),
});
const votes = [vote(1, 1500, 'ship it', 5), vote(0, 500, 'not audited', 6)];

describe('governor proposal message', () => {
  it('is a valid governance.proposals.v1 message with scores For, Against, Abstain in token units', () => {
    const sut = governorProposalMessage(row(), { votes, decimals: 18, clock: 'blocknumber' });

    const { key, ...message } = sut;
    const envelope = { ...envelopeHeads[TOPICS.governanceProposals], ...message, producedAt: new Date().toISOString(), source: 'test' };
    expect(catalogue[TOPICS.governanceProposals].safeParse(envelope).success).toBe(true);
    expect(key).toBe(sut.payload.proposalKey);
    expect(sut.payload).toMatchObject({
      proposalKey: `governor:0x${'1'.repeat(40)}:123456789012345678901234567890`,
      title: 'Upgrade the vault',
      choices: ['For', 'Against', 'Abstain'],
      scores: [1500, 500, 0],
      scoresTotal: 2000,
      quorum: 400,
      state: 'active',
      snapshotBlock: '10',
    });
  });

  it('analyses the votes as For, Against, Abstain, by their support', () => {
    const sut = governorProposalMessage(row(), { votes, decimals: 18, clock: 'blocknumber' }).payload.analysis;

    expect(sut).toMatchObject({ turnout: 2000, quorum: 400, quorumRatio: 3.75, passChoice: 0, leadingChoice: 0, margin: 0.5, asOf: '2026-11-22T06:06:00.000Z' });
    expect(sut?.passProbability).toBeGreaterThan(0.5);
    expect(governorProposalMessage(row(), { votes: [], decimals: 18, clock: 'blocknumber' }).payload.analysis).toBeNull();
  });

  it('measures quorum as GovernorCountingSimple does: For + Abstain, never Against', () => {
    const closeVotes = [vote(1, 15, '', 5), vote(0, 5, '', 6)];
    const defeated = governorProposalMessage(row({ quorum: (20n * 10n ** 18n).toString(), endAt: new Date('2026-11-22T06:06:00Z') }), { votes: closeVotes, decimals: 18, clock: 'blocknumber' });
    const withAbstain = governorProposalMessage(row({ quorum: (20n * 10n ** 18n).toString() }), { votes: [...closeVotes, vote(2, 5, '', 7)], decimals: 18, clock: 'blocknumber' });
    const bravo = governorProposalMessage(row({ quorum: (20n * 10n ** 18n).toString() }), { votes: [...closeVotes, vote(2, 5, '', 7)], decimals: 18, clock: 'blocknumber', kind: 'bravo' });

    expect(defeated.payload.analysis).toMatchObject({ turnout: 20, quorumRatio: 0.75, passProbability: 0 });
    expect(withAbstain.payload.analysis?.quorumRatio).toBe(1);
    expect(bravo.payload.analysis?.quorumRatio).toBe(0.75);
  });

  it('changes id when the state or the vote count changes, not otherwise', () => {
    const a = governorProposalMessage(row(), { votes, decimals: 18, clock: 'blocknumber' });
    const b = governorProposalMessage(row({ checkedAt: new Date() }), { votes, decimals: 18, clock: 'blocknumber' });
    const c = governorProposalMessage(row({ state: 'succeeded' }), { votes, decimals: 18, clock: 'blocknumber' });

    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
  });

  it('titles a proposal by its first non-empty line, without heading marks', () => {
    expect(titleOf('\n## Raise the cap\nbody')).toBe('Raise the cap');
    expect(titleOf('')).toBe('');
  });
});
