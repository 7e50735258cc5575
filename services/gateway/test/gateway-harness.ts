import { SOCKET_CHANNELS, type ClientToServerEvents, type ServerToClientEvents, type TopicName } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import type { INestApplication, Type } from '@nestjs/common';
import { io, type Socket } from 'socket.io-client';
import { loadGatewayConfig } from '../src/config';
import { startGateway } from '../src/create-app';

/**
 * Anonymous limits out of the way of specs that poll the API and open sockets freely; the limits
 * themselves are specified in accounts.int-spec.ts. A spec's env still wins.
 */
const UNLIMITED_ANONYMOUS = { GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: '1000000', GATEWAY_TIER_FREE_SOCKET_CONNECTIONS: '10000' };

/** What the gateway pushed to the test's socket: the event name and the message. */
export interface Pushed {
  event: string;
  message: { id: string; type: string };
}

/**
 * What the harness uses of `@pum/testing`'s KafkaProbe. The spec passes the probe in: only specs may
 * import the test tooling, so this helper names the shape it needs instead.
 */
export interface HarnessProbe {
  readonly namer: { physical(topic: string): string; deadLetter(topic: string): string };
  createTopics(): Promise<void>;
  watch(topics: string[]): Promise<void>;
  send(topic: string, messages: { key?: string; value: string }[]): Promise<void>;
  on(topic: string): { value: string | null; headers: Record<string, string> }[];
  dispose(): Promise<void>;
}

/**
 * A gateway in this process with the given isolated env (its own topic prefix, schema and Redis
 * prefix), a Socket.IO client subscribed to every channel and the probe watching dead-letter topics.
 *
 * @example
 * const token = uniqueToken('gw');
 * const harness = new GatewayHarness(new KafkaProbe(`${token}.`), isolatedServiceEnv(token, { SERVICE: 'gateway' }), cleanup);
 */
export class GatewayHarness {
  readonly pushed: Pushed[] = [];
  private sut?: INestApplication;
  private socket?: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly clients: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  private baseUrl = '';

  constructor(
    readonly probe: HarnessProbe,
    private readonly env: Record<string, string>,
    /** Drops what the gateway left behind (schema, Redis keys). */
    private readonly cleanup: () => Promise<void>,
  ) {}

  async start(deadLetterTopics: TopicName[]): Promise<void> {
    await this.probe.createTopics();
    await this.probe.watch(deadLetterTopics.map((topic) => this.probe.namer.deadLetter(topic)));
    this.sut = await startGateway(loadGatewayConfig({ ...UNLIMITED_ANONYMOUS, ...this.env }), new JsonLogger('gateway', 'silent'));
    this.baseUrl = (await this.sut.getUrl()).replace('[::1]', '127.0.0.1');
    this.socket = io(this.baseUrl, { transports: ['websocket'] });
    this.socket.onAny((event: string, message: Pushed['message']) => this.pushed.push({ event, message }));
    const ack = await this.socket.timeout(10_000).emitWithAck('subscribe', { channels: [...SOCKET_CHANNELS] });
    if (!ack.ok) throw new Error(`subscribe failed: ${ack.error}`);
  }

  async stop(): Promise<void> {
    this.socket?.disconnect();
    for (const client of this.clients) client.disconnect();
    await this.sut?.close();
    await this.probe.dispose();
    await this.cleanup();
  }

  /** One of the running gateway's providers, e.g. its RealtimeGateway. */
  provider<T>(type: Type<T>): T {
    if (!this.sut) throw new Error('harness not started');
    return this.sut.get(type);
  }

  /** A request to a path of the gateway (GET unless `init` says otherwise), the answer as is. */
  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, init);
  }

  /** GET a path of the REST API; the body parsed as JSON. */
  async get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await this.fetch(path);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Publishes a message (or raw text) on the logical topic. */
  async publish(topic: TopicName, value: unknown, key = 'k'): Promise<void> {
    await this.probe.send(this.probe.namer.physical(topic), [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }]);
  }

  /** Messages dead-lettered from the logical topic. */
  deadLetters(topic: TopicName) {
    return this.probe.on(this.probe.namer.deadLetter(topic));
  }

  /** Another Socket.IO client, subscribed to nothing yet, recording what it receives; disconnected by stop(). */
  async connect(): Promise<{ client: Socket<ServerToClientEvents, ClientToServerEvents>; received: Pushed[] }> {
    const client: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.baseUrl, { transports: ['websocket'] });
    const received: Pushed[] = [];
    client.onAny((event: string, message: Pushed['message']) => received.push({ event, message }));
    this.clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    return { client, received };
  }

  /** The Socket.IO client itself, for subscription tests. */
  get client(): Socket<ServerToClientEvents, ClientToServerEvents> {
    if (!this.socket) throw new Error('harness not started');
    return this.socket;
  }
}
