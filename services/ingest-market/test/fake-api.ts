import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake answers to one request: JSON (or raw text), a status, headers, after a delay. */
export interface FakeAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type Route = (url: URL, headers: IncomingHttpHeaders) => FakeAnswer | undefined;

export interface SeenRequest {
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  at: number;
  status: number;
}

/** Faults a test queues for the next requests matching a path pattern (each used once). */
export const faults = {
  rateLimited: (retryAfterSeconds: number): FakeAnswer => ({ status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, json: { status: { error_code: 429, error_message: "You've exceeded the Rate Limit." } } }),
  serverError: (): FakeAnswer => ({ status: 500, json: { error: 'Internal Server Error' } }),
  notJson: (): FakeAnswer => ({ status: 200, text: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }),
  slow: (delayMs: number, answer: FakeAnswer = {}): FakeAnswer => ({ ...answer, delayMs }),
};

/**
 * A local stand-in for a third-party HTTP API (node:http on 127.0.0.1, port 0): routes answer in the
 * real API's documented shape; `inject` queues faults (429 with Retry-After, 500, malformed or slow
 * answers) for matching requests; every request is recorded with its time and status.
 */
export class FakeApi {
  readonly requests: SeenRequest[] = [];
  private readonly queued: { pattern: RegExp; answer: FakeAnswer }[] = [];
  private server?: Server;
  url = '';

  constructor(protected readonly routes: Route[]) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const fault = this.queued.findIndex((entry) => entry.pattern.test(url.pathname + url.search));
      const answer = fault >= 0 ? this.queued.splice(fault, 1)[0].answer : this.answer(url, request.headers);
      this.requests.push({ path: url.pathname + url.search, url, headers: request.headers, at: Date.now(), status: answer.status ?? 200 });
      const send = () => write(response, answer);
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next requests matching `pattern` get these answers, in order. */
  inject(pattern: RegExp, ...answers: FakeAnswer[]): void {
    answers.forEach((answer) => this.queued.push({ pattern, answer }));
  }

  requestsTo(pattern: RegExp): SeenRequest[] {
    return this.requests.filter((request) => pattern.test(request.path));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(url: URL, headers: IncomingHttpHeaders): FakeAnswer {
    for (const route of this.routes) {
      const answer = route(url, headers);
      if (answer) return answer;
    }
    return { status: 404, json: { error: `no route for ${url.pathname}` } };
  }
}

function write(response: ServerResponse, answer: FakeAnswer): void {
  const body = answer.text ?? JSON.stringify(answer.json ?? {});
  response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
  response.end(body);
}
