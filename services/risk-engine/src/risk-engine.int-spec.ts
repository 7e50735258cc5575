import { DLQ_HEADERS, TOPICS, catalogue, protocolEventMessageId, type MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor, clearRedisPrefix } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { hex, lifecycle, proposal, protocolEvent, volatility } from '../test/messages';
import { loadRiskEngineConfig } from './config';
import { startRiskEngine } from './create-app';
import { PROPOSER_ROLE } from './inputs/admin-roles';

type Assessment = MessageOf<'risk.assessments.v1'>;
type InputTopic = 'protocol.events.v1' | 'upgrades.lifecycle.v1' | 'governance.proposals.v1' | 'forecast.volatility.v1';

describe('risk-engine (real Kafka, Postgres and Redis)', () => {
  const token = uniqueToken('risk');
  const probe = new KafkaProbe(`${token}.`);
  let sut: INestApplication;

  const all = (): Assessment[] => probe.on(probe.namer.physical(TOPICS.riskAssessments)).map((m) => catalogue[TOPICS.riskAssessments].parse(JSON.parse(m.value ?? '')));
  /** The per-event upgrade assessments (the first rule set). */
  const assessments = (): Assessment[] => all().filter((a) => a.payload.subjectType === 'upgrade');
  const versionsOf = (subjectId: string): Assessment[] => all().filter((a) => a.payload.subjectType !== 'upgrade' && a.payload.subjectId === subjectId);
  const sent: { topic: InputTopic; value: string }[] = [];
  const send = async (topic: InputTopic, value: unknown) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    sent.push({ topic, value: text });
    await probe.send(probe.namer.physical(topic), [{ key: 'k', value: text }]);
  };
  const publish = (value: unknown, key = 'k') =>
    probe.send(probe.namer.physical(TOPICS.protocolEvents), [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }]);
  const latestVersion = (subjectId: string, what: string, atLeast = 1) =>
    waitFor(() => versionsOf(subjectId).find((a) => a.payload.assessmentVersion === atLeast), { what });

  beforeAll(async () => {
    await probe.createTopics();
    await probe.watch([
      probe.namer.physical(TOPICS.riskAssessments),
      ...[TOPICS.protocolEvents, TOPICS.upgradesLifecycle, TOPICS.governanceProposals, TOPICS.forecastVolatility].map((topic) => probe.namer.deadLetter(topic)),
    ]);
    // The fixtures name random addresses on chain 31337: no devnet, so no bytecode facts (bytecode.int-spec reads the devnet).
    const env = isolatedServiceEnv(token, { SERVICE: 'risk', CHAIN_NETWORKS_FILE: join(__dirname, '../test/networks-without-devnet.yaml') });
    sut = await startRiskEngine(loadRiskEngineConfig(env), new JsonLogger('risk-engine', 'silent'));
  });

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('publishes an assessment for each upgrade, keyed by its contract', async () => {
    const upgrade = upgradedMessage();

    await publish(upgrade);

    const assessment = await waitFor(() => assessments().find((a) => a.payload.subjectId === upgrade.payload.eventId), { what: 'assessment' });
    expect(assessment.payload).toMatchObject({ score: 30, level: 'medium', contract: upgrade.payload.contract, subjectStatus: 'confirmed' });
    const raw = probe.on(probe.namer.physical(TOPICS.riskAssessments)).find((m) => m.value?.includes(upgrade.payload.eventId));
    expect(raw?.key).toBe(`31337:${upgrade.payload.contract}`);
  });

  it('raises the score of a second upgrade of the same proxy within the window', async () => {
    const first = upgradedMessage({}, '2026-03-01T00:00:00.000Z');
    const second = upgradedMessage({ contract: first.payload.contract, previousImplementation: first.payload.newImplementation }, '2026-03-01T01:00:00.000Z');

    await publish(first, first.payload.contract);
    await publish(second, first.payload.contract);

    const assessment = await waitFor(() => assessments().find((a) => a.payload.subjectId === second.payload.eventId), { what: 'second assessment' });
    expect(assessment.payload.score).toBe(50);
    expect(assessment.payload.factors.map((f) => f.rule)).toContain('rapid_successive_upgrades');
  });

  it('scores an implementation without code as critical', async () => {
    const upgrade = upgradedMessage({ newImplementationCodeSize: 0, newImplementationCodeHash: null });

    await publish(upgrade);

    const assessment = await waitFor(() => assessments().find((a) => a.payload.subjectId === upgrade.payload.eventId), { what: 'assessment' });
    expect(assessment.payload.level).toBe('critical');
  });

  it('assesses ownership handed to an EOA, and passes over events it does not score', async () => {
    const upgrade = upgradedMessage();
    const { previousImplementation: _p, newImplementation: _n, newImplementationCodeSize: _s, newImplementationCodeHash: _h, standard: _st, ...common } = upgrade.payload;
    const vote = { ...common, eventId: `${common.eventId}:vote`, kind: 'vote_cast', standard: 'governor', proposalId: '1', voter: common.contract, support: 1, weight: '5', reason: '', params: null, quorum: '10', votingPeriod: '50', proposalState: 'active', proposalEta: null } as const;
    const ownership = { ...common, eventId: `${common.eventId}:owner`, kind: 'ownership_transferred', standard: 'ownable', previousOwner: `0x${'4'.repeat(40)}`, newOwner: `0x${'5'.repeat(40)}`, newOwnerCodeSize: 0 } as const;
    const message = (payload: MessageOf<'protocol.events.v1'>['payload']) => ({ ...upgrade, id: protocolEventMessageId(payload), payload });

    await publish(message(vote), common.contract);
    await publish(message(ownership), common.contract);
    await publish(upgrade, common.contract);

    const owned = await waitFor(() => assessments().find((a) => a.payload.subjectId === ownership.eventId), { what: 'ownership assessment' });
    expect(owned.payload).toMatchObject({ score: 55, level: 'high' });
    expect(owned.payload.factors.map((f) => f.rule)).toEqual(['ownership_change', 'eoa_owner']);
    // Same key, so the vote was handled before the upgrade: had it been assessed, it would be here by now.
    await waitFor(() => assessments().some((a) => a.payload.subjectId === upgrade.payload.eventId), { what: 'upgrade assessment' });
    expect(assessments().some((a) => a.payload.subjectId === vote.eventId)).toBe(false);
    // A dead letter of the vote would be on its key's partition of the DLQ already: a sentinel sent there after it arrives after it.
    const deadLetters = probe.namer.deadLetter(TOPICS.protocolEvents);
    const sentinel = uniqueToken('sentinel');
    await probe.send(deadLetters, [{ key: common.contract, value: sentinel }]);
    await waitFor(() => probe.on(deadLetters).some((m) => m.value === sentinel), { what: 'the dead-letter sentinel' });
    expect(probe.on(deadLetters).some((m) => m.value?.includes(vote.eventId))).toBe(false);
  });

  it('dead-letters a malformed protocol event and still assesses the next one', async () => {
    const marker = uniqueToken('bad');
    const upgrade = upgradedMessage();

    await publish({ ...upgrade, payload: { ...upgrade.payload, kind: 'exploded' }, id: marker });
    await publish(upgrade);

    await waitFor(() => assessments().some((a) => a.payload.subjectId === upgrade.payload.eventId), { what: 'next assessment' });
    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.protocolEvents)).find((m) => m.value?.includes(marker)), { what: 'dead letter' });
    expect(dead.headers[DLQ_HEADERS.errorKind]).toBe('invalid');
    expect(dead.headers[DLQ_HEADERS.error]).toMatch(/payload\.kind/);
  });

  describe('assessment before execution', () => {
    const day = 86_400_000;
    const at = (days: number) => new Date(Date.UTC(2026, 10, 10) + days * day).toISOString();

    it('scores an upgrade through a 2-day timelock proposed by a 3-of-5 Safe lower than the same upgrade by an EOA admin with no delay', async () => {
      const [timelock, safe, eoa, safeProxy, eoaProxy] = [hex(20), hex(20), hex(20), hex(20), hex(20)];
      const implementation = hex(20);
      const owners = [hex(20), hex(20), hex(20), hex(20), hex(20)];
      await send(TOPICS.protocolEvents, protocolEvent(safe, { kind: 'safe_owner_added', standard: 'safe', safeVersion: '1.4', owner: owners[4], safeOwners: owners, safeThreshold: 3 }, at(0)));
      await send(TOPICS.protocolEvents, protocolEvent(timelock, { kind: 'timelock_min_delay_changed', standard: 'oz_timelock', minDelay: '172800', oldDelay: '0', newDelay: '172800' }, at(0)));
      await send(TOPICS.protocolEvents, protocolEvent(timelock, { kind: 'role_granted', standard: 'access_control', role: PROPOSER_ROLE, account: safe, sender: hex(20) }, at(0)));
      await send(TOPICS.protocolEvents, protocolEvent(eoaProxy, { kind: 'admin_changed', standard: 'eip1967', previousAdmin: hex(20), newAdmin: eoa, newAdminCodeSize: 0 }, at(0)));
      // Enrichment's facts come first in production; here, the lifecycles wait until the engine assessed all four.
      const controlled = [safe, timelock, eoaProxy];
      await waitFor(() => all().filter((a) => a.payload.subjectType === 'control_event' && controlled.includes(a.payload.contract)).length >= 4, { what: 'the control-plane assessments' });
      const safeUpgrade = lifecycle({
        upgradeId: `31337:${safeProxy}:impl:${implementation}#timelock:${timelock}:0x01`,
        stage: 'queued',
        stageAt: at(40),
        target: safeProxy,
        newImplementation: implementation,
        authority: 'timelock',
        timelock: { address: timelock, operationId: `0x${'01'.repeat(32)}` },
        eta: at(42),
      });
      const eoaUpgrade = lifecycle({ upgradeId: `31337:${eoaProxy}:impl:${implementation}#tx:${hex(32)}`, stage: 'executed', stageAt: at(40), target: eoaProxy, newImplementation: implementation, authority: 'eoa' });

      await send(TOPICS.upgradesLifecycle, safeUpgrade);
      await send(TOPICS.upgradesLifecycle, eoaUpgrade);

      const viaSafe = await latestVersion(safeUpgrade.payload.upgradeId, 'timelock-and-Safe assessment');
      const viaEoa = await latestVersion(eoaUpgrade.payload.upgradeId, 'EOA assessment');
      expect(viaSafe.payload.score).toBeLessThan(viaEoa.payload.score);
      expect(viaSafe.payload.components?.governance.score).toBeLessThan(viaEoa.payload.components?.governance.score ?? 0);
      const safeRules = viaSafe.payload.factors.map((f) => f.rule);
      expect(safeRules).toEqual(expect.arrayContaining(['exit_window_short', 'multisig_threshold']));
      expect(viaSafe.payload.factors.find((f) => f.rule === 'multisig_threshold')?.evidence).toMatchObject({ safe, threshold: 3, owners: 5 });
      expect(viaEoa.payload.factors.find((f) => f.rule === 'eoa_authority')?.evidence).toMatchObject({ account: eoa });
      expect(viaEoa.payload.recommendations?.map((r) => r.code)).toContain('single_key_control');
      expect(viaEoa.payload.model?.probability).toBeGreaterThan(0);
      expect(viaSafe.payload).toMatchObject({ subjectType: 'lifecycle', stage: 'queued', eta: at(42), assessmentVersion: 1 });
    });

    it('re-assesses a queued upgrade when the signers of its timelock proposer Safe become known after it', async () => {
      const protocolId = uniqueToken('safe-first-seen');
      const [timelock, safe, proxy] = [hex(20), hex(20), hex(20)];
      const owners = [hex(20), hex(20), hex(20), hex(20), hex(20)];
      await send(TOPICS.protocolEvents, protocolEvent(timelock, { kind: 'timelock_min_delay_changed', standard: 'oz_timelock', minDelay: '172800', oldDelay: '0', newDelay: '172800' }, at(0), protocolId));
      await send(TOPICS.protocolEvents, protocolEvent(timelock, { kind: 'role_granted', standard: 'access_control', role: PROPOSER_ROLE, account: safe, sender: timelock }, at(0), protocolId));
      await waitFor(() => all().filter((a) => a.payload.subjectType === 'control_event' && a.payload.contract === timelock).length >= 2, { what: 'the timelock control-plane assessments' });
      const queued = lifecycle({
        upgradeId: `31337:${proxy}:impl:${hex(20)}#timelock:${timelock}:0x02`,
        stage: 'queued',
        stageAt: at(50),
        target: proxy,
        protocolId,
        authority: 'timelock',
        timelock: { address: timelock, operationId: `0x${'02'.repeat(32)}` },
        eta: at(52),
      });
      await send(TOPICS.upgradesLifecycle, queued);
      const before = await latestVersion(queued.payload.upgradeId, 'the queued assessment before the Safe is known');
      expect(before.payload.factors.map((f) => f.rule)).not.toContain('multisig_threshold');

      // The Safe's first event since it is followed: the execution that scheduled the upgrade (a later log of the same transaction).
      await send(TOPICS.protocolEvents, protocolEvent(safe, { kind: 'safe_execution_success', standard: 'safe', safeVersion: '1.4', txHash: hex(32), payment: '0', safeOwners: owners, safeThreshold: 3, scheduledUpgrades: null }, at(50), protocolId));

      const after = await latestVersion(queued.payload.upgradeId, 'the queued assessment with the Safe signers', 2);
      expect(after.payload).toMatchObject({ stage: 'queued', eta: at(52) });
      expect(after.payload.factors.find((f) => f.rule === 'multisig_threshold')?.evidence).toMatchObject({ safe, threshold: 3, owners: 5 });
    });

    it('assesses an upgrade to an address without code as critical', async () => {
      const proxy = hex(20);
      const upgrade = upgradedMessage({ contract: proxy, newImplementationCodeSize: 0, newImplementationCodeHash: null }, at(1));
      await send(TOPICS.protocolEvents, upgrade);
      await waitFor(() => assessments().find((a) => a.payload.subjectId === upgrade.payload.eventId), { what: 'per-event assessment' });
      const stage = lifecycle({
        upgradeId: `31337:${proxy}:impl:${upgrade.payload.newImplementation}#tx:${upgrade.payload.transactionHash}`,
        stage: 'executed',
        stageAt: at(1),
        target: proxy,
        newImplementation: upgrade.payload.newImplementation,
        authority: 'contract',
        executionEventId: upgrade.payload.eventId,
      });

      await send(TOPICS.upgradesLifecycle, stage);

      const assessed = await latestVersion(stage.payload.upgradeId, 'lifecycle assessment');
      expect(assessed.payload.level).toBe('critical');
      expect(assessed.payload.factors[0]).toMatchObject({ rule: 'no_code_at_implementation', component: 'technical' });
      expect(assessed.payload.recommendations?.[0]?.code).toBe('no_code_at_implementation');
    });

    it('assesses a queued upgrade before it executes, and again when its vote or forecast moves', async () => {
      const protocolId = uniqueToken('gov');
      const [governor, proxy] = [hex(20), hex(20)];
      const upgradeId = `31337:${proxy}:impl:${hex(20)}#governor:${governor}:7`;
      const queued = lifecycle({
        upgradeId,
        stage: 'queued',
        stageAt: at(3),
        target: proxy,
        protocolId,
        authority: 'governor',
        proposal: { source: 'governor', id: '7', space: governor, title: 'Upgrade', url: null },
        eta: at(5),
      });

      await send(TOPICS.upgradesLifecycle, queued);
      const first = await latestVersion(upgradeId, 'queued assessment');
      expect(first.payload).toMatchObject({ stage: 'queued', eta: at(5), assessmentVersion: 1 });
      expect(first.payload.assessmentId).toBe(`lifecycle:${upgradeId}:v1:${first.payload.inputsHash?.slice(0, 12)}`);
      expect(first.id).toBe(first.payload.assessmentId);

      await send(TOPICS.governanceProposals, proposal(governor, '7', protocolId, 0.2, at(3.5)));
      const voted = await latestVersion(upgradeId, 'assessment after the vote', 2);
      expect(voted.payload.factors.find((f) => f.rule === 'pass_probability')?.evidence).toMatchObject({ passProbability: 0.2 });

      await send(TOPICS.governanceProposals, proposal(governor, '7', protocolId, 0.95, at(3.6)));
      const likely = await latestVersion(upgradeId, 'assessment after the vote moved', 3);
      expect(likely.payload.score).toBeGreaterThan(voted.payload.score);

      await send(TOPICS.forecastVolatility, volatility(protocolId, 0.08, at(3.7)));
      const rough = await latestVersion(upgradeId, 'assessment after the forecast', 4);
      expect(rough.payload.components?.market.score).toBeGreaterThan(likely.payload.components?.market.score ?? 0);
      expect(rough.payload.factors.map((f) => f.rule)).toContain('high_forecast_volatility');
      expect(new Set(versionsOf(upgradeId).map((a) => a.payload.inputsHash)).size).toBe(4);
    });

    it('publishes no new version when every input topic is replayed', async () => {
      const versionsBefore = all().filter((a) => a.payload.subjectType !== 'upgrade').length;
      const idsBefore = new Set(all().filter((a) => a.payload.subjectType !== 'upgrade').map((a) => a.id));
      expect(versionsBefore).toBeGreaterThan(0);

      for (const { topic, value } of [...sent]) await probe.send(probe.namer.physical(topic), [{ key: 'k', value }]);
      // A malformed sentinel behind the replay on every topic: once all are dead-lettered, every replayed message was handled.
      const marker = uniqueToken('replayed');
      const topics = [TOPICS.protocolEvents, TOPICS.upgradesLifecycle, TOPICS.governanceProposals, TOPICS.forecastVolatility] as const;
      for (const topic of topics) await probe.send(probe.namer.physical(topic), [{ key: 'k', value: JSON.stringify({ marker }) }]);
      for (const topic of topics) await waitFor(() => probe.on(probe.namer.deadLetter(topic)).find((m) => m.value?.includes(marker)), { what: `the sentinel on ${topic}'s DLQ` });

      const after = all().filter((a) => a.payload.subjectType !== 'upgrade');
      expect(after.map((a) => a.id).filter((id) => !idsBefore.has(id))).toEqual([]);
      expect(after.length).toBe(versionsBefore);
    });

    it('dead-letters a malformed lifecycle and assesses the next one', async () => {
      const marker = uniqueToken('bad-stage');
      const proxy = hex(20);
      const next = lifecycle({ upgradeId: `31337:${proxy}:impl:${hex(20)}#tx:${hex(32)}`, stage: 'executed', stageAt: at(6), target: proxy, authority: 'multisig' });

      await send(TOPICS.upgradesLifecycle, { ...next, id: marker, payload: { ...next.payload, stage: 'exploded' } });
      await send(TOPICS.upgradesLifecycle, next);

      await latestVersion(next.payload.upgradeId, 'the next lifecycle assessment');
      const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.upgradesLifecycle)).find((m) => m.value?.includes(marker)), { what: 'dead letter' });
      expect(dead.headers[DLQ_HEADERS.errorKind]).toBe('invalid');
      expect(dead.headers[DLQ_HEADERS.error]).toMatch(/payload\.stage/);
    });
  });
});
