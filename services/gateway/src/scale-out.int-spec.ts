import { TOPICS } from '@pum/contracts';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import type { Socket } from 'socket.io-client';
import { TestGateway } from '../test/accounts-fixtures';

/**
 * Two gateway replicas as they run in production: one consumer group (each consumes some partitions), one schema,
 * the Socket.IO Redis adapter between them. A message consumed by either reaches every subscribed client of both,
 * exactly once.
 */
describe('two gateway replicas (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw_scale');
  const probe = new KafkaProbe(`${token}.`);
  const env = isolatedServiceEnv(token, { SERVICE: 'gateway', GATEWAY_TIER_FREE_SOCKET_CONNECTIONS: '100', GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: '100000' });
  const replicas: TestGateway[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    await probe.createTopics(3);
    // One after the other: the second joins the group and takes over some of the three partitions.
    replicas.push(await TestGateway.start(env));
    replicas.push(await TestGateway.start(env));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(replicas.map((replica) => replica.close()));
    await probe.dispose();
    await dropSchema(token.toLowerCase());
    await clearRedisPrefix(`${token}:`);
  });

  it('delivers every message to every subscribed client of both replicas exactly once, whichever replica consumed it', async () => {
    const received = new Map<Socket, string[]>();
    for (const replica of replicas) {
      for (let i = 0; i < 3; i++) {
        const { socket, error } = await replica.connect();
        if (error) throw error;
        const ids: string[] = [];
        socket.on('protocol.event', (message: { id: string }) => ids.push(message.id));
        expect(await socket.timeout(5_000).emitWithAck('subscribe', { channels: ['upgrades'] })).toMatchObject({ ok: true });
        received.set(socket, ids);
        sockets.push(socket);
      }
    }
    // Many contracts, so the keys spread over the three partitions and so over both replicas.
    const messages = Array.from({ length: 30 }, () => upgradedMessage({ protocolId: `${token.toLowerCase()}-p` }));
    for (const message of messages) {
      await probe.send(probe.namer.physical(TOPICS.protocolEvents), [{ key: `${message.payload.chainId}:${message.payload.contract}`, value: JSON.stringify(message) }]);
    }
    const expected = messages.map((message) => message.id).sort();
    await waitFor(() => [...received.values()].every((ids) => ids.length >= expected.length), { what: 'every message on every client', timeoutMs: 45_000 });
    // A moment more for any duplicate to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    for (const ids of received.values()) expect([...ids].sort()).toEqual(expected);
    // Both replicas consumed: each stored what it consumed in the one shared read model.
    const consumed = await Promise.all(
      replicas.map(async (replica) => {
        const text = await (await fetch(`${replica.url}/metrics`)).text();
        return Number(/pum_messages_consumed_total\{topic="protocol\.events\.v1",outcome="handled"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
      }),
    );
    expect(consumed[0]! + consumed[1]!).toBe(messages.length);
    expect(consumed.every((count) => count > 0)).toBe(true);
  });
});
