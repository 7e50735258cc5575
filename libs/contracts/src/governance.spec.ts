import { catalogue, TOPICS } from './catalogue';
import { governanceProposalMessageId, governanceRawMessageId, proposalKey, sentimentMessageId, type GovernanceProposal } from './governance';

const envelope = (type: string, payload: unknown) => ({
  version: 1,
  type,
  id: 'x',
  occurredAt: '2026-01-01T00:00:00.000Z',
  producedAt: '2026-01-01T00:00:01.000Z',
  source: 'test',
  payload,
});

const proposal: GovernanceProposal = {
  proposalKey: 'snapshot:aave.eth:0xab',
  source: 'snapshot',
  id: '0xab',
  space: 'aave.eth',
  protocolId: 'aave',
  chainId: null,
  title: 'Upgrade the pool',
  body: 'text',
  choices: ['For', 'Against', 'Abstain'],
  start: '2026-01-01T00:00:00.000Z',
  end: '2026-01-04T00:00:00.000Z',
  snapshotBlock: '19000000',
  state: 'active',
  author: '0x0000000000000000000000000000000000000001',
  createdAt: '2025-12-31T00:00:00.000Z',
  scores: [10, 5, 0],
  scoresTotal: 15,
  votes: 3,
  quorum: 20,
  url: 'https://snapshot.box/#/s:aave.eth/proposal/0xab',
  analysis: {
    asOf: '2026-01-02T00:00:00.000Z',
    turnout: 15,
    quorum: 20,
    quorumRatio: 0.75,
    passChoice: 0,
    leadingChoice: 0,
    margin: 1 / 3,
    timeLeftSeconds: 172_800,
    elapsed: 1 / 3,
    concentration: { voters: 3, top10Share: 1, gini: 0.2, nakamoto: 1 },
    sideChanges: [],
    passProbability: 0.6,
    method: 'beta-projection-v1',
  },
};

describe('governance contracts', () => {
  it('accepts a normalised proposal with its analysis', () => {
    const sut = catalogue[TOPICS.governanceProposals].safeParse(envelope('governance.proposal', proposal));

    expect(sut.error).toBeUndefined();
  });

  it.each([
    ['a state no source has', { state: 'open' }],
    ['negative scores', { scores: [-1] }],
    ['a pass probability above one', { analysis: { ...proposal.analysis, passProbability: 1.2 } }],
    ['a snapshot block that is a number', { snapshotBlock: 19000000 }],
  ])('rejects %s', (_case, change) => {
    const sut = catalogue[TOPICS.governanceProposals].safeParse(envelope('governance.proposal', { ...proposal, ...change }));

    expect(sut.success).toBe(false);
  });

  it('accepts sentiment with only the channels that had texts', () => {
    const sut = catalogue[TOPICS.sentiment].safeParse(
      envelope('sentiment', {
        subject: { type: 'protocol', id: 'aave' },
        protocolId: 'aave',
        asOf: '2026-01-02T00:00:00.000Z',
        score: -0.2,
        items: 2,
        byChannel: { forum_post: { items: 2, mean: -0.2 } },
        engagement: { posts: 2, uniqueAuthors: 2, repliesPerDay: 1 },
        trend: { ewma: -0.1, slopePerDay: -0.05, halfLifeHours: 24 },
        scorer: 'wink-sentiment@5',
      }),
    );

    expect(sut.error).toBeUndefined();
  });

  it.each([
    ['scores', { scores: [10, 6, 0] }],
    ['the total', { scoresTotal: 16 }],
    ['the quorum', { quorum: 25 }],
    ['the end', { end: '2026-01-05T00:00:00.000Z' }],
  ])('gives a proposal version that changes only %s a new message id', (_case, change) => {
    expect(governanceProposalMessageId({ ...proposal, ...change })).not.toBe(governanceProposalMessageId(proposal));
  });

  it('derives deterministic ids and keys', () => {
    expect(proposalKey({ source: 'governor', space: '0xgov', id: '42' })).toBe('governor:0xgov:42');
    expect(governanceProposalMessageId(proposal)).toBe('snapshot:aave.eth:0xab:active:3:e2100beb12fd@2026-01-02T00:00:00.000Z');
    expect(governanceProposalMessageId({ ...proposal })).toBe(governanceProposalMessageId(proposal));
    expect(governanceRawMessageId({ source: 'discourse', kind: 'post', externalId: '7', version: '2' })).toBe('discourse:post:7@2');
    expect(sentimentMessageId({ subject: { type: 'proposal', id: 'k' }, items: 4, asOf: '2026-01-02T00:00:00.000Z' })).toBe('proposal:k:4@2026-01-02T00:00:00.000Z');
  });
});
