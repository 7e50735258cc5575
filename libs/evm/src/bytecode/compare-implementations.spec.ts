import { loadArtifacts, type ArtifactsFile, type ContractName } from '@pum/devnet';
import { getAddress, keccak256, toFunctionSelector, type Hex } from 'viem';
import { compareImplementations as sut } from './compare-implementations';

const CLONE_TARGET = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const CLONE = `0x363d3d373d3d3d363d73${CLONE_TARGET.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3` as Hex;

describe('compareImplementations', () => {
  let artifacts: ArtifactsFile;
  const code = (name: ContractName): Hex => artifacts.contracts[name].deployedBytecode;
  beforeAll(async () => {
    artifacts = await loadArtifacts();
  });

  it('reports the removed pause(), unpause() and paused() by name, and an added function by its selector', async () => {
    const facts = await sut(code('GuardedVaultV1'), code('GuardedVaultV2Pauseless'));

    expect(facts.selectors.removed).toEqual([
      { selector: toFunctionSelector('unpause()'), signature: 'unpause()', concern: 'pause' },
      { selector: toFunctionSelector('paused()'), signature: 'paused()', concern: 'pause' },
      { selector: toFunctionSelector('pause()'), signature: 'pause()', concern: 'pause' },
    ]); // in selector order
    expect(facts.selectors.added).toEqual([{ selector: toFunctionSelector('sweep(address)') }]);
    expect(facts.selectors.kept).toBe(facts.next.selectors.length - 1);
  });

  it('reports the sizes of both codes and the change', async () => {
    const facts = await sut(code('GuardedVaultV1'), code('GuardedVaultV2Pauseless'));

    expect(facts.size).toEqual({
      previous: (code('GuardedVaultV1').length - 2) / 2,
      next: (code('GuardedVaultV2Pauseless').length - 2) / 2,
      change: (code('GuardedVaultV2Pauseless').length - code('GuardedVaultV1').length) / 2,
    });
    expect(facts.size.change).toBeLessThan(0);
  });

  it('reports a SELFDESTRUCT the previous implementation did not have, with its byte offset', async () => {
    const facts = await sut(code('GuardedVaultV1'), code('GuardedVaultV2Destructible'));

    expect(facts.opcodes.SELFDESTRUCT).toEqual({ opcode: 'SELFDESTRUCT', change: 'added', previousSites: [], nextSites: [expect.any(Number)] });
    expect(facts.opcodes.DELEGATECALL.change).toBe('absent');
    expect(facts.selectors.added).toEqual([{ selector: toFunctionSelector('destroy(address)') }]);
    expect(facts.selectors.removed).toEqual([]);
  });

  it('reports a SELFDESTRUCT as removed when the new implementation drops it', async () => {
    const facts = await sut(code('GuardedVaultV2Destructible'), code('GuardedVaultV1'));

    expect(facts.opcodes.SELFDESTRUCT.change).toBe('removed');
  });

  it('calls an added DELEGATECALL outside any proxy pattern unexplained', async () => {
    const facts = await sut(code('GuardedVaultV1'), code('GuardedVaultV2Delegating'));

    expect(facts.opcodes.DELEGATECALL.change).toBe('added');
    expect(facts.delegateCall).toBe('unexplained');
    expect(facts.selectors.added).toEqual([{ selector: toFunctionSelector('execute(address,bytes)') }]);
  });

  it('explains the DELEGATECALL of an EIP-1167 clone as a proxy forwarding to its implementation', async () => {
    const facts = await sut(code('GuardedVaultV1'), CLONE);

    expect(facts.opcodes.DELEGATECALL.change).toBe('added');
    expect(facts.delegateCall).toBe('proxy');
    expect(facts.next.proxies).toEqual([{ name: 'FixedProxy', minimalProxy: true, implementation: CLONE_TARGET }]);
    expect(facts.next.selectors).toEqual([]);
  });

  it('explains the DELEGATECALL of a UUPS implementation as its upgrade call', async () => {
    const facts = await sut(code('VaultV1'), code('VaultV2'));

    expect(facts.opcodes.DELEGATECALL.change).toBe('kept');
    expect(facts.delegateCall).toBe('uups-upgrade');
    expect(facts.selectors.added).toContainEqual({ selector: toFunctionSelector('setPaused(bool)'), signature: 'setPaused(bool)', concern: 'pause' });
    expect(facts.selectors.removed).toEqual([]);
  });

  it('reports a CREATE2 in a new implementation that deploys contracts', async () => {
    const facts = await sut(code('GuardedVaultV1'), code('MetamorphicFactory'));

    expect(facts.opcodes.CREATE2.change).toBe('added');
  });

  it('flags an implementation with no code at all, every selector removed', async () => {
    const facts = await sut(code('GuardedVaultV1'), '0x');

    expect(facts.noCode).toBe(true);
    expect(facts.next).toMatchObject({ empty: true, size: 0, hash: keccak256('0x'), selectors: [] });
    expect(facts.selectors.removed).toHaveLength(facts.previous?.selectors.length ?? -1);
    expect(facts.size.change).toBe(-facts.size.previous);
  });

  it('finds nothing added or removed between identical codes', async () => {
    const facts = await sut(code('GuardedVaultV1'), code('GuardedVaultV1'));

    expect(facts).toMatchObject({ identical: true, noCode: false, size: { change: 0 }, selectors: { added: [], removed: [] } });
    expect(Object.values(facts.opcodes).map((o) => o.change)).toEqual(['absent', 'absent', 'absent']);
  });

  it('takes everything in a first implementation as added when there is no previous code', async () => {
    const facts = await sut(undefined, code('GuardedVaultV1'));

    expect(facts.previous).toBeUndefined();
    expect(facts.identical).toBe(false);
    expect(facts.selectors.added).toEqual(facts.next.selectors);
    expect(facts.selectors.added).toContainEqual({ selector: toFunctionSelector('pause()'), signature: 'pause()', concern: 'pause' });
    expect(facts.size).toEqual({ previous: 0, next: facts.next.size, change: facts.next.size });
  });
});
