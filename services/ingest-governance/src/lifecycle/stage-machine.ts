import { upgradeLifecycleMessageId, type UpgradeAuthority, type UpgradeLifecycle, type UpgradeStage } from '@pum/contracts';
import type { SnapshotLink } from './snapshot-link';

/** A stage an upgrade can be in; `retracted` is a message, not a place to stay. */
export type ActiveStage = Exclude<UpgradeStage, 'retracted'>;

/** The fields a stage change may set; restored when the stage is retracted. */
export interface LifecycleFacts {
  authority: UpgradeAuthority;
  proposal: UpgradeLifecycle['proposal'];
  timelock: UpgradeLifecycle['timelock'];
  eta: string | null;
  executionEventId: string | null;
}

/** A chain transaction in one block: what a reorg can take back. */
export interface ChainRef {
  transactionHash: string;
  blockHash: string;
}

/** One stage reached, in the stack of stages that still stand. */
export interface StageEntry {
  stage: ActiveStage;
  messageId: string;
  evidence: string;
  /** The transaction that brought this stage; null for stages read from Governor state. */
  chainRef: ChainRef | null;
  /** The facts as they were before this stage: what a retraction restores. */
  before: LifecycleFacts;
}

/** One upgrade's lifecycle as persisted: identity, the facts known so far and the stages that stand. */
export interface LifecycleRecord extends LifecycleFacts {
  upgradeId: string;
  chainId: number;
  target: string;
  /** What the upgrade installs: see `upgrade-subject.ts`. */
  subject: string;
  upgradeKind: string;
  newImplementation: string | null;
  protocolId: string | null;
  /** The proposal action (or timelock batch index) carrying the upgrade; null for executed-only upgrades. */
  callIndex: number | null;
  /** The Snapshot vote the proposal links, if any. */
  snapshot: SnapshotLink | null;
  stages: StageEntry[];
}

export interface StageChange {
  /** When the stage was reached. */
  at: string;
  evidence: string;
  chainRef: ChainRef | null;
  facts?: Partial<LifecycleFacts>;
}

export interface Transition {
  record: LifecycleRecord;
  /** Stage messages to publish, in order; empty when the change moves nothing. */
  messages: UpgradeLifecycle[];
}

const RANK: Record<ActiveStage, number> = {
  proposed: 0,
  voting: 1,
  succeeded: 2,
  defeated: 2,
  queued: 3,
  executed: 4,
  cancelled: 4,
  expired: 4,
};

const TERMINAL: ReadonlySet<ActiveStage> = new Set(['defeated', 'executed', 'cancelled', 'expired']);

/** The stage the upgrade stands in, or null before the first (or after every stage was retracted). */
export function currentStage(record: LifecycleRecord): ActiveStage | null {
  return record.stages.at(-1)?.stage ?? null;
}

/** Whether an upgrade can still move: not in a terminal stage. */
export function isOpen(record: LifecycleRecord): boolean {
  const stage = currentStage(record);
  return stage === null || !TERMINAL.has(stage);
}

/**
 * Moves an upgrade to `target` if that is forward: a stage is entered at most once while it
 * stands, a terminal stage is final, and nothing goes back (only a retraction does). A voted
 * upgrade that jumps ahead (the Governor's deadline passed unobserved before the proposal was
 * queued) also gets the stages the jump proves it passed through: `voting`, then `succeeded`.
 *
 * @example advance(record, 'queued', { at, evidence, chainRef, facts: { eta } }).messages.map((m) => m.stage)
 * // ['succeeded', 'queued'] for a record still in `voting`
 */
export function advance(record: LifecycleRecord, target: ActiveStage, change: StageChange): Transition {
  const current = currentStage(record);
  if (current !== null && (TERMINAL.has(current) || RANK[target] <= RANK[current])) return { record, messages: [] };
  const path = [...impliedStages(record, current, target), target];
  let next = record;
  const messages: UpgradeLifecycle[] = [];
  for (const stage of path) {
    const before = factsOf(next);
    next = { ...next, ...(stage === target ? change.facts : {}) };
    const message = messageOf(next, stage, change);
    next = {
      ...next,
      stages: [...next.stages, { stage, messageId: upgradeLifecycleMessageId(message), evidence: change.evidence, chainRef: change.chainRef, before }],
    };
    messages.push(message);
  }
  return { record: next, messages };
}

/**
 * Takes back every stage from the lowest one brought by the retracted transaction upwards (later
 * stages stand on it), restores the facts from before it and announces `retracted` once.
 * A transaction that brought no standing stage changes nothing.
 */
export function retract(record: LifecycleRecord, ref: ChainRef, change: Omit<StageChange, 'chainRef' | 'facts'>): Transition {
  const index = record.stages.findIndex(
    (entry) => entry.chainRef?.transactionHash === ref.transactionHash && entry.chainRef.blockHash === ref.blockHash,
  );
  const popped = record.stages[index];
  if (popped === undefined) return { record, messages: [] };
  const next: LifecycleRecord = { ...record, ...popped.before, stages: record.stages.slice(0, index) };
  return { record: next, messages: [{ ...messageOf(next, 'retracted', change), revertedTo: currentStage(next) }] };
}

/** Stages a voted upgrade must have passed through to reach `target` from `current`. */
function impliedStages(record: LifecycleRecord, current: ActiveStage | null, target: ActiveStage): ActiveStage[] {
  if (record.proposal?.source !== 'governor' || current === null) return [];
  const implied: ActiveStage[] = [];
  const afterVote = RANK[target] >= RANK.succeeded && target !== 'cancelled';
  if (afterVote && RANK[current] < RANK.voting) implied.push('voting');
  const afterSuccess = target === 'queued' || target === 'executed' || target === 'expired';
  if (afterSuccess && RANK[current] < RANK.succeeded) implied.push('succeeded');
  return implied;
}

function factsOf(record: LifecycleRecord): LifecycleFacts {
  const { authority, proposal, timelock, eta, executionEventId } = record;
  return { authority, proposal, timelock, eta, executionEventId };
}

function messageOf(record: LifecycleRecord, stage: UpgradeStage, change: Pick<StageChange, 'at' | 'evidence'>): UpgradeLifecycle {
  return {
    upgradeId: record.upgradeId,
    stage,
    stageAt: change.at,
    chainId: record.chainId,
    target: record.target as `0x${string}`,
    protocolId: record.protocolId,
    upgradeKind: record.upgradeKind,
    newImplementation: record.newImplementation as `0x${string}` | null,
    authority: record.authority,
    proposal: record.proposal,
    snapshot: record.snapshot,
    timelock: record.timelock,
    eta: record.eta,
    executionEventId: record.executionEventId,
    evidence: change.evidence,
  };
}
