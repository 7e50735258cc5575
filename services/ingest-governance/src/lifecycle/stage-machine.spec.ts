import { stateChange } from './lifecycle.service';
import { advance, currentStage, isOpen, retract, type LifecycleRecord } from './stage-machine';

const TX_A = { transactionHash: `0x${'a'.repeat(64)}`, blockHash: `0x${'1'.repeat(64)}` };
const TX_B = { transactionHash: `0x${'b'.repeat(64)}`, blockHash: `0x${'2'.repeat(64)}` };
const at = '2026-11-22T06:00:00.000Z';

const record = (overrides: Partial<LifecycleRecord> = {}): LifecycleRecord => ({
  upgradeId: '31337:0xproxy:impl:0ximpl#governor:0xgov:1',
  chainId: 31337,
  target: `0x${'1'.repeat(40)}`,
  subject: `impl:0x${'2'.repeat(40)}`,
  upgradeKind: 'upgrade_to_and_call',
  newImplementation: `0x${'2'.repeat(40)}`,
  protocolId: null,
  callIndex: 0,
  snapshot: null,
  authority: 'governor',
  proposal: { source: 'governor', id: '1', space: `0x${'3'.repeat(40)}`, title: 'Upgrade', url: null },
  timelock: null,
  eta: null,
  executionEventId: null,
  stages: [],
  ...overrides,
});

/** Applies stages in order, returning the last record and every message's stage. */
function walk(start: LifecycleRecord, steps: [Parameters<typeof advance>[1], Parameters<typeof advance>[2]][]) {
  let current = start;
  const stages: string[] = [];
  for (const [stage, change] of steps) {
    const result = advance(current, stage, change);
    current = result.record;
    stages.push(...result.messages.map((m) => m.stage));
  }
  return { record: current, stages };
}

