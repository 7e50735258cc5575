// Upgrades found in calldata before they run: used by ingest-chain (proposals, timelock operations)
// and ingest-governance (Snapshot execution plugins).
export * from './scheduled-upgrades';
export * from './signature-calldata';
export * from './upgrade-functions';
