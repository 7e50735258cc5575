import {
  decodeEventLog,
  toEventSelector,
  toEventSignature,
  type AbiEvent,
  type AbiEventParametersToPrimitiveTypes,
  type Address,
  type Hex,
} from 'viem';
import { catalogueEvents } from './abis';
import type { DecodedCatalogueEvent, FacetCutAction } from './catalogue-event';
import { signatureCalldata } from '@pum/evm';
import { UndecodableLogError } from './undecodable-log-error';

/** The parts of a log the catalogue reads — a viem `Log` or a `chain.logs.raw.v1` payload both fit. */
export interface CatalogueLog {
  address: string;
  topics: readonly string[];
  data: string;
}

type EventArgs<E extends AbiEvent> = AbiEventParametersToPrimitiveTypes<
  E['inputs'],
  { EnableUnion: false; IndexedOnly: false; Required: true }
>;

/** One on-chain layout of a catalogue event: its ABI item and how its arguments map to our shape. */
interface Variant {
  event: AbiEvent;
  /** topic0 plus one topic per indexed parameter: picks the layout when topic0 is shared. */
  topicCount: number;
  build(log: CatalogueLog): DecodedCatalogueEvent;
}

const addr = (value: string): Address => value.toLowerCase() as Address;
const hex = (value: string): Hex => value.toLowerCase() as Hex;
const dec = (value: bigint): string => value.toString(10);
const FACET_CUT_ACTIONS: readonly FacetCutAction[] = ['add', 'replace', 'remove'];

function variant<const E extends AbiEvent>(event: E, map: (args: EventArgs<E>, contract: Address) => DecodedCatalogueEvent): Variant {
  return {
    event,
    topicCount: 1 + event.inputs.filter((input) => input.indexed === true).length,
    build(log) {
      const [topic0, ...rest] = log.topics.map(hex);
      const { args } = decodeEventLog({ abi: [event], topics: [topic0, ...rest], data: hex(log.data), strict: true });
      // decodeEventLog cannot infer through the generic `E`; with named inputs and strict mode the
      // args are exactly the named object EventArgs<E> describes.
      return map(args as EventArgs<E>, addr(log.address));
    },
  };
}

const { eip1967, eip2535, ownable, accessControl, pausable, governor, ozTimelock, compoundTimelock, safeV13, safeV14 } =
  catalogueEvents;

