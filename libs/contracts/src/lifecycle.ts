import { z } from 'zod';
import { address, chainId, isoTimestamp } from './primitives';

/**
 * Stages of an upgrade from its first appearance to its execution. `retracted`: the event that put
 * the upgrade in its last stage left the canonical chain in a reorg.
 */
export const upgradeStage = z.enum(['proposed', 'voting', 'succeeded', 'defeated', 'queued', 'executed', 'cancelled', 'expired', 'retracted']);
export type UpgradeStage = z.infer<typeof upgradeStage>;

/**
 * Who authorised the upgrade: a vote (Snapshot off chain, a Governor on chain), a timelock alone,
 * or nobody but a key holder — `multisig` (a Safe) or `eoa` (a single key), which matters for risk.
 */
export const upgradeAuthority = z.enum(['snapshot', 'governor', 'timelock', 'multisig', 'eoa', 'contract', 'unknown']);
export type UpgradeAuthority = z.infer<typeof upgradeAuthority>;

export const upgradeLifecyclePayload = z.object({
  /**
   * Correlation id of one upgrade across all its stages: `chainId:target:subject#origin`, e.g.
   * `1:0xproxy:impl:0ximpl#governor:0xgov:42` (rules in docs/governance.md, "Upgrade lifecycle").
   */
  upgradeId: z.string().min(1),
  stage: upgradeStage,
  /**
   * On `retracted`: the stage the upgrade is back in, its facts (ETA, timelock, execution) as they
   * were then; null when its first stage was taken back. Absent on other stages.
   */
  revertedTo: upgradeStage.exclude(['retracted']).nullable().optional(),
  /** When this stage was reached (block time, or the vote's start/end time). */
  stageAt: isoTimestamp,
  chainId,
  /** The proxy, beacon or diamond whose code changes. */
  target: address,
  protocolId: z.string().min(1).nullable(),
  /** `upgrade_to`, `proxy_admin_upgrade`, `diamond_cut`, … or the observed event kind (`upgraded`, …). */
  upgradeKind: z.string().min(1),
  /** Null for a diamond cut or while unknown. */
  newImplementation: address.nullable(),
  authority: upgradeAuthority,
  proposal: z
    .object({
      source: z.enum(['snapshot', 'governor']),
      /** Snapshot proposal id or on-chain proposal id (decimal string). */
      id: z.string().min(1),
      /** The Governor contract, or the Snapshot space. */
      space: z.string().min(1),
      title: z.string().nullable(),
      url: z.string().nullable(),
    })
    .nullable(),
  /**
   * The off-chain (Snapshot) vote behind the on-chain proposal, when its description links one
   * (absent in messages from before the field existed).
   */
  snapshot: z.object({ space: z.string().min(1), id: z.string().min(1), url: z.string().min(1) }).nullable().optional(),
  timelock: z
    .object({
      address,
      /** OZ TimelockController operation id or Compound Timelock tx hash. */
      operationId: z.string().min(1),
    })
    .nullable(),
  /** Earliest time the upgrade can execute; known from `queued` on. */
  eta: isoTimestamp.nullable(),
  /** The `protocol.events.v1` eventId of the execution (`Upgraded`, `BeaconUpgraded`, `DiamondCut`), once executed. */
  executionEventId: z.string().min(1).nullable(),
  /** What moved the upgrade into this stage: an event (`eventId@blockHash`) or a Governor state read. */
  evidence: z.string().min(1),
});
export type UpgradeLifecycle = z.infer<typeof upgradeLifecyclePayload>;

/** Message id of a stage change: one message per upgrade, stage and evidence. */
export function upgradeLifecycleMessageId(change: Pick<UpgradeLifecycle, 'upgradeId' | 'stage' | 'evidence'>): string {
  return `${change.upgradeId}:${change.stage}:${change.evidence}`;
}
