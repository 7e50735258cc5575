/**
 * The scanner's tick times on a real Uniswap V2 pair on a private Hardhat node, read through the lib's
 * chain client with a fault proxy in front that can take the timestamp out of the node's blocks.
 */
import type { DevnetClients } from '@pum/devnet';
import type { PublicClient } from 'viem';
import { startFaultyChain, type FaultyChain } from '../../../test/faulty-chain';
import { deployToken, deployV2Pair } from '../../../test/market-contracts';
import { resolveContract, type PricedContract } from './contract-resolver';
import { ContractScanner } from './contract-scanner';

const E18 = 10n ** 18n;

describe('ContractScanner block times (private devnet)', () => {
  let faulty: FaultyChain;
  let chain: DevnetClients;
  let proxy: FaultyChain['proxy'];
  let client: PublicClient;
  let priced: PricedContract;
  let head: bigint;
  let sut: ContractScanner;

  beforeAll(async () => {
    faulty = await startFaultyChain();
    ({ chain, proxy, client } = faulty);
    const usd = await deployToken(chain, 10n ** 12n * E18);
    const weth = await deployToken(chain, 10n ** 9n * E18);
    const pair = await deployV2Pair(chain, [usd, 2_000_000n * E18], [weth, 1_000n * E18]);
    head = await chain.publicClient.getBlockNumber();
    const resolved = await resolveContract(client, { chainId: 31337, address: pair, protocolId: null }, 'pool', new Set([`31337:${usd}`]));
    if (resolved.kind !== 'uniswap-v2') throw new Error(`expected a V2 pair, got ${resolved.kind}`);
    priced = resolved;
    sut = new ContractScanner(client, { maxBlockRange: 100, windowSeconds: 3600 });
  }, 120_000);

  afterAll(() => faulty?.stop());
  afterEach(() => faulty.heal());

  it('stamps each tick with its block time', async () => {
    const { ticks } = await sut.scan(priced, 0n, head, null);

    const mint = (await chain.publicClient.getBlock({ blockNumber: head })).timestamp;
    expect(ticks.map((tick) => tick.metric)).toEqual(['price', 'tvl']);
    expect(ticks.every((tick) => tick.timestamp === new Date(Number(mint) * 1000).toISOString())).toBe(true);
  });

  it('fails the scan, naming the block, when the node answers a block without its timestamp', async () => {
    proxy.decide = ({ method }) =>
      method === 'eth_getBlockByNumber' ? { kind: 'rewrite', rewrite: (body) => body.replace('"timestamp"', '"timestamp_removed"') } : undefined;

    await expect(sut.scan(priced, 0n, head, null)).rejects.toThrow(new RegExp(`block ${head}: the node answered without a timestamp`));
  });
});
