import type { Abi, Account, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem';
import { testArtifacts } from './compile-test-contracts';
import erc20 from '@uniswap/v2-core/build/ERC20.json';
import v2Factory from '@uniswap/v2-core/build/UniswapV2Factory.json';
import v2Pair from '@uniswap/v2-core/build/UniswapV2Pair.json';
import v3Factory from '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json';
import v3Pool from '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json';

type Address = `0x${string}`;

/** A signer on a devnet (what `devnetClients` from @pum/devnet returns; services may not import that tool here). */
export interface DevnetSigner {
  account: Account;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
}

/** Full range for the 0.3% fee tier (tick spacing 60). */
const MIN_TICK = -887_220;
const MAX_TICK = 887_220;

/** Addresses in lower case, so tests compare them with `===`. */
const lower = (address: string): Address => address.toLowerCase() as Address;
const hex = (code: string): Hex => (code.startsWith('0x') ? code : `0x${code}`) as Hex;

async function deploy(chain: DevnetSigner, abi: Abi, bytecode: string, args: unknown[] = []): Promise<Address> {
  const hash = await chain.walletClient.deployContract({ abi, bytecode: hex(bytecode), args });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error('deployment produced no contract');
  return lower(receipt.contractAddress);
}

async function send(chain: DevnetSigner, address: Address, abi: Abi, functionName: string, args: unknown[]): Promise<{ block: bigint }> {
  const hash = await chain.walletClient.writeContract({ address, abi, functionName, args });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
  return { block: receipt.blockNumber };
}

/** Uniswap V2-core's test ERC20 (18 decimals), the whole supply to the deployer. */
export function deployToken(chain: DevnetSigner, supply: bigint): Promise<Address> {
  return deploy(chain, erc20.abi as Abi, erc20.bytecode, [supply]);
}

/** A Uniswap V2 pair from the real factory, seeded with both reserves (Mint + Sync). */
export async function deployV2Pair(chain: DevnetSigner, [tokenA, amountA]: [Address, bigint], [tokenB, amountB]: [Address, bigint]): Promise<Address> {
  const factory = await deploy(chain, v2Factory.abi as Abi, v2Factory.bytecode, [chain.account.address]);
  await send(chain, factory, v2Factory.abi as Abi, 'createPair', [tokenA, tokenB]);
  const pair = lower((await chain.publicClient.readContract({ address: factory, abi: v2Factory.abi as Abi, functionName: 'getPair', args: [tokenA, tokenB] })) as Address);
  await send(chain, tokenA, erc20.abi as Abi, 'transfer', [pair, amountA]);
  await send(chain, tokenB, erc20.abi as Abi, 'transfer', [pair, amountB]);
  await send(chain, pair, v2Pair.abi as Abi, 'mint', [chain.account.address]);
  return pair;
}

/** Sells `amountIn` of `tokenIn` into a V2 pair for what the constant-product formula (0.3% fee) gives. */
export async function swapV2(chain: DevnetSigner, pair: Address, tokenIn: Address, amountIn: bigint): Promise<{ block: bigint; amountOut: bigint }> {
  const read = (functionName: string) => chain.publicClient.readContract({ address: pair, abi: v2Pair.abi as Abi, functionName });
  const [reserve0, reserve1] = (await read('getReserves')) as [bigint, bigint, number];
  const inIsToken0 = ((await read('token0')) as string).toLowerCase() === tokenIn.toLowerCase();
  const [reserveIn, reserveOut] = inIsToken0 ? [reserve0, reserve1] : [reserve1, reserve0];
  const withFee = amountIn * 997n;
  const amountOut = (withFee * reserveOut) / (reserveIn * 1000n + withFee);
  await send(chain, tokenIn, erc20.abi as Abi, 'transfer', [pair, amountIn]);
  const { block } = await send(chain, pair, v2Pair.abi as Abi, 'swap', [inIsToken0 ? 0n : amountOut, inIsToken0 ? amountOut : 0n, chain.account.address, '0x']);
  return { block, amountOut };
}

export interface V3Deployment {
  pool: Address;
  caller: Address;
  token0: Address;
  token1: Address;
}

/** A Uniswap V3 pool (0.3%) from the real factory at `sqrtPriceX96`, with full-range liquidity. */
export async function deployV3Pool(chain: DevnetSigner, tokens: [Address, Address], sqrtPriceX96: bigint, liquidity: bigint): Promise<V3Deployment> {
  const { V3Caller } = await testArtifacts();
  const factory = await deploy(chain, v3Factory.abi as Abi, v3Factory.bytecode);
  await send(chain, factory, v3Factory.abi as Abi, 'createPool', [tokens[0], tokens[1], 3000]);
  const pool = lower((await chain.publicClient.readContract({ address: factory, abi: v3Factory.abi as Abi, functionName: 'getPool', args: [tokens[0], tokens[1], 3000] })) as Address);
  await send(chain, pool, v3Pool.abi as Abi, 'initialize', [sqrtPriceX96]);
  const caller = await deploy(chain, V3Caller.abi, V3Caller.bytecode);
  for (const token of tokens) await send(chain, token, erc20.abi as Abi, 'approve', [caller, 2n ** 255n]);
  await send(chain, caller, V3Caller.abi, 'mint', [pool, MIN_TICK, MAX_TICK, liquidity]);
  const token0 = lower((await chain.publicClient.readContract({ address: pool, abi: v3Pool.abi as Abi, functionName: 'token0' })) as Address);
  const token1 = lower((await chain.publicClient.readContract({ address: pool, abi: v3Pool.abi as Abi, functionName: 'token1' })) as Address);
  return { pool, caller, token0, token1 };
}

/** Swaps exactly `amountIn` of token0 (zeroForOne) or token1 through the pool. */
export async function swapV3(chain: DevnetSigner, deployment: V3Deployment, zeroForOne: boolean, amountIn: bigint): Promise<{ block: bigint }> {
  const { V3Caller } = await testArtifacts();
  return send(chain, deployment.caller, V3Caller.abi, 'swap', [deployment.pool, zeroForOne, amountIn]);
}

/** Reads a V3 pool's slot0 price. */
export async function v3SqrtPrice(chain: DevnetSigner, pool: Address): Promise<bigint> {
  const slot0 = (await chain.publicClient.readContract({ address: pool, abi: v3Pool.abi as Abi, functionName: 'slot0' })) as readonly [bigint, ...unknown[]];
  return slot0[0];
}

/** Chainlink's MockV3Aggregator (with round events) at `decimals` and a first answer. */
export async function deployFeed(chain: DevnetSigner, decimals: number, answer: bigint): Promise<Address> {
  const { EmittingMockV3Aggregator } = await testArtifacts();
  return deploy(chain, EmittingMockV3Aggregator.abi, EmittingMockV3Aggregator.bytecode, [decimals, answer]);
}

/** A new round on the feed (AnswerUpdated). */
export async function submitAnswer(chain: DevnetSigner, feed: Address, answer: bigint): Promise<{ block: bigint }> {
  const { EmittingMockV3Aggregator } = await testArtifacts();
  return send(chain, feed, EmittingMockV3Aggregator.abi, 'submit', [answer]);
}

/** A feed that only says its decimals and description (`''`: a description() that reverts). */
export async function deployLabelledFeed(chain: DevnetSigner, decimals: number, label: string): Promise<Address> {
  const { LabelledFeed } = await testArtifacts();
  return deploy(chain, LabelledFeed.abi, LabelledFeed.bytecode, [decimals, label]);
}
