/**
 * REST latency of the gateway's hot routes with a million events stored, cache on and off, beside a bare `pg` server
 * answering the same rows, same run. autocannon at a fixed rate.
 *
 * Seeds (SQL, straight into the read model the gateway's migrations created): BENCH_EVENTS upgrade events (default
 * 1,000,000) in `upgrades` and `protocol_events`, a per-event assessment for every tenth, open lifecycles with
 * versioned assessments for the dashboard. Then, for each route, `BENCH_RATE` requests/s (500) for
 * `BENCH_DURATION_S` (15) seconds against: the gateway with its Redis cache, the gateway without it
 * (GATEWAY_CACHE=false), and a bare node:http + pg server running the route's main query.
 * Target (issue #11): p95 under 50 ms. Exit 1 when a gateway route misses it.
 */
import 'reflect-metadata';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, testInfra } from '@pum/testing';
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Pool } from 'pg';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const ROOT = join(__dirname, '..', '..');
const log = (message: string) => process.stderr.write(`bench:rest: ${message}\n`);

interface Row {
  route: string;
  target: string;
  requests: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
}

async function seed(pool: Pool, schema: string): Promise<{ upgradeId: string }> {
  const s = `"${schema}"`;
  log(`seeding ${EVENTS.toLocaleString('en-US')} upgrade events…`);
  const started = Date.now();
  // One statement per table; ids and hashes derived from the row number, times one a minute back from now.
  await pool.query(`
    INSERT INTO ${s}.upgrades (id, chain_id, contract, protocol_id, kind, status, previous_implementation, new_implementation, details,
                               block_number, block_hash, transaction_hash, log_index, occurred_at, updated_at, message_id)
    SELECT '1:0x' || lpad(to_hex(n), 64, '0') || ':0', 1, '0x' || lpad(to_hex(n % 5000), 40, '0'), 'bench-' || (n % 50), 'upgraded', 'confirmed',
           '0x' || lpad(to_hex(n), 40, '1'), '0x' || lpad(to_hex(n + 1), 40, '1'), '{}'::jsonb,
           n, '0x' || lpad(to_hex(n), 64, 'b'), '0x' || lpad(to_hex(n), 64, '0'), 0, now() - n * interval '1 minute', now(), 'bench'
      FROM generate_series(1, $1) AS n`, [EVENTS]);
  await pool.query(`
    INSERT INTO ${s}.protocol_events (event_id, chain_id, contract, protocol_id, kind, standard, status, block_number, block_hash, occurred_at, payload, produced_at, message_id)
    SELECT id, chain_id, contract, protocol_id, kind, 'eip1967', status, block_number, block_hash, occurred_at,
           jsonb_build_object('eventId', id, 'kind', kind, 'chainId', chain_id, 'contract', contract), now(), 'bench'
      FROM ${s}.upgrades`);
  await pool.query(`
    INSERT INTO ${s}.risk_assessments (id, upgrade_id, chain_id, contract, protocol_id, score, level, factors, model_version, subject_status, assessed_at, message_id)
    SELECT id || ':bench-rules', id, chain_id, contract, protocol_id, (block_number % 100)::int,
           (ARRAY['low','medium','high','critical'])[1 + (block_number % 4)::int], '[]'::jsonb, 'bench-rules', 'confirmed', occurred_at, 'bench'
      FROM ${s}.upgrades WHERE block_number % 10 = 0`);
  await pool.query(`ANALYZE ${s}.upgrades; ANALYZE ${s}.protocol_events; ANALYZE ${s}.risk_assessments`);
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { upgradeId: `1:0x${(10).toString(16).padStart(64, '0')}:0` };
}

