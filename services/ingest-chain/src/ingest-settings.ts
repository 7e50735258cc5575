export const INGEST_CONFIG = Symbol('INGEST_CONFIG');

/** What the poller and decoder need from the config. */
export interface IngestSettings {
  chainId: number;
  chainName: string;
  pollIntervalMs: number;
  confirmations: number;
  finalityDepth: number;
  startBlock: number | 'latest';
  maxBlockRange: number;
}