const VARIANTS: readonly Variant[] = [
  variant(eip1967.upgraded, (a, contract) => ({
    kind: 'upgraded',
    standard: 'eip1967',
    contract,
    newImplementation: addr(a.implementation),
  })),
  variant(eip1967.upgradedUnindexed, (a, contract) => ({
    kind: 'upgraded',
    standard: 'eip1967',
    contract,
    newImplementation: addr(a.implementation),
  })),
  variant(eip1967.adminChanged, (a, contract) => ({
    kind: 'admin_changed',
    standard: 'eip1967',
    contract,
    previousAdmin: addr(a.previousAdmin),
    newAdmin: addr(a.newAdmin),
  })),
  variant(eip1967.beaconUpgraded, (a, contract) => ({
    kind: 'beacon_upgraded',
    standard: 'eip1967',
    contract,
    newBeacon: addr(a.beacon),
  })),
  variant(eip2535.diamondCut, (a, contract) => ({
    kind: 'diamond_cut',
    standard: 'eip2535',
    contract,
    facetCuts: a._diamondCut.map((cut) => {
      const action = FACET_CUT_ACTIONS[cut.action];
      if (action === undefined) throw new Error(`FacetCutAction ${cut.action} is not Add, Replace or Remove`);
      return { facetAddress: addr(cut.facetAddress), action, functionSelectors: cut.functionSelectors.map(hex) };
    }),
    init: addr(a._init),
    initCalldata: hex(a._calldata),
  })),
  variant(ownable.ownershipTransferred, (a, contract) => ({
    kind: 'ownership_transferred',
    standard: 'ownable',
    contract,
    previousOwner: addr(a.previousOwner),
    newOwner: addr(a.newOwner),
  })),
  variant(accessControl.roleGranted, (a, contract) => ({
    kind: 'role_granted',
    standard: 'access_control',
    contract,
    role: hex(a.role),
    account: addr(a.account),
    sender: addr(a.sender),
  })),
  variant(accessControl.roleRevoked, (a, contract) => ({
    kind: 'role_revoked',
    standard: 'access_control',
    contract,
    role: hex(a.role),
    account: addr(a.account),
    sender: addr(a.sender),
  })),
  variant(accessControl.roleAdminChanged, (a, contract) => ({
    kind: 'role_admin_changed',
    standard: 'access_control',
    contract,
    role: hex(a.role),
    previousAdminRole: hex(a.previousAdminRole),
    newAdminRole: hex(a.newAdminRole),
  })),
  variant(pausable.paused, (a, contract) => ({ kind: 'paused', standard: 'pausable', contract, account: addr(a.account) })),
  variant(pausable.unpaused, (a, contract) => ({ kind: 'unpaused', standard: 'pausable', contract, account: addr(a.account) })),
  variant(governor.proposalCreated, (a, contract) => {
    const n = a.targets.length;
    if (a.values.length !== n || a.signatures.length !== n || a.calldatas.length !== n) {
      throw new Error(
        `action arrays differ in length: ${n} targets, ${a.values.length} values, ${a.signatures.length} signatures, ${a.calldatas.length} calldatas`,
      );
    }
    return {
      kind: 'proposal_created',
      standard: 'governor',
      contract,
      proposalId: dec(a.proposalId),
      proposer: addr(a.proposer),
      targets: a.targets.map(addr),
      values: a.values.map(dec),
      signatures: [...a.signatures],
      calldatas: a.calldatas.map(hex),
      voteStart: dec(a.voteStart),
      voteEnd: dec(a.voteEnd),
      description: a.description,
    };
  }),
  variant(governor.voteCast, (a, contract) => ({
    kind: 'vote_cast',
    standard: 'governor',
    contract,
    voter: addr(a.voter),
    proposalId: dec(a.proposalId),
    support: a.support,
    weight: dec(a.weight),
    reason: a.reason,
    params: null,
  })),
  variant(governor.voteCastWithParams, (a, contract) => ({
    kind: 'vote_cast',
    standard: 'governor',
    contract,
    voter: addr(a.voter),
    proposalId: dec(a.proposalId),
    support: a.support,
    weight: dec(a.weight),
    reason: a.reason,
    params: hex(a.params),
  })),
  variant(governor.proposalQueued, (a, contract) => ({
    kind: 'proposal_queued',
    standard: 'governor',
    contract,
    proposalId: dec(a.proposalId),
    eta: dec(a.etaSeconds),
  })),
  variant(governor.proposalExecuted, (a, contract) => ({
    kind: 'proposal_executed',
    standard: 'governor',
    contract,
    proposalId: dec(a.proposalId),
  })),
  variant(governor.proposalCanceled, (a, contract) => ({
    kind: 'proposal_canceled',
    standard: 'governor',
    contract,
    proposalId: dec(a.proposalId),
  })),
  variant(ozTimelock.callScheduled, (a, contract) => ({
    kind: 'timelock_call_scheduled',
    standard: 'oz_timelock',
    contract,
    operationId: hex(a.id),
    index: dec(a.index),
    target: addr(a.target),
    value: dec(a.value),
    data: hex(a.data),
    predecessor: hex(a.predecessor),
    delay: dec(a.delay),
  })),
  variant(ozTimelock.callExecuted, (a, contract) => ({
    kind: 'timelock_call_executed',
    standard: 'oz_timelock',
    contract,
    operationId: hex(a.id),
    index: dec(a.index),
    target: addr(a.target),
    value: dec(a.value),
    data: hex(a.data),
  })),
  variant(ozTimelock.cancelled, (a, contract) => ({
    kind: 'timelock_cancelled',
    standard: 'oz_timelock',
    contract,
    operationId: hex(a.id),
  })),
  variant(ozTimelock.minDelayChange, (a, contract) => ({
    kind: 'timelock_min_delay_changed',
    standard: 'oz_timelock',
    contract,
    oldDelay: dec(a.oldDuration),
    newDelay: dec(a.newDuration),
  })),
  variant(compoundTimelock.queueTransaction, (a, contract) => ({
    kind: 'timelock_tx_queued',
    standard: 'compound_timelock',
    contract,
    ...compoundTx(a),
  })),
  variant(compoundTimelock.executeTransaction, (a, contract) => ({
    kind: 'timelock_tx_executed',
    standard: 'compound_timelock',
    contract,
    ...compoundTx(a),
  })),
  variant(compoundTimelock.cancelTransaction, (a, contract) => ({
    kind: 'timelock_tx_cancelled',
    standard: 'compound_timelock',
    contract,
    ...compoundTx(a),
  })),
  variant(compoundTimelock.newDelay, (a, contract) => ({
    kind: 'timelock_delay_changed',
    standard: 'compound_timelock',
    contract,
    newDelay: dec(a.newDelay),
  })),
  variant(safeV13.changedThreshold, (a, contract) => ({
    kind: 'safe_threshold_changed',
    standard: 'safe',
    contract,
    safeVersion: null,
    threshold: dec(a.threshold),
  })),
  ...(['1.3', '1.4'] as const).flatMap((safeVersion) => {
    const safe = safeVersion === '1.3' ? safeV13 : safeV14;
    const base = (contract: Address) => ({ standard: 'safe', contract, safeVersion }) as const;
    return [
      variant(safe.addedOwner, (a, contract) => ({ kind: 'safe_owner_added', ...base(contract), owner: addr(a.owner) })),
      variant(safe.removedOwner, (a, contract) => ({ kind: 'safe_owner_removed', ...base(contract), owner: addr(a.owner) })),
      variant(safe.executionSuccess, (a, contract) => ({
        kind: 'safe_execution_success',
        ...base(contract),
        txHash: hex(a.txHash),
        payment: dec(a.payment),
      })),
      variant(safe.executionFailure, (a, contract) => ({
        kind: 'safe_execution_failure',
        ...base(contract),
        txHash: hex(a.txHash),
        payment: dec(a.payment),
      })),
      variant(safe.enabledModule, (a, contract) => ({ kind: 'safe_module_enabled', ...base(contract), module: addr(a.module) })),
      variant(safe.disabledModule, (a, contract) => ({ kind: 'safe_module_disabled', ...base(contract), module: addr(a.module) })),
      variant(safe.changedGuard, (a, contract) => ({ kind: 'safe_guard_changed', ...base(contract), guard: addr(a.guard) })),
    ];
  }),
];

