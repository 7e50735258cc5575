import { ChainClients, codeAt, codeChangeBetween, compareImplementations, type ImplementationComparison } from '@pum/evm';
import { JsonLogger } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { BlockNotFoundError, TransactionReceiptNotFoundError, getAddress, isHash, type Address, type Hash, type PublicClient } from 'viem';
import { LifecycleHistoryRepository } from '../inputs/lifecycle-history.repository';
import type { BytecodeFacts, BytecodeFactsSource, BytecodeQuery, ProposalCodeChange } from './bytecode-facts';
import { evidenceBlock } from './evidence-block';

/** bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1) */
export const EIP1967_IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc' as const;

const ZERO_ADDRESS = getAddress(`0x${'0'.repeat(40)}`);

/**
 * Bytecode facts read from the chain: the implementation in the target's EIP-1967 slot (the code the
 * upgrade replaces) against the new implementation, compared by `compareImplementations` (@pum/evm).
 *
 * Which chain state: before execution, the head (what a reader acts on now); once executed, the block
 * of the execution, the previous implementation read just before it, so re-assessing an executed
 * upgrade later gives the same facts. A target without an EIP-1967 implementation (a beacon, a diamond,
 * a first implementation) has no previous code: its new code's opcodes then count as added.
 *
 * Since the proposal: the code at the target and at the new implementation at the block of the lifecycle's
 * earliest stage (the proposal's creation, a timelock schedule) against the same block as above, by
 * `codeChangeBetween` — a destroy and CREATE2 redeploy in between, the Tornado Cash takeover of 2023, reads
 * `changed`. Never seen: no lifecycle that began earlier, on any chain, named the new implementation.
 *
 * A chain without configured endpoints gives no facts (logged once per chain); a failed read throws,
 * for the consumer's retry policy — it never reads as "no code".
 *
 * @example await new ChainBytecodeFacts(clients, history, logger).factsFor({ chainId: 31337, target, newImplementation, stage: 'queued', executionEventId: null, upgradeId })
 */
@Injectable()
export class ChainBytecodeFacts implements BytecodeFactsSource {
  private readonly unconfigured = new Set<number>();

  constructor(
    private readonly chains: ChainClients,
    private readonly history: LifecycleHistoryRepository,
    private readonly logger: JsonLogger,
  ) {}

  async factsFor(query: BytecodeQuery): Promise<BytecodeFacts | null> {
    if (query.newImplementation === null) return null;
    if (!this.chains.chainIds.includes(query.chainId)) {
      this.warnUnconfigured(query.chainId);
      return null;
    }
    const client = this.chains.of(query.chainId);
    const executedAt = query.executionEventId === null ? undefined : await executionBlock(client, query.executionEventId);
    const block = executedAt ?? (await client.getBlockNumber({ cacheTime: 0 }));
    const previous = await implementationAt(client, getAddress(query.target), executedAt === undefined ? block : block - 1n);
    const newImplementation = getAddress(query.newImplementation);
    const [before, after] = await Promise.all([previous && codeAt(client, previous, block), codeAt(client, newImplementation, block)]);
    const origin = await this.history.origin(query.upgradeId);
    const proposedAt = origin === null ? undefined : await proposalBlock(client, origin.evidence);
    // A lifecycle that began with its execution (no proposal before it) has nothing to compare.
    const changes = proposedAt === undefined || proposedAt >= block ? null : await codeChangesSince(client, [getAddress(query.target), newImplementation], proposedAt, block);
    const seen = await this.history.implementationSeenBefore(query.upgradeId, newImplementation);
    return {
      ...factsOf(await compareImplementations(before?.code, after.code)),
      implementationNeverSeen: seen === null ? null : !seen,
      codeChangedSinceProposal: changes === null ? null : changes.length > 0,
      codeChanges: changes ?? [],
    };
  }

  private warnUnconfigured(chainId: number): void {
    if (this.unconfigured.has(chainId)) return;
    this.unconfigured.add(chainId);
    this.logger.warn({ msg: 'no RPC endpoints for the chain: upgrades on it are assessed without bytecode facts', chain_id: chainId, configured: this.chains.chainIds });
  }
}

/** The implementation in the EIP-1967 slot; undefined when the slot is empty. */
async function implementationAt(client: PublicClient, proxy: Address, blockNumber: bigint): Promise<Address | undefined> {
  const word = (await client.getStorageAt({ address: proxy, slot: EIP1967_IMPLEMENTATION_SLOT, blockNumber })) ?? '0x';
  const implementation = getAddress(`0x${word.slice(2).padStart(64, '0').slice(24)}`);
  return implementation === ZERO_ADDRESS ? undefined : implementation;
}

/**
 * The block of the execution event (`<chainId>:<txHash>:<logIndex>`); undefined when its transaction
 * is unknown to the node (another fork, a pruned node), so the facts fall back to the head.
 */
async function executionBlock(client: PublicClient, executionEventId: string): Promise<bigint | undefined> {
  const hash = executionEventId.split(':')[1];
  if (hash === undefined || !isHash(hash)) return undefined;
  try {
    return (await client.getTransactionReceipt({ hash: hash as Hash })).blockNumber;
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return undefined;
    throw error;
  }
}

/**
 * The block a lifecycle's earliest stage names; undefined when it names none (off chain) or the node no longer
 * knows it (reorged out: the stage itself is then retracted).
 */
async function proposalBlock(client: PublicClient, evidence: string): Promise<bigint | undefined> {
  const named = evidenceBlock(evidence);
  if (named === null) return undefined;
  if ('blockNumber' in named) return named.blockNumber;
  try {
    return (await client.getBlock({ blockHash: named.blockHash })).number;
  } catch (error) {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  }
}

/** The addresses whose code is not the same at both blocks, with both readings. */
async function codeChangesSince(client: PublicClient, addresses: Address[], fromBlock: bigint, toBlock: bigint): Promise<ProposalCodeChange[]> {
  const changes = await Promise.all([...new Set(addresses)].map((address) => codeChangeBetween(client, address, fromBlock, toBlock)));
  return changes.flatMap((change) =>
    change.kind === 'unchanged'
      ? []
      : [
          {
            address: change.from.address.toLowerCase(),
            kind: change.kind,
            fromBlock: change.from.blockNumber.toString(),
            fromHash: change.from.hash,
            fromSize: change.from.size,
            toBlock: change.to.blockNumber.toString(),
            toHash: change.to.hash,
            toSize: change.to.size,
          },
        ],
  );
}

/** The comparison's facts; the history and since-proposal facts are added by the caller. */
function factsOf(comparison: ImplementationComparison): Omit<BytecodeFacts, 'implementationNeverSeen' | 'codeChangedSinceProposal' | 'codeChanges'> {
  return {
    previousCodeSize: comparison.previous ? comparison.size.previous : null,
    newCodeSize: comparison.size.next,
    selectorsAdded: comparison.selectors.added.map((s) => s.selector),
    selectorsRemoved: comparison.selectors.removed.map((s) => s.selector),
    removedFunctions: comparison.selectors.removed.flatMap((s) => (s.signature === undefined ? [] : [s.signature])),
    opcodesAdded: Object.values(comparison.opcodes)
      .filter((o) => o.change === 'added')
      .map((o) => o.opcode),
  };
}
