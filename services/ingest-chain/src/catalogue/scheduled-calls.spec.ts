import { encodeAbiParameters, encodeFunctionData, getAddress, keccak256, stringToHex, type Address } from 'viem';
import { upgradeFunctions } from '@pum/evm';
import { catalogueEvents } from './abis';
import type { ProposalCreatedEvent, TimelockCallScheduledEvent, TimelockTxQueuedEvent } from './catalogue-event';
import { decodeCatalogueLog } from './decode-log';
import { callOfCompoundQueue, callOfTimelockSchedule, callsOfProposal, scheduledCallsOf as sut } from './scheduled-calls';
import { detectScheduledUpgrades } from '@pum/evm';
import { logOf } from '../../test/test-logs';

const lower = (address: Address): Address => address.toLowerCase() as Address;
const GOVERNOR = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const TIMELOCK = getAddress('0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9');
const PROXY = getAddress('0xdc64a140aa3e981100a9beca4e685f962f0cf6c9');
const proxy = lower(PROXY);
const IMPL = getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
const impl = lower(IMPL);
const TOKEN = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const token = lower(TOKEN);
const IMPL_ARG = encodeAbiParameters([{ type: 'address' }], [IMPL]);
const UPGRADE_TO = encodeFunctionData({ abi: upgradeFunctions, functionName: 'upgradeTo', args: [IMPL] });

const proposal: ProposalCreatedEvent = {
  kind: 'proposal_created',
  standard: 'governor',
  contract: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  proposalId: '7',
  proposer: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  targets: [token, proxy],
  values: ['0', '3'],
  signatures: ['', 'upgradeTo(address)'],
  calldatas: ['0xa9059cbb', IMPL_ARG],
  voteStart: '100',
  voteEnd: '200',
  description: 'upgrade',
};

describe('callsOfProposal', () => {
  it('keeps OZ-style calldata as is and prepends the selector of a Bravo-style signature', () => {
    expect(callsOfProposal(proposal)).toStrictEqual([
      { target: token, value: '0', data: '0xa9059cbb', eta: null },
      { target: proxy, value: '3', data: `0x3659cfe6${IMPL_ARG.slice(2)}`, eta: null },
    ]);
  });

  it('carries the ETA once the proposal is queued', () => {
    expect(callsOfProposal(proposal, '1800000000').map((c) => c.eta)).toStrictEqual(['1800000000', '1800000000']);
  });
});

describe('callOfTimelockSchedule', () => {
  it('sets the ETA to the scheduling block’s timestamp plus the delay', () => {
    const scheduled: TimelockCallScheduledEvent = {
      kind: 'timelock_call_scheduled',
      standard: 'oz_timelock',
      contract: lower(TIMELOCK),
      operationId: keccak256(stringToHex('op')),
      index: '0',
      target: proxy,
      value: '0',
      data: UPGRADE_TO,
      predecessor: keccak256(stringToHex('none')),
      delay: '172800',
    };

    expect(callOfTimelockSchedule(scheduled, 1_700_000_000)).toStrictEqual({ target: proxy, value: '0', data: UPGRADE_TO, eta: '1700172800' });
  });
});

describe('callOfCompoundQueue', () => {
  it('uses the calldata the timelock will send and the queued ETA', () => {
    const queued: TimelockTxQueuedEvent = {
      kind: 'timelock_tx_queued',
      standard: 'compound_timelock',
      contract: lower(TIMELOCK),
      txHash: keccak256(stringToHex('tx')),
      target: proxy,
      value: '0',
      signature: 'upgradeTo(address)',
      data: IMPL_ARG,
      calldata: UPGRADE_TO,
      eta: '1800000000',
    };

    expect(callOfCompoundQueue(queued)).toStrictEqual({ target: proxy, value: '0', data: UPGRADE_TO, eta: '1800000000' });
  });
});

describe('scheduledCallsOf', () => {
  it('finds the upgrade in a GovernorBravo proposal whose action is a signature plus data', () => {
    const log = logOf(
      catalogueEvents.governor.proposalCreated,
      {
        proposalId: 7n,
        proposer: TOKEN,
        targets: [TOKEN, PROXY],
        values: [0n, 0n],
        signatures: ['pause()', 'upgradeTo(address)'],
        calldatas: ['0x', IMPL_ARG],
        voteStart: 1n,
        voteEnd: 2n,
        description: '',
      },
      GOVERNOR,
    );
    const event = decodeCatalogueLog(log);
    if (event === undefined) throw new Error('ProposalCreated is in the catalogue');

    expect(detectScheduledUpgrades(sut(event, 0n))).toStrictEqual([
      { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 1, via: [], eta: null },
    ]);
  });

  it('finds a timelocked upgrade, ready at block time plus delay, from a CallScheduled log', () => {
    const log = logOf(
      catalogueEvents.ozTimelock.callScheduled,
      { id: keccak256(stringToHex('op')), index: 0n, target: PROXY, value: 0n, data: UPGRADE_TO, predecessor: keccak256(stringToHex('p')), delay: 3_600n },
      TIMELOCK,
    );
    const event = decodeCatalogueLog(log);
    if (event === undefined) throw new Error('CallScheduled is in the catalogue');

    expect(detectScheduledUpgrades(sut(event, 1_700_000_000n))).toStrictEqual([
      { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [], eta: '1700003600' },
    ]);
  });

  it('finds a Compound-timelocked upgrade with the queued ETA from a QueueTransaction log', () => {
    const log = logOf(
      catalogueEvents.compoundTimelock.queueTransaction,
      { txHash: keccak256(stringToHex('tx')), target: PROXY, value: 0n, signature: 'upgradeTo(address)', data: IMPL_ARG, eta: 1_800_000_000n },
      TIMELOCK,
    );
    const event = decodeCatalogueLog(log);
    if (event === undefined) throw new Error('QueueTransaction is in the catalogue');

    expect(detectScheduledUpgrades(sut(event, 0n))).toStrictEqual([
      { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [], eta: '1800000000' },
    ]);
  });

  it('returns no calls for an event that schedules nothing', () => {
    const event = decodeCatalogueLog(logOf(catalogueEvents.eip1967.upgraded, { implementation: IMPL }, PROXY));
    if (event === undefined) throw new Error('Upgraded is in the catalogue');

    expect(sut(event, 0n)).toStrictEqual([]);
  });
});
