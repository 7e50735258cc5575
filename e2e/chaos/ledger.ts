import { TOPICS, type TopicName } from '@pum/contracts';
import { createPublicClient, http, type Address } from 'viem';
import { CONFIRMATIONS, type Pipeline } from './pipeline';

/** One log the chain holds now, by natural key. */
export interface ExpectedEvent {
  eventId: string;
  blockNumber: bigint;
  blockHash: string;
}

/** What one phase of the run (one fault) did to the data, counted over the blocks mined during it. */
export interface Violations {
  /** On the chain (at confirmation depth), but not confirmed with that block in the gateway's Postgres, or not assessed. */
  lost: number;
  /**
   * The same natural key twice: two rows in Postgres; two different message ids for one (event, status, block) on
   * protocol.events.v1 or risk.assessments.v1; one message id carrying two different payloads (the socket stream: socketDuplicated).
   */
  duplicated: number;
  /** Rows still pending or confirmed in the gateway for a block the chain no longer has. */
  stale: number;
  /** One message id pushed twice to the socket client (the gateway re-pushes a message it consumes again; open defect). */
  socketDuplicated: number;
  /** The same message id re-published identically (at-least-once; consumers dedupe by id) — reported, allowed. */
  redelivered: number;
}

export const noViolations = (): Violations => ({ lost: 0, duplicated: 0, stale: 0, socketDuplicated: 0, redelivered: 0 });

/**
 * The expected answer, derived from the chain alone: every log of the load contract by eth_getLogs,
 * straight from the node (not through the fault proxy), by `chainId:txHash:logIndex`.
 */
export async function expectedEvents(rpcUrl: string, contract: Address, toBlock?: bigint): Promise<ExpectedEvent[]> {
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: 60_000 }) });
  const chainId = await client.getChainId();
  const logs = await client.getLogs({ address: contract, fromBlock: 0n, toBlock: toBlock ?? 'latest' });
  return logs.map((log) => ({
    eventId: `${chainId}:${log.transactionHash}:${log.logIndex}`,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
  }));
}

interface StoredEvent {
  event_id: string;
  status: string;
  block_number: string;
  block_hash: string;
}

/**
 * Expected events at confirmation depth that the gateway does not hold confirmed with the same block
 * (or has no confirmed assessment of) — what "caught up" waits for, and what "lost" counts at the end.
 */
export async function missing(pipeline: Pipeline, expected: ExpectedEvent[], head: bigint): Promise<ExpectedEvent[]> {
  const gateway = pipeline.schema('gateway');
  const rows = await pipeline.query<StoredEvent & { assessed: boolean }>(
    `SELECT e.event_id, e.status, e.block_number, e.block_hash,
            EXISTS (SELECT 1 FROM ${gateway}.risk_assessments r WHERE r.upgrade_id = e.event_id AND r.subject_status = 'confirmed') AS assessed
       FROM ${gateway}.protocol_events e WHERE e.status = 'confirmed'`,
  );
  const held = new Map(rows.filter((row) => row.assessed).map((row) => [row.event_id, row.block_hash]));
  return expected.filter((event) => event.blockNumber <= head - BigInt(CONFIRMATIONS) && held.get(event.eventId) !== event.blockHash);
}

/** Phase index of a block hash (the block the load generator mined during that phase); -1 when unknown. */
export type PhaseOf = (blockHash: string) => number;

/** The final count, per phase: lost, duplicated, stale, redelivered. */
export async function countViolations(
  pipeline: Pipeline,
  expected: ExpectedEvent[],
  head: bigint,
  phaseOf: PhaseOf,
  phases: number,
  socketIds: readonly { id: string; blockHash: string }[],
): Promise<Violations[]> {
  const out = Array.from({ length: phases }, noViolations);
  const add = (blockHash: string, field: keyof Violations, n = 1) => {
    const phase = phaseOf(blockHash);
    const slot = out[phase >= 0 ? phase : 0];
    if (slot) slot[field] += n;
  };
  for (const event of await missing(pipeline, expected, head)) add(event.blockHash, 'lost');

  const gateway = pipeline.schema('gateway');
  const canonical = new Set(expected.map((event) => `${event.eventId}@${event.blockHash}`));
  const rows = await pipeline.query<StoredEvent>(`SELECT event_id, status, block_number, block_hash FROM ${gateway}.protocol_events`);
  for (const row of rows) if (row.status !== 'retracted' && !canonical.has(`${row.event_id}@${row.block_hash}`)) add(row.block_hash, 'stale');
  const upgrades = await pipeline.query<{ id: string; status: string; block_hash: string }>(`SELECT id, status, block_hash FROM ${gateway}.upgrades`);
  for (const row of upgrades) if (row.status !== 'retracted' && !canonical.has(`${row.id}@${row.block_hash}`)) add(row.block_hash, 'stale');

  // Postgres: the natural key twice in either read model.
  const twice = await pipeline.query<{ block_hash: string; n: string }>(
    `SELECT min(block_hash) AS block_hash, count(*) AS n FROM ${gateway}.protocol_events
      GROUP BY chain_id, payload->>'transactionHash', payload->>'logIndex' HAVING count(*) > 1
     UNION ALL
     SELECT min(block_hash), count(*) FROM ${gateway}.upgrades GROUP BY chain_id, transaction_hash, log_index HAVING count(*) > 1`,
  );
  for (const row of twice) add(row.block_hash, 'duplicated', Number(row.n) - 1);

  // The output topics: one message id per natural key (what was said, about which event, in which block). A second
  // id for the same statement is a duplicate; the same id again with the same payload a redelivery; with another
  // payload a duplicate too (consumers that dedupe by id would keep either).
  const topics: [TopicName, (id: string, payload: Record<string, unknown>) => [key: string, blockHash: string]][] = [
    [TOPICS.protocolEvents, (_, p) => [`${String(p.eventId)}:${String(p.status)}@${String(p.blockHash)}`, String(p.blockHash)]],
    // An assessment's payload names its event, not the block: that is in its id (`…:<status>@<blockHash>`).
    [TOPICS.riskAssessments, (id, p) => [`${String(p.assessmentId)}:${String(p.subjectStatus)}@${id.split('@')[1] ?? ''}`, id.split('@')[1] ?? '']],
  ];
  for (const [topic, naturalKey] of topics) {
    const byKey = new Map<string, Map<string, string>>();
    for (const message of pipeline.probe.on(pipeline.probe.namer.physical(topic))) {
      const envelope = JSON.parse(message.value ?? '{}') as { id: string; payload: Record<string, unknown> };
      const [key, blockHash] = naturalKey(envelope.id, envelope.payload);
      const ids = byKey.get(key) ?? new Map<string, string>();
      byKey.set(key, ids);
      const content = JSON.stringify({ ...envelope.payload, assessedAt: undefined });
      const before = ids.get(envelope.id);
      if (before === undefined) {
        if (ids.size > 0) add(blockHash, 'duplicated');
        ids.set(envelope.id, content);
      } else add(blockHash, before === content ? 'redelivered' : 'duplicated');
    }
  }

  const seen = new Set<string>();
  for (const { id, blockHash } of socketIds) {
    if (seen.has(id)) add(blockHash, 'socketDuplicated');
    seen.add(id);
  }
  return out;
}
