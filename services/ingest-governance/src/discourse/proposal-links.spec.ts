import { normaliseTitle, proposalLinks } from './proposal-links';

describe('proposal links', () => {
  const id = `0x${'ab'.repeat(32)}`;

  it('finds Snapshot links of both hosts and Tally links', () => {
    const html = `<p>Vote: <a href="https://snapshot.org/#/aave.eth/proposal/${id}">here</a>, or https://snapshot.box/#/s:Uni.eth/proposal/${id} and https://www.tally.xyz/gov/aave/proposal/42</p>`;

    expect(proposalLinks(html)).toEqual([
      { source: 'snapshot', space: 'aave.eth', id },
      { source: 'snapshot', space: 'uni.eth', id },
      { source: 'tally', id: '42' },
    ]);
  });

  it('matches titles whatever their tags and punctuation', () => {
    expect(normaliseTitle('[ARFC] Upgrade the Pool — v3.2!')).toBe(normaliseTitle('upgrade the pool: V3 2'));
    expect(proposalLinks('no links here')).toEqual([]);
  });
});
