import { type ClientToServerEvents, type MessageOf, type ServerToClientEvents } from '@pum/contracts';
import {
  approveErc20,
  createUniswapV3Pool,
  deployErc20,
  deployUniswapV3Caller,
  deployUniswapV3Factory,
  devnetClients,
  sqrtPriceX96,
  transferErc20,
  type DevnetClients,
  type UniswapV3Pool,
} from '@pum/devnet';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, startDevnetNode, uniqueToken, waitFor, type DevnetNode, type SpawnedService } from '@pum/testing';
import { io, type Socket } from 'socket.io-client';
import { encodeFunctionData, maxUint256, parseAbi, parseGwei, type Address, type Hash, type Hex } from 'viem';

const v3CallerAbi = parseAbi(['function swap(address pool, bool zeroForOne, int256 amountIn, uint160 sqrtPriceLimitX96)']);
const MIN_SQRT_PRICE_LIMIT = 4_295_128_740n;
const MAX_SQRT_PRICE_LIMIT = 1_461_446_703_485_210_103_287_273_052_203_988_822_378_723_970_341n;
const E6 = 10n ** 6n;
const E18 = 10n ** 18n;

/**
 * A sandwich on a private devnet (Uniswap's real V3 pool; automine off orders the block) end to end, each service in its
 * own process as `npm start` runs it: ingest-chain → dex.swaps.v1 → analytics → analytics.mev.v1 and
 * analytics.smart-money.v1 → gateway → REST and the Socket.IO `analytics` channel; the block reorged out withdraws the
 * detection on both and takes its swaps out of the ranking.
 */
