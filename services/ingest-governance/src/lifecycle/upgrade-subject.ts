import type { ScheduledUpgradePayload, UpgradeProtocolEvent } from '@pum/contracts';
import { keccak256, toHex } from 'viem';

type FacetCuts = Extract<ScheduledUpgradePayload, { kind: 'diamond_cut' }>['facetCuts'];

/** What one upgrade changes: the contract, what it will run (or who will control it), and how. */
export interface UpgradeSubject {
  target: string;
  /** `impl:<address>`, `admin:<address>`, `beacon:<address>` or `cut:<digest>`: equal for the plan and its execution. */
  subject: string;
  upgradeKind: string;
  newImplementation: string | null;
}

/** Where an upgrade's lifecycle started: a Snapshot or Governor proposal, a timelock operation, or the executing transaction itself. */
export type LifecycleOrigin =
  | { type: 'snapshot'; space: string; proposalId: string }
  | { type: 'governor'; governor: string; proposalId: string }
  | { type: 'timelock'; timelock: string; operationId: string }
  | { type: 'tx'; transactionHash: string };

/**
 * The subject of an upgrade found in calldata before it runs.
 *
 * @example subjectOfScheduled({ kind: 'upgrade_to', target: proxy, newImplementation: impl, … })
 * // { target: proxy, subject: `impl:${impl}`, upgradeKind: 'upgrade_to', newImplementation: impl }
 */
export function subjectOfScheduled(upgrade: ScheduledUpgradePayload): UpgradeSubject {
  const base = { target: upgrade.target, upgradeKind: upgrade.kind };
  switch (upgrade.kind) {
    case 'upgrade_to':
    case 'beacon_upgrade_to':
    case 'upgrade_to_and_call':
    case 'proxy_admin_upgrade':
    case 'proxy_admin_upgrade_and_call':
      return { ...base, subject: `impl:${upgrade.newImplementation}`, newImplementation: upgrade.newImplementation };
    case 'change_admin':
      return { ...base, subject: `admin:${upgrade.newAdmin}`, newImplementation: null };
    case 'diamond_cut':
      return { ...base, subject: `cut:${facetCutDigest(upgrade.facetCuts)}`, newImplementation: null };
  }
}

/**
 * The subject of an executed upgrade event, or null for the first implementation, admin or beacon
 * a proxy gets at construction: a deployment, not an upgrade of running code.
 */
export function subjectOfExecuted(event: UpgradeProtocolEvent): UpgradeSubject | null {
  const base = { target: event.contract, upgradeKind: event.kind };
  switch (event.kind) {
    case 'upgraded':
      return event.previousImplementation === null ? null : { ...base, subject: `impl:${event.newImplementation}`, newImplementation: event.newImplementation };
    case 'admin_changed':
      return event.previousAdmin === null ? null : { ...base, subject: `admin:${event.newAdmin}`, newImplementation: null };
    case 'beacon_upgraded':
      return event.previousBeacon === null ? null : { ...base, subject: `beacon:${event.newBeacon}`, newImplementation: event.newImplementation };
    case 'diamond_cut':
      return { ...base, subject: `cut:${facetCutDigest(event.facetCuts)}`, newImplementation: null };
  }
}

/**
 * The correlation id of one upgrade: `chainId:target:subject#origin`. The origin keeps apart two
 * attempts at the same upgrade (a proposal defeated, then proposed again).
 *
 * @example upgradeIdOf(31337, { target: '0xproxy', subject: 'impl:0ximpl' }, { type: 'governor', governor: '0xgov', proposalId: '42' })
 * // '31337:0xproxy:impl:0ximpl#governor:0xgov:42'
 */
export function upgradeIdOf(chainId: number, subject: Pick<UpgradeSubject, 'target' | 'subject'>, origin: LifecycleOrigin): string {
  return `${chainId}:${subject.target}:${subject.subject}#${originKey(origin)}`;
}

function originKey(origin: LifecycleOrigin): string {
  switch (origin.type) {
    case 'snapshot':
      return `snapshot:${origin.space}:${origin.proposalId}`;
    case 'governor':
      return `governor:${origin.governor}:${origin.proposalId}`;
    case 'timelock':
      return `timelock:${origin.timelock}:${origin.operationId}`;
    case 'tx':
      return `tx:${origin.transactionHash}`;
  }
}

/** First 10 bytes of keccak256 over the cuts in a canonical form: the same cut planned and executed digests equal. */
function facetCutDigest(cuts: FacetCuts): string {
  const canonical = cuts.map((cut) => [cut.facetAddress.toLowerCase(), cut.action, cut.functionSelectors.map((s) => s.toLowerCase())]);
  return keccak256(toHex(JSON.stringify(canonical))).slice(0, 22);
}
