import { evidenceBlock } from './evidence-block';

describe('evidenceBlock', () => {
  const tx = `0x${'ab'.repeat(32)}`;
  const block = `0x${'CD'.repeat(32)}`;

  it('names the block hash of an event stage', () => {
    expect(evidenceBlock(`31337:${tx}:4@${block}`)).toEqual({ blockHash: block.toLowerCase() });
  });

  it('names the block number of a Governor state read', () => {
    expect(evidenceBlock(`1:0x${'1'.repeat(40)}:42:state:active@120`)).toEqual({ blockNumber: 120n });
  });

  it('names no block for an off-chain Snapshot stage or anything else', () => {
    expect(evidenceBlock('snapshot:aave.eth:0xab:proposed')).toBeNull();
    expect(evidenceBlock(`31337:${tx}:4`)).toBeNull();
  });
});
