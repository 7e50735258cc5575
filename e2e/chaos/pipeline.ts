import { TOPICS } from '@pum/contracts';
import {
  FaultProxy,
  KafkaProbe,
  TcpFaultProxy,
  clearRedisPrefix,
  dropSchema,
  isolatedServiceEnv,
  spawnService,
  startDevnetNode,
  testInfra,
  uniqueToken,
  type DevnetNode,
  type SpawnedService,
} from '@pum/testing';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { Client } from 'pg';

/** The services of the chaos pipeline, in the order data flows through them. */
export const SERVICES = ['ingest-chain', 'risk-engine', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Depths the pipeline's ingest-chain runs with: small, so a reorg deeper than the window takes seconds. */
export const CONFIRMATIONS = 2;
export const FINALITY_DEPTH = 6;

/**
 * The system under chaos: a private Hardhat node behind the RPC FaultProxy, Postgres and Redis behind
 * TcpProxies, the shared broker, and ingest-chain → risk-engine → gateway each in its own process with
 * its own topics (prefix), consumer group, schema and Redis prefix. A probe records the output topics.
 */
export class Pipeline {
  readonly token = uniqueToken('chaos');
  readonly probe = new KafkaProbe(`${this.token}.`);
  readonly running = new Map<ServiceName, SpawnedService>();
  /** Every process that ran, for the exit check: a service that was SIGKILLed on purpose is not listed. */
  readonly stopped: SpawnedService[] = [];
  node!: DevnetNode;
  rpc!: FaultProxy;
  postgres!: TcpFaultProxy;
  redis!: TcpFaultProxy;
  /** The gateway keeps its port across restarts, so a Socket.IO client reconnects by itself. */
  gatewayPort = 0;
  /** Where each service process's output is written when it ends (killed or stopped). */
  readonly logDir = join(tmpdir(), 'pum-chaos', this.token);
  private db?: Client;
  private generation = 0;

  schema(service: ServiceName): string {
    return `${this.token}_${service.replace('-', '_')}`.toLowerCase();
  }

  async start(): Promise<void> {
    const pg = new URL(testInfra.databaseUrl);
    const redis = new URL(testInfra.redisUrl);
    mkdirSync(this.logDir, { recursive: true });
    this.node = await startDevnetNode();
    [this.rpc, this.postgres, this.redis] = await Promise.all([
      FaultProxy.start(this.node.rpcUrl),
      TcpFaultProxy.start(pg.hostname, Number(pg.port || 5432)),
      TcpFaultProxy.start(redis.hostname, Number(redis.port || 6379)),
    ]);
    this.gatewayPort = await freePort();
    await this.probe.createTopics();
    await this.probe.watch([this.probe.namer.physical(TOPICS.protocolEvents), this.probe.namer.physical(TOPICS.riskAssessments)]);
    this.db = new Client({ connectionString: testInfra.databaseUrl });
    await this.db.connect();
    await Promise.all(SERVICES.map((service) => this.spawn(service)));
  }

  env(service: ServiceName): Record<string, string> {
    const pg = new URL(testInfra.databaseUrl);
    pg.host = this.postgres.address;
    const redis = new URL(testInfra.redisUrl);
    redis.host = this.redis.address;
    const chain = {
      CHAIN_RPC_URL: this.rpc.url,
      CHAIN_CONFIRMATIONS: String(CONFIRMATIONS),
      CHAIN_FINALITY_DEPTH: String(FINALITY_DEPTH),
      CHAIN_POLL_INTERVAL_MS: '250',
      CHAIN_RPC_MAX_TOTAL_MS: '5000',
    };
    return {
      ...isolatedServiceEnv(this.token, { SERVICE: service, ...chain, ...(service === 'ingest-chain' && { CHAIN_START_BLOCK: '0' }) }),
      DATABASE_URL: pg.toString(),
      REDIS_URL: redis.toString(),
      DATABASE_SCHEMA: this.schema(service),
      ...(service === 'gateway' && { HTTP_PORT: String(this.gatewayPort) }),
    };
  }

  async spawn(service: ServiceName): Promise<SpawnedService> {
    const spawned = await spawnService(service, this.env(service), 120_000);
    const file = join(this.logDir, `${service}-${++this.generation}.log`);
    spawned.process.once('exit', () => writeFileSync(file, spawned.output()));
    this.running.set(service, spawned);
    return spawned;
  }

  /** SIGKILL, as a crash: no shutdown hook runs. */
  async kill(service: ServiceName): Promise<void> {
    const spawned = this.running.get(service);
    if (!spawned) return;
    this.running.delete(service);
    const exited = new Promise((resolve) => spawned.process.once('exit', resolve));
    if (spawned.process.exitCode === null && spawned.process.signalCode === null) {
      spawned.process.kill('SIGKILL');
      await exited;
    }
  }

  /** True when every running service answers /health/ready with 200 and none is missing. */
  async ready(): Promise<boolean> {
    if (this.running.size < SERVICES.length) return false;
    const answers = await Promise.all(
      [...this.running.values()].map((service) =>
        fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(4_000) }).then(
          (response) => response.status === 200,
          () => false,
        ),
      ),
    );
    return answers.every(Boolean);
  }

  /** SQL against the shared Postgres directly (never through the proxy the services use). */
  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.db) throw new Error('pipeline not started');
    return (await this.db.query<T>(sql, params)).rows;
  }

  /** Resident set size of every running service, MiB, from /proc. */
  rss(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, service] of this.running) {
      const status = readFileSync(`/proc/${service.process.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      out[name] = Math.round(kb / 1024);
    }
    return out;
  }

  async dispose(): Promise<void> {
    for (const service of this.running.values()) this.stopped.push(service);
    const exits = await Promise.all([...this.running.values()].map((service) => service.stop()));
    this.running.clear();
    await this.probe.dispose().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
    await Promise.all([this.rpc?.stop(), this.postgres?.stop(), this.redis?.stop()].map((p) => p?.catch(() => undefined)));
    await clearRedisPrefix(`${this.token}:`).catch(() => undefined);
    for (const service of SERVICES) await dropSchema(this.schema(service)).catch(() => undefined);
    await this.node?.stop();
    const killed = exits.filter((exit) => exit.signal === 'SIGKILL');
    if (killed.length > 0) throw new Error(`${killed.length} service(s) did not stop on SIGTERM`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
