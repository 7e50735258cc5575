/**
 * Where the benchmarked ingest-chain process spends its time, measured from outside the service
 * code: wraps what the poller calls (JSON-RPC over fetch, per method; the validating publisher;
 * the zod schema; the kafkajs producer; the Postgres chain-state repository) and adds up calls,
 * items and milliseconds. Install before the service is created. Costs a few microseconds a call.
 *
 * @example const profile = installProfiler({ topicPrefix: 'bench.' }); … profile.snapshot() // { 'rpc eth_getLogs': { calls, ms, … } }
 */
import { catalogue, TOPICS } from '@pum/contracts';
import { EventPublisher } from '@pum/platform';
import { Kafka, type ProducerRecord } from 'kafkajs';
import { ChainStateRepository } from '../../services/ingest-chain/src/polling/chain-state.repository';

export interface Stat {
  calls: number;
  /** Items handled (logs returned, messages validated or sent); 0 where it means nothing. */
  items: number;
  /** Bytes moved (RPC response bodies, Kafka message values); 0 where not measured. */
  bytes: number;
  ms: number;
  maxMs: number;
  /** Epoch ms of the first start and the last end, to place the stat on the run's timeline. */
  firstStart: number;
  lastEnd: number;
}

export type Profile = Record<string, Stat>;

const now = (): number => performance.timeOrigin + performance.now();

export class Profiler {
  private readonly stats: Profile = {};

  record(name: string, started: number, items = 0, bytes = 0): void {
    const ended = now();
    const stat = (this.stats[name] ??= { calls: 0, items: 0, bytes: 0, ms: 0, maxMs: 0, firstStart: started, lastEnd: ended });
    const ms = ended - started;
    stat.calls += 1;
    stat.items += items;
    stat.bytes += bytes;
    stat.ms += ms;
    stat.maxMs = Math.max(stat.maxMs, ms);
    stat.lastEnd = ended;
  }

  async time<T>(name: string, run: () => Promise<T>, items = 0, bytes = 0): Promise<T> {
    const started = now();
    const result = await run();
    this.record(name, started, items, bytes);
    return result;
  }

  snapshot(): Profile {
    return structuredClone(this.stats);
  }
}

/** JSON-RPC method names of a request body (a batch counts each). */
function rpcMethods(body: unknown): string {
  if (typeof body !== 'string') return 'unknown';
  try {
    const parsed = JSON.parse(body) as { method?: string } | { method?: string }[];
    return Array.isArray(parsed) ? `batch(${parsed.map((p) => p.method).join(',')})` : (parsed.method ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** RPC time per method, from request to parsed response body (viem's http transport uses global fetch). */
function instrumentFetch(profiler: Profiler): void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const started = now();
    const name = `rpc ${rpcMethods(init?.body)}`;
    const response = await original(input, init);
    const json = response.json.bind(response);
    const text = response.text.bind(response);
    response.json = async () => {
      const value = (await json()) as { result?: unknown };
      profiler.record(name, started, Array.isArray(value?.result) ? value.result.length : 0);
      return value;
    };
    response.text = async () => {
      const value = await text();
      profiler.record(name, started, 0, value.length);
      return value;
    };
    return response;
  };
}

/** Publisher time per topic (validation + JSON.stringify + send), and its parts. */
function instrumentPublishing(profiler: Profiler, topicPrefix: string): void {
  const publish = EventPublisher.prototype.publish;
  EventPublisher.prototype.publish = async function (this: EventPublisher, topic, messages) {
    return profiler.time(`publish ${topic} (validate+stringify+send)`, () => publish.call(this, topic, messages) as Promise<void>, messages.length);
  };

  for (const topic of [TOPICS.chainLogsRaw, TOPICS.protocolEvents] as const) {
    const schema = catalogue[topic] as unknown as { safeParse: (value: unknown) => unknown };
    const safeParse = schema.safeParse.bind(schema);
    schema.safeParse = (value: unknown) => {
      const started = now();
      const result = safeParse(value);
      profiler.record(`  zod safeParse ${topic}`, started, 1);
      return result;
    };
  }

  const createProducer = Kafka.prototype.producer;
  Kafka.prototype.producer = function (this: Kafka, ...args: Parameters<Kafka['producer']>) {
    const producer = createProducer.apply(this, args);
    const send = producer.send.bind(producer);
    producer.send = (record: ProducerRecord) => {
      const topic = record.topic.startsWith(topicPrefix) ? record.topic.slice(topicPrefix.length) : record.topic;
      const bytes = record.messages.reduce((sum, m) => sum + (typeof m.value === 'string' ? m.value.length : (m.value?.length ?? 0)), 0);
      return profiler.time(`  kafkajs producer.send ${topic}`, () => send(record), record.messages.length, bytes);
    };
    return producer;
  };
}

/** Postgres time: every method of the chain-state repository. */
function instrumentRepository(profiler: Profiler): void {
  const prototype = ChainStateRepository.prototype as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const method = prototype[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      return profiler.time(`postgres ${name}`, () => Promise.resolve((method as (...a: unknown[]) => unknown).apply(this, args)));
    };
  }
}

/** Installs every wrapper; returns the profiler that collects their times. */
export function installProfiler(options: { topicPrefix: string }): Profiler {
  const profiler = new Profiler();
  instrumentFetch(profiler);
  instrumentPublishing(profiler, options.topicPrefix);
  instrumentRepository(profiler);
  return profiler;
}
