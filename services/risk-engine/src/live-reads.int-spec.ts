import { TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { createUniswapV2Pair, deployErc20, deployUniswapV2Factory, deployUupsProxy, devnetClients, increaseTime, uniswapV2PairAbi, upgradeUupsProxy, type DevnetClients } from '@pum/devnet';
import { tradeSlippage } from '@pum/guidance';
import { JsonLogger } from '@pum/platform';
import { FaultProxy, KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address, Hash } from 'viem';
import { hex, lifecycle, priceTick } from '../test/messages';
import { impactBucket } from './assessment/inputs';
import { loadRiskEngineConfig } from './config';
import { startRiskEngine } from './create-app';
import { RiskStateRepository } from './inputs/risk-state.repository';

type Assessment = MessageOf<'risk.assessments.v1'>;
type Factor = Assessment['payload']['factors'][number];

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const DAY_MS = 86_400_000;
const THIN = 'thin-market';
const DEEP = 'deep-market';
const REFERENCE = 'reference-eth';
const POSITION_USD = 10_000;
const tickAt = (day: number) => new Date(Date.UTC(2026, 10, 1) + day * DAY_MS).toISOString();

/**
 * The figures the engine reads live for an assessment, on a private Hardhat node: the target's deployment (its age
 * at the action, by binary search over eth_getCode), the depth of the protocol's registry pools, and the protocol
 * price's fit on the reference asset from the ticks on Kafka.
 */
describe('risk-engine live reads: contract age, pool depth, reference β (real Kafka, Postgres, Redis and a private devnet)', () => {
  const token = uniqueToken('risklive');
  const probe = new KafkaProbe(`${token}.`);
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  let node: DevnetNode;
  let rpc: FaultProxy;
  let c: DevnetClients;
  let sut: INestApplication;
  let usd: Address;
  let thinPair: Address;
  let deepPair: Address;

  const assessmentsOf = (upgradeId: string): Assessment[] =>
    probe
      .on(probe.namer.physical(TOPICS.riskAssessments))
      .map((m) => catalogue[TOPICS.riskAssessments].parse(JSON.parse(m.value ?? '')))
      .filter((a) => a.payload.subjectId === upgradeId);
  const factor = (assessment: Assessment, rule: string): Factor | undefined => assessment.payload.factors.find((f) => f.rule === rule);
  const rules = (assessment: Assessment) => assessment.payload.factors.map((f) => f.rule);
  const send = (message: MessageOf<'upgrades.lifecycle.v1'>) => probe.send(probe.namer.physical(TOPICS.upgradesLifecycle), [{ key: message.payload.target, value: JSON.stringify(message) }]);
  const firstVersion = (upgradeId: string) => waitFor(() => assessmentsOf(upgradeId).find((a) => a.payload.assessmentVersion === 1), { what: `the assessment of ${upgradeId}` });
  const blockTime = async (block: bigint) => new Date(Number((await c.publicClient.getBlock({ blockNumber: block })).timestamp) * 1000).toISOString();

  /** The executed stage of a real upgrade transaction, at its block's time. */
  const executed = async (proxy: Address, implementation: Address, tx: Hash, block: bigint) =>
    lifecycle({
      upgradeId: `31337:${proxy.toLowerCase()}:impl:${implementation.toLowerCase()}#direct:${tx}`,
      stage: 'executed',
      stageAt: await blockTime(block),
      target: proxy.toLowerCase() as Address,
      newImplementation: implementation.toLowerCase() as Address,
      authority: 'eoa',
      executionEventId: `31337:${tx}:0`,
      evidence: `31337:${tx}:0`,
    });
  /** A queued upgrade of a fresh target of the protocol, to an implementation with code (the dollar token). */
  const queuedOf = (protocolId: string) => {
    const target = hex(20);
    return lifecycle({
      upgradeId: `31337:${target}:impl:${usd.toLowerCase()}#timelock:${hex(20)}:${hex(32)}`,
      stage: 'queued',
      stageAt: tickAt(20.5),
      target,
      protocolId,
      newImplementation: usd.toLowerCase() as Address,
      authority: 'timelock',
      timelock: { address: hex(20), operationId: hex(32) },
      eta: tickAt(23),
    });
  };

  beforeAll(async () => {
    node = await startDevnetNode();
    rpc = await FaultProxy.start(node.rpcUrl);
    c = devnetClients(node.rpcUrl, { accountIndex: 0 });
    usd = (await deployErc20(c, { name: 'Live USD', symbol: 'lUSD', decimals: 6, supply: 10n ** 12n * E6 })).address;
    const asset = (await deployErc20(c, { name: 'Live Token', symbol: 'LIVE', decimals: 18, supply: 10n ** 12n * E18 })).address;
    const factory = await deployUniswapV2Factory(c);
    // $2 a token on both pairs: $5k a side on the thin one, $50M a side on the deep one (of another token: one pair per pair of tokens).
    ({ pair: thinPair } = await createUniswapV2Pair(c, factory, [usd, 5_000n * E6], [asset, 2_500n * E18]));
    const deepAsset = (await deployErc20(c, { name: 'Deep Token', symbol: 'DEEP', decimals: 18, supply: 10n ** 12n * E18 })).address;
    ({ pair: deepPair } = await createUniswapV2Pair(c, factory, [usd, 50_000_000n * E6], [deepAsset, 25_000_000n * E18]));
    const entry = (id: string, pool: Address) => `  - id: ${id}\n    name: ${id}\n    contracts:\n      - { chainId: 31337, address: '${pool}', role: pool }\n`;
    writeFileSync(registryFile, `protocols:\n${entry(THIN, thinPair)}${entry(DEEP, deepPair)}`);

    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.riskAssessments), probe.namer.deadLetter(TOPICS.upgradesLifecycle)]);
    const env = isolatedServiceEnv(token, {
      SERVICE: 'risklive',
      CHAIN_RPC_URL: rpc.url,
      PROTOCOL_REGISTRY_FILE: registryFile,
      ONCHAIN_USD_TOKENS: `31337:${usd}`,
      RISK_GUIDANCE_POSITION_USD: String(POSITION_USD),
      RISK_HEDGE_ASSET: REFERENCE,
      RISK_HEDGE_BAR_SECONDS: '86400',
      RISK_HEDGE_MIN_OBSERVATIONS: '10',
      RISK_MARKET_WINDOW_SECONDS: String(30 * 86_400),
    });
    sut = await startRiskEngine(loadRiskEngineConfig(env), new JsonLogger('risk-engine', 'silent'));

    // 21 daily prices of the reference and of the thin market's token, whose log returns are exactly twice the reference's.
    let logReference = Math.log(2000);
    const ticks = [];
    for (let day = 0; day <= 20; day++) {
      const move = 0.03 * Math.sin(day * 1.7) + 0.01 * Math.cos(day * 3.1);
      logReference += move;
      ticks.push(priceTick(REFERENCE, null, Math.exp(logReference), tickAt(day)));
      ticks.push(priceTick(`${THIN}-token`, THIN, 2 * Math.exp(2 * (logReference - Math.log(2000))), tickAt(day)));
    }
    await probe.send(probe.namer.physical(TOPICS.marketTicks), ticks.map((tick) => ({ key: tick.payload.subject.id, value: JSON.stringify(tick) })));
    const state = sut.get(RiskStateRepository);
    await waitFor(async () => (await state.marketWindow(THIN, 'price', 60 * 86_400)).length === 21 && (await state.referenceWindow(REFERENCE, 60 * 86_400)).length === 21, { what: 'the stored prices' });
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
    await rpc?.stop();
    await node?.stop();
    rmSync(registryFile, { force: true });
  });

  let proxy: Address;
  let deployedAt: bigint;

  it("finds a freshly deployed proxy's deployment block: upgraded at once, it is 0 days old, a young contract to the rules and the model", async () => {
    ({ proxy, block: deployedAt } = await deployUupsProxy(c));
    const upgrade = await upgradeUupsProxy(c, { proxy });
    const message = await executed(proxy, upgrade.implementation, upgrade.tx, upgrade.block);

    await send(message);

    const assessed = await firstVersion(message.payload.upgradeId);
    expect(factor(assessed, 'young_contract')).toMatchObject({
      component: 'technical',
      points: 10,
      evidence: { contract: proxy.toLowerCase(), contractAgeDays: 0, deploymentBlock: deployedAt.toString(), deployedAt: await blockTime(deployedAt) },
    });
    expect(await c.publicClient.getCode({ address: proxy, blockNumber: deployedAt - 1n })).toBeUndefined();
    // The model sees the age (0), no longer a missing one.
    const contributions = assessed.payload.model?.contributions ?? [];
    expect(contributions.find((f) => f.feature === 'contract_age_days_missing')?.value ?? 0).toBe(0);
    expect(contributions.find((f) => f.feature === 'contract_age_days')).toMatchObject({ value: 0 });
  });

  it('measures the same proxy, upgraded again 60 days later, as 60 days old: an older contract, 0 points', async () => {
    await increaseTime(c, 60 * 86_400);
    const upgrade = await upgradeUupsProxy(c, { proxy });
    const message = await executed(proxy, upgrade.implementation, upgrade.tx, upgrade.block);

    await send(message);

    const assessed = await firstVersion(message.payload.upgradeId);
    expect(rules(assessed)).not.toContain('young_contract');
    expect(factor(assessed, 'contract_age')).toMatchObject({ points: 0, evidence: { contractAgeDays: 60, deploymentBlock: deployedAt.toString() } });
    expect(assessed.payload.model?.contributions.find((f) => f.feature === 'contract_age_days')?.value).toBe(60);
  });

  it("grades a thin pool's depth from the pair's real reserves at the block read, and the token's β of 2 against the reference", async () => {
    const message = queuedOf(THIN);

    await send(message);

    const assessed = await firstVersion(message.payload.upgradeId);
    const depth = factor(assessed, 'thin_pool_depth');
    expect(depth).toMatchObject({ component: 'liquidity', points: 30, evidence: { poolId: `31337:${thinPair.toLowerCase()}`, sizeUsd: POSITION_USD } });
    const blockNumber = BigInt(String(depth?.evidence?.blockNumber));
    const [reserve0, reserve1] = await c.publicClient.readContract({ address: thinPair, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber });
    const usdIs0 = (await c.publicClient.readContract({ address: thinPair, abi: uniswapV2PairAbi, functionName: 'token0' })).toLowerCase() === usd.toLowerCase();
    const quote = tradeSlippage({ poolId: 'p', protocol: 'uniswap_v2', usdIndex: usdIs0 ? 0 : 1, decimals: usdIs0 ? [6, 18] : [18, 6], reserves: [reserve0, reserve1] }, 'sell', POSITION_USD);
    expect(depth?.evidence?.impactBps).toBeCloseTo(quote?.priceImpactBps ?? NaN, 2);
    expect(depth?.evidence?.impactBpsAtLeast).toBe(impactBucket(quote?.priceImpactBps ?? 0, [50, 200]));
    // Selling $10k into $5k a side: about two thirds of the price.
    expect(Number(depth?.evidence?.impactBps)).toBeGreaterThan(5000);

    expect(factor(assessed, 'high_reference_beta')).toMatchObject({
      component: 'market',
      points: 20,
      evidence: { referenceAsset: REFERENCE, beta: 2, correlation: 1, observationsAtLeast: 20, observations: 20, barSeconds: 86_400, windowSeconds: 30 * 86_400, from: tickAt(0), to: tickAt(20) },
    });
    expect(Number(factor(assessed, 'high_reference_beta')?.evidence?.observedBeta)).toBeCloseTo(2, 6);
  });

  it('finds a deep pool no risk, showing its depth at 0 points, and fits no β without prices of the protocol', async () => {
    const message = queuedOf(DEEP);

    await send(message);

    const assessed = await firstVersion(message.payload.upgradeId);
    expect(rules(assessed)).not.toContain('thin_pool_depth');
    // $10k into $50M a side: 10k·0.997 / 50M ≈ 1.99 bps, in the 1–2 bps bucket.
    expect(factor(assessed, 'pool_depth')).toMatchObject({ points: 0, evidence: { poolId: `31337:${deepPair.toLowerCase()}`, sizeUsd: POSITION_USD, impactBpsAtLeast: 1 } });
    expect(factor(assessed, 'pool_depth')?.evidence?.impactBps).toBeCloseTo(1.99, 1);
    expect(assessed.payload.factors.filter((f) => f.component === 'market')).toEqual([]);
  });

  it('assesses without an age, never a wrong one, on a node that cannot answer historical state', async () => {
    const { proxy: young } = await deployUupsProxy(c);
    const upgrade = await upgradeUupsProxy(c, { proxy: young });
    const head = await c.publicClient.getBlockNumber({ cacheTime: 0 });
    const message = await executed(young, upgrade.implementation, upgrade.tx, upgrade.block);
    // What a full geth node answers for state it pruned: any eth_getCode below the head (the execution's block
    // and the one before, which the bytecode facts read, stay answered).
    rpc.decide = (request) => {
      const block = request.params[1];
      if (request.method !== 'eth_getCode' || typeof block !== 'string' || !block.startsWith('0x') || BigInt(block) >= upgrade.block - 1n) return undefined;
      return { kind: 'rewrite', rewrite: (body) => JSON.stringify({ jsonrpc: '2.0', id: (JSON.parse(body) as { id: unknown }).id, error: { code: -32000, message: `missing trie node ${hex(32).slice(2)} (path ) state ${head} is not available` } }) };
    };

    try {
      await send(message);
      const assessed = await firstVersion(message.payload.upgradeId);
      expect(rules(assessed)).not.toContain('young_contract');
      expect(rules(assessed)).not.toContain('contract_age');
      expect(assessed.payload.model?.contributions.find((f) => f.feature === 'contract_age_days_missing')?.value).toBe(1);
      expect(probe.on(probe.namer.deadLetter(TOPICS.upgradesLifecycle))).toEqual([]);
    } finally {
      rpc.decide = undefined;
    }
  });
});
