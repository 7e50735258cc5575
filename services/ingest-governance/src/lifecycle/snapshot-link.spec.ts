import { snapshotLinkOf } from './snapshot-link';

const id = `0x${'Ab'.repeat(32)}`;

describe('Snapshot links in proposal descriptions', () => {
  it('reads a snapshot.org proposal URL', () => {
    expect(snapshotLinkOf(`## Upgrade\n\nTemp check passed: https://snapshot.org/#/aave.eth/proposal/${id}.`)).toEqual({
      space: 'aave.eth',
      id: id.toLowerCase(),
      url: `https://snapshot.org/#/aave.eth/proposal/${id}`,
    });
  });

  it('reads a snapshot.box URL with its network-prefixed space', () => {
    expect(snapshotLinkOf(`see https://snapshot.box/#/s:uniswapgovernance.eth/proposal/${id}`)?.space).toBe('uniswapgovernance.eth');
  });

  it('finds nothing without a proposal URL', () => {
    expect(snapshotLinkOf('https://snapshot.org/#/aave.eth — the space, not a proposal')).toBeNull();
    expect(snapshotLinkOf(`https://snapshot.org/#/aave.eth/proposal/0x1234`)).toBeNull();
  });
});
