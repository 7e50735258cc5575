import { TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { deployContract, deployMetamorphicKit, destroyMetamorphic, devnetClients, loadArtifacts, placeMetamorphic, sendTx, type ArtifactsFile, type DevnetClients, type MetamorphicKit } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { encodeFunctionData, keccak256, pad, parseAbi, toEventSelector, zeroAddress, zeroHash, type Address, type Hash } from 'viem';
import { EIP1967_IMPLEMENTATION_SLOT } from './assessment/chain-bytecode-facts';
import { lifecycle } from '../test/messages';
import { loadRiskEngineConfig } from './config';
import { startRiskEngine } from './create-app';

type Assessment = MessageOf<'risk.assessments.v1'>;

const uupsAbi = parseAbi(['function upgradeToAndCall(address newImplementation, bytes data)']);
const scheduleAbi = parseAbi(['function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)']);
const CALL_SCHEDULED = toEventSelector('CallScheduled(bytes32,uint256,address,uint256,bytes,bytes32,uint256)');
const DELAY = 2n * 86_400n;

/**
 * The metamorphic trick of the 2023 Tornado Cash governance takeover, on a real chain: a proposal names code at a
 * CREATE2 address, the code there is destroyed and redeployed with other code before the upgrade runs, and the
 * lifecycle's assessment says so. SELFDESTRUCT deletes code outside its creating transaction only before Cancun
 * (EIP-6780), so this runs on a private Shanghai node (the shared devnet is Cancun; libs/evm's code-change int-spec
 * shows the redeploy failing there).
 */
describe('risk-engine: code changed since the proposal (private Shanghai node, real Kafka, Postgres and Redis)', () => {
  const token = uniqueToken('riskmeta');
  const probe = new KafkaProbe(`${token}.`);
  let node: DevnetNode;
  let c: DevnetClients;
  let artifacts: ArtifactsFile;
  let sut: INestApplication;
  let kit: MetamorphicKit;
  let timelock: Address;
  let proxy: Address;

  const versionsOf = (subjectId: string): Assessment[] =>
    probe
      .on(probe.namer.physical(TOPICS.riskAssessments))
      .map((m) => catalogue[TOPICS.riskAssessments].parse(JSON.parse(m.value ?? '')))
      .filter((a) => a.payload.subjectId === subjectId);

  beforeAll(async () => {
    node = await startDevnetNode({ hardfork: 'shanghai' });
    c = devnetClients(node.rpcUrl, { accountIndex: 0 });
    artifacts = await loadArtifacts();
    kit = await deployMetamorphicKit(c);
    timelock = (await deployContract(c, 'TimelockController', [DELAY, [c.account.address], [c.account.address], zeroAddress])).address;
    // OZ's proxy constructor ABI-decodes its bytes argument with MCOPY (Cancun), which a Shanghai node rejects: its
    // runtime (no MCOPY) is placed directly. It already runs the benign code, so the upgrade's own code facts stay
    // quiet (same selectors and opcodes) and what moves the technical component is the code since the proposal.
    proxy = `0x${'e1'.repeat(20)}`;
    await c.publicClient.request({ method: 'hardhat_setCode' as never, params: [proxy, artifacts.contracts.ERC1967Proxy.deployedBytecode] as never });
    await c.publicClient.request({ method: 'hardhat_setStorageAt' as never, params: [proxy, EIP1967_IMPLEMENTATION_SLOT, pad(kit.runtimes.benign)] as never });
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.riskAssessments)]);
    const env = isolatedServiceEnv(token, { SERVICE: 'risk', CHAIN_RPC_URL: node.rpcUrl });
    sut = await startRiskEngine(loadRiskEngineConfig(env), new JsonLogger('risk-engine', 'silent'));
  });

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await node?.stop();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  /**
   * Schedules an upgrade of a vault proxy to the benign code at the salt's CREATE2 address through a 2-day OZ
   * TimelockController (the proposal: its CallScheduled log names the block), and returns the lifecycle stage
   * ingest-governance writes for it.
   */
  const proposeUpgrade = async (salt: Hash) => {
    const reviewed = await placeMetamorphic(c, kit, salt, 'benign');
    const data = encodeFunctionData({ abi: uupsAbi, functionName: 'upgradeToAndCall', args: [reviewed.address, '0x'] });
    const scheduled = await sendTx(c, timelock, encodeFunctionData({ abi: scheduleAbi, functionName: 'schedule', args: [proxy, 0n, data, zeroHash, salt, DELAY] }), 'schedule the upgrade');
    const log = scheduled.receipt.logs.find((l) => l.topics[0] === CALL_SCHEDULED);
    if (!log?.topics[1]) throw new Error(`no CallScheduled in ${scheduled.tx}`);
    const at = new Date(Number((await c.publicClient.getBlock({ blockHash: scheduled.receipt.blockHash })).timestamp) * 1000).toISOString();
    const implementation = reviewed.address.toLowerCase() as Address;
    const message = lifecycle({
      upgradeId: `31337:${proxy.toLowerCase()}:impl:${implementation}#timelock:${timelock.toLowerCase()}:${log.topics[1]}`,
      stage: 'queued',
      stageAt: at,
      target: proxy.toLowerCase() as Address,
      newImplementation: implementation,
      upgradeKind: 'upgrade_to_and_call',
      authority: 'timelock',
      timelock: { address: timelock.toLowerCase() as Address, operationId: log.topics[1] },
      eta: new Date(Date.parse(at) + Number(DELAY) * 1000).toISOString(),
      // As ingest-governance writes it: `<chainId>:<txHash>:<logIndex>@<blockHash>`.
      evidence: `31337:${scheduled.tx}:${log.logIndex}@${scheduled.receipt.blockHash}`,
    });
    return { reviewed, scheduled, implementation, message };
  };
  const assess = async (message: MessageOf<'upgrades.lifecycle.v1'>) => {
    await probe.send(probe.namer.physical(TOPICS.upgradesLifecycle), [{ key: message.payload.target, value: JSON.stringify(message) }]);
    return waitFor(() => versionsOf(message.payload.upgradeId).find((a) => a.payload.assessmentVersion === 1), { what: `the assessment of ${message.payload.upgradeId}` });
  };

  it('flags an implementation destroyed and redeployed with other code after the proposal, with both hashes and blocks, at a critical score', async () => {
    const { reviewed, scheduled, implementation, message } = await proposeUpgrade(`0x${'5a'.repeat(32)}`);
    // After the proposal, before the engine reads the stage (ingest lags, or a later stage comes): the swap.
    await destroyMetamorphic(c, reviewed.address);
    const swapped = await placeMetamorphic(c, kit, `0x${'5a'.repeat(32)}`, 'malicious');
    const honest = await proposeUpgrade(`0x${'5b'.repeat(32)}`);

    const assessment = await assess(message);
    const control = await assess(honest.message);

    expect(swapped.address).toBe(reviewed.address);
    const factor = assessment.payload.factors.find((f) => f.rule === 'code_changed_since_proposal');
    expect(factor).toMatchObject({
      component: 'technical',
      points: 70,
      evidence: {
        address: implementation,
        kind: 'changed',
        fromBlock: scheduled.block.toString(),
        fromHash: keccak256(artifacts.contracts.MetamorphicProposalBenign.deployedBytecode),
        toHash: keccak256(artifacts.contracts.MetamorphicProposalMalicious.deployedBytecode),
      },
    });
    expect(BigInt(String(factor?.evidence?.toBlock))).toBeGreaterThanOrEqual(swapped.block);
    expect(assessment.payload.score).toBeGreaterThanOrEqual(90);
    expect(assessment.payload.recommendations?.map((r) => r.code)).toContain('code_changed_since_proposal');
    // The same proposal whose code stayed: no flag, a lower technical component.
    expect(control.payload.factors.map((f) => f.rule)).not.toContain('code_changed_since_proposal');
    expect(assessment.payload.components?.technical.score).toBeGreaterThan(control.payload.components?.technical.score ?? 100);
  });
});
