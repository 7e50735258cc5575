import { catalogue, deadLetterTopic, envelopeHeads, isTopicName, topicNames, TOPICS } from './catalogue';
import { chainLogId } from './chain-log';
import { networkStatusMessageId } from './network-status';
import { protocolEventMessageId } from './protocol-event';

const envelope = (payload: unknown) => ({
  version: 1,
  type: 'chain.log.raw',
  id: '1:0xab:0',
  occurredAt: '2026-01-01T00:00:00.000Z',
  producedAt: '2026-01-01T00:00:01.000Z',
  source: 'test',
  payload,
});

const log = {
  chainId: 1,
  blockNumber: '19000000',
  blockHash: `0x${'AB'.repeat(32)}`,
  blockTimestamp: 1_700_000_000,
  transactionHash: `0x${'cd'.repeat(32)}`,
  transactionIndex: 4,
  logIndex: 7,
  address: `0x${'Ef'.repeat(20)}`,
  topics: [`0x${'01'.repeat(32)}`],
  data: '0x',
  removed: false,
  status: 'pending',
};

describe('message catalogue', () => {
  it('names every topic with a version suffix and knows each one', () => {
    expect(topicNames).toEqual(Object.values(TOPICS));
    topicNames.forEach((topic) => {
      expect(topic).toMatch(/\.v\d+$/);
      expect(isTopicName(topic)).toBe(true);
    });
    expect(isTopicName('protocol.events.v0')).toBe(false);
  });

  it('knows the envelope type and version of every topic, as its schema accepts them', () => {
    expect(envelopeHeads[TOPICS.chainLogsRaw]).toEqual({ type: 'chain.log.raw', version: 1 });
    expect(envelopeHeads[TOPICS.upgradesLifecycle]).toEqual({ type: 'upgrade.lifecycle', version: 1 });
    topicNames.forEach((topic) => {
      const { type, version } = envelopeHeads[topic];
      expect(catalogue[topic].safeParse({ ...envelope(undefined), type, version }).error?.issues.map((issue) => issue.path[0])).toEqual(['payload']);
    });
  });

  it('normalises addresses and hashes to lower case', () => {
    const sut = catalogue[TOPICS.chainLogsRaw].parse(envelope(log));

    expect(sut.payload.address).toBe(`0x${'ef'.repeat(20)}`);
    expect(sut.payload.blockHash).toBe(`0x${'ab'.repeat(32)}`);
  });

  it.each([
    ['a block number that is not a decimal string', { blockNumber: 19000000 }],
    ['a short address', { address: '0x1234' }],
    ['more than four topics', { topics: Array(5).fill(`0x${'01'.repeat(32)}`) }],
    ['odd-length data', { data: '0x123' }],
  ])('rejects %s', (_case, change) => {
    const sut = catalogue[TOPICS.chainLogsRaw].safeParse(envelope({ ...log, ...change }));

    expect(sut.success).toBe(false);
  });

  it('rejects an envelope whose type does not belong to the topic', () => {
    const sut = catalogue[TOPICS.protocolEvents].safeParse(envelope(log));

    expect(sut.success).toBe(false);
  });

  it('derives deterministic ids', () => {
    expect(chainLogId({ chainId: 1, transactionHash: '0xAB', logIndex: 3 })).toBe('1:0xab:3');
    expect(protocolEventMessageId({ eventId: '1:0xab:3', kind: 'upgraded', status: 'confirmed', blockHash: '0xcd' })).toBe('1:0xab:3:upgraded:confirmed@0xcd');
    expect(deadLetterTopic('x.protocol.events.v1')).toBe('x.protocol.events.v1.dlq');
    expect(networkStatusMessageId({ chainId: 1, polledAt: '2026-01-01T00:00:00.000Z' })).toBe('1:status@2026-01-01T00:00:00.000Z');
  });
});
