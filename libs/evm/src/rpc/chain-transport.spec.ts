import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicClient } from 'viem';
import { chainTransport as sut } from './chain-transport';
import { RpcInvalidParamsError, RpcRevertError, RpcServerError, findRpcError } from './errors';

type Answer = (request: { id: number; method: string }) => { status: number; body: unknown };

/** A JSON-RPC endpoint (as a provider runs one) that answers with `answer`, counting requests. */
class LocalEndpoint {
  hits = 0;
  private readonly server: Server;

  constructor(answer: Answer) {
    this.server = createServer((req, res) => {
      this.hits++;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { status, body } = answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: number; method: string });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('chainTransport', () => {
  const fast = { backoff: { baseMs: 1, capMs: 1 } };
  const healthy = new LocalEndpoint(({ id, method }) => ({ status: 200, body: method === 'eth_chainId' ? { jsonrpc: '2.0', id, result: '0x64' } : { jsonrpc: '2.0', id, error: { code: -32601, message: 'method not found' } } }));
  const unavailable = new LocalEndpoint(() => ({ status: 503, body: { error: 'service unavailable' } }));
  const reverting = new LocalEndpoint(({ id }) => ({ status: 200, body: { jsonrpc: '2.0', id, error: { code: 3, message: 'execution reverted: not allowed', data: '0x' } } }));
  const rejecting = new LocalEndpoint(({ id }) => ({ status: 200, body: { jsonrpc: '2.0', id, error: { code: -32602, message: 'invalid argument 0: hex string has odd length' } } }));
  const endpoints = [healthy, unavailable, reverting, rejecting];
  let healthyUrl: string;
  let unavailableUrl: string;
  let revertingUrl: string;
  let rejectingUrl: string;

  beforeAll(async () => {
    [healthyUrl, unavailableUrl, revertingUrl, rejectingUrl] = await Promise.all(endpoints.map((endpoint) => endpoint.start()));
  });
  afterAll(() => Promise.all(endpoints.map((endpoint) => endpoint.stop())));
  beforeEach(() => endpoints.forEach((endpoint) => (endpoint.hits = 0)));

  it('asks the highest-weight endpoint first under priority selection and fails over to the next when it is down', async () => {
    const client = createPublicClient({ transport: sut([{ url: healthyUrl }, { url: unavailableUrl, weight: 5 }], { selection: 'priority', ...fast }) });

    await expect(client.getChainId()).resolves.toBe(100);
    expect(unavailable.hits).toBe(1);
    expect(healthy.hits).toBe(1);
  });

  it('throws a revert at once, without asking the other endpoints', async () => {
    const client = createPublicClient({ transport: sut([{ url: revertingUrl, weight: 2 }, { url: healthyUrl }], { selection: 'priority', ...fast }) });

    const error = await client.call({ to: '0x0000000000000000000000000000000000000001', data: '0x12345678' }).catch((e: unknown) => e);

    expect(findRpcError(error)).toBeInstanceOf(RpcRevertError);
    expect(reverting.hits).toBe(1);
    expect(healthy.hits).toBe(0);
  });

  it('throws invalid params at once, in either selection, without asking again', async () => {
    for (const selection of ['weighted', 'priority'] as const) {
      const client = createPublicClient({ transport: sut([{ url: rejectingUrl, weight: 1_000 }, { url: healthyUrl, weight: 0.001 }], { selection, ...fast }) });

      const error = await client.getBalance({ address: '0x0000000000000000000000000000000000000001' }).catch((e: unknown) => e);

      expect(findRpcError(error)).toBeInstanceOf(RpcInvalidParamsError);
    }
    expect(rejecting.hits).toBe(2);
    expect(healthy.hits).toBe(0);
  });

  it('retries while every endpoint fails, then gives up with the last error', async () => {
    const client = createPublicClient({ transport: sut([{ url: unavailableUrl }], { maxAttempts: 3, ...fast }) });

    const error = await client.getChainId().catch((e: unknown) => e);

    expect(findRpcError(error)).toBeInstanceOf(RpcServerError);
    expect(unavailable.hits).toBe(3);
  });
});