function compoundTx(a: { txHash: Hex; target: Address; value: bigint; signature: string; data: Hex; eta: bigint }) {
  return {
    txHash: hex(a.txHash),
    target: addr(a.target),
    value: dec(a.value),
    signature: a.signature,
    data: hex(a.data),
    calldata: signatureCalldata(a.signature, a.data),
    eta: dec(a.eta),
  };
}

const VARIANTS_BY_TOPIC0: ReadonlyMap<Hex, readonly Variant[]> = VARIANTS.reduce((byTopic, v) => {
  const topic0 = toEventSelector(v.event);
  byTopic.set(topic0, [...(byTopic.get(topic0) ?? []), v]);
  return byTopic;
}, new Map<Hex, Variant[]>());

/**
 * Decodes a log of any catalogue event into its normalised shape.
 * Returns undefined when topic0 is not in the catalogue; throws {@link UndecodableLogError} when
 * it is but the log fits none of the event's layouts. Layouts sharing a topic0 (Safe 1.3 vs 1.4,
 * ZeppelinOS vs EIP-1967 `Upgraded`) are told apart by the number of topics.
 *
 * @example decodeCatalogueLog(log) // { kind: 'upgraded', standard: 'eip1967', contract: '0x…', newImplementation: '0x…' }
 */
export function decodeCatalogueLog(log: CatalogueLog): DecodedCatalogueEvent | undefined {
  const topic0 = log.topics[0];
  if (topic0 === undefined) return undefined; // anonymous event
  const variants = VARIANTS_BY_TOPIC0.get(hex(topic0));
  if (variants === undefined) return undefined;

  const reasons: string[] = [];
  for (const v of variants) {
    if (v.topicCount !== log.topics.length) {
      reasons.push(`${v.event.name} with ${v.topicCount - 1} indexed parameters needs ${v.topicCount} topics, got ${log.topics.length}`);
      continue;
    }
    try {
      return v.build(log);
    } catch (error) {
      reasons.push(error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error));
    }
  }
  throw new UndecodableLogError(
    hex(topic0),
    variants.map((v) => `${toEventSignature(v.event)} with ${v.topicCount - 1} indexed`),
    reasons,
  );
}
