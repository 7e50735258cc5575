import { TOPICS, chainLogId, dexSwapMessageId, type DexSwap, type MessageOf } from '@pum/contracts';
import { ChainClients, orElse } from '@pum/evm';
import { EventPublisher } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { erc20Abi, parseAbi, type Address, type Hex, type PublicClient } from 'viem';
import { ProtocolRegistryService } from '../registry/protocol-registry.service';
import { DexPoolsRepository, type DexPool } from './dex-pools.repository';
import { swapSides } from './normalise-swap';

const poolAbi = parseAbi(['function token0() view returns (address)', 'function token1() view returns (address)']);
const lower = (address: string) => address.toLowerCase() as `0x${string}`;

/**
 * Turns raw `Swap` logs into normalised swaps on `dex.swaps.v1` (docs/analytics.md): the pool's token0/token1 and
 * their decimals are read once per pool and kept in Postgres, the transaction's sender once per transaction (so a
 * retraction still names it). A log that is not a one-for-one swap, or of a "pool" without token0/token1, is skipped.
 */
@Injectable()
export class SwapDecoder {
  constructor(
    private readonly clients: ChainClients,
    private readonly publisher: EventPublisher,
    private readonly pools: DexPoolsRepository,
    private readonly registry: ProtocolRegistryService,
  ) {}

  async decode(message: MessageOf<'chain.logs.raw.v1'>): Promise<void> {
    const log = message.payload;
    const sides = swapSides({ topics: log.topics as Hex[], data: log.data as Hex });
    if (!sides) return;
    const client = this.clients.of(log.chainId);
    const pool = await this.poolOf(client, log.chainId, log.address);
    if (!pool) return;
    const status = log.removed ? 'retracted' : log.status;
    const swap: DexSwap = {
      swapId: chainLogId(log),
      status,
      chainId: log.chainId,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      blockTimestamp: log.blockTimestamp,
      transactionHash: log.transactionHash,
      transactionIndex: log.transactionIndex,
      logIndex: log.logIndex,
      pool: log.address,
      protocol: sides.protocol,
      sender: sides.sender,
      recipient: sides.recipient,
      txFrom: await this.txFromOf(client, log, status === 'retracted'),
      tokenIn: sides.zeroForOne ? pool.token0 : pool.token1,
      tokenOut: sides.zeroForOne ? pool.token1 : pool.token0,
      amountIn: sides.amountIn.toString(),
      amountOut: sides.amountOut.toString(),
      tokenInDecimals: sides.zeroForOne ? pool.decimals0 : pool.decimals1,
      tokenOutDecimals: sides.zeroForOne ? pool.decimals1 : pool.decimals0,
      protocolId: this.registry.protocolOf(log.chainId, log.address),
    };
    await this.publisher.publish(TOPICS.dexSwaps, [{ key: `${log.chainId}:${log.address}`, id: dexSwapMessageId(swap), occurredAt: message.occurredAt, payload: swap }]);
  }

  /** The pool's tokens, from Postgres or else read (at the latest block: a pool's tokens never change). */
  private async poolOf(client: PublicClient, chainId: number, address: Address): Promise<DexPool | undefined> {
    const known = await this.pools.pool(chainId, address);
    if (known) return known;
    const [token0, token1] = await Promise.all([
      orElse(client.readContract({ address, abi: poolAbi, functionName: 'token0' }), null),
      orElse(client.readContract({ address, abi: poolAbi, functionName: 'token1' }), null),
    ]);
    if (!token0 || !token1) return undefined;
    const decimalsOf = (token: Address) => orElse(client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }), null);
    const [decimals0, decimals1] = await Promise.all([decimalsOf(token0), decimalsOf(token1)]);
    const pool = { token0: lower(token0), token1: lower(token1), decimals0, decimals1 };
    await this.pools.savePool(chainId, address, pool);
    return pool;
  }

  /** The transaction's sender: stored at first sight; a retraction of one never seen asks the node, which may have forgotten it. */
  private async txFromOf(client: PublicClient, log: MessageOf<'chain.logs.raw.v1'>['payload'], retracted: boolean): Promise<`0x${string}` | null> {
    const known = await this.pools.txFrom(log.chainId, log.transactionHash);
    if (known) return known;
    const transaction = retracted ? await client.getTransaction({ hash: log.transactionHash }).catch(() => undefined) : await client.getTransaction({ hash: log.transactionHash });
    if (!transaction) return null;
    await this.pools.saveTxFrom(log.chainId, log.transactionHash, lower(transaction.from), log.blockNumber);
    return lower(transaction.from);
  }
}
