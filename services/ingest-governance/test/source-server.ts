import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A one-shot misbehaviour: an error status (with Retry-After) or a 200 whose body is malformed. */
export type SourceFault = { kind: 'status'; status: number; retryAfter?: string } | { kind: 'body'; body: string };

export interface SourceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SourceHit extends SourceRequest {
  at: number;
  /** What was answered: a status code. */
  status: number;
}

/** The real API's answer to a request: status and JSON body. */
export type SourceRoute = (request: SourceRequest) => { status: number; body: unknown };

/**
 * A local stand-in for a third-party HTTP API (node:http, 127.0.0.1, random port): `route` answers
 * in the API's real shapes; faults queued with `fail()` are served first, one per request, so a
 * test can script 429 + Retry-After, 500s and malformed bodies. Test tooling only.
 */
export class SourceServer {
  readonly hits: SourceHit[] = [];
  private readonly faults: SourceFault[] = [];
  private server?: Server;

  constructor(private readonly route: SourceRoute) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues faults for the next requests, in order. */
  fail(...faults: SourceFault[]): void {
    this.faults.push(...faults);
  }

  get pendingFaults(): number {
    return this.faults.length;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const incoming: SourceRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
    const fault = this.faults.shift();
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      this.hits.push({ ...incoming, at: Date.now(), status });
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
    };
    if (fault?.kind === 'status') return send(fault.status, JSON.stringify({ error: `scripted ${fault.status}` }), fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    if (fault?.kind === 'body') return send(200, fault.body);
    const answer = this.route(incoming);
    send(answer.status, JSON.stringify(answer.body));
  }
}
