import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 (random port) between a service under test and a dependency (Postgres, Redis, a
 * broker), which the test cuts and restores — an outage of that dependency for that service only, while the
 * shared server stays up for everyone else. `cut()` resets every open connection and refuses new ones
 * (ECONNRESET / an immediate close, as a stopped server does); `blackhole()` accepts and never answers (a partition).
 * Test tooling only.
 *
 * @example
 * const proxy = await TcpFaultProxy.start('127.0.0.1', 5432);
 * const url = `postgres://postgres@127.0.0.1:${proxy.port}/test`;
 * proxy.cut(); … proxy.restore();
 */
export class TcpFaultProxy {
  private state: 'pass' | 'cut' | 'blackhole' = 'pass';
  private readonly open = new Set<Socket>();
  /** Connections accepted so far (each client connection once). */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  static async start(upstreamHost: string, upstreamPort: number): Promise<TcpFaultProxy> {
    const server = createServer();
    const sut = new TcpFaultProxy(server, upstreamHost, upstreamPort);
    server.on('connection', (client) => sut.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sut;
  }

  /** Where the service under test connects instead of the dependency. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:<port>`, to put in a service's URL instead of the dependency's. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The dependency gone: every open connection reset, new ones closed at once. */
  cut(): void {
    this.state = 'cut';
    for (const socket of this.open) socket.resetAndDestroy();
    this.open.clear();
  }

  /** Connections accepted and never answered, the open ones frozen: a network partition. */
  blackhole(): void {
    this.state = 'blackhole';
  }

  /** Back to passing bytes through; connections opened from now on reach the dependency. */
  restore(): void {
    this.state = 'pass';
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    if (this.state === 'cut') {
      client.resetAndDestroy();
      return;
    }
    this.open.add(client);
    client.on('close', () => this.open.delete(client));
    client.on('error', () => undefined);
    if (this.state === 'blackhole') return; // held open, never answered
    const upstream = connect(this.upstreamPort, this.upstreamHost);
    this.open.add(upstream);
    upstream.on('close', () => {
      this.open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    // Bytes pass only while the proxy passes: a blackhole stops them both ways.
    client.on('data', (chunk) => this.state === 'pass' && upstream.write(chunk));
    upstream.on('data', (chunk) => this.state === 'pass' && client.write(chunk));
  }
}
