import type { ProtocolRegistry } from '@pum/contracts';
import { ChainClients, orElse } from '@pum/evm';
import type { PoolState, TokenIndex } from '@pum/guidance';
import { JsonLogger } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { getAddress, type Address, type PublicClient } from 'viem';
import { GUIDANCE_SETTINGS, type EngineGuidanceSettings } from './guidance-settings';
import { erc20DecimalsAbi, uniswapV2PairAbi, uniswapV3PoolAbi } from './pool-abis';

/** DI token of the registry's pools by protocol ({@link registryPools}). */
export const REGISTRY_POOLS = Symbol('REGISTRY_POOLS');

export type RegistryPools = ReadonlyMap<string, readonly { chainId: number; address: string }[]>;

/**
 * The contracts with role `pool` of every registry protocol, as ingest-market watches them.
 *
 * @example registryPools(await readProtocolRegistryFile('config/protocols.yaml')).get('demo-dao')
 */
export function registryPools(registry: ProtocolRegistry): RegistryPools {
  const pools = new Map<string, { chainId: number; address: string }[]>();
  for (const protocol of registry.protocols) {
    const own = protocol.contracts.filter((c) => c.role === 'pool').map((c) => ({ chainId: c.chainId, address: c.address.toLowerCase() }));
    if (own.length > 0) pools.set(protocol.id, own);
  }
  return pools;
}

/** A pool's state and the block it was read at (every pool of a chain is read at one block). */
export interface ReadPool {
  state: PoolState;
  blockNumber: bigint;
}

/**
 * Reads the state of a protocol's registry pools from the chain, at the head: Uniswap V3 (`slot0`, `liquidity`,
 * `fee`) or V2 (`getReserves`), with the tokens' decimals and which one is the dollar (ONCHAIN_USD_TOKENS).
 *
 * A pool that cannot be quoted — no code yet, neither kind of pool, no dollar token, a token without decimals —
 * is left out (warned once); so is a pool on a chain without endpoints. A failed read (timeout, 5xx) throws, for
 * the consumer's retry policy: it never reads as "no pool".
 *
 * @example await reader.poolsOf('demo-dao') // [{ state: { protocol: 'uniswap_v2', reserves, … }, blockNumber: 1234n }, …]
 */
@Injectable()
export class ChainPoolReader {
  private readonly warned = new Set<string>();

  constructor(
    private readonly chains: ChainClients,
    private readonly logger: JsonLogger,
    @Inject(REGISTRY_POOLS) private readonly pools: RegistryPools,
    @Inject(GUIDANCE_SETTINGS) private readonly settings: EngineGuidanceSettings,
  ) {}

  /** Whether the registry lists pools of the protocol (before any read). */
  listsPools(protocolId: string): boolean {
    return (this.pools.get(protocolId)?.length ?? 0) > 0;
  }

  async poolsOf(protocolId: string): Promise<ReadPool[]> {
    const read: ReadPool[] = [];
    const listed = this.pools.get(protocolId) ?? [];
    for (const chainId of [...new Set(listed.map((p) => p.chainId))]) {
      if (!this.chains.chainIds.includes(chainId)) {
        this.warnOnce(`chain:${chainId}`, { msg: 'no RPC endpoints for the chain: its pools are left out of guidance', chain_id: chainId, protocol_id: protocolId });
        continue;
      }
      const client = this.chains.of(chainId);
      const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
      for (const pool of listed.filter((p) => p.chainId === chainId)) {
        const state = await this.readPool(client, chainId, getAddress(pool.address), blockNumber);
        if (state) read.push({ state, blockNumber });
      }
    }
    return read;
  }

  private async readPool(client: PublicClient, chainId: number, address: Address, blockNumber: bigint): Promise<PoolState | undefined> {
    const poolId = `${chainId}:${address.toLowerCase()}`;
    const skip = (reason: string) => {
      this.warnOnce(poolId, { msg: 'registry pool left out of guidance', pool_id: poolId, reason });
      return undefined;
    };
    const code = await client.getCode({ address, blockNumber });
    if (code === undefined || code === '0x') return skip('no code at the address');
    const read = <T>(call: Promise<T>) => orElse(call, undefined);
    const slot0 = await read(client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'slot0', blockNumber }));
    const reserves = slot0 ? undefined : await read(client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber }));
    if (!slot0 && !reserves) return skip('neither a Uniswap V2 pair (getReserves) nor a V3 pool (slot0)');
    const token0 = await read(client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'token0', blockNumber }));
    const token1 = await read(client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'token1', blockNumber }));
    if (token0 === undefined || token1 === undefined) return skip('no token0()/token1()');
    const tokens = [token0.toLowerCase(), token1.toLowerCase()] as const;
    const usdIndex: TokenIndex | undefined = this.settings.usdTokens.has(`${chainId}:${tokens[0]}`) ? 0 : this.settings.usdTokens.has(`${chainId}:${tokens[1]}`) ? 1 : undefined;
    if (usdIndex === undefined) return skip(`neither token (${tokens.join(', ')}) is in ONCHAIN_USD_TOKENS`);
    const decimals0 = await read(client.readContract({ address: token0, abi: erc20DecimalsAbi, functionName: 'decimals', blockNumber }));
    const decimals1 = await read(client.readContract({ address: token1, abi: erc20DecimalsAbi, functionName: 'decimals', blockNumber }));
    if (decimals0 === undefined || decimals1 === undefined) return skip('a token without decimals()');
    const base = { poolId, usdIndex, decimals: [decimals0, decimals1] as const };
    if (slot0 === undefined) return reserves && { ...base, protocol: 'uniswap_v2', reserves: [reserves[0], reserves[1]] };
    const liquidity = await client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'liquidity', blockNumber });
    const feePips = await client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'fee', blockNumber });
    return { ...base, protocol: 'uniswap_v3', sqrtPriceX96: slot0[0], liquidity, feePips };
  }

  private warnOnce(key: string, fields: { msg: string } & Record<string, unknown>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(fields);
  }
}
