import type { MarketSource as TickSource } from '@pum/contracts';
import { orElse } from '@pum/evm';
import type { PublicClient } from 'viem';
import type { WatchedContract } from '../../watchlist';
import { aggregatorAbi, erc20Abi, uniswapV2PairAbi, uniswapV3PoolAbi } from './abis';
import type { UsdPair } from '@pum/guidance';

/** What a watched contract turned out to be, and what pricing it needs. */
export type ResolvedContract =
  | { kind: 'uniswap-v2' | 'uniswap-v3'; contract: WatchedContract; pair: UsdPair; tokens: readonly [`0x${string}`, `0x${string}`] }
  | { kind: 'chainlink'; contract: WatchedContract; decimals: number }
  | { kind: 'unpriceable'; contract: WatchedContract; reason: string }
  /** No code at the address (yet): a registry may name a pool before it is deployed; asked again later. */
  | { kind: 'not-deployed'; contract: WatchedContract };

export type PricedContract = Exclude<ResolvedContract, { kind: 'unpriceable' | 'not-deployed' }>;
export type ContractKind = PricedContract['kind'] & TickSource;

/**
 * Reads what a pool or feed is (`not-deployed` while the address has no code): a pool with `slot0()` is a Uniswap V3 pool, one with `getReserves()`
 * a V2 pair, and it is priced when one of its tokens is a configured USD token. A feed is read as a
 * Chainlink aggregator, in USD unless its description names another quote (`ETH / BTC`).
 */
export async function resolveContract(client: PublicClient, contract: WatchedContract, role: 'pool' | 'feed', usdTokens: ReadonlySet<string>): Promise<ResolvedContract> {
  const { address } = contract;
  const code = await client.getCode({ address });
  if (code === undefined || code === '0x') return { kind: 'not-deployed', contract };
  if (role === 'feed') {
    const decimals = await client.readContract({ address, abi: aggregatorAbi, functionName: 'decimals' });
    // A feed without description() is taken as USD; a transport failure is thrown, so the feed is
    // resolved again next round rather than taken as USD for good.
    const description = await orElse(client.readContract({ address, abi: aggregatorAbi, functionName: 'description' }), '');
    const quote = /\s\/\s*(\S+)\s*$/.exec(description)?.[1];
    if (quote && quote.toUpperCase() !== 'USD') return { kind: 'unpriceable', contract, reason: `feed "${description}" is not quoted in USD` };
    return { kind: 'chainlink', contract, decimals };
  }
  const kind = (await succeeds(client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'slot0' })))
    ? 'uniswap-v3'
    : (await succeeds(client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'getReserves' })))
      ? 'uniswap-v2'
      : undefined;
  if (!kind) return { kind: 'unpriceable', contract, reason: 'neither a Uniswap V2 pair (getReserves) nor a V3 pool (slot0)' };
  const tokens = [
    (await client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'token0' })).toLowerCase() as `0x${string}`,
    (await client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'token1' })).toLowerCase() as `0x${string}`,
  ] as const;
  const usdIndex = usdTokens.has(`${contract.chainId}:${tokens[0]}`) ? 0 : usdTokens.has(`${contract.chainId}:${tokens[1]}`) ? 1 : undefined;
  if (usdIndex === undefined) return { kind: 'unpriceable', contract, reason: `neither token (${tokens.join(', ')}) is in ONCHAIN_USD_TOKENS` };
  const decimals = await Promise.all(tokens.map((token) => client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' })));
  return { kind, contract, pair: { usdIndex, decimals: [decimals[0], decimals[1]] }, tokens };
}

/** Whether a view call answered; false when the contract does not answer it (isContractNoAnswer), thrown for RPC failures. */
function succeeds(call: Promise<unknown>): Promise<boolean> {
  return orElse(call.then(() => true), false);
}
