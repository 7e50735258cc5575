import { TOPICS } from '@pum/contracts';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, waitFor } from '@pum/testing';
import { hexOf, mevDetectionMessage, rankedWallet, smartMoneyMessage, withdrawnOf } from '../test/analytics-fixtures';
import { GatewayHarness } from '../test/gateway-harness';

type Page = { items: Record<string, unknown>[]; nextCursor: string | null };

/**
 * The DEX analytics read models on real Kafka, Postgres and Redis: analytics.mev.v1 (with withdrawals) and
 * analytics.smart-money.v1 stored, served with their filters and paging, and pushed on the `analytics` channel.
 */
describe('gateway DEX analytics read models', () => {
  const token = uniqueToken('gwdex');
  const env = isolatedServiceEnv(token, { SERVICE: 'gateway' });
  const harness = new GatewayHarness(new KafkaProbe(`${token}.`), env, async () => {
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });
  const list = async (path: string): Promise<Page> => {
    const answer = await harness.get(path);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as unknown as Page;
  };
  const pushedOf = (event: string, id: string) => harness.pushed.filter((p) => p.event === event && p.message.id === id);

  beforeAll(() => harness.start([TOPICS.mevDetections, TOPICS.smartMoney]), 60_000);
  afterAll(() => harness.stop());

  const attacker = hexOf(20);
  const pool = hexOf(20);
  const first = mevDetectionMessage({ blockNumber: '100', attacker, pools: [pool] }, '2026-01-01T00:00:00.000Z');
  const second = mevDetectionMessage({ blockNumber: '110' }, '2026-01-01T00:02:00.000Z');
  const arbitrage = mevDetectionMessage({ blockNumber: '120', type: 'arbitrage', transactions: [hexOf(32)] }, '2026-01-01T00:04:00.000Z');
  const mainnet = mevDetectionMessage({ blockNumber: '100', chainId: 1 }, '2026-01-01T00:06:00.000Z');

  it('serves the standing detections with their filters and cursor paging, and a withdrawal takes one out for good', async () => {
    for (const message of [first, second, arbitrage, mainnet]) await harness.publish(TOPICS.mevDetections, message, message.payload.detectionId);
    await waitFor(async () => (await list('/api/v1/analytics/mev')).items.length === 4, { what: 'four detections stored' });

    expect((await list('/api/v1/analytics/mev')).items.map((d) => d.detectionId)).toEqual([mainnet, arbitrage, second, first].map((m) => m.payload.detectionId));
    expect((await list('/api/v1/analytics/mev')).items[3]).toEqual({ ...first.payload, occurredAt: first.occurredAt });
    const ids = async (query: string) => (await list(`/api/v1/analytics/mev?${query}`)).items.map((d) => d.detectionId);
    expect(await ids('chainId=1')).toEqual([mainnet.payload.detectionId]);
    expect(await ids('type=arbitrage')).toEqual([arbitrage.payload.detectionId]);
    expect(await ids(`attacker=${attacker.toUpperCase().replace('0X', '0x')}`)).toEqual([first.payload.detectionId]);
    expect(await ids(`pool=${pool}`)).toEqual([first.payload.detectionId]);
    expect(await ids('chainId=31337&fromBlock=105&toBlock=115')).toEqual([second.payload.detectionId]);
    expect((await harness.get('/api/v1/analytics/mev?fromBlock=9&toBlock=8')).status).toBe(400);
    expect((await harness.get('/api/v1/analytics/mev?attacker=0x12')).status).toBe(400);
    expect((await harness.get('/api/v1/analytics/mev?type=frontrun')).status).toBe(400);
    const page1 = await list('/api/v1/analytics/mev?limit=3');
    const page2 = await list(`/api/v1/analytics/mev?limit=3&cursor=${page1.nextCursor}`);
    expect([...page1.items, ...page2.items].map((d) => d.detectionId)).toEqual([mainnet, arbitrage, second, first].map((m) => m.payload.detectionId));
    expect(page2.nextCursor).toBeNull();
    expect(pushedOf('mev.detection', first.id)).toHaveLength(1);

    const withdrawal = withdrawnOf(first);
    await harness.publish(TOPICS.mevDetections, withdrawal, first.payload.detectionId);
    await waitFor(async () => !(await ids('chainId=31337')).includes(first.payload.detectionId), { what: 'the withdrawn detection gone' });
    expect(pushedOf('mev.detection', withdrawal.id).map((p) => (p.message as unknown as { payload: { status: string } }).payload.status)).toEqual(['withdrawn']);
    // A late copy of the detection does not bring it back, and is not pushed again.
    await harness.publish(TOPICS.mevDetections, first, first.payload.detectionId);
    await harness.publish(TOPICS.mevDetections, mevDetectionMessage({ blockNumber: '130' }), first.payload.detectionId); // same partition: after the copy
    await waitFor(async () => (await ids('fromBlock=130')).length === 1, { what: 'the marker after the late copy' });
    expect(await ids(`attacker=${attacker}`)).toEqual([]);
    expect(pushedOf('mev.detection', first.id)).toHaveLength(1);
    expect(harness.deadLetters(TOPICS.mevDetections)).toEqual([]);
  }, 60_000);

  it('serves the latest ranking per token or protocol, a wallet profile across rankings, and pushes each new ranking once', async () => {
    const smart = hexOf(20);
    const bot = hexOf(20);
    const tokenAddress = hexOf(20);
    const protocolId = `${token.toLowerCase().replace(/_/g, '-')}-dex`;
    const byToken = smartMoneyMessage({ scope: 'token', subject: tokenAddress, asOfBlock: '200', wallets: [rankedWallet(smart, 1), rankedWallet(bot, null)] });
    const byProtocol = smartMoneyMessage({ scope: 'protocol', subject: protocolId, asOfBlock: '200', wallets: [rankedWallet(hexOf(20), 1), rankedWallet(smart, 2)] });
    const older = smartMoneyMessage({ scope: 'token', subject: tokenAddress, asOfBlock: '150', wallets: [rankedWallet(hexOf(20), 1)] });
    // One key, so one partition: when the last is stored, the older one and the replay were handled before it.
    for (const message of [byToken, older, byToken, byProtocol]) await harness.publish(TOPICS.smartMoney, message, 'one-partition');
    await waitFor(async () => (await list(`/api/v1/analytics/smart-money?protocolId=${protocolId}`)).items.length === 1, { what: 'the protocol ranking stored' });
    await waitFor(() => pushedOf('smart_money.ranking', byProtocol.id).length === 1, { what: 'the last ranking pushed' });

    expect((await list(`/api/v1/analytics/smart-money?token=${tokenAddress.toUpperCase().replace('0X', '0x')}`)).items).toEqual([byToken.payload]);
    expect((await list(`/api/v1/analytics/smart-money?protocolId=${protocolId}&chainId=31337`)).items).toEqual([byProtocol.payload]);
    expect((await list(`/api/v1/analytics/smart-money?protocolId=${protocolId}&chainId=1`)).items).toEqual([]);
    expect((await harness.get(`/api/v1/analytics/smart-money?protocolId=${protocolId}&token=${tokenAddress}`)).status).toBe(400);
    const profile = await harness.get(`/api/v1/analytics/smart-money/${smart.toUpperCase().replace('0X', '0x')}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ address: smart, chains: [{ chainId: 31337, wallet: { address: smart, label: 'trader' } }] });
    expect((profile.body.rankings as { rankingId: string; rank: number }[]).map((r) => [r.rankingId, r.rank]).sort()).toEqual([
      [byProtocol.payload.rankingId, 2],
      [byToken.payload.rankingId, 1],
    ].sort());
    expect((await harness.get(`/api/v1/analytics/smart-money/${bot}`)).body).toMatchObject({ rankings: [{ label: 'bot', rank: null }] });
    expect((await harness.get(`/api/v1/analytics/smart-money/${hexOf(20)}`)).status).toBe(404);
    expect((await harness.get('/api/v1/analytics/smart-money/0xnothex')).status).toBe(400);
    expect(pushedOf('smart_money.ranking', byToken.id)).toHaveLength(1);
    expect(pushedOf('smart_money.ranking', older.id)).toHaveLength(0);
    expect(harness.deadLetters(TOPICS.smartMoney)).toEqual([]);
  }, 60_000);
});
