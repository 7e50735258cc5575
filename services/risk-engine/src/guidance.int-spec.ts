import { DLQ_HEADERS, TOPICS, catalogue, guidanceId, type MessageOf } from '@pum/contracts';
import {
  createUniswapV2Pair,
  createUniswapV3Pool,
  deployErc20,
  deployUniswapV2Factory,
  deployUniswapV3Caller,
  deployUniswapV3Factory,
  devnetClients,
  sendTx,
  sqrtPriceX96,
  swapUniswapV3,
  transferErc20,
  uniswapV2AmountOut,
  uniswapV2PairAbi,
  uniswapV3PoolAbi,
  type DevnetClients,
  type UniswapV3Pool,
} from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { FaultProxy, KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData, parseAbi, parseEventLogs, type Address } from 'viem';
import { hex, lifecycle, priceTick, windowVolatility } from '../test/messages';
import { loadRiskEngineConfig } from './config';
import { startRiskEngine } from './create-app';
import { GuidanceRepository } from './guidance/guidance.repository';
import { RiskStateRepository } from './inputs/risk-state.repository';

type Guidance = MessageOf<'guidance.v1'>;
type Assessment = MessageOf<'risk.assessments.v1'>;
type InputTopic = 'upgrades.lifecycle.v1' | 'market.ticks.v1' | 'forecast.volatility.v1';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const DAY_MS = 86_400_000;
const PROTOCOL = 'guided';
const ASSET = 'guided-token';
const HEDGE = 'hedge-eth';
const liquidityAbi = parseAbi(['function liquidity() view returns (uint128)']);
const at = (days: number) => new Date(Date.UTC(2026, 10, 1) + days * DAY_MS).toISOString();

/**
 * Execution guidance from the risk engine: a Uniswap V2 pair and a V3 pool of the protocol's token on a private
 * Hardhat node (account 0), listed in the registry; its prices, a hedge asset's and the upgrade's window forecast
 * on Kafka; guidance.v1 read back from Kafka.
 */
