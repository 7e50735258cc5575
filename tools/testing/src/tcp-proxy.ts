import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 (random port) in front of one upstream `host:port` (Postgres, Redis, a
 * Kafka broker that advertises the proxy's port), which a test can cut: `cut()` resets every open
 * connection and refuses new ones until `restore()` — a network partition on loopback, without
 * stopping the shared dependency. Test tooling only.
 *
 * @example
 * const pg = await TcpProxy.start('127.0.0.1:5432');
 * pg.cut(); // the service behind `pg.address` loses Postgres
 * pg.restore();
 */
export class TcpProxy {
  private readonly open = new Set<Socket>();
  private isCut = false;
  /** Connections accepted since the start (refused ones included). */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  static async start(upstream: string, port = 0): Promise<TcpProxy> {
    const [host, portText] = splitHostPort(upstream);
    const server = createServer();
    const sut = new TcpProxy(server, host, portText);
    server.on('connection', (client) => sut.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return sut;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:<port>`, to put in a service's URL instead of the upstream's. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get cutOff(): boolean {
    return this.isCut;
  }

  /** Resets every open connection and refuses new ones until `restore()`. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.open) socket.resetAndDestroy();
    this.open.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted++;
    if (this.isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.upstreamPort, this.upstreamHost);
    this.open.add(client);
    this.open.add(upstream);
    const close = () => {
      this.open.delete(client);
      this.open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  const port = Number(address.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0) throw new Error(`not host:port: ${address}`);
  return [address.slice(0, at), port];
}
