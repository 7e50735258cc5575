import { protocolRegistry } from './protocol-registry';

describe('protocolRegistry', () => {
  const contract = { chainId: 1, address: `0x${'Ab'.repeat(20)}` };

  it('normalises addresses and defaults the role', () => {
    const sut = protocolRegistry.parse({ protocols: [{ id: 'aave', name: 'Aave', contracts: [contract] }] });

    expect(sut.protocols[0]?.contracts[0]).toEqual({ chainId: 1, address: `0x${'ab'.repeat(20)}`, role: 'contract' });
  });

  it('rejects an address claimed by two protocols', () => {
    const sut = protocolRegistry.safeParse({
      protocols: [
        { id: 'a', name: 'A', contracts: [contract] },
        { id: 'b', name: 'B', contracts: [{ ...contract, address: contract.address.toLowerCase() }] },
      ],
    });

    expect(sut.success).toBe(false);
    expect(JSON.stringify(sut.error?.issues)).toMatch(/already belongs to a/);
  });

  it('rejects an id that is not a slug', () => {
    expect(protocolRegistry.safeParse({ protocols: [{ id: 'Not A Slug', name: 'x' }] }).success).toBe(false);
  });
});
