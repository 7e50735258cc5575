import { parseEventLogs, type Hash, type PublicClient } from 'viem';
import { SAFE_EXECUTION_SUCCESS_TOPIC, joinEvents } from './governor-abi';

/** A timelock operation scheduled in the transaction: OZ `CallScheduled` or Compound `QueueTransaction`. */
export interface ScheduledOperation {
  timelock: string;
  /** OZ operation id (shared by a batch) or Compound transaction hash (one per call). */
  operationId: string;
  /** The call's position: OZ batch index; Compound, its order among the timelock's queued calls in this transaction. */
  index: number;
}

/**
 * What one transaction did that joins an upgrade's stages, read from its receipt: so a queue or an
 * execution is matched the same way whichever of its logs arrives first (they come keyed by
 * different contracts, hence on different partitions, in no fixed order).
 */
export interface TransactionFacts {
  transactionHash: string;
  blockHash: string;
  from: string;
  /** The sender has code that is not an EIP-7702 delegation: a contract, not a key holder. */
  senderIsContract: boolean;
  proposalsQueued: { governor: string; proposalId: string; eta: string; logIndex: number }[];
  proposalsExecuted: { governor: string; proposalId: string }[];
  operationsScheduled: ScheduledOperation[];
  operationsExecuted: { timelock: string; operationId: string }[];
  /** Safes whose `execTransaction` ran in this transaction. */
  safeExecutions: string[];
}

/** EIP-7702 delegation designator: an EOA that delegates still signs with one key. */
const DELEGATION_PREFIX = '0xef0100';

/**
 * Reads a transaction's receipt and sender and extracts the joins.
 *
 * @example const facts = await readTransactionFacts(client, '0xabc…'); facts.proposalsQueued[0]?.eta
 */
export async function readTransactionFacts(client: PublicClient, transactionHash: string): Promise<TransactionFacts> {
  const hash = transactionHash as Hash;
  const receipt = await client.getTransactionReceipt({ hash });
  const code = await client.getCode({ address: receipt.from, blockNumber: receipt.blockNumber });
  const facts: TransactionFacts = {
    transactionHash: hash.toLowerCase(),
    blockHash: receipt.blockHash.toLowerCase(),
    from: receipt.from.toLowerCase(),
    senderIsContract: code !== undefined && code !== '0x' && !code.startsWith(DELEGATION_PREFIX),
    proposalsQueued: [],
    proposalsExecuted: [],
    operationsScheduled: [],
    operationsExecuted: [],
    safeExecutions: receipt.logs.filter((log) => log.topics[0] === SAFE_EXECUTION_SUCCESS_TOPIC).map((log) => log.address.toLowerCase()),
  };
  const compoundPositions = new Map<string, number>();
  for (const log of parseEventLogs({ abi: joinEvents, logs: receipt.logs })) {
    const emitter = log.address.toLowerCase();
    switch (log.eventName) {
      case 'ProposalQueued':
        facts.proposalsQueued.push({ governor: emitter, proposalId: log.args.proposalId.toString(), eta: log.args.etaSeconds.toString(), logIndex: log.logIndex });
        break;
      case 'ProposalExecuted':
        facts.proposalsExecuted.push({ governor: emitter, proposalId: log.args.proposalId.toString() });
        break;
      case 'CallScheduled':
        facts.operationsScheduled.push({ timelock: emitter, operationId: log.args.id.toLowerCase(), index: Number(log.args.index) });
        break;
      case 'QueueTransaction': {
        const index = compoundPositions.get(emitter) ?? 0;
        compoundPositions.set(emitter, index + 1);
        facts.operationsScheduled.push({ timelock: emitter, operationId: log.args.txHash.toLowerCase(), index });
        break;
      }
      case 'CallExecuted':
        facts.operationsExecuted.push({ timelock: emitter, operationId: log.args.id.toLowerCase() });
        break;
      case 'ExecuteTransaction':
        facts.operationsExecuted.push({ timelock: emitter, operationId: log.args.txHash.toLowerCase() });
        break;
    }
  }
  return facts;
}
