import { TOPICS } from '@pum/contracts';
import type { Fault as RpcFault, ProxyRequest } from '@pum/testing';
import { waitFor } from '@pum/testing';
import { numberToHex } from 'viem';
import type { LoadGenerator } from './load';
import { sleep } from './load';
import { FINALITY_DEPTH, SERVICES, type Pipeline, type ServiceName } from './pipeline';
import type { Random } from './random';

export interface FaultContext {
  pipeline: Pipeline;
  load: LoadGenerator;
  random: Random;
  /** How long an outage lasts (Postgres, Redis, RPC), ms. */
  outageMs: number;
  log: (msg: string) => void;
}

/** One fault: `inject` does it and undoes it, and resolves with the moment the system was given back what it lost (ms). */
export interface ChaosFault {
  name: string;
  inject: (ctx: FaultContext) => Promise<number>;
}

/** SIGKILL at a random moment within two seconds, then the same service started again at once. */
export function kill(...services: ServiceName[]): ChaosFault {
  return {
    name: `SIGKILL ${services.join(' + ')}`,
    inject: async ({ pipeline, random, log }) => {
      await sleep(random.int(0, 2_000));
      const at = Date.now();
      await Promise.all(services.map((service) => pipeline.kill(service)));
      log(`killed ${services.join(', ')}; restarting`);
      await Promise.all(services.map((service) => pipeline.spawn(service)));
      return at;
    },
  };
}

/** The shared Postgres unreachable for every service (the TCP proxy in front of it cut). */
export const postgresOutage: ChaosFault = {
  name: 'Postgres unreachable',
  inject: async ({ pipeline, outageMs }) => {
    pipeline.postgres.cut();
    await sleep(outageMs);
    pipeline.postgres.restore();
    return Date.now();
  },
};

export const redisOutage: ChaosFault = {
  name: 'Redis unreachable',
  inject: async ({ pipeline, outageMs }) => {
    pipeline.redis.cut();
    await sleep(outageMs);
    pipeline.redis.restore();
    return Date.now();
  },
};

/** Half the RPC requests of ingest-chain and risk-engine answered with `fault` for the outage. */
export function rpc(label: string, fault: (request: ProxyRequest) => RpcFault): ChaosFault {
  return {
    name: `RPC ${label}`,
    inject: async ({ pipeline, random, outageMs }) => {
      pipeline.rpc.decide = (request) => (random.next() < 0.5 ? fault(request) : undefined);
      await sleep(outageMs);
      pipeline.rpc.decide = undefined;
      return Date.now();
    },
  };
}

export const rpcFaults: ChaosFault[] = [
  rpc('429', () => ({ kind: 'status', status: 429, retryAfter: '1' })),
  rpc('5xx', () => ({ kind: 'status', status: 503 })),
  rpc('timeouts', () => ({ kind: 'hang' })),
  rpc('truncated/garbage JSON', (request) => ({ kind: 'body', body: request.id === undefined ? '<html>' : `{"jsonrpc":"2.0","id":${JSON.stringify(request.id)},"result":{"nu` })),
  // Every eth_chainId answers mainnet's id: the readiness check must say so; ingestion goes on against the same node.
  {
    name: 'RPC wrong chain id',
    inject: async ({ pipeline, outageMs }) => {
      pipeline.rpc.decide = (request) => (request.method === 'eth_chainId' ? { kind: 'rewrite', rewrite: (body) => body.replace(/"result"\s*:\s*"0x[0-9a-f]+"/, '"result":"0x1"') } : undefined);
      await sleep(outageMs);
      pipeline.rpc.decide = undefined;
      return Date.now();
    },
  },
];

/**
 * A reorg `depth` blocks deep: snapshot, let the load mine `depth` blocks and the gateway see them,
 * revert, and go on from another account (so the new branch's transactions differ from the orphaned ones).
 */