/** The routes' main queries, run by a bare server: what the database alone costs. */
function bareServer(pool: Pool, schema: string): Promise<{ server: Server; url: string }> {
  const s = `"${schema}"`;
  const queries: Record<string, () => Promise<unknown>> = {
    '/api/v1/upgrades': async () => {
      const { rows } = await pool.query(`SELECT * FROM ${s}.upgrades ORDER BY occurred_at DESC, id DESC LIMIT 51`);
      const ids = rows.map((row: { id: string }) => row.id);
      const risks = await pool.query(`SELECT DISTINCT ON (upgrade_id) * FROM ${s}.risk_assessments WHERE upgrade_id = ANY($1) ORDER BY upgrade_id, assessed_at DESC`, [ids]);
      return { items: rows, risks: risks.rows };
    },
    risk: async () => (await pool.query(`SELECT * FROM ${s}.risk_assessments WHERE upgrade_id = $1 ORDER BY assessed_at DESC`, [`1:0x${(10).toString(16).padStart(64, '0')}:0`])).rows,
    '/api/v1/dashboard/summary': async () => (await pool.query(`SELECT level, count(*) FROM ${s}.risk_assessments GROUP BY level`)).rows,
  };
  const server = createServer((request, response) => {
    const route = request.url?.includes('/risk') ? 'risk' : (request.url ?? '').split('?')[0]!;
    const query = queries[route];
    if (!query) return void response.writeHead(404).end();
    query().then(
      (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

async function load(target: string, url: string, route: string, headers: Record<string, string>): Promise<Row> {
  const result = await autocannon({ url, connections: 50, overallRate: RATE, duration: DURATION_S, headers });
  return { route, target, requests: result.requests.total, errors: result.errors, non2xx: result.non2xx, p50: result.latency.p50, p95: result.latency.p97_5 ?? NaN, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const token = `bench_rest_${Date.now()}`;
  const schema = token.toLowerCase();
  const probe = new KafkaProbe(`${token}.`);
  await probe.createTopics(1);
  const limits = { GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: '10000000', LOG_LEVEL: 'warn' };
  const cached = await spawnService('gateway', isolatedServiceEnv(token, { SERVICE: 'gateway', ...limits }), 120_000);
  const uncached = await spawnService('gateway', isolatedServiceEnv(token, { SERVICE: 'gateway', GATEWAY_CACHE: 'false', KAFKA_GROUP_ID: `${token}-gateway-nocache`, ...limits }), 120_000);
  const pool = new Pool({ connectionString: testInfra.databaseUrl, max: 10 });
  const bare = await bareServer(pool, schema);
  try {
    const { upgradeId } = await seed(pool, schema);
    const routes = [
      { route: '/api/v1/upgrades', path: '/api/v1/upgrades' },
      { route: '/api/v1/upgrades/{id}/risk', path: `/api/v1/upgrades/${upgradeId}/risk` },
      { route: '/api/v1/dashboard/summary', path: '/api/v1/dashboard/summary' },
    ];
    const rows: Row[] = [];
    for (const { route, path } of routes) {
      for (const [target, base] of [['gateway, cache on', cached.url], ['gateway, cache off', uncached.url], ['bare pg server', bare.url]] as const) {
        log(`${route} → ${target}: ${RATE}/s for ${DURATION_S} s…`);
        rows.push(await load(target, `${base}${path}`, route, {}));
      }
    }
    const table = [
      `${EVENTS.toLocaleString('en-US')} upgrade events stored; ${RATE} requests/s for ${DURATION_S} s per line, 50 connections (autocannon; "p95" is its p97.5)`,
      '| route | server | requests | errors | non-2xx | p50 ms | p97.5 ms | p99 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.route} | ${r.target} | ${r.requests} | ${r.errors} | ${r.non2xx} | ${r.p50} | ${r.p95} | ${r.p99} |`),
    ].join('\n');
    const gatewayRows = rows.filter((r) => r.target.startsWith('gateway'));
    const pass = gatewayRows.every((r) => r.p95 < 50 && r.errors === 0 && r.non2xx === 0);
    const verdict = `${pass ? 'PASS' : 'FAIL'}: target p95 < 50 ms on every gateway line (cache on: ${gatewayRows.filter((r) => r.target.includes('on')).map((r) => r.p95).join(', ')} ms; cache off: ${gatewayRows.filter((r) => r.target.includes('off')).map((r) => r.p95).join(', ')} ms)`;
    process.stdout.write(`${table}\n${verdict}\n`);
    mkdirSync(join(ROOT, '.local', 'bench'), { recursive: true });
    writeFileSync(join(ROOT, '.local', 'bench', 'gateway-rest-report.txt'), `${new Date().toISOString()}\n${table}\n${verdict}\n`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    bare.server.close();
    await Promise.all([cached.stop(), uncached.stop()]);
    await pool.end();
    await probe.dispose();
    await dropSchema(schema).catch(() => undefined);
    await clearRedisPrefix(`${token}:`).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:rest: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
