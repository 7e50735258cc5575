/**
 * Uniswap V2 pairs and V3 pools on the devnet, from the bytecode Uniswap's npm packages ship (@uniswap/v2-core's
 * build, @uniswap/v3-core's artifacts): the real factories create the real pair and pool contracts, so readers see
 * the genuine `Sync`/`Swap`/`Mint` logs and views. V3 liquidity and swaps go through DevnetV3Caller (the callbacks
 * the periphery would pay).
 */
import v2FactoryBuild from '@uniswap/v2-core/build/UniswapV2Factory.json';
import v3FactoryBuild from '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json';
import { encodeFunctionData, getAddress, maxUint256, parseAbi, type Abi, type Address, type Hex } from 'viem';
import type { DevnetClients } from './clients';
import { approveErc20, transferErc20 } from './erc20';
import { deployBytecode, deployContract, sendTx, type SentTx } from './tx';

export const uniswapV2FactoryAbi = parseAbi([
  'function createPair(address tokenA, address tokenB) returns (address pair)',
  'function getPair(address tokenA, address tokenB) view returns (address pair)',
]);

export const uniswapV2PairAbi = parseAbi([
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function mint(address to) returns (uint256 liquidity)',
  'function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)',
  'event Mint(address indexed sender, uint256 amount0, uint256 amount1)',
  'event Sync(uint112 reserve0, uint112 reserve1)',
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
]);

export const uniswapV3FactoryAbi = parseAbi([
  'function createPool(address tokenA, address tokenB, uint24 fee) returns (address pool)',
  'function getPool(address tokenA, address tokenB, uint24 fee) view returns (address pool)',
]);

export const uniswapV3PoolAbi = parseAbi([
  'function initialize(uint160 sqrtPriceX96)',
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)',
  'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
]);

const v3CallerAbi = parseAbi([
  'function mint(address pool, int24 tickLower, int24 tickUpper, uint128 amount)',
  'function swap(address pool, bool zeroForOne, int256 amountIn, uint160 sqrtPriceLimitX96)',
]);

/** The V3 fee tier the helpers use (0.3%) and its tick spacing. */
export const UNISWAP_V3_FEE = 3000;
/** Full range for tick spacing 60 (TickMath's ±887272 rounded in to a multiple of 60). */
const MIN_TICK = -887_220;
const MAX_TICK = 887_220;
/** TickMath's MIN_SQRT_RATIO + 1 and MAX_SQRT_RATIO - 1: a swap limited by them runs until its amount is spent. */
const MIN_SQRT_PRICE_LIMIT = 4_295_128_740n;
const MAX_SQRT_PRICE_LIMIT = 1_461_446_703_485_210_103_287_273_052_203_988_822_378_723_970_341n;

const hex = (code: string): Hex => (code.startsWith('0x') ? code : `0x${code}`) as Hex;

/**
 * Deploys Uniswap's V2 factory, the signer as `feeToSetter`.
 *
 * @example const factory = await deployUniswapV2Factory(c);
 */
export async function deployUniswapV2Factory(c: DevnetClients): Promise<Address> {
  const build = { abi: v2FactoryBuild.abi as Abi, bytecode: hex(v2FactoryBuild.bytecode) };
  return (await deployBytecode(c, 'UniswapV2Factory', build, [c.account.address])).address;
}

export interface UniswapV2Pair {
  pair: Address;
  token0: Address;
  token1: Address;
}

/**
 * Creates the pair of two tokens on a V2 factory and seeds it with both amounts from the signer (the pair mints the
 * LP tokens to the signer; logs `Mint` and `Sync`).
 *
 * @example const { pair } = await createUniswapV2Pair(c, factory, [usd, 10n ** 12n], [token, 4n * 10n ** 23n]);
 */
