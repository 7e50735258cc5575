import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken } from '@pum/testing';
import fc from 'fast-check';
import { request } from 'node:http';
import { TestGateway, accountsCommand } from '../../services/gateway/test/accounts-fixtures';
import { fuzzSettings, heapAfterGc } from './fuzz-settings';
import { restCases, type RestCase } from './openapi-arbitraries';

const BODY_LIMIT_BYTES = 16_384;
const SLOW_MS = 1_000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  body: string;
  ms: number;
}

/** The case sent as is over node:http (fetch would normalise the path and refuse some methods). */
function send(baseUrl: string, fuzz: RestCase): Promise<Answer> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, method: fuzz.method, path: fuzz.path, headers: { ...fuzz.headers, ...(fuzz.body === undefined ? {} : { 'content-length': Buffer.byteLength(fuzz.body) }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('no answer within 10 s')));
    outgoing.end(fuzz.body);
  });
}

/** Why an answer breaks the contract of the fuzz, or undefined when it holds. */
export function violationOf(fuzz: RestCase, answer: Answer): string | undefined {
  if (answer.status >= 500) return `${answer.status}: ${answer.body.slice(0, 200)}`;
  if (answer.ms > SLOW_MS) return `slow: ${Math.round(answer.ms)} ms`;
  if (answer.headers['x-content-type-options'] !== 'nosniff' || answer.headers['x-frame-options'] !== 'DENY') return `${answer.status} without the security headers`;
  if (answer.headers['x-powered-by'] !== undefined) return `${answer.status} naming its framework (X-Powered-By)`;
  if (fuzz.path.startsWith('/api/') && !String(answer.headers['content-security-policy']).startsWith("default-src 'none'")) return `${answer.status} on the API without its CSP`;
  if (answer.status >= 400 && fuzz.method !== 'HEAD') {
    if (!answer.contentType.startsWith('application/json')) return `${answer.status} as ${answer.contentType || 'no content type'}: ${answer.body.slice(0, 120)}`;
    let reason: unknown;
    try {
      reason = (JSON.parse(answer.body) as { message?: unknown }).message;
    } catch {
      return `${answer.status} with a body that is not JSON: ${answer.body.slice(0, 120)}`;
    }
    const readable = (value: unknown) => typeof value === 'string' && value.length > 0;
    if (!(readable(reason) || (Array.isArray(reason) && reason.length > 0 && reason.every(readable)))) return `${answer.status} without a reason: ${answer.body.slice(0, 120)}`;
  }
  return undefined;
}

/**
 * REST fuzz (#17): requests generated from services/gateway/openapi.yaml — every path and method, conforming and
 * hostile parameters and bodies, other methods, forged credentials — against a gateway on the real Kafka, Postgres and
 * Redis. Every answer: no 5xx, a JSON reason on every 4xx, none slower than a second; the heap flat across the run.
 */
describe('REST fuzz from the OpenAPI document', () => {
  const token = uniqueToken('fuzzrest');
  const probe = new KafkaProbe(`${token}.`);
  const env = isolatedServiceEnv(token, {
    SERVICE: 'gateway',
    SOCKET_REDIS_ADAPTER: 'false',
    GATEWAY_BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
    GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: '10000000',
    GATEWAY_TIER_ENTERPRISE_REQUESTS_PER_MINUTE: '10000000',
    GATEWAY_TIER_ENTERPRISE_ALERT_RULES: '10000000',
  });
  let sut: TestGateway;
  let cases: fc.Arbitrary<RestCase>;

  beforeAll(async () => {
    await probe.createTopics(1);
    sut = await TestGateway.start(env);
    const key = async (email: string, role: string) => {
      await accountsCommand(env, 'create-user', '--email', email, '--tier', 'enterprise', '--role', role);
      return String((await accountsCommand(env, 'create-key', '--user', email)).lines[0]!.key);
    };
    cases = restCases({ userKey: await key(`user-${token}@example.test`, 'user'), adminKey: await key(`admin-${token}@example.test`, 'admin') }, BODY_LIMIT_BYTES);
  });

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('answers every generated request below 500, within a second, with a JSON reason on every 4xx, and keeps its heap flat', async () => {
    const { seed, numRuns } = fuzzSettings('rest', 600);
    const violations = new Map<string, { fuzz: RestCase; why: string }>();
    const run = (runs: number, runSeed: number) =>
      fc.assert(
        fc.asyncProperty(cases, async (fuzz) => {
          if (process.env.FUZZ_TRACE) process.stdout.write(`> ${fuzz.method} ${fuzz.path.slice(0, 150)}\n`);
          const why = violationOf(fuzz, await send(sut.url, fuzz));
          if (why) violations.set(`${fuzz.method} ${fuzz.operation} ${why.slice(0, 40)}`, { fuzz, why });
        }),
        { seed: runSeed, numRuns: runs, endOnFailure: true },
      );

    await run(100, seed + 1); // warm-up: JIT, pools, caches
    const before = heapAfterGc();
    const started = Date.now();
    await run(numRuns, seed);
    const after = heapAfterGc();
    const growth = (after - before) / before;
    process.stdout.write(
      `fuzz rest: ${numRuns} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; heap ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB (${(growth * 100).toFixed(1)} %)\n`,
    );

    expect([...violations.values()].map(({ fuzz, why }) => `${why} ← ${fuzz.method} ${fuzz.path.slice(0, 300)} ${JSON.stringify(fuzz.headers)} ${fuzz.body?.slice(0, 200) ?? ''}`)).toEqual([]);
    // In-process: the heap is the gateway's and the test's; what one run of requests leaves behind must not stay.
    expect(after - before).toBeLessThan(Math.max(24 * 2 ** 20, before * 0.1));
  }, 600_000);
});
