import { ChainClients, RpcBlockUnavailableError, findRpcError } from '@pum/evm';
import { JsonLogger } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { getAddress, type Address, type PublicClient } from 'viem';
import { ContractDeploymentsRepository, type ContractDeployment } from '../inputs/contract-deployments.repository';

/**
 * DI token of the chain clients for historical state: their own endpoint pools, so a node that cannot answer old
 * blocks opens only their circuits, never those of the head reads (bytecode facts, pools).
 */
export const HISTORICAL_CHAIN_CLIENTS = Symbol('HISTORICAL_CHAIN_CLIENTS');

/**
 * When a contract was deployed: the first block with code at its address, found by a binary search over
 * `eth_getCode` at historical blocks (about log2(head) reads, once per contract: the answer is stored), and that
 * block's time.
 *
 * Null, never a guess, when: the chain has no endpoints; there is no code at the head (not deployed yet); the node
 * cannot answer historical state (a full, non-archive node: "missing trie node", "header not found" after the
 * pool's retries) — then logged once per chain with the node's answer, and the chain is not searched again until
 * a restart. Any other failed read throws, for the consumer's retries. Assumes code, once there, stays: a contract
 * destroyed and redeployed (metamorphic) is dated by one of its deployments.
 *
 * @example await deployments.deploymentOf(1, '0x…') // { blockNumber: 18000000n, blockHash: '0x…', deployedAt: '2023-08-…' }
 */
@Injectable()
export class ChainContractDeployments {
  private readonly warned = new Set<number>();
  private readonly withoutHistory = new Set<number>();

  constructor(
    @Inject(HISTORICAL_CHAIN_CLIENTS) private readonly chains: ChainClients,
    private readonly stored: ContractDeploymentsRepository,
    private readonly logger: JsonLogger,
  ) {}

  async deploymentOf(chainId: number, contract: string): Promise<ContractDeployment | null> {
    const known = await this.stored.find(chainId, contract);
    if (known) return known;
    if (!this.chains.chainIds.includes(chainId)) {
      this.warnOnce(chainId, { msg: 'no RPC endpoints for the chain: contracts on it are assessed without their age', chain_id: chainId });
      return null;
    }
    if (this.withoutHistory.has(chainId)) return null;
    const client = this.chains.of(chainId);
    const address = getAddress(contract);
    const head = await client.getBlockNumber({ cacheTime: 0 });
    if (!(await hasCode(client, address, head))) return null;
    let first: bigint;
    try {
      first = await firstBlockWithCode(client, address, head);
    } catch (error) {
      const rpcError = findRpcError(error);
      if (!(rpcError instanceof RpcBlockUnavailableError)) throw error;
      this.withoutHistory.add(chainId);
      this.warnOnce(chainId, { msg: 'the node cannot answer historical state: contracts on the chain are assessed without their age', chain_id: chainId, reason: rpcError.message });
      return null;
    }
    const block = await client.getBlock({ blockNumber: first });
    return this.stored.record(chainId, contract, { blockNumber: first, blockHash: block.hash, deployedAt: new Date(Number(block.timestamp) * 1000).toISOString() });
  }

  private warnOnce(chainId: number, fields: { msg: string } & Record<string, unknown>): void {
    if (this.warned.has(chainId)) return;
    this.warned.add(chainId);
    this.logger.warn(fields);
  }
}

async function hasCode(client: PublicClient, address: Address, blockNumber: bigint): Promise<boolean> {
  const code = await client.getCode({ address, blockNumber });
  return code !== undefined && code !== '0x';
}

/** The lowest block with code at `address`, given code at `head`: lo has none, hi has some, halved until adjacent. */
async function firstBlockWithCode(client: PublicClient, address: Address, head: bigint): Promise<bigint> {
  if (await hasCode(client, address, 0n)) return 0n;
  let lo = 0n;
  let hi = head;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (await hasCode(client, address, mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
