/**
 * What a feed is quoted in, read from real contracts on a private Hardhat node through the lib's
 * chain client, with a fault proxy in front that can fail description() as a broken transport would.
 */
import { RpcServerError, findRpcError } from '@pum/evm';
import { toFunctionSelector, type PublicClient } from 'viem';
import { startFaultyChain, type FaultyChain } from '../../../test/faulty-chain';
import { deployLabelledFeed } from '../../../test/market-contracts';
import { resolveContract as sut } from './contract-resolver';

const DESCRIPTION = toFunctionSelector('function description()');
const noUsdTokens = new Set<string>();

describe('resolveContract of a feed (private devnet)', () => {
  let faulty: FaultyChain;
  let proxy: FaultyChain['proxy'];
  let client: PublicClient;
  let ethBtc: `0x${string}`;
  let undescribed: `0x${string}`;

  const feed = (address: `0x${string}`) => ({ chainId: 31337, address, protocolId: null });

  beforeAll(async () => {
    faulty = await startFaultyChain();
    ({ proxy, client } = faulty);
    ethBtc = await deployLabelledFeed(faulty.chain, 8, 'ETH / BTC');
    undescribed = await deployLabelledFeed(faulty.chain, 8, '');
  }, 120_000);

  afterAll(() => faulty?.stop());
  afterEach(() => faulty.heal());

  it('takes a feed whose description() reverts as quoted in USD', async () => {
    await expect(sut(client, feed(undescribed), 'feed', noUsdTokens)).resolves.toMatchObject({ kind: 'chainlink', decimals: 8 });
  });

  it('refuses a feed whose description names another quote', async () => {
    await expect(sut(client, feed(ethBtc), 'feed', noUsdTokens)).resolves.toMatchObject({ kind: 'unpriceable', reason: 'feed "ETH / BTC" is not quoted in USD' });
  });

  it('throws when description() fails in transport, instead of taking the feed as USD', async () => {
    proxy.decide = ({ method, params }) => {
      const call = params[0] as { data?: string; input?: string } | undefined;
      const data = call?.data ?? call?.input;
      return method === 'eth_call' && data?.startsWith(DESCRIPTION) ? { kind: 'status', status: 503 } : undefined;
    };

    const error = await sut(client, feed(ethBtc), 'feed', noUsdTokens).catch((e: unknown) => e);

    expect(findRpcError(error)).toBeInstanceOf(RpcServerError);
    expect(proxy.hits.filter((hit) => hit.method === 'eth_call')).toHaveLength(3); // decimals, then description twice
    proxy.decide = undefined;
    await expect(sut(client, feed(ethBtc), 'feed', noUsdTokens)).resolves.toMatchObject({ kind: 'unpriceable' });
  });
});
