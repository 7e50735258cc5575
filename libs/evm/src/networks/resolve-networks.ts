import type { NetworkEntry } from './networks-file';
import { z } from 'zod';
import { rpcEndpointList, type RpcEndpoint } from './rpc-endpoint';

export const DEVNET_CHAIN_ID = 31337;

/**
 * One network to read: its chain id and endpoints (what every service needs), and the polling and
 * reorg settings ingest-chain's poller follows it with.
 */
export interface NetworkSettings {
  name: string;
  chainId: number;
  pollIntervalMs: number;
  confirmations: number;
  finalityDepth: number;
  startBlock: number | 'latest';
  maxBlockRange: number;
  /** Which DEX `Swap` logs to ingest: of any address, of the registry's contracts, or none. */
  dexSwaps: 'off' | 'registry' | 'all';
  endpoints: RpcEndpoint[];
  /** A WebSocket endpoint whose newHeads subscription wakes the poller on each block; none: polling alone. */
  headsUrl?: string;
}

/** The single-chain CHAIN_* keys: each one set overrides that field of the network with chain id CHAIN_ID. */
export interface SingleChainOverride {
  CHAIN_ID?: number;
  CHAIN_NAME?: string;
  CHAIN_RPC_URL?: string;
  CHAIN_RPC_ENDPOINTS?: RpcEndpoint[];
  CHAIN_WS_URL?: string;
  CHAIN_POLL_INTERVAL_MS?: number;
  CHAIN_CONFIRMATIONS?: number;
  CHAIN_FINALITY_DEPTH?: number;
  CHAIN_START_BLOCK?: number | 'latest';
  CHAIN_MAX_BLOCK_RANGE?: number;
}

/**
 * The env key holding a network's endpoints (same JSON array format as CHAIN_RPC_ENDPOINTS).
 *
 * @example rpcEnvKey('arbitrum-nova') // 'CHAIN_ARBITRUM_NOVA_RPC_ENDPOINTS'
 */
export function rpcEnvKey(name: string): string {
  return `CHAIN_${name.toUpperCase().replace(/-/g, '_')}_RPC_ENDPOINTS`;
}

/**
 * The env key holding a network's newHeads WebSocket endpoint.
 *
 * @example wsEnvKey('arbitrum-nova') // 'CHAIN_ARBITRUM_NOVA_WS_URL'
 */
export function wsEnvKey(name: string): string {
  return `CHAIN_${name.toUpperCase().replace(/-/g, '_')}_WS_URL`;
}

const wsUrl = z.url({ protocol: /^wss?$/ });

/**
 * The networks to follow. Precedence, highest first: the single-chain CHAIN_* keys (for the network
 * with chain id CHAIN_ID, default the devnet; a chain the file lacks is added); then
 * CHAIN_<NAME>_RPC_ENDPOINTS; then the file. A network runs when enabled and it has endpoints.
 * Setting CHAIN_ID to another chain runs that chain instead of the devnet (unless the devnet's own
 * RPC key is set). Problems name the key to fix.
 *
 * @example resolveNetworks(readNetworksFile(file).networks, { CHAIN_RPC_URL: 'http://127.0.0.1:8545' }, env)
 */
export function resolveNetworks(
  entries: readonly NetworkEntry[],
  override: SingleChainOverride,
  env: Record<string, string | undefined>,
): { networks: NetworkSettings[]; problems: string[] } {
  const problems: string[] = [];
  const target = override.CHAIN_ID ?? DEVNET_CHAIN_ID;
  const fromEnv = (name: string): RpcEndpoint[] | undefined => {
    const key = rpcEnvKey(name);
    const value = env[key];
    if (value === undefined || value === '') return undefined;
    const parsed = rpcEndpointList.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(...parsed.error.issues.map((issue) => `${[key, ...issue.path].join('.')}: ${issue.message}`));
    return undefined;
  };
  const wsFromEnv = (name: string): string | undefined => {
    const key = wsEnvKey(name);
    const value = env[key];
    if (value === undefined || value === '') return undefined;
    const parsed = wsUrl.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`${key}: expected a ws:// or wss:// URL, got "${value}"`);
    return undefined;
  };
  const networks: NetworkSettings[] = [];
  for (const entry of entries) {
    if (entry.chainId === target) continue; // built below, with the overrides
    const envEndpoints = fromEnv(entry.name);
    if (entry.chainId === DEVNET_CHAIN_ID && override.CHAIN_ID !== undefined && !envEndpoints) continue;
    const endpoints = envEndpoints ?? entry.rpcEndpoints;
    if (entry.enabled && endpoints) networks.push(withHeads(settingsOf(entry, endpoints), wsFromEnv(entry.name) ?? (envEndpoints ? undefined : entry.wsUrl)));
  }
  const targeted = targetNetwork(entries.find((entry) => entry.chainId === target), target, override, fromEnv, wsFromEnv, problems);
  if (targeted) networks.push(targeted);
  if (networks.length === 0 && problems.length === 0) {
    problems.push(`CHAIN_NETWORKS_FILE: no network has RPC endpoints; set ${entries.map((entry) => rpcEnvKey(entry.name)).join(', ') || 'CHAIN_RPC_URL'}`);
  }
  return { networks: networks.sort((a, b) => a.chainId - b.chainId), problems };
}