describe('risk-engine guidance.v1 (real Kafka, Postgres, Redis and a private devnet)', () => {
  const token = uniqueToken('riskguide');
  const probe = new KafkaProbe(`${token}.`);
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  let node: DevnetNode;
  let proxy: FaultProxy;
  let c: DevnetClients;
  let sut: INestApplication;
  let usd: Address;
  let asset: Address;
  let pair: Address;
  let v3: UniswapV3Pool;
  const sent: { topic: InputTopic; key: string; value: string }[] = [];

  const send = async (topic: InputTopic, message: unknown, key = 'k') => {
    const value = JSON.stringify(message);
    sent.push({ topic, key, value });
    await probe.send(probe.namer.physical(topic), [{ key, value }]);
  };
  const guidance = (): Guidance[] => probe.on(probe.namer.physical(TOPICS.guidance)).map((m) => catalogue[TOPICS.guidance].parse(JSON.parse(m.value ?? '')));
  const guidanceOf = (upgradeId: string) => guidance().filter((g) => g.payload.upgradeId === upgradeId);
  const assessmentsOf = (upgradeId: string): Assessment[] =>
    probe
      .on(probe.namer.physical(TOPICS.riskAssessments))
      .map((m) => catalogue[TOPICS.riskAssessments].parse(JSON.parse(m.value ?? '')))
      .filter((a) => a.payload.subjectId === upgradeId);
  const guidanceVersion = (upgradeId: string, version: number) =>
    waitFor(() => guidanceOf(upgradeId).find((g) => g.payload.assessmentVersion === version), { what: `the guidance of version ${version} of ${upgradeId}` });
  /** A queued upgrade of `target` to an implementation with code (the token: any contract will do). */
  const queued = (target: Address, protocolId: string, stageAt: string, eta: string) =>
    lifecycle({
      upgradeId: `31337:${target}:impl:${asset.toLowerCase()}#timelock:${hex(20)}:${hex(32)}`,
      stage: 'queued',
      stageAt,
      target,
      protocolId,
      newImplementation: asset.toLowerCase() as Address,
      authority: 'timelock',
      timelock: { address: hex(20), operationId: hex(32) },
      eta,
    });

  beforeAll(async () => {
    node = await startDevnetNode();
    proxy = await FaultProxy.start(node.rpcUrl);
    c = devnetClients(node.rpcUrl, { accountIndex: 0 });
    usd = (await deployErc20(c, { name: 'Guided USD', symbol: 'gUSD', decimals: 6, supply: 10n ** 12n * E6 })).address;
    asset = (await deployErc20(c, { name: 'Guided Token', symbol: 'GUIDE', decimals: 18, supply: 10n ** 12n * E18 })).address;
    // $2.50 a token on both: $1M a side on the pair, L = √(x·y) of $500k a side on the pool.
    ({ pair } = await createUniswapV2Pair(c, await deployUniswapV2Factory(c), [usd, 1_000_000n * E6], [asset, 400_000n * E18]));
    const usdFirst = usd.toLowerCase() < asset.toLowerCase();
    const ratio = usdFirst ? 1e18 / 2.5 / 1e6 : (2.5 * 1e6) / 1e18;
    v3 = await createUniswapV3Pool(c, { factory: await deployUniswapV3Factory(c), caller: await deployUniswapV3Caller(c), tokens: [usd, asset], sqrtPriceX96: sqrtPriceX96(ratio), liquidity: BigInt(Math.floor(Math.sqrt(500_000e6 * 200_000e18))) });
    // Besides the pair and the pool: a pool not deployed yet and one on a chain the engine has no endpoints for, both left out.
    const pools = [pair, v3.pool, hex(20)].map((address) => `      - { chainId: 31337, address: '${address}', role: pool }\n`).join('');
    writeFileSync(registryFile, `protocols:\n  - id: ${PROTOCOL}\n    name: Guided\n    contracts:\n${pools}      - { chainId: 1, address: '${hex(20)}', role: pool }\n`);

    await probe.createTopics();
    await probe.watch([
      probe.namer.physical(TOPICS.guidance),
      probe.namer.physical(TOPICS.riskAssessments),
      ...[TOPICS.upgradesLifecycle, TOPICS.marketTicks, TOPICS.forecastVolatility].map((topic) => probe.namer.deadLetter(topic)),
    ]);
    const env = isolatedServiceEnv(token, {
      SERVICE: 'riskguide',
      CHAIN_RPC_URL: proxy.url,
      PROTOCOL_REGISTRY_FILE: registryFile,
      ONCHAIN_USD_TOKENS: `31337:${usd}`,
      RISK_GUIDANCE_POSITION_USD: '50000',
      RISK_HEDGE_ASSET: HEDGE,
      // Ten daily ticks: daily hedge bars, and a fit on their nine returns.
      RISK_HEDGE_BAR_SECONDS: '86400',
      RISK_HEDGE_MIN_OBSERVATIONS: '5',
    });
    sut = await startRiskEngine(loadRiskEngineConfig(env), new JsonLogger('risk-engine', 'silent'));

    // Ten days of the token's and the hedge's prices (the token moves 1.5× the hedge), then the window forecast;
    // stored before any lifecycle is sent, since the topics are consumed independently.
    let hedgePrice = 2000;
    for (let day = 0; day < 10; day++) {
      const move = 0.03 * Math.sin(day * 1.7) + 0.01 * Math.cos(day * 3.1);
      hedgePrice *= Math.exp(move);
      await send(TOPICS.marketTicks, priceTick(HEDGE, null, hedgePrice, at(day)), HEDGE);
      await send(TOPICS.marketTicks, priceTick(ASSET, PROTOCOL, 2.5 * Math.exp(1.5 * Math.log(hedgePrice / 2000) + 0.002 * Math.sin(day * 5.3)), at(day)), ASSET);
    }
    const state = sut.get(RiskStateRepository);
    await waitFor(async () => (await state.marketWindow(PROTOCOL, 'price', 30 * 86_400)).length === 10 && (await state.referenceWindow(HEDGE, 30 * 86_400)).length === 10, { what: 'the stored prices' });
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
    await proxy?.stop();
    await node?.stop();
    rmSync(registryFile, { force: true });
  });

  let target: Address;
  let upgradeId: string;

  it('issues one valid guidance.v1 with the assessment version of a lifecycle with a market, and none for a lifecycle without one', async () => {
    target = hex(20);
    const withMarket = queued(target, PROTOCOL, at(9.5), at(14));
    const withoutMarket = queued(target, 'unlisted', at(9.5), at(14));
    upgradeId = withMarket.payload.upgradeId;
    await send(TOPICS.forecastVolatility, windowVolatility(PROTOCOL, upgradeId, 0.05, 4, at(9), at(14)));
    await waitFor(async () => (await sut.get(RiskStateRepository).forecast(PROTOCOL, 'volatility', upgradeId))?.window !== undefined, { what: 'the stored window forecast' });

    // One key: the lifecycle without a market is handled first, so its guidance would be on Kafka by the other's.
    await send(TOPICS.upgradesLifecycle, withoutMarket, target);
    await send(TOPICS.upgradesLifecycle, withMarket, target);

    const issued = await guidanceVersion(upgradeId, 1);
    const [assessed] = assessmentsOf(upgradeId);
    expect(issued.id).toBe(guidanceId(upgradeId, 1));
    expect(issued.type).toBe('guidance');
    expect(probe.on(probe.namer.physical(TOPICS.guidance)).find((m) => m.value?.includes(issued.id))?.key).toBe(`31337:${target}`);
    expect(issued.payload).toMatchObject({
      assessmentId: assessed.payload.assessmentId,
      assessmentVersion: 1,
      protocolId: PROTOCOL,
      risk: { score: assessed.payload.score, level: assessed.payload.level },
      asOf: at(9.5),
      eta: at(14),
      missing: [],
      window: { eta: at(14), phase: 'before_act_by' },
      positionImpact: { sizeUsd: 50_000 },
    });
    expect(issued.payload.positionScale).toMatchObject({ available: true, forecastAnnualVolatility: expect.closeTo(0.05 * Math.sqrt(365), 9) });
    expect(issued.payload.hedge).toMatchObject({ available: true, beta: expect.closeTo(1.5, 1), inputs: { hedgeAssetId: HEDGE } });
    expect(new Set(issued.payload.slippage.map((q) => q.poolId))).toEqual(new Set([`31337:${pair.toLowerCase()}`, `31337:${v3.pool.toLowerCase()}`]));
    expect(issued.payload.slippage).toHaveLength(2 * 2 * 3);
    expect(assessmentsOf(withoutMarket.payload.upgradeId)).toHaveLength(1);
    expect(guidanceOf(withoutMarket.payload.upgradeId)).toEqual([]);
  });

  it("quotes the pools' on-chain state: the pair's getAmountOut of its reserves, the pool's price and liquidity at the block read", async () => {
    const [issued] = guidanceOf(upgradeId);
    const v2Quotes = issued.payload.slippage.filter((q) => q.protocol === 'uniswap_v2');
    const v3Quotes = issued.payload.slippage.filter((q) => q.protocol === 'uniswap_v3');
    expect(v2Quotes).toHaveLength(6);
    expect(v3Quotes).toHaveLength(6);
    const usdIndex = usd.toLowerCase() < asset.toLowerCase() ? 0 : 1;

    for (const quote of v2Quotes) {
      const blockNumber = BigInt(quote.inputs.blockNumber);
      const [reserve0, reserve1] = await c.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber });
      const usdIn = quote.direction === 'buy';
      const reserves = [reserve0, reserve1];
      const [reserveIn, reserveOut] = usdIn === (usdIndex === 0) ? [reserves[0], reserves[1]] : [reserves[1], reserves[0]];
      expect(BigInt(quote.amountOut)).toBe(uniswapV2AmountOut(BigInt(quote.amountIn), reserveIn, reserveOut));
      expect(quote.inputs).toMatchObject({ reserve0: reserve0.toString(), reserve1: reserve1.toString(), usdIndex });
    }
    for (const quote of v3Quotes) {
      const blockNumber = BigInt(quote.inputs.blockNumber);
      const [sqrtPrice] = await c.publicClient.readContract({ address: v3.pool, abi: uniswapV3PoolAbi, functionName: 'slot0', blockNumber });
      const liquidity = await c.publicClient.readContract({ address: v3.pool, abi: liquidityAbi, functionName: 'liquidity', blockNumber });
      expect(quote.inputs).toMatchObject({ sqrtPriceX96: sqrtPrice.toString(), liquidity: liquidity.toString(), feePips: 3000 });
    }
  });

  it('quotes amounts the pools pay: the pair refuses one wei more than the quote, the pool pays the quote', async () => {
    const [issued] = guidanceOf(upgradeId);
    const sell = (protocol: 'uniswap_v2' | 'uniswap_v3') => issued.payload.slippage.find((q) => q.protocol === protocol && q.direction === 'sell' && q.sizeUsd === 10_000);
    const v2Sell = sell('uniswap_v2');
    const v3Sell = sell('uniswap_v3');
    if (!v2Sell || !v3Sell) throw new Error('no $10k sell quote on each pool');
    const assetIs0 = asset.toLowerCase() < usd.toLowerCase();

    await transferErc20(c, asset, pair, BigInt(v2Sell.amountIn));
    const swap = (amountOut: bigint) =>
      encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'swap', args: [assetIs0 ? 0n : amountOut, assetIs0 ? amountOut : 0n, c.account.address, '0x'] });
    await expect(c.publicClient.call({ account: c.account, to: pair, data: swap(BigInt(v2Sell.amountOut) + 1n) })).rejects.toThrow(/UniswapV2: K/);
    await sendTx(c, pair, swap(BigInt(v2Sell.amountOut)), 'sell the quoted amount on the pair');

    const { receipt } = await swapUniswapV3(c, v3, { zeroForOne: assetIs0, amountIn: BigInt(v3Sell.amountIn) });
    const [event] = parseEventLogs({ abi: uniswapV3PoolAbi, logs: receipt.logs, eventName: 'Swap' });
    expect(-(assetIs0 ? event.args.amount1 : event.args.amount0)).toBe(BigInt(v3Sell.amountOut));
  });

  it('publishes no second guidance when every input is replayed', async () => {
    const before = guidance().map((g) => g.id);

    for (const { topic, key, value } of [...sent]) await probe.send(probe.namer.physical(topic), [{ key, value }]);
    // A malformed sentinel behind the replay on every key of every topic: once each is dead-lettered, every replayed message was handled.
    const marker = uniqueToken('replayed');
    const keys = [...new Set(sent.map(({ topic, key }) => `${topic}|${key}`))].map((tk) => tk.split('|') as [InputTopic, string]);
    for (const [topic, key] of keys) await probe.send(probe.namer.physical(topic), [{ key, value: JSON.stringify({ marker, key }) }]);
    for (const [topic, key] of keys) {
      await waitFor(() => probe.on(probe.namer.deadLetter(topic)).find((m) => m.value?.includes(marker) && m.key === key), { what: `the sentinel of ${key} on ${topic}'s DLQ` });
    }

    expect(guidance().map((g) => g.id)).toEqual(before);
    const stored = await sut.get(GuidanceRepository).ofUpgrade(upgradeId);
    expect(stored.map((s) => [s.payload.guidanceId, s.published])).toEqual([[guidanceId(upgradeId, 1), true]]);
  });

  it('issues a new guidance with a new assessment version when the forecast moves, and keeps the first', async () => {
    const first = guidanceOf(upgradeId)[0];

    await send(TOPICS.forecastVolatility, windowVolatility(PROTOCOL, upgradeId, 0.15, 4, at(9.2), at(14)));

    const second = await guidanceVersion(upgradeId, 2);
    expect(second.id).toBe(guidanceId(upgradeId, 2));
    expect(second.payload.assessmentId).toBe(assessmentsOf(upgradeId).find((a) => a.payload.assessmentVersion === 2)?.payload.assessmentId);
    expect(second.payload.positionScale).toMatchObject({ available: true, forecastAnnualVolatility: expect.closeTo(0.15 * Math.sqrt(365), 9) });
    if (!first.payload.positionScale.available || !second.payload.positionScale.available) throw new Error('no position scale');
    expect(second.payload.positionScale.scale).toBeLessThan(first.payload.positionScale.scale);
    // The V2 sell of the previous test moved the pair: the new guidance read the pools again.
    expect(second.payload.slippage.find((q) => q.protocol === 'uniswap_v2')?.inputs.reserve0).not.toBe(first.payload.slippage.find((q) => q.protocol === 'uniswap_v2')?.inputs.reserve0);
    const versions = guidanceOf(upgradeId).map((g) => g.payload.assessmentVersion);
    expect(versions).toEqual([1, 2]);
  });

  it('never takes a failed pool read for no pool: the message is retried, then dead-lettered, and delivered again is assessed and guided on the pools read', async () => {
    const failing = hex(20);
    const message = queued(failing, PROTOCOL, at(9.6), at(14));
    const pools = new Set([pair.toLowerCase(), v3.pool.toLowerCase()]);
    const refuse = (body: string) => JSON.stringify({ jsonrpc: '2.0', id: (JSON.parse(body) as { id: unknown }).id, error: { code: -32602, message: 'invalid params: state unavailable' } });
    proxy.decide = (request) => {
      const call = request.params[0] as { to?: string } | undefined;
      // An error answer that is not a revert (a 5xx would be retried by the transport and open the endpoint's circuit for 30 s).
      return request.method === 'eth_call' && pools.has(call?.to?.toLowerCase() ?? '') ? { kind: 'rewrite', rewrite: refuse } : undefined;
    };

    await send(TOPICS.upgradesLifecycle, message, failing);

    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.upgradesLifecycle)).find((m) => m.value?.includes(message.payload.upgradeId)), { what: 'the dead-lettered lifecycle' });
    expect(dead.headers[DLQ_HEADERS.errorKind]).not.toBe('invalid');
    // The assessment reads the pools too (its pool-depth factor; the guidance quotes the same reading): nothing is published.
    expect(assessmentsOf(message.payload.upgradeId)).toEqual([]);
    expect(guidanceOf(message.payload.upgradeId)).toEqual([]);

    proxy.decide = undefined;
    // The same message again (as after an operator re-drives the DLQ): its first version, with its guidance.
    await send(TOPICS.upgradesLifecycle, message, failing);

    const recovered = await waitFor(() => guidanceOf(message.payload.upgradeId)[0], { what: 'the guidance once the chain answers' });
    const [assessed] = assessmentsOf(message.payload.upgradeId);
    expect(recovered.payload).toMatchObject({ assessmentVersion: 1, assessmentId: assessed.payload.assessmentId });
    expect(recovered.payload.slippage).toHaveLength(12);
    // The depth graded and the quotes given come from one reading of the pools.
    const depth = assessed.payload.factors.find((f) => f.component === 'liquidity' && (f.rule === 'pool_depth' || f.rule === 'thin_pool_depth'));
    const quoted = recovered.payload.slippage.find((q) => q.poolId === depth?.evidence?.poolId && q.direction === 'sell');
    expect(String(quoted?.inputs.blockNumber)).toBe(depth?.evidence?.blockNumber);
    expect(assessmentsOf(message.payload.upgradeId).map((a) => a.payload.assessmentVersion)).toEqual([1]);
    expect(guidanceOf(message.payload.upgradeId)).toHaveLength(1);
  });
});
