import { loadArtifacts, type ArtifactsFile } from '@pum/devnet';
import { BytecodeIter } from '@shazow/whatsabi';
import { bytesToHex, type Hex } from 'viem';
import { scanOpcodes as sut, solidityMetadataLength } from './opcode-sites';

/** The values of every PUSH instruction, as whatsabi walks the code. */
function pushValues(code: Hex): Hex[] {
  const iter = new BytecodeIter(code);
  const values: Hex[] = [];
  while (iter.hasMore()) {
    const op = iter.next();
    if (op >= 0x60 && op <= 0x7f) values.push(bytesToHex(iter.value()));
  }
  return values;
}

describe('scanOpcodes', () => {
  let artifacts: ArtifactsFile;
  beforeAll(async () => {
    artifacts = await loadArtifacts();
  });

  it('finds the SELFDESTRUCT a contract compiles to, at a byte that holds 0xff', () => {
    const code = artifacts.contracts.GuardedVaultV2Destructible.deployedBytecode;

    const { sites } = sut(code);

    expect(sites.SELFDESTRUCT).toHaveLength(1);
    expect(code.slice(2 + 2 * sites.SELFDESTRUCT[0], 4 + 2 * sites.SELFDESTRUCT[0])).toBe('ff');
    expect(sites.DELEGATECALL).toEqual([]);
  });

  it('does not take 0xff bytes in PUSH data for SELFDESTRUCT', () => {
    const code = artifacts.contracts.GuardedVaultV1.deployedBytecode;
    expect(pushValues(code)).toContain('0xffffffffffff'); // MAX_LIMIT: the trap is there

    expect(sut(code).sites.SELFDESTRUCT).toEqual([]);
  });

  it('finds DELEGATECALL in a contract that delegates and CREATE2 in a factory', () => {
    expect(sut(artifacts.contracts.GuardedVaultV2Delegating.deployedBytecode).sites.DELEGATECALL).toHaveLength(1);
    expect(sut(artifacts.contracts.MetamorphicFactory.deployedBytecode).sites.CREATE2).toHaveLength(1);
  });

  it('leaves the metadata trailer out even when its hash holds a JUMPDEST and 0xff bytes', () => {
    const real = artifacts.contracts.GuardedVaultV1.deployedBytecode;
    const program = real.slice(0, real.length - 2 * solidityMetadataLength(real));
    // a2 64 'ipfs' 58 22 <34 bytes> 64 'solc' 43 <3 bytes>, then its length 0x0033: solc's shape, hash bytes chosen.
    const hash = `1220${'5bff'.repeat(16)}`;
    const trailer = `a264697066735822${hash}64736f6c6343000825`;
    const code = `${program}${trailer}0033` as Hex;

    const { sites, metadataBytes } = sut(code);

    expect(metadataBytes).toBe(53);
    expect(sites.SELFDESTRUCT).toEqual([]);
  });

  it('skips bytes after a terminating instruction until the next JUMPDEST', () => {
    expect(sut('0x00ff').sites.SELFDESTRUCT).toEqual([]);
    expect(sut('0x00f45bff').sites).toEqual({ SELFDESTRUCT: [3], DELEGATECALL: [], CREATE2: [] });
  });

  it('reports nothing for empty code', () => {
    expect(sut('0x')).toEqual({ sites: { SELFDESTRUCT: [], DELEGATECALL: [], CREATE2: [] }, metadataBytes: 0 });
  });
});

describe('solidityMetadataLength', () => {
  it('is the CBOR length plus its two length bytes for solc output', async () => {
    const { contracts } = await loadArtifacts();

    expect(solidityMetadataLength(contracts.GuardedVaultV1.deployedBytecode)).toBe(0x33 + 2);
  });

  it('is 0 when the last two bytes do not point at a CBOR map', () => {
    expect(solidityMetadataLength('0x363d3d373d3d3d363d73bebebebebebebebebebebebebebebebebebebebe5af43d82803e903d91602b57fd5bf3')).toBe(0);
    expect(solidityMetadataLength('0x0001')).toBe(0);
  });
});
