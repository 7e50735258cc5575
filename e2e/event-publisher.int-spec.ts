import { TOPICS, catalogue, type MessageOf, type TopicName } from '@pum/contracts';
import { ContractViolationError, EventPublisher, type OutboundMessage } from '@pum/platform';
import { KafkaProbe, assessmentOf, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';

/** What a producer hands the publisher for a fixture message: everything but what the publisher fills in. */
const outbound = <T extends TopicName>(message: MessageOf<T>, key: string): OutboundMessage<T> => ({ key, id: message.id, occurredAt: message.occurredAt, payload: message.payload });

describe('EventPublisher (real broker)', () => {
  const probe = new KafkaProbe(`${uniqueToken('pub')}.`);
  let sut: EventPublisher;

  /**
   * Publishes a sentinel after the messages under test and, once it arrived, returns what reached the
   * topic since `before` (one partition: in order) — so a test sees everything that was sent, not the first.
   */
  const arrivedWith = async <T extends TopicName>(topic: T, sentinel: MessageOf<T>, before: number) => {
    const physical = probe.namer.physical(topic);
    await sut.publish(topic, [outbound(sentinel, 'sentinel')]);
    await waitFor(() => probe.on(physical).some((m) => m.headers['x-message-id'] === sentinel.id), { what: 'the sentinel', timeoutMs: 60_000 });
    return probe.on(physical).slice(before);
  };
  const countOn = (topic: TopicName) => probe.on(probe.namer.physical(topic)).length;

  beforeAll(async () => {
    await probe.createTopics(1);
    await probe.watch([probe.namer.physical(TOPICS.protocolEvents), probe.namer.physical(TOPICS.riskAssessments)]);
    sut = new EventPublisher(probe.kafka, probe.namer, 'publisher-spec');
  });

  afterAll(async () => {
    await sut.disconnect();
    await probe.dispose();
  });

  it('sends a valid message with its key and id headers, normalised by its schema, in the envelope it fills in', async () => {
    const message = upgradedMessage();
    const shouting = { ...message, payload: { ...message.payload, contract: message.payload.contract.toUpperCase().replace('0X', '0x') } };
    const before = countOn(TOPICS.protocolEvents);
    const sentAfter = new Date().toISOString();

    await sut.publish(TOPICS.protocolEvents, [outbound(shouting as typeof message, 'chain:proxy')]);

    const sentinel = upgradedMessage();
    const arrived = await arrivedWith(TOPICS.protocolEvents, sentinel, before);
    expect(arrived.map((m) => m.headers['x-message-id'])).toEqual([message.id, sentinel.id]);
    const [sent] = arrived;
    expect(sent?.key).toBe('chain:proxy');
    expect(sent?.headers).toMatchObject({ 'x-message-id': message.id, 'x-message-type': 'protocol.event' });
    const envelope = catalogue[TOPICS.protocolEvents].parse(JSON.parse(sent?.value ?? ''));
    expect(envelope).toMatchObject({ version: 1, type: 'protocol.event', id: message.id, occurredAt: message.occurredAt, source: 'publisher-spec' });
    expect(envelope.producedAt >= sentAfter && envelope.producedAt <= new Date().toISOString()).toBe(true);
    expect(envelope.payload.contract).toBe(message.payload.contract);
  });

  it('keeps the producedAt a producer restates', async () => {
    const message = upgradedMessage();
    const producedAt = '2026-01-01T00:00:01.000Z';
    const before = countOn(TOPICS.protocolEvents);

    await sut.publish(TOPICS.protocolEvents, [{ ...outbound(message, 'k'), producedAt }]);

    const [sent] = await arrivedWith(TOPICS.protocolEvents, upgradedMessage(), before);
    expect(sent?.headers['x-message-id']).toBe(message.id);
    expect(catalogue[TOPICS.protocolEvents].parse(JSON.parse(sent?.value ?? '')).producedAt).toBe(producedAt);
  });

  it('sends a batch far larger than one Kafka request, in order', async () => {
    const messages = Array.from({ length: 3000 }, () => upgradedMessage());
    const before = countOn(TOPICS.protocolEvents);

    await sut.publish(TOPICS.protocolEvents, messages.map((m) => outbound(m, 'one-busy-contract')));

    const sentinel = upgradedMessage();
    const arrived = await arrivedWith(TOPICS.protocolEvents, sentinel, before);
    expect(arrived.map((m) => m.headers['x-message-id'])).toEqual([...messages.map((m) => m.id), sentinel.id]);
  });

  it('refuses a message that breaks its schema and sends nothing of the batch', async () => {
    const good = assessmentOf(upgradedMessage());
    const bad = { ...good, payload: { ...good.payload, level: 'apocalyptic' } };
    const later = assessmentOf(upgradedMessage());
    const before = countOn(TOPICS.riskAssessments);

    await expect(sut.publish(TOPICS.riskAssessments, [outbound(good, 'k'), outbound(bad as typeof good, 'k')])).rejects.toThrow(ContractViolationError);
    await sut.publish(TOPICS.riskAssessments, [outbound(later, 'k')]);

    const sentinel = assessmentOf(upgradedMessage());
    const arrived = await arrivedWith(TOPICS.riskAssessments, sentinel, before);
    expect(arrived.map((m) => m.headers['x-message-id'])).toEqual([later.id, sentinel.id]);
  });
});
