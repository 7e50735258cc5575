import { join } from 'node:path';
import { readNetworksFile } from './networks-file';
import { resolveNetworks as sut, rpcEnvKey } from './resolve-networks';

const shipped = readNetworksFile(join(__dirname, '..', '..', '..', '..', 'config', 'networks.yaml'));
const entries = shipped.networks;
const ALCHEMY = '[{"url":"https://eth.example/v2/KEY","weight":3,"rateLimitPerSecond":25},{"url":"https://backup.example"}]';

describe('the shipped networks file', () => {
  it('lists Ethereum, Polygon, Arbitrum, Optimism, Base and the devnet with their real chain ids', () => {
    expect(shipped.problems).toEqual([]);
    expect(entries.map((n) => [n.name, n.chainId])).toEqual([
      ['ethereum', 1],
      ['polygon', 137],
      ['arbitrum', 42161],
      ['optimism', 10],
      ['base', 8453],
      ['devnet', 31337],
    ]);
  });
});

describe('resolveNetworks', () => {
  it('runs only the devnet when no public chain has RPC endpoints in the env', () => {
    const { networks, problems } = sut(entries, {}, {});

    expect(problems).toEqual([]);
    expect(networks).toEqual([
      { name: 'devnet', chainId: 31337, pollIntervalMs: 1000, confirmations: 0, finalityDepth: 64, startBlock: 0, maxBlockRange: 2000, dexSwaps: 'all', endpoints: [{ url: 'http://127.0.0.1:8545' }], headsUrl: 'ws://127.0.0.1:8545' },
    ]);
  });

  it("takes a network's newHeads WebSocket from the file with the file's endpoints, and from the env with the env's", () => {
    const devnet = (override: Parameters<typeof sut>[1], env: Record<string, string> = {}) => sut(entries, override, env).networks.find((n) => n.chainId === 31337);
    expect(devnet({})?.headsUrl).toBe('ws://127.0.0.1:8545');
    // Another node by CHAIN_RPC_URL: the file's WebSocket is of the default node, so none unless CHAIN_WS_URL says it.
    expect(devnet({ CHAIN_RPC_URL: 'http://127.0.0.1:9545' })?.headsUrl).toBeUndefined();
    expect(devnet({ CHAIN_RPC_URL: 'http://127.0.0.1:9545', CHAIN_WS_URL: 'ws://127.0.0.1:9545' })?.headsUrl).toBe('ws://127.0.0.1:9545');
    expect(devnet({}, { CHAIN_DEVNET_RPC_ENDPOINTS: '[{"url":"http://10.0.0.2:8545"}]' })?.headsUrl).toBeUndefined();
    expect(devnet({}, { CHAIN_DEVNET_RPC_ENDPOINTS: '[{"url":"http://10.0.0.2:8545"}]', CHAIN_DEVNET_WS_URL: 'ws://10.0.0.2:8545' })?.headsUrl).toBe('ws://10.0.0.2:8545');

    const { networks, problems } = sut(entries, {}, { CHAIN_ETHEREUM_RPC_ENDPOINTS: ALCHEMY, CHAIN_ETHEREUM_WS_URL: 'wss://eth.example/ws/KEY', CHAIN_BASE_RPC_ENDPOINTS: '[{"url":"https://base.example"}]', CHAIN_BASE_WS_URL: 'https://base.example' });
    expect(networks.find((n) => n.chainId === 1)?.headsUrl).toBe('wss://eth.example/ws/KEY');
    expect(networks.find((n) => n.chainId === 8453)?.headsUrl).toBeUndefined();
    expect(problems).toEqual(['CHAIN_BASE_WS_URL: expected a ws:// or wss:// URL, got "https://base.example"']);
  });

  it('runs a public chain whose CHAIN_<NAME>_RPC_ENDPOINTS is set, with the file settings and weighted endpoints', () => {
    const { networks } = sut(entries, {}, { CHAIN_ETHEREUM_RPC_ENDPOINTS: ALCHEMY, CHAIN_BASE_RPC_ENDPOINTS: '[{"url":"https://base.example"}]' });

    expect(networks.map((n) => n.chainId)).toEqual([1, 8453, 31337]);
    expect(networks[0]).toMatchObject({ name: 'ethereum', confirmations: 12, finalityDepth: 128, startBlock: 'latest' });
    expect(networks[0]?.endpoints).toEqual([{ url: 'https://eth.example/v2/KEY', weight: 3, rateLimitPerSecond: 25 }, { url: 'https://backup.example' }]);
  });

  it('lets the single-chain CHAIN_* keys override the devnet, field by field', () => {
    const { networks } = sut(entries, { CHAIN_RPC_URL: 'http://127.0.0.1:9545', CHAIN_CONFIRMATIONS: 2, CHAIN_FINALITY_DEPTH: 10 }, {});

    expect(networks).toEqual([expect.objectContaining({ chainId: 31337, confirmations: 2, finalityDepth: 10, pollIntervalMs: 1000, endpoints: [{ url: 'http://127.0.0.1:9545' }] })]);
  });

  it('runs the CHAIN_ID chain instead of the devnet in single-chain mode, with the file settings for it', () => {
    const { networks } = sut(entries, { CHAIN_ID: 1, CHAIN_RPC_URL: 'https://eth.example' }, {});

    expect(networks).toEqual([expect.objectContaining({ name: 'ethereum', chainId: 1, confirmations: 12, endpoints: [{ url: 'https://eth.example' }] })]);
  });

  it('adds a chain the file lacks from the CHAIN_* keys alone', () => {
    const { networks } = sut(entries, { CHAIN_ID: 100, CHAIN_NAME: 'gnosis', CHAIN_RPC_URL: 'https://gnosis.example' }, {});

    expect(networks).toEqual([expect.objectContaining({ name: 'gnosis', chainId: 100, startBlock: 'latest', finalityDepth: 64 })]);
  });

  it('keeps a disabled network off even with its RPC key set', () => {
    const disabled = entries.map((n) => (n.name === 'polygon' ? { ...n, enabled: false } : n));

    expect(sut(disabled, {}, { CHAIN_POLYGON_RPC_ENDPOINTS: ALCHEMY }).networks.map((n) => n.chainId)).toEqual([31337]);
  });

  it.each([
    ['an RPC key that is not JSON', {}, { CHAIN_ARBITRUM_RPC_ENDPOINTS: 'https://arb.example' }, /^CHAIN_ARBITRUM_RPC_ENDPOINTS: expected a JSON array/],
    ['an endpoint with a misspelt key', {}, { CHAIN_OPTIMISM_RPC_ENDPOINTS: '[{"url":"https://op.example","wieght":2}]' }, /^CHAIN_OPTIMISM_RPC_ENDPOINTS\.0: Unrecognized key: "wieght"/],
    ['a finality depth below the confirmations', { CHAIN_CONFIRMATIONS: 20, CHAIN_FINALITY_DEPTH: 10 }, {}, /^CHAIN_FINALITY_DEPTH: 10 for chain 31337 must be at least its confirmations \(20\)/],
    ['a CHAIN_ID neither in the file nor given an RPC', { CHAIN_ID: 100 }, {}, /^CHAIN_ID: chain 100 is not in the networks file/],
  ])('names the key at fault for %s', (_case, override, env, problem) => {
    const { problems } = sut(entries, override, env);

    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it('names the keys to set when no network can run', () => {
    const noDevnet = entries.filter((n) => n.chainId !== 31337);

    expect(sut(noDevnet, {}, {}).problems).toEqual([expect.stringContaining('CHAIN_ETHEREUM_RPC_ENDPOINTS, CHAIN_POLYGON_RPC_ENDPOINTS')]);
  });

  it('derives the RPC key from the network name', () => {
    expect(rpcEnvKey('arbitrum-nova')).toBe('CHAIN_ARBITRUM_NOVA_RPC_ENDPOINTS');
  });
});