export async function createUniswapV2Pair(
  c: DevnetClients,
  factory: Address,
  [tokenA, amountA]: readonly [Address, bigint],
  [tokenB, amountB]: readonly [Address, bigint],
): Promise<UniswapV2Pair & SentTx> {
  await sendTx(c, factory, encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'createPair', args: [tokenA, tokenB] }), `createPair ${tokenA}/${tokenB}`);
  const pair = await c.publicClient.readContract({ address: factory, abi: uniswapV2FactoryAbi, functionName: 'getPair', args: [tokenA, tokenB] });
  await transferErc20(c, tokenA, pair, amountA);
  await transferErc20(c, tokenB, pair, amountB);
  const minted = await sendTx(c, pair, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'mint', args: [c.account.address] }), `mint liquidity on ${pair}`);
  return { ...(await uniswapV2Reserves(c, pair)), pair: getAddress(pair), ...minted };
}

/** A V2 pair's tokens and reserves (base units). */
export async function uniswapV2Reserves(c: DevnetClients, pair: Address): Promise<UniswapV2Pair & { reserve0: bigint; reserve1: bigint }> {
  const read = <F extends 'token0' | 'token1'>(functionName: F) => c.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName });
  const [reserve0, reserve1] = await c.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: 'getReserves' });
  return { pair, token0: await read('token0'), token1: await read('token1'), reserve0, reserve1 };
}

/** What a V2 pair pays for `amountIn` with its 0.3% fee (UniswapV2Library.getAmountOut). */
export function uniswapV2AmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const withFee = amountIn * 997n;
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee);
}

/**
 * Sells `amountIn` of `tokenIn` into a V2 pair for what its constant-product rule gives (transfer, then `swap`, as
 * the router does in one transaction); logs `Sync` and `Swap`.
 *
 * @example const { amountOut } = await swapUniswapV2(c, pair, usd, 1_000n * 10n ** 6n);
 */
export async function swapUniswapV2(c: DevnetClients, pair: Address, tokenIn: Address, amountIn: bigint): Promise<SentTx & { amountOut: bigint }> {
  const { token0, reserve0, reserve1 } = await uniswapV2Reserves(c, pair);
  const inIsToken0 = token0.toLowerCase() === tokenIn.toLowerCase();
  const amountOut = inIsToken0 ? uniswapV2AmountOut(amountIn, reserve0, reserve1) : uniswapV2AmountOut(amountIn, reserve1, reserve0);
  await transferErc20(c, tokenIn, pair, amountIn);
  const data = encodeFunctionData({
    abi: uniswapV2PairAbi,
    functionName: 'swap',
    args: [inIsToken0 ? 0n : amountOut, inIsToken0 ? amountOut : 0n, c.account.address, '0x'],
  });
  return { ...(await sendTx(c, pair, data, `swap ${amountIn} of ${tokenIn} on ${pair}`)), amountOut };
}

/**
 * Deploys Uniswap's V3 factory.
 *
 * @example const factory = await deployUniswapV3Factory(c);
 */
export async function deployUniswapV3Factory(c: DevnetClients): Promise<Address> {
  const build = { abi: v3FactoryBuild.abi as Abi, bytecode: hex(v3FactoryBuild.bytecode) };
  return (await deployBytecode(c, 'UniswapV3Factory', build)).address;
}

/**
 * Deploys the DevnetV3Caller that mints and swaps on V3 pools for the signer.
 *
 * @example const caller = await deployUniswapV3Caller(c);
 */
export async function deployUniswapV3Caller(c: DevnetClients): Promise<Address> {
  return (await deployContract(c, 'DevnetV3Caller')).address;
}

export interface UniswapV3Pool {
  pool: Address;
  caller: Address;
  token0: Address;
  token1: Address;
}

export interface UniswapV3PoolOptions {
  factory: Address;
  caller: Address;
  tokens: readonly [Address, Address];
  /** The starting price: sqrt(token1 per token0, base units) × 2^96 (see {@link sqrtPriceX96}). */
  sqrtPriceX96: bigint;
  /** Full-range liquidity L; the signer pays about L / √P of token0 and L × √P of token1. */
  liquidity: bigint;
}

/**
 * Creates a 0.3% V3 pool of two tokens, initialises it at `sqrtPriceX96` and adds full-range liquidity paid by the
 * signer through `caller` (the signer approves it for both tokens once); logs `Initialize` and `Mint`.
 *
 * @example const v3 = await createUniswapV3Pool(c, { factory, caller, tokens: [usd, token], sqrtPriceX96: sqrtPriceX96(4e11), liquidity: 10n ** 17n });
 */
