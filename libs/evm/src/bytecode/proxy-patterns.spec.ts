import { loadArtifacts } from '@pum/devnet';
import { getAddress } from 'viem';
import { proxyPatterns as sut } from './proxy-patterns';

const IMPLEMENTATION = getAddress('0xbebebebebebebebebebebebebebebebebebebebe');
const CLONE = `0x363d3d373d3d3d363d73${IMPLEMENTATION.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3` as const;

describe('proxyPatterns', () => {
  it('recognises an EIP-1167 minimal proxy and the implementation it forwards to', async () => {
    await expect(sut(CLONE)).resolves.toEqual([{ name: 'FixedProxy', minimalProxy: true, implementation: IMPLEMENTATION }]);
  });

  it('recognises an ERC-1967 proxy by its implementation slot', async () => {
    const { contracts } = await loadArtifacts();

    await expect(sut(contracts.ERC1967Proxy.deployedBytecode)).resolves.toEqual([{ name: 'EIP1967Proxy', minimalProxy: false }]);
  });

  it('finds no proxy in an ordinary contract nor in empty code', async () => {
    const { contracts } = await loadArtifacts();

    await expect(sut(contracts.GuardedVaultV1.deployedBytecode)).resolves.toEqual([]);
    await expect(sut('0x')).resolves.toEqual([]);
  });
});
