/**
 * What a feed is quoted in, read from real contracts on a private Hardhat node through the lib's
 * chain client, with a fault proxy in front that can fail description() as a broken transport would.
 */
import { devnetClients, type DevnetClients } from '@pum/devnet';
import { RpcServerError, createChainClient, findRpcError } from '@pum/evm';
import { FaultProxy, startDevnetNode, type DevnetNode } from '@pum/testing';
import { toFunctionSelector, type PublicClient } from 'viem';
import { deployLabelledFeed } from '../../../test/market-contracts';
import { resolveContract as sut } from './contract-resolver';

const DESCRIPTION = toFunctionSelector('function description()');
const noUsdTokens = new Set<string>();

describe('resolveContract of a feed (private devnet)', () => {
  let node: DevnetNode;
  let chain: DevnetClients;
  let proxy: FaultProxy;
  let client: PublicClient;
  let ethBtc: `0x${string}`;
  let undescribed: `0x${string}`;

  const feed = (address: `0x${string}`) => ({ chainId: 31337, address, protocolId: null });

  beforeAll(async () => {
    node = await startDevnetNode();
    chain = devnetClients(node.rpcUrl, { accountIndex: 0 });
    ethBtc = await deployLabelledFeed(chain, 8, 'ETH / BTC');
    undescribed = await deployLabelledFeed(chain, 8, '');
    proxy = await FaultProxy.start(node.rpcUrl);
    // As ingest-market builds its clients, with a short retry budget.
    client = createChainClient([{ url: proxy.url }], { selection: 'priority', maxAttempts: 2, backoff: { baseMs: 1, capMs: 1 } });
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
    await node?.stop();
  });

  afterEach(() => {
    proxy.reset();
    proxy.decide = undefined;
  });

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