/** The network CHAIN_ID names, its file entry (if any) overridden by the CHAIN_* keys that are set. */
function targetNetwork(
  entry: NetworkEntry | undefined,
  chainId: number,
  override: SingleChainOverride,
  fromEnv: (name: string) => RpcEndpoint[] | undefined,
  wsFromEnv: (name: string) => string | undefined,
  problems: string[],
): NetworkSettings | undefined {
  const explicitRpc = override.CHAIN_RPC_ENDPOINTS ?? (override.CHAIN_RPC_URL ? [{ url: override.CHAIN_RPC_URL }] : undefined);
  const envEndpoints = entry && fromEnv(entry.name);
  const endpoints = explicitRpc ?? envEndpoints ?? entry?.rpcEndpoints;
  // The file's wsUrl belongs to the file's endpoints: endpoints from the env (another node, maybe) take theirs from the env.
  const headsUrl = override.CHAIN_WS_URL ?? (entry && wsFromEnv(entry.name)) ?? (explicitRpc || envEndpoints ? undefined : entry?.wsUrl);
  if (!entry && !endpoints) {
    // Only a problem when asked for: a networks file without the devnet is fine.
    if (override.CHAIN_ID !== undefined) problems.push(`CHAIN_ID: chain ${chainId} is not in the networks file; set CHAIN_RPC_URL or CHAIN_RPC_ENDPOINTS for it`);
    return undefined;
  }
  // An explicit CHAIN_ID or RPC for a disabled network is a request to run it.
  const requested = override.CHAIN_ID !== undefined || explicitRpc !== undefined;
  if (!endpoints || (entry && !entry.enabled && !requested)) return undefined;
  const base = entry ? settingsOf(entry, endpoints) : defaultsFor(chainId, endpoints);
  const settings: NetworkSettings = {
    ...base,
    name: override.CHAIN_NAME ?? base.name,
    pollIntervalMs: override.CHAIN_POLL_INTERVAL_MS ?? base.pollIntervalMs,
    confirmations: override.CHAIN_CONFIRMATIONS ?? base.confirmations,
    finalityDepth: override.CHAIN_FINALITY_DEPTH ?? base.finalityDepth,
    startBlock: override.CHAIN_START_BLOCK ?? base.startBlock,
    maxBlockRange: override.CHAIN_MAX_BLOCK_RANGE ?? base.maxBlockRange,
    ...(headsUrl ? { headsUrl } : {}),
  };
  if (settings.finalityDepth < settings.confirmations) {
    problems.push(`CHAIN_FINALITY_DEPTH: ${settings.finalityDepth} for chain ${chainId} must be at least its confirmations (${settings.confirmations})`);
  }
  return settings;
}

function withHeads(settings: NetworkSettings, headsUrl: string | undefined): NetworkSettings {
  return headsUrl ? { ...settings, headsUrl } : settings;
}

function settingsOf(entry: NetworkEntry, endpoints: RpcEndpoint[]): NetworkSettings {
  return {
    name: entry.name,
    chainId: entry.chainId,
    pollIntervalMs: entry.pollIntervalMs ?? Math.max(entry.blockTimeMs, 50),
    confirmations: entry.confirmations,
    finalityDepth: entry.finalityDepth,
    startBlock: entry.startBlock,
    maxBlockRange: entry.maxBlockRange,
    dexSwaps: entry.dexSwaps,
    endpoints,
  };
}

/** A chain the file does not list, configured by the CHAIN_* keys alone (the defaults of earlier versions). */
function defaultsFor(chainId: number, endpoints: RpcEndpoint[]): NetworkSettings {
  return {
    name: chainId === DEVNET_CHAIN_ID ? 'devnet' : `chain-${chainId}`,
    chainId,
    pollIntervalMs: 1000,
    confirmations: 0,
    finalityDepth: 64,
    startBlock: chainId === DEVNET_CHAIN_ID ? 0 : 'latest',
    maxBlockRange: 2000,
    dexSwaps: chainId === DEVNET_CHAIN_ID ? 'all' : 'registry',
    endpoints,
  };
}
