import { TOPICS, catalogue, type MevDetection } from '@pum/contracts';
import {
  approveErc20,
  createUniswapV2Pair,
  createUniswapV3Pool,
  deployContract,
  deployErc20,
  deployUniswapV3Caller,
  deployUniswapV2Factory,
  deployUniswapV3Factory,
  devnetClients,
  sendTx,
  sqrtPriceX96,
  swapUniswapV3,
  transferErc20,
  type DevnetClients,
  type UniswapV3Pool,
} from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, spawnService, startDevnetNode, uniqueToken, waitFor, type DevnetNode, type SpawnedService } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { encodeFunctionData, erc20Abi, maxUint256, parseAbi, parseGwei, type Address, type Hash, type Hex } from 'viem';
import { loadAnalyticsConfig } from './config';
import { startAnalytics } from './create-app';

const v3CallerAbi = parseAbi(['function swap(address pool, bool zeroForOne, int256 amountIn, uint160 sqrtPriceLimitX96)']);
const cycleRouterAbi = parseAbi(['function cycle(address[] pairs, address tokenIn, uint256 amountIn) returns (uint256 amountOut)']);
const MIN_SQRT_PRICE_LIMIT = 4_295_128_740n;
const MAX_SQRT_PRICE_LIMIT = 1_461_446_703_485_210_103_287_273_052_203_988_822_378_723_970_341n;
const E6 = 10n ** 6n;
const E18 = 10n ** 18n;

/**
 * The whole path on a private devnet with Uniswap's real V3 factory and pool: ingest-chain (its own process, as
 * `npm start` runs it) reads the Swap logs and publishes dex.swaps.v1, the analytics service detects and withdraws on
 * analytics.mev.v1.
 */