export function reorg(depth: number): ChaosFault {
  return {
    name: `reorg ${depth} deep${depth > FINALITY_DEPTH ? ' (> finality window)' : ''}`,
    inject: async ({ pipeline, load, log }) => {
      const rpcCall = (method: string, params: unknown[] = []) =>
        fetch(pipeline.node.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
          .then((response) => response.json() as Promise<{ result: string }>)
          .then((answer) => answer.result);
      await load.pause();
      const snapshot = await rpcCall('evm_snapshot');
      const base = BigInt(await rpcCall('eth_blockNumber'));
      load.resume();
      const top = base + BigInt(depth);
      await waitFor(async () => BigInt(await rpcCall('eth_blockNumber')) >= top, { what: `${depth} blocks above ${base}`, timeoutMs: 120_000, intervalMs: 100 });
      await load.pause();
      // The orphaned branch reached the read model (confirmed where deep enough) before it goes away.
      const status = depth > FINALITY_DEPTH ? "'confirmed'" : "'pending','confirmed'";
      await waitFor(
        async () =>
          (await pipeline.query<{ n: string }>(`SELECT count(*) AS n FROM ${pipeline.schema('gateway')}.protocol_events WHERE block_number = $1 AND status IN (${status})`, [String(base + 1n)]))[0]?.n !== '0',
        { what: `the gateway holding block ${base + 1n}`, timeoutMs: 120_000, intervalMs: 250 },
      );
      const reverted = await rpcCall('evm_revert', [snapshot]);
      if (reverted !== (true as unknown as string)) throw new Error(`evm_revert(${snapshot}) answered ${String(reverted)}`);
      log(`reverted blocks ${base + 1n}..${top}`);
      load.useAccount(1 + (Number(base) % 5));
      await rpcCall('hardhat_mine', [numberToHex(1)]);
      load.resume();
      return Date.now();
    },
  };
}

/** Every single fault the short run covers. */
export function singleFaults(options: { outageMs: number }): ChaosFault[] {
  void options;
  return [
    ...SERVICES.map((service) => kill(service)),
    kill('ingest-chain', 'gateway'),
    postgresOutage,
    redisOutage,
    ...rpcFaults,
    reorg(2),
    reorg(FINALITY_DEPTH + 3),
  ];
  // The control row goes last (runChaos adds it after the combined rounds): a later re-publication could restore the deleted row.
}

/** Two or three faults at once, picked by the seeded generator. */
export function combined(random: Random, pool: ChaosFault[]): ChaosFault {
  const picked = random.sample(
    pool.filter((fault) => !fault.name.startsWith('reorg')),
    random.int(2, 3),
  );
  return {
    name: picked.map((fault) => fault.name).join(' & '),
    inject: async (ctx) => Math.max(...(await Promise.all(picked.map((fault) => fault.inject(ctx))))),
  };
}

/** The name of the control row, which must read exactly 1 lost / 1 duplicated / 1 stale. */
export const CONTROL = 'control: 1 row deleted, 1 forged, 1 message re-sent under a new id';

/**
 * Sabotage that the ledger must see, so a table of zeros means something: in one block of this phase, one
 * event's row is deleted from the gateway (lost), a row for an event the chain never had is forged (stale), and
 * another event's message is published again under a new message id (duplicated).
 */
export const control: ChaosFault = {
  name: CONTROL,
  inject: async ({ pipeline, load }) => {
    await load.pause();
    const block = await load.emitOnce();
    load.resume();
    const table = `${pipeline.schema('gateway')}.protocol_events`;
    const rows = await waitFor(
      async () => {
        const found = await pipeline.query<{ event_id: string }>(`SELECT event_id FROM ${table} WHERE block_number = $1 AND status = 'confirmed' ORDER BY event_id`, [String(block)]);
        return found.length >= 2 && found;
      },
      { what: `block ${block} confirmed in the gateway`, timeoutMs: 120_000, intervalMs: 250 },
    );
    const [deleted, resent] = [rows[0]!.event_id, rows[1]!.event_id];
    await pipeline.query(`DELETE FROM ${table} WHERE event_id = $1`, [deleted]);
    await pipeline.query(
      `INSERT INTO ${table} (event_id, chain_id, contract, protocol_id, kind, standard, status, block_number, block_hash, occurred_at, payload, produced_at, message_id)
       SELECT event_id || '-forged', chain_id, contract, protocol_id, kind, standard, status, block_number, block_hash, occurred_at, payload, produced_at, message_id || '-forged'
         FROM ${table} WHERE event_id = $1`,
      [resent],
    );
    const topic = pipeline.probe.namer.physical(TOPICS.protocolEvents);
    const original = pipeline.probe.on(topic).find((message) => message.value?.includes(`"eventId":"${resent}"`) && message.value.includes('"status":"confirmed"'));
    if (!original?.value) throw new Error(`no confirmed message of ${resent} on ${topic}`);
    const envelope = JSON.parse(original.value) as { id: string };
    await pipeline.probe.send(topic, [{ key: original.key ?? undefined, value: JSON.stringify({ ...envelope, id: `${envelope.id}:resent` }) }]);
    return Date.now();
  },
};
