import { protocolEventPayload, type ChainLog } from '@pum/contracts';
import { encodeFunctionData, keccak256, stringToHex, type AbiEvent } from 'viem';
import { catalogueEvents, decodeCatalogueLog, upgradeFunctions } from '../catalogue';
import { logOf } from '../../test/test-logs';
import { normaliseEvent as sut, type EventCommon } from './normalise-event';

const CONTRACT = `0x${'c0'.repeat(20)}` as const;
const PROXY = `0x${'b1'.repeat(20)}` as const;
const IMPL = `0x${'a2'.repeat(20)}` as const;
const ALICE = `0x${'a1'.repeat(20)}` as const;
const HASH = keccak256(stringToHex('h'));
const BLOCK_TIME = 1_750_000_000;
const upgradeTo = encodeFunctionData({ abi: upgradeFunctions, functionName: 'upgradeTo', args: [IMPL] });

const { eip1967, eip2535, ownable, accessControl, pausable, governor, ozTimelock, compoundTimelock, safeV13, safeV14 } = catalogueEvents;

const common: EventCommon = {
  eventId: `1:${HASH}:0`,
  status: 'retracted',
  chainId: 1,
  contract: CONTRACT,
  blockNumber: '100',
  blockHash: HASH,
  transactionHash: HASH,
  logIndex: 0,
  protocolId: null,
};

const chainLog = (log: { topics: readonly string[]; data: string }): ChainLog => ({
  chainId: 1,
  blockNumber: '100',
  blockHash: HASH,
  blockTimestamp: BLOCK_TIME,
  transactionHash: HASH,
  transactionIndex: 0,
  logIndex: 0,
  address: CONTRACT,
  topics: [...log.topics] as `0x${string}`[],
  data: log.data,
  removed: true,
  status: 'confirmed',
});

/** The catalogue log decoded and normalised without a state reader, as for a retracted event. */
async function normalised<const E extends AbiEvent>(event: E, args: Parameters<typeof logOf<E>>[1]) {
  const log = logOf(event, args, CONTRACT);
  const decoded = decodeCatalogueLog(log);
  if (!decoded) throw new Error(`${event.name} is not in the catalogue`);
  return sut(decoded, common, chainLog(log), null);
}

const proposal = {
  proposalId: 7n,
  proposer: ALICE,
  targets: [ALICE, PROXY],
  values: [0n, 0n],
  signatures: ['', ''],
  calldatas: ['0x', upgradeTo],
  voteStart: 10n,
  voteEnd: 20n,
  description: 'upgrade the vault',
} as const;
const compoundTx = { txHash: HASH, target: PROXY, value: 0n, signature: 'upgradeTo(address)', data: `0x${IMPL.slice(2).padStart(64, '0')}` as const, eta: 1_760_000_000n };

