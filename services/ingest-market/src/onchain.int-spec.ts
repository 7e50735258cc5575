import { TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { devnetClients, type DevnetClients } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v2PairBuild from '@uniswap/v2-core/build/UniswapV2Pair.json';
import { encodePacked, formatUnits, getContractAddress, getCreate2Address, keccak256, parseAbi, type Hex } from 'viem';
import { deployFeed, deployToken, deployV2Pair, deployV3Pool, submitAnswer, swapV2, swapV3, v3SqrtPrice, type V3Deployment } from '../test/market-contracts';
import { loadIngestMarketConfig } from './config';
import { startIngestMarket } from './create-app';

const E18 = 10n ** 18n;
const WINDOW = 3600;
const pairAbi = parseAbi(['function getReserves() view returns (uint112, uint112, uint32)', 'function token0() view returns (address)']);

describe('ingest-market on chain (Uniswap V2/V3 and a Chainlink aggregator on a private Hardhat node, real Kafka and Postgres)', () => {
  const token = uniqueToken('mkchain');
  const probe = new KafkaProbe(`${token}.`);
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  let node: DevnetNode;
  let chain: DevnetClients;
  let sut: INestApplication | undefined;
  let env: Record<string, string>;
  let usd: `0x${string}`;
  let weth: `0x${string}`;
  let pair: `0x${string}`;
  let v3: V3Deployment;
  let feed: `0x${string}`;
  /** A pair the registry names before it exists: deployed by account 7 (its first transaction: the factory) during a test. */
  let latePair: `0x${string}`;
  let late: DevnetClients;
  /** USD traded per pool and window start, as this test made the trades. */
  const traded = new Map<string, number>();
  /** The V3 pool's token balances right after its liquidity was minted. */
  let minted: { usd: number; weth: number };

  const ticks = (): MessageOf<'market.ticks.v1'>[] =>
    probe.on(probe.namer.physical(TOPICS.marketTicks)).map((m) => catalogue[TOPICS.marketTicks].parse(JSON.parse(m.value ?? '')));
  const of = (address: string, metric: string) => ticks().filter((t) => t.payload.subject.id === `31337:${address.toLowerCase()}` && t.payload.metric === metric);
  const blockTime = async (block: bigint) => Number((await chain.publicClient.getBlock({ blockNumber: block })).timestamp);
  const record = async (pool: string, block: bigint, usdAmount: number) => {
    const key = `${pool.toLowerCase()}:${Math.floor((await blockTime(block)) / WINDOW) * WINDOW + WINDOW}`;
    traded.set(key, (traded.get(key) ?? 0) + usdAmount);
  };
  const rpc = (method: string, params: unknown[]) => fetch(node.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const v2PriceAt = async (block: bigint) => {
    const [r0, r1] = await chain.publicClient.readContract({ address: pair, abi: pairAbi, functionName: 'getReserves', blockNumber: block });
    const usdIs0 = (await chain.publicClient.readContract({ address: pair, abi: pairAbi, functionName: 'token0' })).toLowerCase() === usd.toLowerCase();
    return usdIs0 ? Number(formatUnits(r0, 18)) / Number(formatUnits(r1, 18)) : Number(formatUnits(r1, 18)) / Number(formatUnits(r0, 18));
  };
  const start = async () => {
    sut = await startIngestMarket(loadIngestMarketConfig(env), new JsonLogger('ingest-market', 'silent'));
  };

  beforeAll(async () => {
    node = await startDevnetNode();
    // Account 6: no other suite signs with it (tools/devnet/src/clients.ts), and the node is private anyway.
    chain = devnetClients(node.rpcUrl, { accountIndex: 6 });
    // Block time follows the wall clock: started anywhere in an hour, a run could cross a window boundary
    // and split the swaps below over two windows. The chain starts a fresh window instead; the run takes
    // minutes of it, and the volume test moves time on explicitly.
    const genesis = await blockTime(await chain.publicClient.getBlockNumber());
    await rpc('evm_setNextBlockTimestamp', [Math.ceil((genesis + 1) / WINDOW) * WINDOW]);
    usd = await deployToken(chain, 10n ** 12n * E18);
    weth = await deployToken(chain, 10n ** 9n * E18);
    pair = await deployV2Pair(chain, [usd, 2_000_000n * E18], [weth, 1_000n * E18]);
    const sold = await swapV2(chain, pair, weth, 10n * E18);
    await record(pair, sold.block, Number(formatUnits(sold.amountOut, 18)));
    const tokens: [`0x${string}`, `0x${string}`] = usd.toLowerCase() < weth.toLowerCase() ? [usd, weth] : [weth, usd];
    // Start at $2000 a WETH: token1 per token0 is 2000 (WETH first) or 1/2000 (USD first).
    const sqrtPrice = tokens[0] === weth ? BigInt(Math.round(Math.sqrt(2000) * 2 ** 48)) * 2n ** 48n : BigInt(Math.round(Math.sqrt(1 / 2000) * 2 ** 96));
    v3 = await deployV3Pool(chain, tokens, sqrtPrice, 10n ** 22n);
    const balance = (tokenAddress: `0x${string}`) => chain.publicClient.readContract({ address: tokenAddress, abi: parseAbi(['function balanceOf(address) view returns (uint256)']), functionName: 'balanceOf', args: [v3.pool] });
    minted = { usd: Number(formatUnits(await balance(usd), 18)), weth: Number(formatUnits(await balance(weth), 18)) };
    const bought = await swapV3(chain, v3, v3.token0 === usd, 5_000n * E18);
    await record(v3.pool, bought.block, 5_000);
    feed = await deployFeed(chain, 8, 2_000n * 10n ** 8n);
    await submitAnswer(chain, feed, 2_010n * 10n ** 8n);

    late = devnetClients(node.rpcUrl, { accountIndex: 7 });
    const lateFactory = getContractAddress({ from: late.account.address, nonce: 0n });
    const [lateToken0, lateToken1] = usd.toLowerCase() < weth.toLowerCase() ? [usd, weth] : [weth, usd];
    latePair = getCreate2Address({
      from: lateFactory,
      salt: keccak256(encodePacked(['address', 'address'], [lateToken0, lateToken1])),
      bytecodeHash: keccak256(`0x${v2PairBuild.bytecode.replace(/^0x/, '')}` as Hex),
    }).toLowerCase() as `0x${string}`;

    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.marketTicks), probe.namer.physical(TOPICS.marketRaw)]);
    writeFileSync(
      registryFile,
      `protocols:\n  - id: demo-dex\n    name: Demo DEX\n    contracts:\n      - { chainId: 31337, address: '${pair}', role: pool }\n      - { chainId: 31337, address: '${v3.pool}', role: pool }\n      - { chainId: 31337, address: '${feed}', role: oracle }\n      - { chainId: 31337, address: '${latePair}', role: pool }\n`,
    );
    env = isolatedServiceEnv(token, {
      SERVICE: 'mkchain',
      PROTOCOL_REGISTRY_FILE: registryFile,
      COINGECKO_ENABLED: 'false',
      DEFILLAMA_ENABLED: 'false',
      ONCHAIN_RPC_URLS: node.rpcUrl,
      ONCHAIN_USD_TOKENS: `31337:${usd}`,
      ONCHAIN_POLL_INTERVAL_MS: '200',
      ONCHAIN_BACKFILL_BLOCKS: '1000',
      ONCHAIN_VOLUME_WINDOW_SECONDS: String(WINDOW),
    });
    await start();
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await dropSchema(token.toLowerCase());
    await node?.stop();
    rmSync(registryFile, { force: true });
  });

  it('backfills a V2 pair on first sight: price and TVL from every Sync, at its block time', async () => {
    const prices = await waitFor(() => of(pair, 'price').length >= 2 && of(pair, 'price'), { what: 'V2 price history' });

    expect(prices[0].payload.value).toBeCloseTo(2000, 9);
    const last = prices.at(-1);
    expect(last?.payload.value).toBeCloseTo(await v2PriceAt(await chain.publicClient.getBlockNumber()), 9);
    expect(last?.payload).toMatchObject({ source: 'uniswap-v2', subject: { type: 'pool', id: `31337:${pair.toLowerCase()}` }, protocolId: 'demo-dex', chainId: 31337, currency: 'usd' });
    expect(last?.id).toMatch(/^uniswap-v2:pool:31337:0x[0-9a-f]{40}:price@31337:/);
    const tvl = of(pair, 'tvl');
    expect(tvl[0].payload.value).toBe(4_000_000);
    const ready = await fetch(`${await sut?.getUrl()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, { status: string }> }).checks.rpc?.status).toBe('up');
  });

  it('prices a V3 pool from each swap, as slot0 says, and the Chainlink feed at each round', async () => {
    await waitFor(() => of(v3.pool, 'price').length >= 1, { what: 'V3 backfill' });
    expect(of(v3.pool, 'tvl')[0].payload.value).toBeCloseTo(minted.usd + minted.weth * 2000, 3); // at the Mint, before any swap
    const swap = await swapV3(chain, v3, v3.token0 !== usd, 2n * E18); // sells WETH
    const sqrt = await v3SqrtPrice(chain, v3.pool);
    const expected = v3.token0 === usd ? 1 / ((Number(sqrt) / 2 ** 96) ** 2) : (Number(sqrt) / 2 ** 96) ** 2;
    const at = new Date((await blockTime(swap.block)) * 1000).toISOString();

    const live = await waitFor(() => of(v3.pool, 'price').find((t) => t.payload.timestamp === at), { what: 'V3 swap price' });
    expect(live.payload.value).toBeCloseTo(expected, 6);
    expect(live.payload.source).toBe('uniswap-v3');
    const tvl = await waitFor(() => of(v3.pool, 'tvl').find((t) => t.payload.timestamp === at), { what: 'V3 TVL at the swap' });
    expect(tvl.payload.value).toBeGreaterThan(0);

    const round = await submitAnswer(chain, feed, 2_020n * 10n ** 8n);
    const answer = await waitFor(() => of(feed, 'price').find((t) => t.payload.value === 2020), { what: 'new feed round' });
    expect(answer.payload.timestamp).toBe(new Date((await blockTime(round.block)) * 1000).toISOString());
    // The constructor's first answer is no round event; latestRoundData at first sight was 2010 already.
    expect(of(feed, 'price').map((t) => t.payload.value)).toEqual([2010, 2020]);
  });

  it('sums swap volume per window and publishes a window only once it has closed', async () => {
    const sold = await swapV2(chain, pair, weth, 1n * E18);
    await record(pair, sold.block, Number(formatUnits(sold.amountOut, 18)));
    const soldAt = new Date((await blockTime(sold.block)) * 1000).toISOString();
    await waitFor(() => of(pair, 'price').some((t) => t.payload.timestamp === soldAt), { what: 'the swap block read' });
    expect(of(pair, 'volume')).toHaveLength(0); // read, but its window is still open

    await rpc('evm_increaseTime', [2 * WINDOW]);
    await rpc('evm_mine', []);

    const expected = [...traded].filter(([key]) => key.startsWith(pair.toLowerCase()));
    expect(expected).toHaveLength(1); // every swap of the pair in the window the chain started in
    const volumes = await waitFor(() => of(pair, 'volume').length >= expected.length && of(pair, 'volume'), { what: `${expected.length} closed V2 volume windows` });
    expect(volumes.map((t) => [`${pair.toLowerCase()}:${Date.parse(t.payload.timestamp) / 1000}`, t.payload.value])).toEqual(expected.map(([key, value]) => [key, expect.closeTo(value, 6)]));
    expect(volumes[0].payload.windowSeconds).toBe(WINDOW);
    const v3Volume = await waitFor(() => of(v3.pool, 'volume')[0], { what: 'closed V3 volume window' });
    expect(v3Volume.payload.value).toBeGreaterThan(5_000); // the 5,000 USD bought plus the WETH sold, valued
  });

  it('resumes from its cursors after a restart without publishing anything twice', async () => {
    await sut?.close();
    sut = undefined;
    const round = await submitAnswer(chain, feed, 2_030n * 10n ** 8n);

    await start();

    const answer = await waitFor(() => of(feed, 'price').find((t) => t.payload.value === 2030), { what: 'round made while stopped' });
    expect(answer.payload.timestamp).toBe(new Date((await blockTime(round.block)) * 1000).toISOString());
    // Pools are polled before feeds in a round: their re-read blocks were handled by now.
    const ids = ticks().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps reading past an open volume window longer than one scan, and resumes its sum after a restart', async () => {
    await sut?.close();
    env = { ...env, ONCHAIN_MAX_BLOCK_RANGE: '1' }; // a scan reads 10 blocks; the window below spans 40
    await start();
    const latest = await blockTime(await chain.publicClient.getBlockNumber());
    const windowStart = Math.ceil((latest + 1) / WINDOW) * WINDOW;
    await rpc('evm_setNextBlockTimestamp', [windowStart + 1]);
    const first = await swapV2(chain, pair, weth, 1n * E18);
    await rpc('hardhat_mine', ['0x28']);
    const second = await swapV2(chain, pair, weth, 1n * E18);
    const secondAt = new Date((await blockTime(second.block)) * 1000).toISOString();

    await waitFor(() => of(pair, 'price').some((t) => t.payload.timestamp === secondAt), { what: 'the swap 40 blocks into the open window read' });
    await sut?.close();
    await start();
    await rpc('evm_increaseTime', [2 * WINDOW]);
    await rpc('evm_mine', []);

    const windowEnd = new Date((windowStart + WINDOW) * 1000).toISOString();
    const volume = await waitFor(() => of(pair, 'volume').find((t) => t.payload.timestamp === windowEnd), { what: 'the long window closed' });
    expect(volume.payload.value).toBeCloseTo(Number(formatUnits(first.amountOut, 18)) + Number(formatUnits(second.amountOut, 18)), 6);
    expect(of(pair, 'volume').filter((t) => t.payload.timestamp === windowEnd)).toHaveLength(1);
  });

  it('waits for a pool the registry names before it is deployed, then backfills and prices it', async () => {
    // Nothing at the address yet: the service must keep asking, not write the pool off as unpriceable.
    expect(await chain.publicClient.getCode({ address: latePair })).toBeUndefined();
    // Its backfill is tried and left to the next round (the other contracts' backfills are done by then).
    const metrics = async () => (await fetch(`${(await sut!.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`)).text();
    await waitFor(async () => /pum_market_backfills_total\{[^}]*outcome="failed"[^}]*\} [1-9]/.test(await metrics()), { what: 'a backfill of the missing pair tried and failed' });
    expect(await metrics()).not.toMatch(/pum_market_skipped_values_total\{[^}]*reason="unpriceable"[^}]*\} [1-9]/);
    expect(of(latePair, 'price')).toHaveLength(0);
    const erc20 = parseAbi(['function transfer(address, uint256) returns (bool)']);
    for (const [asset, amount] of [[usd, 1_000_000n * E18], [weth, 500n * E18]] as const) {
      const hash = await chain.walletClient.writeContract({ address: asset, abi: erc20, functionName: 'transfer', args: [late.account.address, amount] });
      await chain.publicClient.waitForTransactionReceipt({ hash });
    }

    const deployed = await deployV2Pair(late, [usd, 1_000_000n * E18], [weth, 500n * E18]);

    expect(deployed).toBe(latePair);
    const price = await waitFor(() => of(latePair, 'price').at(-1), { what: 'a price of the pair deployed late', timeoutMs: 30_000 });
    expect(price.payload.value).toBeCloseTo(2_000, 6);
  });
});
