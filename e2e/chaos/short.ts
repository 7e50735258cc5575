import { kill, postgresOutage, redisOutage, reorg, rpcFaults } from './faults';
import type { ChaosOptions } from './chaos';

/** The fixed-seed short run of CI (`npm run chaos -- --short`, e2e/chaos.e2e-spec.ts). */
export const SHORT = {
  seed: 17,
  // One restart round (two services at once: ingest-chain re-publishes from its checkpoint, the gateway re-consumes
  // from its last commit), both outages, an RPC fault and a reorg inside the window: ~2.5 min on a loaded 2-core machine.
  faults: () => [kill('ingest-chain', 'gateway'), postgresOutage, redisOutage, rpcFaults[1]!, reorg(2)],
  combinedRounds: 0,
  outageMs: 5_000,
  logsPerTx: 2,
  intervalMs: 1_000,
  baselineMs: 3_000,
  recoveryTimeoutMs: 60_000,
} satisfies Omit<ChaosOptions, 'log'>;
