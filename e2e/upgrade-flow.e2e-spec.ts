import { TOPICS, type ClientToServerEvents, type MessageOf, type ServerToClientEvents } from '@pum/contracts';
import { deployTransparentProxy, devnetClients, upgradeTransparentProxy } from '@pum/devnet';
import { KafkaProbe, dropSchema, isolatedServiceEnv, spawnService, testInfra, uniqueToken, waitFor, type SpawnedService, clearRedisPrefix } from '@pum/testing';
import { io, type Socket } from 'socket.io-client';

/**
 * The walking skeleton end to end, each service in its own process as `npm start` runs it:
 * devnet upgrade → ingest-chain → Kafka → risk-engine → Kafka → gateway → Socket.IO and REST.
 */
describe('an upgrade on the devnet reaches REST and Socket.IO clients with its risk assessment', () => {
  const token = uniqueToken('e2e');
  const probe = new KafkaProbe(`${token}.`);
  const chain = devnetClients(testInfra.rpcUrl, { accountIndex: 3 });
  const services: SpawnedService[] = [];
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

  afterAll(async () => {
    socket?.disconnect();
    const exits = await Promise.all(services.map((service) => service.stop()));
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(`${token}_gateway`);
    await dropSchema(`${token}_chain`);
    await dropSchema(`${token}_risk`);
    // Every service closed its resources on SIGTERM (Nest re-raises the signal after closing), none needed SIGKILL.
    expect(exits.map((exit) => exit.signal)).not.toContain('SIGKILL');
    expect(services.filter((service) => !service.output().includes('platform resources closed')).map((s) => s.name)).toEqual([]);
  });

  it('delivers the upgrade and its assessment', async () => {
    await probe.createTopics();
    const head = await chain.publicClient.getBlockNumber();
    const env = (service: string, extra: Record<string, string> = {}) => ({
      ...isolatedServiceEnv(token, { SERVICE: service, ...extra }),
      DATABASE_SCHEMA: `${token}_${service}`.toLowerCase(),
    });
    services.push(
      ...(await Promise.all([
        spawnService('gateway', env('gateway')),
        spawnService('risk-engine', env('risk')),
        spawnService('ingest-chain', env('chain', { CHAIN_RPC_URL: testInfra.rpcUrl, CHAIN_START_BLOCK: (head + 1n).toString(), CHAIN_POLL_INTERVAL_MS: '250' })),
      ])),
    );
    const gateway = services[0]!;
    const received: { protocol: MessageOf<'protocol.events.v1'>[]; risk: MessageOf<'risk.assessments.v1'>[] } = { protocol: [], risk: [] };
    socket = io(gateway.url, { transports: ['websocket'] });
    socket.on('protocol.event', (message) => received.protocol.push(message));
    socket.on('risk.assessment', (message) => received.risk.push(message));
    await expect(socket.timeout(10_000).emitWithAck('subscribe', { channels: ['upgrades'] })).resolves.toMatchObject({ ok: true });

    const deployment = await deployTransparentProxy(chain);
    const upgrade = await upgradeTransparentProxy(chain, { proxy: deployment.proxy, proxyAdmin: deployment.proxyAdmin });
    const upgradeId = `31337:${upgrade.tx.toLowerCase()}:0`;

    const pushedEvent = await waitFor(() => received.protocol.find((m) => m.payload.eventId === upgradeId), { what: 'protocol.event over Socket.IO', timeoutMs: 45_000 });
    const pushedRisk = await waitFor(() => received.risk.find((m) => m.payload.subjectId === upgradeId), { what: 'risk.assessment over Socket.IO' });
    expect(pushedEvent.payload).toMatchObject({
      kind: 'upgraded',
      contract: deployment.proxy.toLowerCase(),
      previousImplementation: deployment.implementation.toLowerCase(),
      newImplementation: upgrade.implementation.toLowerCase(),
    });
    expect(pushedRisk.payload).toMatchObject({ score: 30, level: 'medium', factors: [expect.objectContaining({ rule: 'implementation_change' })] });

    const list = (await (await fetch(`${gateway.url}/api/v1/upgrades?contract=${deployment.proxy}`)).json()) as { items: { id: string; risk: unknown }[] };
    expect(list.items.map((item) => item.id)).toContain(upgradeId);
    expect(list.items.find((item) => item.id === upgradeId)?.risk).toMatchObject({ score: 30, level: 'medium' });
    const risk = await fetch(`${gateway.url}/api/v1/upgrades/${upgradeId}/risk`);
    expect(risk.status).toBe(200);
    expect(await risk.json()).toMatchObject({ upgradeId, score: 30, level: 'medium' });
    // The topic carried exactly what the socket pushed.
    expect(TOPICS.protocolEvents).toBe('protocol.events.v1');
  }, 120_000);
});
