/**
 * ingest-chain in its own process for the backfill benchmark, forked by backfill.ts with the
 * service's environment (config via `loadIngestChainConfig`, as `main.ts` does) plus:
 *   BENCH_DECODER=on   the service as shipped: `startIngestChain` (poller + raw-log decoder consumer);
 *   BENCH_DECODER=off  the same module without the RawLogsConsumer provider, so no Kafka consumer
 *                      runs and only the poller works (isolates the publication path).
 * Talks to the parent over IPC: sends `starting` (epoch ms, just before the service is created) and
 * `started`; answers `report` with the profile (instrument.ts), peak RSS and CPU time. The service's
 * JSON log lines go to stdout. SIGTERM closes it like the real service.
 * BENCH_CPU_PROFILE=<file>: also a V8 CPU profile from creation to `report`, written to <file>
 * (open it in Chrome DevTools or summarise it with cpu-profile.ts).
 */
import 'reflect-metadata';
import { JsonLogger, startService } from '@pum/platform';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { AppModule, SERVICE_NAME } from '../../services/ingest-chain/src/app.module';
import { loadIngestChainConfig } from '../../services/ingest-chain/src/config';
import { startIngestChain } from '../../services/ingest-chain/src/create-app';
import { RawLogsConsumer } from '../../services/ingest-chain/src/decoding/raw-logs.consumer';
import { installProfiler, type Profile } from './instrument';

export type ChildMessage =
  | { type: 'starting'; at: number }
  | { type: 'started'; at: number }
  | { type: 'report'; profile: Profile; maxRssKb: number; cpuMs: number; at: number }
  | { type: 'failed'; error: string };

export type ParentMessage = { type: 'report' };

const now = (): number => performance.timeOrigin + performance.now();

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = loadIngestChainConfig(process.env);
  const decoder = process.env.BENCH_DECODER !== 'off';
  const profiler = installProfiler({ topicPrefix: config.KAFKA_TOPIC_PREFIX });
  const logger = new JsonLogger(SERVICE_NAME, config.LOG_LEVEL);
  const cpuAtStart = process.cpuUsage();

  const cpuProfileFile = process.env.BENCH_CPU_PROFILE;
  const inspector = cpuProfileFile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }

  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'report') return;
    const cpu = process.cpuUsage(cpuAtStart);
    const report: ChildMessage = { type: 'report', profile: profiler.snapshot(), maxRssKb: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000, at: now() };
    if (!inspector || !cpuProfileFile) return send(report);
    void inspector
      .post('Profiler.stop')
      .then(({ profile }) => writeFileSync(cpuProfileFile, JSON.stringify(profile)))
      .finally(() => send(report));
  });

  send({ type: 'starting', at: now() });
  if (decoder) {
    await startIngestChain(config, logger);
  } else {
    const module = AppModule.register(config, logger);
    module.providers = module.providers?.filter((provider) => provider !== RawLogsConsumer);
    await startService(module, { logger, host: config.HTTP_HOST, port: config.HTTP_PORT });
  }
  send({ type: 'started', at: now() });
}

main().catch((error: unknown) => {
  const failed: ChildMessage = { type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  if (process.send) process.send(failed, () => process.exit(1));
  else process.exit(1);
});