describe('normaliseEvent', () => {
  it.each([
    ['Upgraded', () => normalised(eip1967.upgraded, { implementation: IMPL })],
    ['AdminChanged', () => normalised(eip1967.adminChanged, { previousAdmin: ALICE, newAdmin: IMPL })],
    ['BeaconUpgraded', () => normalised(eip1967.beaconUpgraded, { beacon: IMPL })],
    ['DiamondCut', () => normalised(eip2535.diamondCut, { _diamondCut: [{ facetAddress: IMPL, action: 0, functionSelectors: ['0x12345678'] }], _init: IMPL, _calldata: '0x' })],
    ['OwnershipTransferred', () => normalised(ownable.ownershipTransferred, { previousOwner: ALICE, newOwner: IMPL })],
    ['RoleGranted', () => normalised(accessControl.roleGranted, { role: HASH, account: ALICE, sender: IMPL })],
    ['RoleRevoked', () => normalised(accessControl.roleRevoked, { role: HASH, account: ALICE, sender: IMPL })],
    ['RoleAdminChanged', () => normalised(accessControl.roleAdminChanged, { role: HASH, previousAdminRole: HASH, newAdminRole: HASH })],
    ['Paused', () => normalised(pausable.paused, { account: ALICE })],
    ['Unpaused', () => normalised(pausable.unpaused, { account: ALICE })],
    ['ProposalCreated', () => normalised(governor.proposalCreated, proposal)],
    ['VoteCast', () => normalised(governor.voteCast, { voter: ALICE, proposalId: 7n, support: 1, weight: 5n, reason: '' })],
    ['VoteCastWithParams', () => normalised(governor.voteCastWithParams, { voter: ALICE, proposalId: 7n, support: 1, weight: 5n, reason: '', params: '0x01' })],
    ['ProposalQueued', () => normalised(governor.proposalQueued, { proposalId: 7n, etaSeconds: 99n })],
    ['ProposalExecuted', () => normalised(governor.proposalExecuted, { proposalId: 7n })],
    ['ProposalCanceled', () => normalised(governor.proposalCanceled, { proposalId: 7n })],
    ['CallScheduled', () => normalised(ozTimelock.callScheduled, { id: HASH, index: 0n, target: PROXY, value: 0n, data: upgradeTo, predecessor: HASH, delay: 172_800n })],
    ['CallExecuted', () => normalised(ozTimelock.callExecuted, { id: HASH, index: 0n, target: PROXY, value: 0n, data: upgradeTo })],
    ['Cancelled', () => normalised(ozTimelock.cancelled, { id: HASH })],
    ['MinDelayChange', () => normalised(ozTimelock.minDelayChange, { oldDuration: 1n, newDuration: 2n })],
    ['QueueTransaction', () => normalised(compoundTimelock.queueTransaction, compoundTx)],
    ['ExecuteTransaction', () => normalised(compoundTimelock.executeTransaction, compoundTx)],
    ['CancelTransaction', () => normalised(compoundTimelock.cancelTransaction, compoundTx)],
    ['NewDelay', () => normalised(compoundTimelock.newDelay, { newDelay: 3n })],
    ['Safe 1.3 AddedOwner', () => normalised(safeV13.addedOwner, { owner: ALICE })],
    ['Safe 1.4 RemovedOwner', () => normalised(safeV14.removedOwner, { owner: ALICE })],
    ['ChangedThreshold', () => normalised(safeV13.changedThreshold, { threshold: 2n })],
    ['Safe 1.4 ExecutionSuccess', () => normalised(safeV14.executionSuccess, { txHash: HASH, payment: 0n })],
    ['Safe 1.3 ExecutionFailure', () => normalised(safeV13.executionFailure, { txHash: HASH, payment: 0n })],
    ['Safe 1.4 EnabledModule', () => normalised(safeV14.enabledModule, { module: ALICE })],
    ['Safe 1.3 DisabledModule', () => normalised(safeV13.disabledModule, { module: ALICE })],
    ['Safe 1.4 ChangedGuard', () => normalised(safeV14.changedGuard, { guard: ALICE })],
  ])('publishes %s as a protocol event the contract accepts', async (_name, make) => {
    const event = await make();

    expect(protocolEventPayload.parse(event)).toStrictEqual(event);
  });

  it('dates an upgrade scheduled on an OZ timelock at the block time plus the delay', async () => {
    const event = await normalised(ozTimelock.callScheduled, { id: HASH, index: 0n, target: PROXY, value: 0n, data: upgradeTo, predecessor: HASH, delay: 172_800n });

    expect(event).toMatchObject({
      kind: 'timelock_call_scheduled',
      standard: 'oz_timelock',
      scheduledUpgrades: [{ kind: 'upgrade_to', target: PROXY, newImplementation: IMPL, via: [], eta: String(BLOCK_TIME + 172_800) }],
    });
  });

  it('dates an upgrade queued on a Compound timelock at the queued eta', async () => {
    const event = await normalised(compoundTimelock.queueTransaction, compoundTx);

    expect(event).toMatchObject({ kind: 'timelock_tx_queued', scheduledUpgrades: [{ kind: 'upgrade_to', target: PROXY, newImplementation: IMPL, eta: '1760000000' }] });
  });

  it('finds the upgrade among the actions of a proposal, with no ETA before it is queued', async () => {
    const event = await normalised(governor.proposalCreated, proposal);

    expect(event).toMatchObject({ kind: 'proposal_created', scheduledUpgrades: [{ kind: 'upgrade_to', target: PROXY, callIndex: 1, eta: null }] });
  });

  it('reads no state for a retracted event: every enrichment field is null', async () => {
    const [upgraded, scheduled, safe, vote] = await Promise.all([
      normalised(eip1967.upgraded, { implementation: IMPL }),
      normalised(ozTimelock.callScheduled, { id: HASH, index: 0n, target: PROXY, value: 0n, data: '0x', predecessor: HASH, delay: 1n }),
      normalised(safeV14.executionSuccess, { txHash: HASH, payment: 0n }),
      normalised(governor.voteCast, { voter: ALICE, proposalId: 7n, support: 1, weight: 5n, reason: '' }),
    ]);

    expect(upgraded).toMatchObject({ previousImplementation: null, newImplementationCodeSize: null, newImplementationCodeHash: null });
    expect(scheduled).toMatchObject({ minDelay: null, scheduledUpgrades: [] });
    expect(safe).toMatchObject({ safeOwners: null, safeThreshold: null, scheduledUpgrades: null });
    expect(vote).toMatchObject({ quorum: null, votingPeriod: null, proposalState: null, proposalEta: null });
  });
});
