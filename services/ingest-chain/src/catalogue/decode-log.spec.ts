import { PermanentMessageError } from '@pum/platform';
import { encodeAbiParameters, getAddress, keccak256, pad, stringToHex, toEventSelector, type Hex } from 'viem';
import { catalogueEvents } from './abis';
import { decodeCatalogueLog as sut } from './decode-log';
import { logOf } from '../../test/test-logs';
import { UndecodableLogError } from './undecodable-log-error';

// Checksummed (mixed-case) inputs, so every expectation also checks the lower-casing.
const CONTRACT = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const contract = CONTRACT.toLowerCase();
const ALICE = getAddress('0xa0ee7a142d267c1f36714e4a8f75612f20a79720');
const alice = ALICE.toLowerCase();
const BOB = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const bob = BOB.toLowerCase();
const CAROL = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const carol = CAROL.toLowerCase();
const HASH_A = keccak256(stringToHex('a'));
const HASH_B = keccak256(stringToHex('b'));
const HASH_C = keccak256(stringToHex('c'));
const MAX = 2n ** 256n - 1n;

const { eip1967, eip2535, ownable, accessControl, pausable, governor, ozTimelock, compoundTimelock, safeV13, safeV14 } =
  catalogueEvents;

describe('decodeCatalogueLog', () => {
  describe('EIP-1967 proxies', () => {
    it('decodes Upgraded into the new implementation', () => {
      expect(sut(logOf(eip1967.upgraded, { implementation: ALICE }, CONTRACT))).toStrictEqual({
        kind: 'upgraded',
        standard: 'eip1967',
        contract,
        newImplementation: alice,
      });
    });

    it('decodes the unindexed Upgraded of ZeppelinOS proxies the same way', () => {
      const log = logOf(eip1967.upgradedUnindexed, { implementation: BOB }, CONTRACT);

      expect(log.topics).toHaveLength(1);
      expect(sut(log)).toStrictEqual({ kind: 'upgraded', standard: 'eip1967', contract, newImplementation: bob });
    });

    it('decodes AdminChanged into the previous and new admin', () => {
      expect(sut(logOf(eip1967.adminChanged, { previousAdmin: ALICE, newAdmin: BOB }, CONTRACT))).toStrictEqual({
        kind: 'admin_changed',
        standard: 'eip1967',
        contract,
        previousAdmin: alice,
        newAdmin: bob,
      });
    });

    it('decodes BeaconUpgraded into the new beacon', () => {
      expect(sut(logOf(eip1967.beaconUpgraded, { beacon: CAROL }, CONTRACT))).toStrictEqual({
        kind: 'beacon_upgraded',
        standard: 'eip1967',
        contract,
        newBeacon: carol,
      });
    });
  });

  describe('EIP-2535 diamonds', () => {
    it('decodes DiamondCut with every facet cut, its action by name, and the init call', () => {
      const log = logOf(
        eip2535.diamondCut,
        {
          _diamondCut: [
            { facetAddress: ALICE, action: 0, functionSelectors: ['0xAABBCCDD', '0x11223344'] },
            { facetAddress: BOB, action: 1, functionSelectors: ['0x01020304'] },
            { facetAddress: '0x0000000000000000000000000000000000000000', action: 2, functionSelectors: ['0xdeadbeef'] },
          ],
          _init: CAROL,
          _calldata: '0xE1C7392A',
        },
        CONTRACT,
      );

      expect(sut(log)).toStrictEqual({
        kind: 'diamond_cut',
        standard: 'eip2535',
        contract,
        facetCuts: [
          { facetAddress: alice, action: 'add', functionSelectors: ['0xaabbccdd', '0x11223344'] },
          { facetAddress: bob, action: 'replace', functionSelectors: ['0x01020304'] },
          { facetAddress: '0x0000000000000000000000000000000000000000', action: 'remove', functionSelectors: ['0xdeadbeef'] },
        ],
        init: carol,
        initCalldata: '0xe1c7392a',
      });
    });

    it('rejects a DiamondCut whose action is outside Add/Replace/Remove', () => {
      const log = logOf(
        eip2535.diamondCut,
        { _diamondCut: [{ facetAddress: ALICE, action: 3, functionSelectors: ['0xaabbccdd'] }], _init: CAROL, _calldata: '0x' },
        CONTRACT,
      );

      expect(() => sut(log)).toThrow(UndecodableLogError);
      expect(() => sut(log)).toThrow(/FacetCutAction 3/);
    });
  });

  describe('Ownable, AccessControl, Pausable', () => {
    it('decodes OwnershipTransferred', () => {
      expect(sut(logOf(ownable.ownershipTransferred, { previousOwner: ALICE, newOwner: BOB }, CONTRACT))).toStrictEqual({
        kind: 'ownership_transferred',
        standard: 'ownable',
        contract,
        previousOwner: alice,
        newOwner: bob,
      });
    });

    it('decodes RoleGranted with role, account and the granting sender', () => {
      expect(sut(logOf(accessControl.roleGranted, { role: HASH_A, account: ALICE, sender: BOB }, CONTRACT))).toStrictEqual({
        kind: 'role_granted',
        standard: 'access_control',
        contract,
        role: HASH_A,
        account: alice,
        sender: bob,
      });
    });

    it('decodes RoleRevoked with role, account and the revoking sender', () => {
      expect(sut(logOf(accessControl.roleRevoked, { role: HASH_B, account: BOB, sender: CAROL }, CONTRACT))).toStrictEqual({
        kind: 'role_revoked',
        standard: 'access_control',
        contract,
        role: HASH_B,
        account: bob,
        sender: carol,
      });
    });

    it('decodes RoleAdminChanged with the previous and new admin roles', () => {
      const log = logOf(accessControl.roleAdminChanged, { role: HASH_A, previousAdminRole: pad('0x00'), newAdminRole: HASH_C }, CONTRACT);

      expect(sut(log)).toStrictEqual({
        kind: 'role_admin_changed',
        standard: 'access_control',
        contract,
        role: HASH_A,
        previousAdminRole: '0x0000000000000000000000000000000000000000000000000000000000000000',
        newAdminRole: HASH_C,
      });
    });

    it('decodes Paused and Unpaused with the account that flipped the switch', () => {
      expect(sut(logOf(pausable.paused, { account: ALICE }, CONTRACT))).toStrictEqual({
        kind: 'paused',
        standard: 'pausable',
        contract,
        account: alice,
      });
      expect(sut(logOf(pausable.unpaused, { account: BOB }, CONTRACT))).toStrictEqual({
        kind: 'unpaused',
        standard: 'pausable',
        contract,
        account: bob,
      });
    });
  });

  describe('OZ Governor and GovernorBravo', () => {
    it('decodes ProposalCreated with every action, uint256s as decimal strings', () => {
      const log = logOf(
        governor.proposalCreated,
        {
          proposalId: MAX,
          proposer: ALICE,
          targets: [BOB, CAROL],
          values: [0n, 10n ** 18n],
          signatures: ['', 'upgradeTo(address)'],
          calldatas: ['0xABCDEF01', pad(CAROL)],
          voteStart: 19_000_000n,
          voteEnd: 19_050_400n,
          description: '# Upgrade the vault\nDetails…',
        },
        CONTRACT,
      );

      expect(sut(log)).toStrictEqual({
        kind: 'proposal_created',
        standard: 'governor',
        contract,
        proposalId: '115792089237316195423570985008687907853269984665640564039457584007913129639935',
        proposer: alice,
        targets: [bob, carol],
        values: ['0', '1000000000000000000'],
        signatures: ['', 'upgradeTo(address)'],
        calldatas: ['0xabcdef01', `0x000000000000000000000000${carol.slice(2)}`],
        voteStart: '19000000',
        voteEnd: '19050400',
        description: '# Upgrade the vault\nDetails…',
      });
    });

    it('rejects a ProposalCreated whose action arrays differ in length', () => {
      const log = logOf(
        governor.proposalCreated,
        {
          proposalId: 1n,
          proposer: ALICE,
          targets: [BOB, CAROL],
          values: [0n],
          signatures: ['', ''],
          calldatas: ['0x', '0x'],
          voteStart: 1n,
          voteEnd: 2n,
          description: '',
        },
        CONTRACT,
      );

      expect(() => sut(log)).toThrow(/2 targets, 1 values/);
    });

    it('decodes VoteCast with no params', () => {
      const log = logOf(governor.voteCast, { voter: ALICE, proposalId: 42n, support: 1, weight: 123_456_789n, reason: 'ship it' }, CONTRACT);

      expect(sut(log)).toStrictEqual({
        kind: 'vote_cast',
        standard: 'governor',
        contract,
        voter: alice,
        proposalId: '42',
        support: 1,
        weight: '123456789',
        reason: 'ship it',
        params: null,
      });
    });

    it('decodes VoteCastWithParams as a vote carrying its params', () => {
      const log = logOf(
        governor.voteCastWithParams,
        { voter: BOB, proposalId: 42n, support: 2, weight: 7n, reason: '', params: '0xC0FFEE' },
        CONTRACT,
      );

      expect(sut(log)).toStrictEqual({
        kind: 'vote_cast',
        standard: 'governor',
        contract,
        voter: bob,
        proposalId: '42',
        support: 2,
        weight: '7',
        reason: '',
        params: '0xc0ffee',
      });
    });

    it('decodes ProposalQueued with its ETA', () => {
      expect(sut(logOf(governor.proposalQueued, { proposalId: 42n, etaSeconds: 1_700_172_800n }, CONTRACT))).toStrictEqual({
        kind: 'proposal_queued',
        standard: 'governor',
        contract,
        proposalId: '42',
        eta: '1700172800',
      });
    });

    it('decodes ProposalExecuted and ProposalCanceled', () => {
      expect(sut(logOf(governor.proposalExecuted, { proposalId: 42n }, CONTRACT))).toStrictEqual({
        kind: 'proposal_executed',
        standard: 'governor',
        contract,
        proposalId: '42',
      });
      expect(sut(logOf(governor.proposalCanceled, { proposalId: 43n }, CONTRACT))).toStrictEqual({
        kind: 'proposal_canceled',
        standard: 'governor',
        contract,
        proposalId: '43',
      });
    });
  });

  describe('OZ TimelockController', () => {
    it('decodes CallScheduled with the operation, the call and its delay', () => {
      const log = logOf(
        ozTimelock.callScheduled,
        { id: HASH_A, index: 1n, target: BOB, value: 5n, data: '0x3659CFE6', predecessor: HASH_B, delay: 172_800n },
        CONTRACT,
      );

      expect(sut(log)).toStrictEqual({
        kind: 'timelock_call_scheduled',
        standard: 'oz_timelock',
        contract,
        operationId: HASH_A,
        index: '1',
        target: bob,
        value: '5',
        data: '0x3659cfe6',
        predecessor: HASH_B,
        delay: '172800',
      });
    });

    it('decodes CallExecuted', () => {
      const log = logOf(ozTimelock.callExecuted, { id: HASH_A, index: 0n, target: CAROL, value: 0n, data: '0x' }, CONTRACT);

      expect(sut(log)).toStrictEqual({
        kind: 'timelock_call_executed',
        standard: 'oz_timelock',
        contract,
        operationId: HASH_A,
        index: '0',
        target: carol,
        value: '0',
        data: '0x',
      });
    });

    it('decodes Cancelled and MinDelayChange', () => {
      expect(sut(logOf(ozTimelock.cancelled, { id: HASH_C }, CONTRACT))).toStrictEqual({
        kind: 'timelock_cancelled',
        standard: 'oz_timelock',
        contract,
        operationId: HASH_C,
      });
      expect(sut(logOf(ozTimelock.minDelayChange, { oldDuration: 86_400n, newDuration: 3_600n }, CONTRACT))).toStrictEqual({
        kind: 'timelock_min_delay_changed',
        standard: 'oz_timelock',
        contract,
        oldDelay: '86400',
        newDelay: '3600',
      });
    });
  });

  describe('Compound Timelock', () => {
    const upgradeArg = encodeAbiParameters([{ type: 'address' }], [CAROL]);

    it('decodes QueueTransaction, prepending the signature selector to form the calldata', () => {
      const log = logOf(
        compoundTimelock.queueTransaction,
        { txHash: HASH_A, target: BOB, value: 0n, signature: 'upgradeTo(address)', data: upgradeArg, eta: 1_700_172_800n },
        CONTRACT,
      );

      expect(sut(log)).toStrictEqual({
        kind: 'timelock_tx_queued',
        standard: 'compound_timelock',
        contract,
        txHash: HASH_A,
        target: bob,
        value: '0',
        signature: 'upgradeTo(address)',
        data: upgradeArg,
        calldata: `0x3659cfe6${upgradeArg.slice(2)}`,
        eta: '1700172800',
      });
    });

    it('decodes ExecuteTransaction with an empty signature, the data being the whole calldata', () => {
      const log = logOf(
        compoundTimelock.executeTransaction,
        { txHash: HASH_B, target: BOB, value: 1n, signature: '', data: '0xABCDEF', eta: 99n },
        CONTRACT,
      );

      expect(sut(log)).toStrictEqual({
        kind: 'timelock_tx_executed',
        standard: 'compound_timelock',
        contract,
        txHash: HASH_B,
        target: bob,
        value: '1',
        signature: '',
        data: '0xabcdef',
        calldata: '0xabcdef',
        eta: '99',
      });
    });

    it('decodes CancelTransaction', () => {
      const log = logOf(
        compoundTimelock.cancelTransaction,
        { txHash: HASH_C, target: ALICE, value: 0n, signature: 'pause()', data: '0x', eta: 100n },
        CONTRACT,
      );

      expect(sut(log)).toStrictEqual({
        kind: 'timelock_tx_cancelled',
        standard: 'compound_timelock',
        contract,
        txHash: HASH_C,
        target: alice,
        value: '0',
        signature: 'pause()',
        data: '0x',
        calldata: '0x8456cb59',
        eta: '100',
      });
    });

    it('decodes NewDelay, whose delay is an indexed topic', () => {
      const log = logOf(compoundTimelock.newDelay, { newDelay: 172_800n }, CONTRACT);

      expect(log.topics).toHaveLength(2);
      expect(sut(log)).toStrictEqual({
        kind: 'timelock_delay_changed',
        standard: 'compound_timelock',
        contract,
        newDelay: '172800',
      });
    });
  });

  describe('Safe', () => {
    const layouts = [
      { safeVersion: '1.3', events: safeV13, topicCount: 1 },
      { safeVersion: '1.4', events: safeV14, topicCount: 2 },
    ] as const;

    describe.each(layouts)('the $safeVersion layout', ({ safeVersion, events, topicCount }) => {
      it('decodes AddedOwner and RemovedOwner', () => {
        const added = logOf(events.addedOwner, { owner: ALICE }, CONTRACT);
        const removed = logOf(events.removedOwner, { owner: BOB }, CONTRACT);

        expect(added.topics).toHaveLength(topicCount);
        expect(sut(added)).toStrictEqual({ kind: 'safe_owner_added', standard: 'safe', contract, safeVersion, owner: alice });
        expect(sut(removed)).toStrictEqual({ kind: 'safe_owner_removed', standard: 'safe', contract, safeVersion, owner: bob });
      });

      it('decodes ExecutionSuccess and ExecutionFailure with the Safe tx hash and payment', () => {
        const success = logOf(events.executionSuccess, { txHash: HASH_A, payment: 21_000n }, CONTRACT);
        const failure = logOf(events.executionFailure, { txHash: HASH_B, payment: 0n }, CONTRACT);

        expect(success.topics).toHaveLength(topicCount);
        expect(sut(success)).toStrictEqual({
          kind: 'safe_execution_success',
          standard: 'safe',
          contract,
          safeVersion,
          txHash: HASH_A,
          payment: '21000',
        });
        expect(sut(failure)).toStrictEqual({
          kind: 'safe_execution_failure',
          standard: 'safe',
          contract,
          safeVersion,
          txHash: HASH_B,
          payment: '0',
        });
      });

      it('decodes EnabledModule, DisabledModule and ChangedGuard', () => {
        expect(sut(logOf(events.enabledModule, { module: ALICE }, CONTRACT))).toStrictEqual({
          kind: 'safe_module_enabled',
          standard: 'safe',
          contract,
          safeVersion,
          module: alice,
        });
        expect(sut(logOf(events.disabledModule, { module: BOB }, CONTRACT))).toStrictEqual({
          kind: 'safe_module_disabled',
          standard: 'safe',
          contract,
          safeVersion,
          module: bob,
        });
        expect(sut(logOf(events.changedGuard, { guard: CAROL }, CONTRACT))).toStrictEqual({
          kind: 'safe_guard_changed',
          standard: 'safe',
          contract,
          safeVersion,
          guard: carol,
        });
      });
    });

    it('decodes ChangedThreshold, which both layouts emit identically, without a version', () => {
      expect(sut(logOf(safeV13.changedThreshold, { threshold: 3n }, CONTRACT))).toStrictEqual({
        kind: 'safe_threshold_changed',
        standard: 'safe',
        contract,
        safeVersion: null,
        threshold: '3',
      });
    });

    it('shares topic0 between the layouts, so only the topic count tells them apart', () => {
      expect(toEventSelector(safeV13.addedOwner)).toBe(toEventSelector(safeV14.addedOwner));
      expect(toEventSelector(safeV13.executionSuccess)).toBe(toEventSelector(safeV14.executionSuccess));
    });
  });

  describe('logs outside the catalogue', () => {
    it('returns undefined for a topic0 the catalogue does not hold', () => {
      const transfer = keccak256(stringToHex('Transfer(address,address,uint256)'));

      expect(sut({ address: CONTRACT, topics: [transfer, pad(ALICE), pad(BOB)], data: pad('0x01') })).toBeUndefined();
    });

    it('returns undefined for an anonymous log without topics', () => {
      expect(sut({ address: CONTRACT, topics: [], data: '0x' })).toBeUndefined();
    });

    it('matches topic0 whatever its hex case', () => {
      const log = logOf(eip1967.upgraded, { implementation: ALICE }, CONTRACT);
      const upper = { ...log, topics: log.topics.map((topic) => `0x${topic.slice(2).toUpperCase()}`) };

      expect(sut(upper)).toMatchObject({ kind: 'upgraded', newImplementation: alice });
    });
  });

  describe('catalogue topic0 with a log that does not fit', () => {
    it('throws UndecodableLogError when an indexed topic is missing', () => {
      const log = logOf(ownable.ownershipTransferred, { previousOwner: ALICE, newOwner: BOB }, CONTRACT);

      expect(() => sut({ ...log, topics: log.topics.slice(0, 2) })).toThrow(UndecodableLogError);
    });

    it('throws UndecodableLogError for an Upgraded with the implementation neither in a topic nor in the data', () => {
      const log = logOf(eip1967.upgraded, { implementation: ALICE }, CONTRACT);

      expect(() => sut({ ...log, topics: [log.topics[0] as Hex] })).toThrow(UndecodableLogError);
    });

    it('throws UndecodableLogError for a Safe event with a topic count neither layout has', () => {
      const log = logOf(safeV14.addedOwner, { owner: ALICE }, CONTRACT);
      const topics = [...log.topics, pad(BOB)];

      expect(() => sut({ ...log, topics })).toThrow(/needs 1 topics, got 3.*needs 2 topics, got 3/);
    });

    it('throws UndecodableLogError when the data is too short for the non-indexed parameters', () => {
      const log = logOf(eip1967.adminChanged, { previousAdmin: ALICE, newAdmin: BOB }, CONTRACT);

      expect(() => sut({ ...log, data: '0xdeadbeef' })).toThrow(UndecodableLogError);
    });

    it('throws UndecodableLogError when a dynamic parameter points outside the data', () => {
      const log = logOf(governor.voteCast, { voter: ALICE, proposalId: 1n, support: 1, weight: 1n, reason: 'why' }, CONTRACT);
      const garbled = `${log.data.slice(0, 2 + 64 * 3)}${pad('0xffffff').slice(2)}${log.data.slice(2 + 64 * 4)}` as Hex;

      expect(() => sut({ ...log, data: garbled })).toThrow(UndecodableLogError);
    });

    it('reports an undecodable log as permanent, with its topic0 and the layouts tried', () => {
      const log = logOf(safeV13.addedOwner, { owner: ALICE }, CONTRACT);
      let thrown: unknown;
      try {
        sut({ ...log, data: '0x' });
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(PermanentMessageError);
      expect(thrown).toMatchObject({
        name: 'UndecodableLogError',
        topic0: toEventSelector(safeV13.addedOwner),
        eventSignatures: ['AddedOwner(address) with 0 indexed', 'AddedOwner(address) with 1 indexed'],
      });
    });
  });
});
