import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the proxy answers one request. */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'hang' }
  | { kind: 'body'; body: string }
  | { kind: 'wrong_id' }
  /** The node's answer, changed by `rewrite` (its body as text) before it is sent on. */
  | { kind: 'rewrite'; rewrite: (body: string) => string }
  | { kind: 'destroy' }
  | { kind: 'delay'; ms: number };

export interface ProxyHit {
  method: string;
  at: number;
  /** The request's JSON-RPC params (undefined when the body did not parse). */
  params?: unknown[];
}

/** A parsed JSON-RPC request, for `decide`. */
export interface ProxyRequest {
  id: unknown;
  method: string;
  params: unknown[];
}

/**
 * A JSON-RPC HTTP proxy on 127.0.0.1 (random port) in front of a real node, told per request how to
 * misbehave: one-shot faults queued with `next()`, else the standing `mode`. Test tooling only.
 *
 * @example
 * const proxy = await FaultProxy.start(testInfra.rpcUrl);
 * proxy.next({ kind: 'status', status: 429, retryAfter: '1' });
 */
export class FaultProxy {
  readonly hits: ProxyHit[] = [];
  mode: Fault = { kind: 'pass' };
  /** Per-request rule, consulted before queued faults and the mode: return a fault, or undefined to fall through. */
  decide?: (request: ProxyRequest) => Fault | undefined;
  private readonly queued: Fault[] = [];

  private constructor(
    private readonly server: Server,
    private readonly upstream: string,
  ) {}

  static async start(upstream: string): Promise<FaultProxy> {
    const server = createServer();
    const sut = new FaultProxy(server, upstream);
    server.on('request', (req, res) => {
      sut.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sut;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Faults for the next requests, in order; afterwards the standing `mode` applies again. */
  next(...faults: Fault[]): void {
    this.queued.push(...faults);
  }

  /** Back to passing everything through, with no hits recorded. */
  reset(): void {
    this.hits.length = 0;
    this.queued.length = 0;
    this.mode = { kind: 'pass' };
  }

  hitCount(method?: string): number {
    return method === undefined ? this.hits.length : this.hits.filter((hit) => hit.method === method).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections(); // hanging requests included
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const request = requestOf(body);
    this.hits.push({ method: request?.method ?? '(unparseable)', at: Date.now(), params: request?.params });
    const fault = (request && this.decide?.(request)) ?? this.queued.shift() ?? this.mode;
    switch (fault.kind) {
      case 'pass':
        return this.forward(body, res, (text) => text);
      case 'wrong_id':
        return this.forward(body, res, (text) => text.replace(/"id"\s*:\s*\d+/, '"id":987654321'));
      case 'rewrite':
        return this.forward(body, res, fault.rewrite);
      case 'status':
        res.writeHead(fault.status, {
          'content-type': 'text/plain',
          ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
        });
        res.end(fault.body ?? `fault ${fault.status}`);
        return;
      case 'body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(fault.body);
        return;
      case 'hang':
        return; // never answers; stop() closes the socket
      case 'destroy':
        req.socket.destroy();
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return this.forward(body, res, (text) => text);
    }
  }

  private async forward(body: string, res: ServerResponse, rewrite: (text: string) => string): Promise<void> {
    const upstream = await fetch(this.upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = rewrite(await upstream.text());
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(text);
  }
}

function requestOf(body: string): ProxyRequest | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof parsed.method !== 'string') return undefined;
    return { id: parsed.id, method: parsed.method, params: Array.isArray(parsed.params) ? parsed.params : [] };
  } catch {
    return undefined;
  }
}