describe('analytics on the devnet', () => {
  const token = uniqueToken('analytics');
  const probe = new KafkaProbe(`${token}.`);
  let node: DevnetNode;
  let bot: DevnetClients;
  let victim: DevnetClients;
  let v3: UniswapV3Pool;
  let usdFirst: boolean;
  let usd: Address;
  let analytics: INestApplication | undefined;
  let ingest: SpawnedService | undefined;

  const rpc = (method: string, params: unknown[] = []) => (bot.publicClient.request as (args: { method: string; params: unknown[] }) => Promise<unknown>)({ method, params });
  const detections = (): MevDetection[] => probe.on(probe.namer.physical(TOPICS.mevDetections)).map((m) => catalogue[TOPICS.mevDetections].parse(JSON.parse(m.value ?? '')).payload);
  const usdBalance = (who: Address) => bot.publicClient.readContract({ address: usd, abi: erc20Abi, functionName: 'balanceOf', args: [who] });
  /** A swap through the caller, sent without waiting (automine off) at a fixed nonce and tip, so the block's order is ours. */
  const sendSwap = async (c: DevnetClients, sellUsd: boolean, amountIn: bigint, tipGwei: string): Promise<Hash> => {
    const zeroForOne = sellUsd === usdFirst;
    const data = encodeFunctionData({ abi: v3CallerAbi, functionName: 'swap', args: [v3.pool, zeroForOne, amountIn, zeroForOne ? MIN_SQRT_PRICE_LIMIT : MAX_SQRT_PRICE_LIMIT] });
    const nonce = await c.publicClient.getTransactionCount({ address: c.account.address, blockTag: 'pending' });
    return c.walletClient.sendTransaction({ to: v3.caller, data, gas: 1_000_000n, nonce, maxFeePerGas: parseGwei('200'), maxPriorityFeePerGas: parseGwei(tipGwei) });
  };

  beforeAll(async () => {
    node = await startDevnetNode();
    bot = devnetClients(node.rpcUrl, { accountIndex: 0 });
    victim = devnetClients(node.rpcUrl, { accountIndex: 1 });
    usd = (await deployErc20(bot, { name: 'Test USD', symbol: 'tUSD', decimals: 6, supply: 10n ** 15n })).address;
    const other = (await deployErc20(bot, { name: 'Test Token', symbol: 'TT', decimals: 18, supply: 10n ** 27n })).address;
    usdFirst = usd.toLowerCase() < other.toLowerCase();
    const factory = await deployUniswapV3Factory(bot);
    const caller = await deployUniswapV3Caller(bot);
    const ratio = usdFirst ? 1e18 / 2.5 / 1e6 : (2.5 * 1e6) / 1e18;
    v3 = await createUniswapV3Pool(bot, { factory, caller, tokens: [usd, other], sqrtPriceX96: sqrtPriceX96(ratio), liquidity: BigInt(Math.floor(Math.sqrt(500_000e6 * 200_000e18))) });
    await transferErc20(bot, usd, victim.account.address, 1_000_000n * E6);
    await approveErc20(victim, usd, caller, maxUint256);

    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.mevDetections), probe.namer.physical(TOPICS.dexSwaps)]);
    const chainEnv = { CHAIN_RPC_URL: node.rpcUrl, CHAIN_START_BLOCK: '0', CHAIN_POLL_INTERVAL_MS: '100' };
    ingest = await spawnService('ingest-chain', isolatedServiceEnv(token, { SERVICE: 'ingest', ...chainEnv }), 90_000);
    analytics = await startAnalytics(loadAnalyticsConfig(isolatedServiceEnv(token, { SERVICE: 'analytics', DATABASE_SCHEMA: `${token.toLowerCase()}_a` })), new JsonLogger('analytics', 'silent'));
  }, 150_000);

  afterAll(async () => {
    await analytics?.close();
    await ingest?.stop();
    await node?.stop();
    await probe.dispose();
    await dropSchema(token.toLowerCase());
    await dropSchema(`${token.toLowerCase()}_a`);
  });

  it('detects a sandwich in one block with the exact raw profit, not the same swaps in separate blocks, and withdraws it when the block is reorged out', async () => {
    const zeroForOneUsd = usdFirst;
    // The same three swaps, one block each: nothing to detect.
    const ordinary = [
      await swapUniswapV3(bot, v3, { zeroForOne: zeroForOneUsd, amountIn: 20_000n * E6 }),
      await swapUniswapV3(victim, v3, { zeroForOne: zeroForOneUsd, amountIn: 50_000n * E6 }),
      await swapUniswapV3(bot, v3, { zeroForOne: !zeroForOneUsd, amountIn: 7_000n * E18 }),
    ].map((sent) => sent.tx.toLowerCase());

    const snapshot = (await rpc('evm_snapshot')) as Hex;
    const before = await usdBalance(bot.account.address);
    await rpc('evm_setAutomine', [false]);
    const front = await sendSwap(bot, true, 20_000n * E6, '30');
    const victimTx = await sendSwap(victim, true, 50_000n * E6, '20');
    const back = await sendSwap(bot, false, 7_000n * E18, '10');
    await rpc('evm_mine');
    await rpc('evm_setAutomine', [true]);
    const receipts = await Promise.all([front, victimTx, back].map((hash) => bot.publicClient.getTransactionReceipt({ hash })));
    expect(receipts.map((r) => [r.status, r.blockNumber, r.transactionIndex])).toEqual([0, 1, 2].map((i) => ['success', receipts[0]?.blockNumber, i]));
    const profit = (await usdBalance(bot.account.address)) - before; // the bot's only tUSD moves are the two sides

    const sandwich = await waitFor(() => detections().find((d) => d.type === 'sandwich' && d.status === 'detected'), { what: 'the sandwich detected', timeoutMs: 60_000 });
    expect(sandwich).toMatchObject({
      chainId: 31337,
      blockNumber: receipts[0]?.blockNumber.toString(),
      attacker: bot.account.address.toLowerCase(),
      transactions: [front.toLowerCase(), back.toLowerCase()],
      victims: [victimTx.toLowerCase()],
      pools: [v3.pool.toLowerCase()],
      profitToken: usd.toLowerCase(),
      profitAmount: profit.toString(),
    });
    expect(detections().filter((d) => d.transactions.some((tx) => ordinary.includes(tx)))).toEqual([]);

    await rpc('evm_revert', [snapshot]);
    for (let i = 0; i < 3; i++) await rpc('evm_mine');

    await waitFor(() => detections().find((d) => d.detectionId === sandwich.detectionId && d.status === 'withdrawn'), { what: 'the sandwich withdrawn', timeoutMs: 60_000 });
  }, 180_000);

  it('detects a two-pool and a three-pool arbitrage in one transaction each, with the profit in the start token', async () => {
    const tokens = [];
    for (const symbol of ['A', 'B', 'C']) tokens.push((await deployErc20(bot, { name: `Arb ${symbol}`, symbol, decimals: 18, supply: 10n ** 27n })).address);
    const [a, b, c] = tokens as [Address, Address, Address];
    const [venue1, venue2] = [await deployUniswapV2Factory(bot), await deployUniswapV2Factory(bot)];
    // B is cheaper on venue 1 than on venue 2; C sells for more A than the B and C pairs imply: both cycles pay.
    const ab1 = (await createUniswapV2Pair(bot, venue1, [a, 1_000n * E18], [b, 1_000n * E18])).pair;
    const ab2 = (await createUniswapV2Pair(bot, venue2, [a, 1_000n * E18], [b, 800n * E18])).pair;
    const bc = (await createUniswapV2Pair(bot, venue1, [b, 1_000n * E18], [c, 1_000n * E18])).pair;
    const ca = (await createUniswapV2Pair(bot, venue1, [c, 800n * E18], [a, 1_000n * E18])).pair;
    const router = (await deployContract(bot, 'DevnetCycleRouter')).address;
    await approveErc20(bot, a, router, maxUint256);
    const balanceOfA = () => bot.publicClient.readContract({ address: a, abi: erc20Abi, functionName: 'balanceOf', args: [bot.account.address] });

    const profits: bigint[] = [];
    const txs: string[] = [];
    for (const pairs of [[ab1, ab2], [ab1, bc, ca]]) {
      const before = await balanceOfA();
      const sent = await sendTx(bot, router, encodeFunctionData({ abi: cycleRouterAbi, functionName: 'cycle', args: [pairs, a, 10n * E18] }), `cycle through ${pairs.length} pairs`);
      profits.push((await balanceOfA()) - before);
      txs.push(sent.tx.toLowerCase());
    }
    expect(profits.every((profit) => profit > 0n)).toBe(true);

    const arbitrages = await waitFor(
      () => {
        const found = txs.map((tx) => detections().find((d) => d.type === 'arbitrage' && d.transactions[0] === tx));
        return found.every(Boolean) ? (found as MevDetection[]) : undefined;
      },
      { what: 'both arbitrages detected', timeoutMs: 60_000 },
    );
    expect(arbitrages.map((d) => ({ attacker: d.attacker, pools: d.pools, profitToken: d.profitToken, profitAmount: d.profitAmount, victims: d.victims }))).toEqual([
      { attacker: bot.account.address.toLowerCase(), pools: [ab1, ab2].map((p) => p.toLowerCase()), profitToken: a.toLowerCase(), profitAmount: profits[0]?.toString(), victims: [] },
      { attacker: bot.account.address.toLowerCase(), pools: [ab1, bc, ca].map((p) => p.toLowerCase()), profitToken: a.toLowerCase(), profitAmount: profits[1]?.toString(), victims: [] },
    ]);
  }, 120_000);
});