describe('upgrade stage machine', () => {
  it('walks a governed upgrade through every stage once, with its ETA and execution event', () => {
    const sut = walk(record(), [
      ['proposed', { at, evidence: 'created', chainRef: TX_A }],
      ['voting', { at, evidence: 'state:active', chainRef: null }],
      ['succeeded', { at, evidence: 'state:succeeded', chainRef: null }],
      ['queued', { at, evidence: 'queued', chainRef: TX_B, facts: { eta: '2026-11-24T06:00:00.000Z' } }],
      ['executed', { at, evidence: 'upgraded', chainRef: TX_B, facts: { executionEventId: '31337:0xtx:3' } }],
    ]);

    expect(sut.stages).toEqual(['proposed', 'voting', 'succeeded', 'queued', 'executed']);
    expect(sut.record).toMatchObject({ eta: '2026-11-24T06:00:00.000Z', executionEventId: '31337:0xtx:3' });
    expect(isOpen(sut.record)).toBe(false);
  });

  it('publishes nothing for a stage already reached, or one behind it', () => {
    const queued = walk(record(), [
      ['proposed', { at, evidence: 'created', chainRef: TX_A }],
      ['queued', { at, evidence: 'queued', chainRef: TX_B }],
    ]).record;

    expect(advance(queued, 'queued', { at, evidence: 'queued', chainRef: TX_B }).messages).toEqual([]);
    expect(advance(queued, 'voting', { at, evidence: 'state:active', chainRef: null }).messages).toEqual([]);
    expect(advance(queued, 'succeeded', { at, evidence: 'state:succeeded', chainRef: null }).messages).toEqual([]);
  });

  it('fills in the stages a jump proves: a queued proposal has voted and succeeded', () => {
    const sut = walk(record(), [
      ['proposed', { at, evidence: 'created', chainRef: TX_A }],
      ['queued', { at, evidence: 'queued', chainRef: TX_B, facts: { eta: at } }],
    ]);

    expect(sut.stages).toEqual(['proposed', 'voting', 'succeeded', 'queued']);
    // The implied stages share the evidence of the change that proved them.
    expect(sut.record.stages.map((s) => s.evidence)).toEqual(['created', 'queued', 'queued', 'queued']);
  });

  it('does not invent a vote for an upgrade no vote governs', () => {
    const sut = walk(record({ proposal: null, authority: 'timelock' }), [
      ['queued', { at, evidence: 'scheduled', chainRef: TX_A }],
      ['executed', { at, evidence: 'upgraded', chainRef: TX_B }],
    ]);

    expect(sut.stages).toEqual(['queued', 'executed']);
  });

  it('treats defeated, cancelled, expired and executed as final', () => {
    for (const end of ['defeated', 'cancelled', 'expired', 'executed'] as const) {
      const sut = walk(record(), [
        ['proposed', { at, evidence: 'created', chainRef: TX_A }],
        [end, { at, evidence: end, chainRef: null }],
        ['queued', { at, evidence: 'queued', chainRef: TX_B }],
        ['cancelled', { at, evidence: 'cancelled', chainRef: TX_B }],
      ]);

      expect(sut.stages.at(-1)).toBe(end);
      expect(currentStage(sut.record)).toBe(end);
    }
  });

  it('cancels a proposal during its vote without claiming it succeeded', () => {
    const sut = walk(record(), [
      ['proposed', { at, evidence: 'created', chainRef: TX_A }],
      ['cancelled', { at, evidence: 'canceled', chainRef: TX_B }],
    ]);

    expect(sut.stages).toEqual(['proposed', 'cancelled']);
  });

  it('retracts the stages a reorged transaction brought and restores the facts before them', () => {
    const executed = walk(record(), [
      ['proposed', { at, evidence: 'created', chainRef: TX_A }],
      ['queued', { at, evidence: 'queued', chainRef: TX_A, facts: { eta: at } }],
      ['executed', { at, evidence: 'upgraded', chainRef: TX_B, facts: { executionEventId: 'exec' } }],
    ]).record;

    const sut = retract(executed, TX_B, { at, evidence: 'upgraded-retracted' });

    expect(sut.messages.map((m) => [m.stage, m.evidence, m.revertedTo])).toEqual([['retracted', 'upgraded-retracted', 'queued']]);
    expect(currentStage(sut.record)).toBe('queued');
    expect(sut.record.executionEventId).toBeNull();
    expect(sut.record.eta).toBe(at);
    // The upgrade can execute again when the transaction is re-included in another block.
    expect(advance(sut.record, 'executed', { at, evidence: 'upgraded@other-block', chainRef: { ...TX_B, blockHash: `0x${'9'.repeat(64)}` } }).messages).toHaveLength(1);
  });

  it('ignores a retraction of a transaction that brought no standing stage', () => {
    const proposed = advance(record(), 'proposed', { at, evidence: 'created', chainRef: TX_A }).record;

    expect(retract(proposed, TX_B, { at, evidence: 'other' }).messages).toEqual([]);
    expect(retract(proposed, { ...TX_A, blockHash: TX_B.blockHash }, { at, evidence: 'same tx, other block' }).messages).toEqual([]);
  });

  it('gives each stage message a deterministic id from upgrade, stage and evidence', () => {
    const first = advance(record(), 'proposed', { at, evidence: 'created', chainRef: TX_A });
    const again = advance(record(), 'proposed', { at: '2030-01-01T00:00:00.000Z', evidence: 'created', chainRef: TX_A });

    expect(first.record.stages[0]?.messageId).toBe(`${record().upgradeId}:proposed:created`);
    expect(again.record.stages[0]?.messageId).toBe(first.record.stages[0]?.messageId);
  });

  it('publishes a state-read stage reached again after a reorg took it back as a new message', () => {
    const ref = { chainId: 31337, governor: `0x${'3'.repeat(40)}`, proposalId: '1' };
    const proposed = advance(record(), 'proposed', { at, evidence: 'created', chainRef: TX_A }).record;
    const first = advance(proposed, 'voting', stateChange(ref, 'active', at, 10n));
    const taken = retract(first.record, TX_A, { at, evidence: 'reorg' }).record;
    const again = advance(advance(taken, 'proposed', { at, evidence: 'created again', chainRef: TX_B }).record, 'voting', stateChange(ref, 'active', at, 20n));

    expect(again.messages.map((m) => m.stage)).toEqual(['voting']);
    expect(again.record.stages.at(-1)?.messageId).not.toBe(first.record.stages.at(-1)?.messageId);
  });
});
