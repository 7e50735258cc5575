import { protocolRegistry } from '@pum/contracts';
import { GovernanceRegistry } from './governance-registry';

describe('GovernanceRegistry', () => {
  const sut = new GovernanceRegistry(
    protocolRegistry.parse({
      protocols: [
        { id: 'aave', name: 'Aave', snapshotSpace: 'aave.eth', forumUrl: 'https://governance.aave.com/', contracts: [{ chainId: 1, address: `0x${'AB'.repeat(20)}`, role: 'governor' }, { chainId: 1, address: `0x${'cd'.repeat(20)}`, role: 'proxy' }] },
        { id: 'quiet', name: 'Quiet', contracts: [] },
      ],
    }),
  );

  it('lists the spaces, forums (without a trailing slash) and Governors of the registry', () => {
    expect(sut.snapshotSpaces).toEqual(['aave.eth']);
    expect(sut.forums).toEqual([{ protocolId: 'aave', forumUrl: 'https://governance.aave.com' }]);
    expect(sut.venues[0]!.governors).toEqual([{ chainId: 1, address: `0x${'ab'.repeat(20)}` }]);
  });

  it('names the protocol of a space', () => {
    expect(sut.protocolOfSpace('aave.eth')).toBe('aave');
    expect(sut.protocolOfSpace('other.eth')).toBeNull();
  });
});
