import { JsonLogger } from '@pum/platform';
import type { INestApplication } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { runAccountsCli, type AccountsCliIo } from '../src/accounts/accounts-cli';
import { openAccountsStore } from '../src/accounts/accounts-store';
import { loadGatewayConfig } from '../src/config';
import { startGateway } from '../src/create-app';

/** A gateway of the test: its URL, and HTTP with optional credentials headers. */
export class TestGateway {
  private constructor(
    private readonly app: INestApplication,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<TestGateway> {
    const app = await startGateway(loadGatewayConfig(env), new JsonLogger('gateway', 'silent'));
    return new TestGateway(app, (await app.getUrl()).replace('[::1]', '127.0.0.1'));
  }

  async request(
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<{ status: number; headers: Headers; body: Record<string, unknown> & unknown[] }> {
    const response = await fetch(`${this.url}${path}`, {
      method: options.method ?? 'GET',
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : { text }) as never };
  }

  /** A Socket.IO client; resolves connected, or with the `connect_error` it got. */
  async connect(auth: Record<string, string> = {}): Promise<{ socket: Socket; error?: Error & { data?: { code: string } & Record<string, unknown> } }> {
    const socket = io(this.url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (error) => {
        socket.close();
        resolve({ socket, error });
      });
    });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/** Runs the operator command (`npm run accounts`) in-process on the gateway's env; its JSON lines parsed. */
export async function accountsCommand(env: Record<string, string>, ...argv: string[]): Promise<{ status: number; lines: Record<string, unknown>[]; stderr: string }> {
  return accountsCommandWithFiles(new Map(), env, ...argv);
}

/** The same, its files (`--key-file`) in the given map, kept between runs. */
export async function accountsCommandWithFiles(
  files: Map<string, string>,
  env: Record<string, string>,
  ...argv: string[]
): Promise<{ status: number; lines: Record<string, unknown>[]; stderr: string }> {
  const out: string[] = [];
  let stderr = '';
  const cliIo: AccountsCliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void (stderr += text),
    readFile: (path) => files.get(path) ?? null,
    writeSecretFile: (path, text) => void files.set(path, text),
  };
  const store = await openAccountsStore(loadGatewayConfig(env));
  try {
    const status = await runAccountsCli(argv, store.accounts, cliIo);
    const lines = out.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    return { status, lines, stderr };
  } finally {
    await store.close();
  }
}

/**
 * An OIDC provider's JWKS endpoint on 127.0.0.1, serving the public half of a real RS256 key pair,
 * and tokens signed with it (or with a key it does not publish).
 */
export class LocalJwks {
  private server?: Server;
  private privateKey?: CryptoKey;
  private strangerKey?: CryptoKey;
  url = '';
  requests = 0;

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256');
    this.privateKey = pair.privateKey;
    this.strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    this.server = createServer((request, response) => {
      this.requests += 1;
      if (request.url !== '/.well-known/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  /** An RS256 token with kid `k1` (published), or `kid: 'stranger'` signed with an unpublished key. */
  sign(claims: JWTPayload, options: { kid?: 'k1' | 'stranger'; expiresIn?: string | number } = {}): Promise<string> {
    const kid = options.kid ?? 'k1';
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(kid === 'k1' ? this.privateKey! : this.strangerKey!);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** An HS256 token signed with the given secret. */
export function hs256(secret: string, claims: JWTPayload, expiresIn: string | number = '5m'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}