describe('a sandwich on the devnet reaches the gateway, its attacker labelled in the smart-money ranking, and its withdrawal too', () => {
  const token = uniqueToken('e2emev');
  const probe = new KafkaProbe(`${token}.`);
  const services: SpawnedService[] = [];
  let node: DevnetNode;
  let bot: DevnetClients;
  let victim: DevnetClients;
  let v3: UniswapV3Pool;
  let usdFirst: boolean;
  let usd: Address;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

  const rpc = (method: string, params: unknown[] = []) => (bot.publicClient.request as (args: { method: string; params: unknown[] }) => Promise<unknown>)({ method, params });
  const sendSwap = async (c: DevnetClients, sellUsd: boolean, amountIn: bigint, tipGwei: string): Promise<Hash> => {
    const zeroForOne = sellUsd === usdFirst;
    const data = encodeFunctionData({ abi: v3CallerAbi, functionName: 'swap', args: [v3.pool, zeroForOne, amountIn, zeroForOne ? MIN_SQRT_PRICE_LIMIT : MAX_SQRT_PRICE_LIMIT] });
    const nonce = await c.publicClient.getTransactionCount({ address: c.account.address, blockTag: 'pending' });
    return c.walletClient.sendTransaction({ to: v3.caller, data, gas: 1_000_000n, nonce, maxFeePerGas: parseGwei('200'), maxPriorityFeePerGas: parseGwei(tipGwei) });
  };

  beforeAll(async () => {
    node = await startDevnetNode();
    bot = devnetClients(node.rpcUrl, { accountIndex: 0 });
    victim = devnetClients(node.rpcUrl, { accountIndex: 1 });
    usd = (await deployErc20(bot, { name: 'Test USD', symbol: 'tUSD', decimals: 6, supply: 10n ** 15n })).address;
    const other = (await deployErc20(bot, { name: 'Test Token', symbol: 'TT', decimals: 18, supply: 10n ** 27n })).address;
    usdFirst = usd.toLowerCase() < other.toLowerCase();
    const factory = await deployUniswapV3Factory(bot);
    const caller = await deployUniswapV3Caller(bot);
    const ratio = usdFirst ? 1e18 / 2.5 / 1e6 : (2.5 * 1e6) / 1e18;
    v3 = await createUniswapV3Pool(bot, { factory, caller, tokens: [usd, other], sqrtPriceX96: sqrtPriceX96(ratio), liquidity: BigInt(Math.floor(Math.sqrt(500_000e6 * 200_000e18))) });
    await transferErc20(bot, usd, victim.account.address, 1_000_000n * E6);
    await approveErc20(victim, usd, caller, maxUint256);

    await probe.createTopics();
    const env = (service: string, extra: Record<string, string> = {}) => ({ ...isolatedServiceEnv(token, { SERVICE: service, ...extra }), DATABASE_SCHEMA: `${token}_${service}`.toLowerCase() });
    services.push(
      ...(await Promise.all([
        spawnService('gateway', env('gateway'), 90_000),
        spawnService('analytics', env('analytics', { SMART_MONEY_PUBLISH_INTERVAL_MS: '300' }), 90_000),
        spawnService('ingest-chain', env('chain', { CHAIN_RPC_URL: node.rpcUrl, CHAIN_START_BLOCK: '0', CHAIN_POLL_INTERVAL_MS: '100' }), 90_000),
      ])),
    );
  }, 180_000);

  afterAll(async () => {
    socket?.disconnect();
    await Promise.all(services.map((service) => service.stop()));
    await node?.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    for (const service of ['gateway', 'analytics', 'chain']) await dropSchema(`${token}_${service}`.toLowerCase());
  });

  it('serves the detected sandwich over REST and pushes it on the analytics channel, labels its attacker; the reorg withdraws it on both', async () => {
    const gateway = services[0] as SpawnedService;
    const pushed: MessageOf<'analytics.mev.v1'>[] = [];
    socket = io(gateway.url, { transports: ['websocket'] });
    socket.on('mev.detection', (message) => pushed.push(message));
    await expect(socket.timeout(10_000).emitWithAck('subscribe', { channels: ['analytics'] })).resolves.toMatchObject({ ok: true });
    const listed = async () => ((await (await fetch(`${gateway.url}/api/v1/analytics/mev?type=sandwich&chainId=31337`)).json()) as { items: { detectionId: string; transactions: string[]; victims: string[] }[] }).items;

    const snapshot = (await rpc('evm_snapshot')) as Hex;
    await rpc('evm_setAutomine', [false]);
    const front = await sendSwap(bot, true, 20_000n * E6, '30');
    const victimTx = await sendSwap(victim, true, 50_000n * E6, '20');
    const back = await sendSwap(bot, false, 7_000n * E18, '10');
    await rpc('evm_mine');
    await rpc('evm_setAutomine', [true]);

    const served = await waitFor(async () => (await listed()).find((d) => d.transactions[0] === front.toLowerCase()), { what: 'the sandwich on REST', timeoutMs: 90_000 });
    expect(served).toMatchObject({ transactions: [front.toLowerCase(), back.toLowerCase()], victims: [victimTx.toLowerCase()] });
    await waitFor(() => pushed.find((m) => m.payload.detectionId === served.detectionId && m.payload.status === 'detected'), { what: 'the sandwich on the analytics channel' });
    // The devnet confirms at once: the same swaps reach the smart-money ranking of tUSD, the bot labelled, the victim ranked.
    const walletsOfUsd = async () =>
      ((await (await fetch(`${gateway.url}/api/v1/analytics/smart-money?token=${usd}&chainId=31337`)).json()) as { items: { wallets: { address: string; label: string; rank: number | null }[] }[] }).items[0]?.wallets ?? [];
    const ranked = await waitFor(
      async () => {
        const wallets = await walletsOfUsd();
        return wallets.some((w) => w.address === bot.account.address.toLowerCase()) && wallets.some((w) => w.address === victim.account.address.toLowerCase()) ? wallets : undefined;
      },
      { what: 'the smart-money ranking of tUSD on REST', timeoutMs: 60_000 },
    );
    expect(ranked.find((w) => w.address === bot.account.address.toLowerCase())).toMatchObject({ label: 'mev', rank: null });
    expect(ranked.find((w) => w.address === victim.account.address.toLowerCase())).toMatchObject({ label: 'trader', rank: 1 });

    await rpc('evm_revert', [snapshot]);
    for (let i = 0; i < 3; i++) await rpc('evm_mine');

    await waitFor(() => pushed.find((m) => m.payload.detectionId === served.detectionId && m.payload.status === 'withdrawn'), { what: 'the withdrawal on the analytics channel', timeoutMs: 90_000 });
    expect((await listed()).map((d) => d.detectionId)).not.toContain(served.detectionId);
    await waitFor(async () => !(await walletsOfUsd()).some((w) => w.address === victim.account.address.toLowerCase()), { what: "the victim's retracted swap out of the ranking", timeoutMs: 60_000 });
  }, 240_000);
});