export async function createUniswapV3Pool(c: DevnetClients, opts: UniswapV3PoolOptions): Promise<UniswapV3Pool & SentTx> {
  const [tokenA, tokenB] = opts.tokens;
  await sendTx(c, opts.factory, encodeFunctionData({ abi: uniswapV3FactoryAbi, functionName: 'createPool', args: [tokenA, tokenB, UNISWAP_V3_FEE] }), `createPool ${tokenA}/${tokenB}`);
  const pool = await c.publicClient.readContract({ address: opts.factory, abi: uniswapV3FactoryAbi, functionName: 'getPool', args: [tokenA, tokenB, UNISWAP_V3_FEE] });
  await sendTx(c, pool, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'initialize', args: [opts.sqrtPriceX96] }), `initialize ${pool}`);
  for (const token of opts.tokens) await approveErc20(c, token, opts.caller, maxUint256);
  const minted = await sendTx(
    c,
    opts.caller,
    encodeFunctionData({ abi: v3CallerAbi, functionName: 'mint', args: [pool, MIN_TICK, MAX_TICK, opts.liquidity] }),
    `mint liquidity on ${pool}`,
  );
  const read = <F extends 'token0' | 'token1'>(functionName: F) => c.publicClient.readContract({ address: pool, abi: uniswapV3PoolAbi, functionName });
  return { pool: getAddress(pool), caller: opts.caller, token0: await read('token0'), token1: await read('token1'), ...minted };
}

export interface UniswapV3Swap {
  /** Sells token0 for token1 (the price, token1 per token0, falls), or the other way. */
  zeroForOne: boolean;
  /** Exact input, base units of the token sold. */
  amountIn: bigint;
  /** Stop at this price (sqrtPriceX96): with a large `amountIn`, the swap moves the pool to exactly this price. */
  sqrtPriceLimitX96?: bigint;
}

/**
 * Swaps on a V3 pool through its caller, paid from the signer's approved balance; logs `Swap` (with the price after it).
 *
 * @example await swapUniswapV3(c, v3, { zeroForOne: true, amountIn: maxUint128, sqrtPriceLimitX96: sqrtPriceX96(target) });
 */
export function swapUniswapV3(c: DevnetClients, pool: Pick<UniswapV3Pool, 'pool' | 'caller'>, swap: UniswapV3Swap): Promise<SentTx> {
  const limit = swap.sqrtPriceLimitX96 ?? (swap.zeroForOne ? MIN_SQRT_PRICE_LIMIT : MAX_SQRT_PRICE_LIMIT);
  const data = encodeFunctionData({ abi: v3CallerAbi, functionName: 'swap', args: [pool.pool, swap.zeroForOne, swap.amountIn, limit] });
  return sendTx(c, pool.caller, data, `swap on ${pool.pool}`);
}

/** A V3 pool's current sqrtPriceX96 (slot0). */
export async function uniswapV3SqrtPrice(c: DevnetClients, pool: Address): Promise<bigint> {
  const [sqrtPrice] = await c.publicClient.readContract({ address: pool, abi: uniswapV3PoolAbi, functionName: 'slot0' });
  return sqrtPrice;
}

/**
 * sqrt(price) × 2^96 for a V3 price given as token1 per token0 in base units (a float: a devnet price needs no more
 * than double precision).
 *
 * @example sqrtPriceX96(1e12 / 2.5) // token0 a 6-decimal dollar, token1 an 18-decimal token worth $2.50
 */
export function sqrtPriceX96(price: number): bigint {
  if (!(price > 0) || !Number.isFinite(price)) throw new Error(`sqrtPriceX96: price must be a positive number, got ${price}`);
  return BigInt(Math.floor(Math.sqrt(price) * 2 ** 96));
}

/** The inverse of {@link sqrtPriceX96}: token1 per token0 in base units. */
export function priceOfSqrtX96(sqrtPrice: bigint): number {
  return (Number(sqrtPrice) / 2 ** 96) ** 2;
}
