import { TOPICS, catalogue } from '@pum/contracts';
import { ContractViolationError, EventPublisher } from '@pum/platform';
import { KafkaProbe, assessmentOf, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';

describe('EventPublisher (real broker)', () => {
  const probe = new KafkaProbe(`${uniqueToken('pub')}.`);
  let sut: EventPublisher;

  beforeAll(async () => {
    await probe.createTopics(1);
    await probe.watch([probe.namer.physical(TOPICS.protocolEvents), probe.namer.physical(TOPICS.riskAssessments)]);
    sut = new EventPublisher(probe.kafka, probe.namer);
  });

  afterAll(async () => {
    await sut.disconnect();
    await probe.dispose();
  });

  it('sends a valid message with its key and id headers, normalised by its schema', async () => {
    const message = upgradedMessage();
    const shouting = { ...message, payload: { ...message.payload, contract: message.payload.contract.toUpperCase().replace('0X', '0x') } };

    await sut.publish(TOPICS.protocolEvents, [{ key: 'chain:proxy', value: shouting as typeof message }]);

    const [sent] = await waitFor(() => probe.on(probe.namer.physical(TOPICS.protocolEvents)).length === 1 && probe.on(probe.namer.physical(TOPICS.protocolEvents)), { what: 'message' });
    expect(sent?.key).toBe('chain:proxy');
    expect(sent?.headers).toMatchObject({ 'x-message-id': message.id, 'x-message-type': 'protocol.event' });
    expect(catalogue[TOPICS.protocolEvents].parse(JSON.parse(sent?.value ?? '')).payload.contract).toBe(message.payload.contract);
  });

  it('sends a batch far larger than one Kafka request, in order', async () => {
    const messages = Array.from({ length: 3000 }, () => upgradedMessage());
    const topic = probe.namer.physical(TOPICS.protocolEvents);
    const before = probe.on(topic).length;

    await sut.publish(TOPICS.protocolEvents, messages.map((value) => ({ key: 'one-busy-contract', value })));

    await waitFor(() => probe.on(topic).length === before + 3000, { what: '3000 messages', timeoutMs: 60_000 });
    expect(probe.on(topic).slice(before).map((m) => m.headers['x-message-id'])).toEqual(messages.map((m) => m.id));
  });

  it('refuses a message that breaks its schema and sends nothing of the batch', async () => {
    const good = assessmentOf(upgradedMessage());
    const bad = { ...good, payload: { ...good.payload, level: 'apocalyptic' } };

    await expect(sut.publish(TOPICS.riskAssessments, [{ key: 'k', value: good }, { key: 'k', value: bad as typeof good }])).rejects.toThrow(ContractViolationError);
    await sut.publish(TOPICS.riskAssessments, [{ key: 'k', value: good }]);

    await waitFor(() => probe.on(probe.namer.physical(TOPICS.riskAssessments)).length > 0, { what: 'the later good message' });
    expect(probe.on(probe.namer.physical(TOPICS.riskAssessments))).toHaveLength(1);
  });
});
