import { DLQ_HEADERS, TOPICS, catalogue, protocolEventMessageId, type MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor, clearRedisPrefix } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { loadRiskEngineConfig } from './config';
import { startRiskEngine } from './create-app';

describe('risk-engine (real Kafka and Redis)', () => {
  const token = uniqueToken('risk');
  const probe = new KafkaProbe(`${token}.`);
  let sut: INestApplication;

  const assessments = (): MessageOf<'risk.assessments.v1'>[] =>
    probe.on(probe.namer.physical(TOPICS.riskAssessments)).map((m) => catalogue[TOPICS.riskAssessments].parse(JSON.parse(m.value ?? '')));
  const publish = (value: unknown, key = 'k') =>
    probe.send(probe.namer.physical(TOPICS.protocolEvents), [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }]);

  beforeAll(async () => {
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.riskAssessments), probe.namer.deadLetter(TOPICS.protocolEvents)]);
    sut = await startRiskEngine(loadRiskEngineConfig(isolatedServiceEnv(token, { SERVICE: 'risk' })), new JsonLogger('risk-engine', 'silent'));
  });

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
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
});
