import { catalogue, TOPICS } from './catalogue';
import { upgradeLifecycleMessageId, upgradeLifecyclePayload, type UpgradeLifecycle } from './lifecycle';

const stage: UpgradeLifecycle = {
  upgradeId: `31337:0x${'1'.repeat(40)}:impl:0x${'2'.repeat(40)}#governor:0x${'3'.repeat(40)}:7`,
  stage: 'queued',
  stageAt: '2026-11-22T06:00:00.000Z',
  chainId: 31337,
  target: `0x${'1'.repeat(40)}`,
  protocolId: 'demo',
  upgradeKind: 'upgrade_to_and_call',
  newImplementation: `0x${'2'.repeat(40)}`,
  authority: 'governor',
  proposal: { source: 'governor', id: '7', space: `0x${'3'.repeat(40)}`, title: 'Upgrade', url: null },
  snapshot: { space: 'dao.eth', id: `0x${'4'.repeat(64)}`, url: 'https://snapshot.org/#/dao.eth/proposal/0x…' },
  timelock: { address: `0x${'5'.repeat(40)}`, operationId: `0x${'6'.repeat(64)}` },
  eta: '2026-11-24T06:00:00.000Z',
  executionEventId: null,
  evidence: `31337:0x${'7'.repeat(64)}:2@0x${'8'.repeat(64)}`,
};

describe('upgrades.lifecycle.v1', () => {
  it('accepts a stage message in its envelope', () => {
    const sut = catalogue[TOPICS.upgradesLifecycle].safeParse({
      version: 1,
      type: 'upgrade.lifecycle',
      id: upgradeLifecycleMessageId(stage),
      occurredAt: stage.stageAt,
      producedAt: stage.stageAt,
      source: 'test',
      payload: stage,
    });

    expect(sut.success).toBe(true);
  });

  it('still reads messages from before `snapshot` and `revertedTo` existed', () => {
    const { snapshot: _snapshot, ...older } = stage;

    expect(upgradeLifecyclePayload.safeParse(older).success).toBe(true);
  });

  it('names on a retraction the stage the upgrade is back in, never `retracted` itself', () => {
    expect(upgradeLifecyclePayload.safeParse({ ...stage, stage: 'retracted', revertedTo: 'succeeded' }).success).toBe(true);
    expect(upgradeLifecyclePayload.safeParse({ ...stage, stage: 'retracted', revertedTo: null }).success).toBe(true);
    expect(upgradeLifecyclePayload.safeParse({ ...stage, stage: 'retracted', revertedTo: 'retracted' }).success).toBe(false);
  });

  it('ids a stage by upgrade, stage and evidence', () => {
    expect(upgradeLifecycleMessageId(stage)).toBe(`${stage.upgradeId}:queued:${stage.evidence}`);
  });
});
