import { TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { deployContract, devnetClients, loadArtifacts, type ArtifactsFile, type ContractName, type DevnetClients } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { encodeFunctionData, toFunctionSelector, type Address } from 'viem';
import { hex, lifecycle } from '../test/messages';
import { loadRiskEngineConfig } from './config';
import { startRiskEngine } from './create-app';

type Assessment = MessageOf<'risk.assessments.v1'>;

/** The technical component reads the code of a queued upgrade's implementations from the shared devnet. */
describe('risk-engine bytecode facts (real devnet, Kafka, Postgres and Redis)', () => {
  const token = uniqueToken('riskcode');
  const probe = new KafkaProbe(`${token}.`);
  // Account 9 on the shared devnet is this suite's (tools/devnet/src/clients.ts).
  const c: DevnetClients = devnetClients(undefined, { accountIndex: 9 });
  let artifacts: ArtifactsFile;
  let sut: INestApplication;
  let proxy: Address;

  const versionsOf = (subjectId: string): Assessment[] =>
    probe
      .on(probe.namer.physical(TOPICS.riskAssessments))
      .map((m) => catalogue[TOPICS.riskAssessments].parse(JSON.parse(m.value ?? '')))
      .filter((a) => a.payload.subjectId === subjectId);
  const deploy = async (name: ContractName, args: readonly unknown[] = []) => (await deployContract(c, name, args)).address;

  /** Queues an upgrade of the proxy to `implementation` and waits for its first assessment. */
  const assessQueued = async (implementation: Address): Promise<Assessment> => {
    const stageAt = new Date().toISOString();
    const message = lifecycle({
      upgradeId: `31337:${proxy}:impl:${implementation}#timelock:${hex(20)}:0x01`,
      stage: 'queued',
      stageAt,
      target: proxy,
      newImplementation: implementation,
      authority: 'timelock',
      timelock: { address: hex(20), operationId: hex(32) },
      eta: new Date(Date.parse(stageAt) + 2 * 86_400_000).toISOString(),
    });
    await probe.send(probe.namer.physical(TOPICS.upgradesLifecycle), [{ key: proxy, value: JSON.stringify(message) }]);
    return waitFor(() => versionsOf(message.payload.upgradeId).find((a) => a.payload.assessmentVersion === 1), { what: `the assessment of the upgrade to ${implementation}` });
  };
  const technicalRules = (assessment: Assessment) => assessment.payload.components?.technical.factors.map((f) => f.rule) ?? [];

  beforeAll(async () => {
    artifacts = await loadArtifacts();
    const v1 = await deploy('GuardedVaultV1');
    const init = encodeFunctionData({ abi: artifacts.contracts.GuardedVaultV1.abi, functionName: 'initialize', args: [c.account.address, 1000n] });
    proxy = await deploy('ERC1967Proxy', [v1, init]);
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.riskAssessments)]);
    const env = isolatedServiceEnv(token, { SERVICE: 'risk', CHAIN_RPC_URL: c.rpcUrl });
    sut = await startRiskEngine(loadRiskEngineConfig(env), new JsonLogger('risk-engine', 'silent'));
  });

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('flags an implementation that adds SELFDESTRUCT, with its evidence, at a score of at least 75', async () => {
    const assessment = await assessQueued(await deploy('GuardedVaultV2Destructible'));

    const factor = assessment.payload.factors.find((f) => f.rule === 'selfdestruct_added');
    expect(factor).toMatchObject({ component: 'technical', evidence: { opcode: 'SELFDESTRUCT' } });
    expect(assessment.payload.score).toBeGreaterThanOrEqual(75);
    expect(assessment.payload.recommendations?.map((r) => r.code)).toContain('review_dangerous_opcodes');
    expect(technicalRules(assessment)).not.toContain('functions_removed');
  });

  it('flags an implementation that removes pause(), naming it, with the review_removed_functions recommendation', async () => {
    const assessment = await assessQueued(await deploy('GuardedVaultV2Pauseless'));

    const factor = assessment.payload.factors.find((f) => f.rule === 'functions_removed');
    expect(factor?.component).toBe('technical');
    expect(String(factor?.evidence?.functions).split(',')).toEqual(expect.arrayContaining(['pause()', 'unpause()', 'paused()']));
    expect(String(factor?.evidence?.removed).split(',')).toContain(toFunctionSelector('pause()'));
    const review = assessment.payload.recommendations?.find((r) => r.code === 'review_removed_functions');
    expect(review?.text).toContain('`pause()`');
    expect(technicalRules(assessment)).not.toContain('selfdestruct_added');
  });

  it('raises neither for a benign implementation with the same functions and no new opcodes', async () => {
    const assessment = await assessQueued(await deploy('GuardedVaultV1'));

    const rules = technicalRules(assessment);
    expect(rules).toContain('implementation_change');
    for (const rule of ['selfdestruct_added', 'delegatecall_added', 'create2_added', 'functions_removed', 'functions_added', 'no_code_at_implementation']) expect(rules).not.toContain(rule);
    const codes = assessment.payload.recommendations?.map((r) => r.code) ?? [];
    expect(codes).not.toContain('review_removed_functions');
    expect(codes).not.toContain('review_dangerous_opcodes');
    expect(assessment.payload.score).toBeLessThan(75);
  });
});
