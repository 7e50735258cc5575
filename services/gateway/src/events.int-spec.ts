import { TOPICS, type MessageOf } from '@pum/contracts';
import { KafkaProbe, assessmentOf, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayHarness } from '../test/gateway-harness';
import {
  eventCommon,
  governedUpgrade,
  kindFields,
  lifecycleMessage,
  liquidityMessage,
  priceSeries,
  proposalMessage,
  protocolEventMessage,
  sentimentMessage,
  volatilityMessage,
} from '../test/messages';

type Body = Record<string, unknown>;
type EventMessage = MessageOf<'protocol.events.v1'>;

const address = () => `0x${randomBytes(20).toString('hex')}` as `0x${string}`;
const hash = () => `0x${randomBytes(32).toString('hex')}` as `0x${string}`;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const daysAgo = (days: number) => minutesAgo(days * 24 * 60);

describe('gateway protocol events and protocols (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const harness = new GatewayHarness(
    new KafkaProbe(`${token}.`),
    isolatedServiceEnv(token, { SERVICE: 'gateway', PROTOCOL_REGISTRY_FILE: registryFile }),
    async () => {
      await clearRedisPrefix(`${token}:`);
      await dropSchema(token.toLowerCase());
      await rm(registryFile, { force: true });
    },
  );
  const { pushed } = harness;
  /** The registry's protocols: `summarised` gets data of every read model, `quiet` none. */
  const summarised = `${token.toLowerCase().replace(/_/g, '-')}-vault`;
  const quiet = `${token.toLowerCase().replace(/_/g, '-')}-quiet`;
  const registryContracts = [address(), address(), address()];
  let protocolCounter = 0;
  /** A protocol id of its own per test (not in the registry: events are stored whatever their protocol). */
  const protocolId = () => `${token.toLowerCase().replace(/_/g, '-')}-p${++protocolCounter}`;
  const items = (body: Body) => body.items as Body[];
  /** Waits until the path answers 200 and `ready` holds for its body. */
  const read = (path: string, ready: (body: Body) => boolean = () => true) =>
    waitFor(async () => {
      const response = await harness.get(path);
      return response.status === 200 && ready(response.body) && response.body;
    }, { what: `GET ${path}` });
  /** Publishes on the key of the event's contract, as ingest-chain does: one contract's events stay in order. */
  const publish = (message: EventMessage, key = `${message.payload.chainId}:${message.payload.contract}`) => harness.publish(TOPICS.protocolEvents, message, key);
  /**
   * Publishes `marker` on `key` after what came before and waits until it is stored: everything
   * published before it on the same key has been handled by then.
   */
  const settle = async (key: string, protocol: string) => {
    const marker = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.voteCast());
    await publish(marker, key);
    await read(`/api/v1/events/${marker.payload.eventId}`);
    return marker;
  };

  beforeAll(async () => {
    await writeFile(
      registryFile,
      [
        'protocols:',
        `  - id: ${summarised}`,
        '    name: Summarised Vault',
        '    coingeckoId: summarised-token',
        '    contracts:',
        `      - { chainId: 31337, address: '${registryContracts[0]}', role: proxy }`,
        `      - { chainId: 31337, address: '${registryContracts[1]}', role: safe }`,
        `      - { chainId: 1, address: '${registryContracts[2]}', role: timelock }`,
        `  - id: ${quiet}`,
        '    name: Quiet Protocol',
        '',
      ].join('\n'),
    );
    await harness.start([TOPICS.protocolEvents]);
  });
  afterAll(() => harness.stop());

  describe('GET /api/v1/events', () => {
    it('stores events of every family and serves each with its kind-specific fields', async () => {
      const protocol = protocolId();
      const messages = [kindFields.paused(), kindFields.roleGranted(), kindFields.ownershipTransferred(), kindFields.safeThresholdLowered(), kindFields.timelockDelayChanged(), kindFields.voteCast()].map(
        (fields, i) => protocolEventMessage(eventCommon({ protocolId: protocol }), fields, { occurredAt: minutesAgo(10 - i) }),
      );
      const upgrade = upgradedMessage({ protocolId: protocol }, minutesAgo(1));
      for (const message of [...messages, upgrade]) await publish(message);

      const list = await read(`/api/v1/events?protocolId=${protocol}`, (body) => items(body).length === 7);
      expect(items(list).map((item) => item.kind)).toEqual(['upgraded', ...[...messages].reverse().map((m) => m.payload.kind)]);
      const granted = messages[1]!.payload;
      expect((await harness.get(`/api/v1/events/${granted.eventId}`)).body).toEqual({
        ...granted,
        occurredAt: messages[1]!.occurredAt,
        updatedAt: messages[1]!.producedAt,
        messageId: messages[1]!.id,
        upgradeUrl: null,
      });
      expect(items(list)[0]).toMatchObject({ eventId: upgrade.payload.eventId, newImplementation: upgrade.payload.newImplementation, upgradeUrl: `/api/v1/upgrades/${upgrade.payload.eventId}` });
      await read(`/api/v1/upgrades/${upgrade.payload.eventId}`);
      expect((await harness.get(`/api/v1/upgrades/${granted.eventId}`)).status).toBe(404);
    });

    it('filters by protocol, chain, contract, kind (repeated or a comma list), standard, status and block time', async () => {
      const protocol = protocolId();
      const contract = address();
      const at = (i: number) => new Date(Date.UTC(2026, 0, 10, 12, i)).toISOString();
      const paused = protocolEventMessage(eventCommon({ protocolId: protocol, contract }), kindFields.paused(), { occurredAt: at(0) });
      const granted = protocolEventMessage(eventCommon({ protocolId: protocol, contract }), kindFields.roleGranted(), { occurredAt: at(1) });
      const pendingOwner = protocolEventMessage(eventCommon({ protocolId: protocol, status: 'pending' }), kindFields.ownershipTransferred(), { occurredAt: at(2) });
      const onMainnet = protocolEventMessage(eventCommon({ protocolId: protocol, chainId: 1 }), kindFields.paused(), { occurredAt: at(3) });
      const elsewhere = protocolEventMessage(eventCommon({ protocolId: protocolId(), contract }), kindFields.paused(), { occurredAt: at(4) });
      for (const message of [paused, granted, pendingOwner, onMainnet, elsewhere]) await publish(message);
      await read(`/api/v1/events?protocolId=${protocol}`, (body) => items(body).length === 4);
      await read(`/api/v1/events/${elsewhere.payload.eventId}`);

      const ids = async (query: string) => items((await harness.get(`/api/v1/events?${query}`)).body).map((item) => item.eventId);
      const id = (message: EventMessage) => message.payload.eventId;

      expect(await ids(`protocolId=${protocol}&kind=paused`)).toEqual([id(onMainnet), id(paused)]);
      expect(await ids(`protocolId=${protocol}&kind=paused&kind=role_granted&chainId=31337`)).toEqual([id(granted), id(paused)]);
      expect(await ids(`protocolId=${protocol}&kind=role_granted,ownership_transferred`)).toEqual([id(pendingOwner), id(granted)]);
      expect(await ids(`protocolId=${protocol}&standard=access_control`)).toEqual([id(granted)]);
      expect(await ids(`protocolId=${protocol}&status=pending`)).toEqual([id(pendingOwner)]);
      expect(await ids(`protocolId=${protocol}&status=confirmed&status=retracted&kind=ownership_transferred`)).toEqual([]);
      expect(await ids(`contract=${contract.toUpperCase().replace('0X', '0x')}`)).toEqual([id(elsewhere), id(granted), id(paused)]);
      expect(await ids(`protocolId=${protocol}&since=${at(1)}&until=${at(3)}`)).toEqual([id(pendingOwner), id(granted)]);
      expect(await ids(`protocolId=${protocol}&since=2026-01-11`)).toEqual([]);
    });

    it('pages newest block time first with an opaque cursor, ties broken by event id', async () => {
      const protocol = protocolId();
      const sameTime = new Date(Date.UTC(2026, 1, 1)).toISOString();
      const messages = [0, 1, 2, 3].map((i) =>
        protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.roleGranted(), { occurredAt: i < 2 ? sameTime : new Date(Date.UTC(2026, 1, 1, i)).toISOString() }),
      );
      for (const message of messages) await publish(message);
      await read(`/api/v1/events?protocolId=${protocol}`, (body) => items(body).length === 4);

      const first = await harness.get(`/api/v1/events?protocolId=${protocol}&limit=3`);
      const second = await harness.get(`/api/v1/events?protocolId=${protocol}&limit=3&cursor=${String(first.body.nextCursor)}`);

      const tied = messages.slice(0, 2).map((m) => m.payload.eventId).sort().reverse();
      expect([...items(first.body), ...items(second.body)].map((item) => item.eventId)).toEqual([messages[3]!.payload.eventId, messages[2]!.payload.eventId, ...tied]);
      expect(second.body.nextCursor).toBeNull();
    });

    it.each([
      ['/api/v1/events?kind=teleported', 400, /kind/],
      ['/api/v1/events?kind=paused,,teleported', 400, /kind/],
      ['/api/v1/events?kind=', 400, /kind/],
      ['/api/v1/events?standard=erc20', 400, /standard/],
      ['/api/v1/events?status=maybe', 400, /status/],
      ['/api/v1/events?since=yesterday', 400, /since/],
      ['/api/v1/events?since=2026-02-01&until=2026-01-01', 400, /since must be before until/],
      ['/api/v1/events?contract=0x12', 400, /contract/],
      ['/api/v1/events?chainId=-1', 400, /chainId/],
      ['/api/v1/events?limit=501', 400, /limit/],
      ['/api/v1/events?cursor=bm9wZQ', 400, /cursor/],
      ['/api/v1/events?surprise=1', 400, /surprise/],
      ['/api/v1/events/Not_An_Id', 400, /event id/],
      // A slug is a network's name (`/events/{network}`): an unknown one is not found.
      ['/api/v1/events/not-an-id', 404, /no network not-an-id/],
      [`/api/v1/events/1:0x${'0'.repeat(64)}:0`, 404, /no protocol event/],
    ])('answers %s with %i and a JSON reason', async (path, status, reason) => {
      const response = await harness.get(path);

      expect(response.status).toBe(status);
      expect(JSON.stringify(response.body.message)).toMatch(reason);
    });

    it('dead-letters an event of an unknown kind and still stores the next one', async () => {
      const protocol = protocolId();
      const good = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.paused());
      const bad = { ...good, id: `${good.id}:bad`, payload: { ...good.payload, eventId: `${good.payload.eventId}9`, kind: 'teleported' } };

      await harness.publish(TOPICS.protocolEvents, bad, good.payload.contract);
      await publish(good, good.payload.contract);

      await read(`/api/v1/events/${good.payload.eventId}`);
      await waitFor(() => harness.deadLetters(TOPICS.protocolEvents).find((m) => m.value?.includes(bad.id)), { what: 'dead letter' });
      expect((await harness.get(`/api/v1/events?protocolId=${protocol}`)).body.items).toHaveLength(1);
    });
  });

  describe('status and retraction', () => {
    /** The same event as `message`, with another status (and block, when given), produced now or at `producedAt`. */
    const restated = (message: EventMessage, status: 'pending' | 'confirmed' | 'retracted', fields = kindFields.safeThresholdLowered(status !== 'retracted'), over: { blockHash?: `0x${string}`; producedAt?: string } = {}) => {
      const { kind: _k, standard: _s, ...rest } = fields;
      const common = eventCommon({ ...message.payload, status, blockHash: over.blockHash ?? message.payload.blockHash });
      return protocolEventMessage(common, { kind: message.payload.kind, standard: message.payload.standard, ...rest }, { occurredAt: message.occurredAt, producedAt: over.producedAt });
    };

    it('retracts an event whose block was reorged out, keeps what was read while it stood, and ignores a late duplicate of its confirmation', async () => {
      const protocol = protocolId();
      const confirmed = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.safeThresholdLowered(), { producedAt: minutesAgo(2) });
      const retracted = restated(confirmed, 'retracted', kindFields.safeThresholdLowered(false), { producedAt: minutesAgo(1) });
      const key = `31337:${confirmed.payload.contract}`;
      const path = `/api/v1/events/${confirmed.payload.eventId}`;

      await publish(confirmed);
      await publish(retracted);
      const row = await read(path, (body) => body.status === 'retracted');
      expect(row).toMatchObject({ status: 'retracted', safeOwners: [`0x${'a1'.repeat(20)}`, `0x${'b2'.repeat(20)}`], safeThreshold: 1, previousSafeThreshold: 2, messageId: retracted.id });

      await publish(confirmed);
      await settle(key, protocol);

      expect((await harness.get(path)).body).toMatchObject({ status: 'retracted', messageId: retracted.id });
      expect(items((await harness.get(`/api/v1/events?protocolId=${protocol}&status=confirmed&kind=safe_threshold_changed`)).body)).toEqual([]);
      expect(pushed.filter((p) => p.message.id === confirmed.id)).toHaveLength(1);
    });

    it('takes the event again from its new block after a reorg, and a late duplicate of the old retraction leaves it there', async () => {
      const protocol = protocolId();
      const first = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.safeThresholdLowered(), { producedAt: minutesAgo(3) });
      const retracted = restated(first, 'retracted', kindFields.safeThresholdLowered(false), { producedAt: minutesAgo(2) });
      const newBlock = hash();
      const reincluded = restated(first, 'confirmed', kindFields.safeThresholdLowered(), { blockHash: newBlock, producedAt: minutesAgo(1) });
      const path = `/api/v1/events/${first.payload.eventId}`;

      for (const message of [first, retracted, reincluded]) await publish(message);
      await read(path, (body) => body.blockHash === newBlock);
      await publish(retracted);
      await settle(`31337:${first.payload.contract}`, protocol);

      expect((await harness.get(path)).body).toMatchObject({ status: 'confirmed', blockHash: newBlock, messageId: reincluded.id });
    });

    it('keeps confirmed over pending produced in the same instant, whichever arrives last', async () => {
      const protocol = protocolId();
      const instant = minutesAgo(1);
      const pending = protocolEventMessage(eventCommon({ protocolId: protocol, status: 'pending' }), kindFields.safeThresholdLowered(), { producedAt: instant });
      const confirmed = restated(pending, 'confirmed', kindFields.safeThresholdLowered(), { producedAt: instant });

      await publish(pending);
      await publish(confirmed);
      await publish(pending);
      await settle(`31337:${pending.payload.contract}`, protocol);

      expect((await harness.get(`/api/v1/events/${pending.payload.eventId}`)).body).toMatchObject({ status: 'confirmed' });
    });

    it('keeps the upgrades read model retracted too when a late confirmation of an upgrade arrives', async () => {
      const protocol = protocolId();
      const confirmed = { ...upgradedMessage({ protocolId: protocol }), producedAt: minutesAgo(2) };
      const retracted = upgradedMessage({ ...confirmed.payload, status: 'retracted', previousImplementation: null, newImplementationCodeSize: null, newImplementationCodeHash: null });

      await publish(confirmed);
      await publish(retracted);
      await read(`/api/v1/upgrades/${confirmed.payload.eventId}`, (body) => body.status === 'retracted');
      await publish(confirmed);
      await settle(`31337:${confirmed.payload.contract}`, protocol);

      expect((await harness.get(`/api/v1/upgrades/${confirmed.payload.eventId}`)).body).toMatchObject({ status: 'retracted', newImplementationCodeSize: 2048 });
      expect((await harness.get(`/api/v1/events/${confirmed.payload.eventId}`)).body).toMatchObject({ status: 'retracted' });
    });
  });

  describe('Socket.IO events channel', () => {
    it('streams the events matching a subscription filter, each once, and stops after unsubscribe', async () => {
      const protocol = protocolId();
      const other = protocolId();
      const { client, received } = await harness.connect();
      const ack = await client.timeout(5_000).emitWithAck('subscribe', { channels: ['events'], filter: { protocolId: protocol, kind: ['paused', 'upgraded'] } });
      expect(ack).toEqual({ ok: true, channels: ['events'] });
      const key = `31337:${address()}`;
      const paused = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.paused());
      const granted = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.roleGranted());
      const pausedElsewhere = protocolEventMessage(eventCommon({ protocolId: other }), kindFields.paused());
      const upgrade = upgradedMessage({ protocolId: protocol });
      const retraction = protocolEventMessage(eventCommon({ ...paused.payload, status: 'retracted' }), { kind: 'paused', standard: 'pausable', account: (paused.payload as { account: string }).account });

      for (const message of [granted, pausedElsewhere, paused, upgrade, retraction]) await publish(message, key);

      await waitFor(() => received.some((r) => r.message.id === retraction.id), { what: 'the retraction pushed' });
      expect(received.map((r) => [r.event, r.message.id])).toEqual([
        ['protocol.event', paused.id],
        ['protocol.event', upgrade.id],
        ['protocol.event', retraction.id],
      ]);
      expect(received[0]!.message).toEqual(paused);
      // The harness socket is on every channel: an upgrade (upgrades + events) and a role grant (events) reach it once each.
      await waitFor(() => pushed.some((p) => p.message.id === retraction.id), { what: 'the harness socket' });
      expect(pushed.filter((p) => p.message.id === upgrade.id)).toHaveLength(1);
      expect(pushed.filter((p) => p.message.id === granted.id)).toHaveLength(1);

      expect(await client.timeout(5_000).emitWithAck('unsubscribe', { channels: ['events'] })).toEqual({ ok: true, channels: ['events'] });
      // Still on `upgrades`: the upgrade published after the pause on the same key reaches this socket after
      // the pause would have, so once it is in the pause has been left out, not merely not arrived yet.
      expect(await client.timeout(5_000).emitWithAck('subscribe', { channels: ['upgrades'] })).toEqual({ ok: true, channels: ['upgrades'] });
      const after = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.paused());
      const later = upgradedMessage({ protocolId: protocol });
      await publish(after, key);
      await publish(later, key);
      await waitFor(() => received.some((r) => r.message.id === later.id), { what: 'the upgrade after unsubscribing' });
      expect(received.map((r) => r.message.id)).not.toContain(after.id);
    });

    it('adds a second filter to the first and narrows by chain', async () => {
      const protocol = protocolId();
      const { client, received } = await harness.connect();
      await client.timeout(5_000).emitWithAck('subscribe', { channels: ['events'], filter: { protocolId: protocol, chainId: 1 } });
      await client.timeout(5_000).emitWithAck('subscribe', { channels: ['events'], filter: { kind: 'timelock_delay_changed', protocolId: protocol } });
      const key = `31337:${address()}`;
      const onMainnet = protocolEventMessage(eventCommon({ protocolId: protocol, chainId: 1 }), kindFields.roleGranted());
      const onDevnet = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.roleGranted());
      const delay = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.timelockDelayChanged());

      for (const message of [onDevnet, onMainnet, delay]) await publish(message, key);

      await waitFor(() => received.some((r) => r.message.id === delay.id), { what: 'the delay change' });
      expect(received.map((r) => r.message.id)).toEqual([onMainnet.id, delay.id]);
    });

    it.each([
      [{ channels: ['events', 'upgrades'], filter: { kind: 'paused' } }, /events channel only/],
      [{ channels: ['events'], filter: { kind: 'teleported' } }, /invalid events filter: kind/],
      [{ channels: ['events'], filter: { protocolId: 'Not A Slug' } }, /protocolId/],
      [{ channels: ['everything'] }, /unknown channel/],
    ])('rejects the subscription %j with a reason', async (request, reason) => {
      const ack = await harness.client.timeout(5_000).emitWithAck('subscribe', request as never);

      expect(ack).toEqual({ ok: false, error: expect.stringMatching(reason) });
    });
  });

  describe('protocols', () => {
    it('summarises a protocol: contracts, live upgrades with risk, upgrades under way, active proposals, forecasts, sentiment and recent admin-plane events', async () => {
      const protocol = summarised;
      const upgrade = upgradedMessage({ protocolId: protocol, contract: registryContracts[0] }, minutesAgo(30));
      const assessment = assessmentOf(upgrade, 80);
      const retractedUpgrade = upgradedMessage({ protocolId: protocol, status: 'retracted', contract: registryContracts[0] }, minutesAgo(20));
      const queuedUpgrade = governedUpgrade(protocol);
      const eta = '2026-12-24T12:00:00.000Z';
      const queued = lifecycleMessage(queuedUpgrade, 'queued', { eta, timelock: { address: registryContracts[2]!, operationId: hash() } });
      const executedUpgrade = governedUpgrade(protocol);
      const executed = lifecycleMessage(executedUpgrade, 'executed', { executionEventId: upgrade.payload.eventId });
      const active = proposalMessage(protocol, { state: 'active', votes: 3, passProbability: 0.7 });
      const defeated = proposalMessage(protocol, { state: 'defeated', votes: 9, passProbability: 0.1 });
      const volatility = volatilityMessage(priceSeries(protocol), '2026-11-02T00:00:00.000Z');
      const liquidity = liquidityMessage(protocol, '2026-11-02T00:00:00.000Z');
      const sentiment = sentimentMessage(protocol, protocol, 7, 0.25, 'protocol');
      const safe = { protocolId: protocol, contract: registryContracts[1] };
      const threshold = protocolEventMessage(eventCommon(safe), kindFields.safeThresholdLowered(), { occurredAt: daysAgo(2) });
      const granted = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.roleGranted(), { occurredAt: daysAgo(1) });
      const oldPause = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.paused(), { occurredAt: daysAgo(60) });
      const retractedGrant = protocolEventMessage(eventCommon({ protocolId: protocol, status: 'retracted' }), kindFields.roleGranted(), { occurredAt: daysAgo(1) });
      const vote = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.voteCast(), { occurredAt: minutesAgo(5) });

      for (const message of [upgrade, retractedUpgrade, threshold, granted, oldPause, retractedGrant, vote]) await publish(message);
      await harness.publish(TOPICS.riskAssessments, assessment, upgrade.payload.contract);
      await harness.publish(TOPICS.upgradesLifecycle, queued, queuedUpgrade.target);
      await harness.publish(TOPICS.upgradesLifecycle, executed, executedUpgrade.target);
      await harness.publish(TOPICS.governanceProposals, active, active.payload.proposalKey);
      await harness.publish(TOPICS.governanceProposals, defeated, defeated.payload.proposalKey);
      await harness.publish(TOPICS.forecastVolatility, volatility, volatility.payload.series.key);
      await harness.publish(TOPICS.forecastLiquidity, liquidity, liquidity.payload.series.key);
      await harness.publish(TOPICS.sentiment, sentiment, protocol);

      const path = `/api/v1/protocols/${protocol}`;
      /** Everything published has reached its read model. */
      const complete = (body: Body) => {
        const forecasts = body.forecasts as { volatility: unknown[]; liquidity: unknown[] };
        const counts = body.counts as Body;
        return counts.events === 5 && counts.openLifecycle === 1 && counts.activeProposals === 1 && body.sentiment !== null
          && Boolean(items(body.upgrades as Body)[0]?.risk) && forecasts.volatility.length === 1 && forecasts.liquidity.length === 1;
      };
      const summary = await read(path, complete);

      expect(summary).toMatchObject({
        id: protocol,
        name: 'Summarised Vault',
        coingeckoId: 'summarised-token',
        snapshotSpace: null,
        contracts: [
          { chainId: 31337, address: registryContracts[0], role: 'proxy' },
          { chainId: 31337, address: registryContracts[1], role: 'safe' },
          { chainId: 1, address: registryContracts[2], role: 'timelock' },
        ],
        counts: { contracts: 3, events: 5, upgrades: 1, openLifecycle: 1, activeProposals: 1 },
        lastEventAt: vote.occurredAt,
        sentiment: { subject: { type: 'protocol', id: protocol }, score: 0.25 },
      });
      expect(items(summary.upgrades as Body)).toEqual([expect.objectContaining({ id: upgrade.payload.eventId, status: 'confirmed', risk: expect.objectContaining({ score: 80, level: 'critical' }) })]);
      expect((summary.upgrades as Body).url).toBe(`/api/v1/upgrades?protocolId=${protocol}`);
      expect(items(summary.lifecycle as Body)).toEqual([expect.objectContaining({ upgradeId: queuedUpgrade.upgradeId, currentStage: 'queued', eta })]);
      expect(items(summary.proposals as Body).map((p) => p.proposalKey)).toEqual([active.payload.proposalKey]);
      expect(summary.forecasts).toMatchObject({
        volatility: [expect.objectContaining({ forecastId: volatility.payload.forecastId })],
        liquidity: [expect.objectContaining({ forecastId: liquidity.payload.forecastId })],
      });
      const admin = summary.adminEvents as Body;
      expect(items(admin).map((event) => event.eventId)).toEqual([granted.payload.eventId, threshold.payload.eventId]);
      expect(items(admin)[1]).toMatchObject({ kind: 'safe_threshold_changed', threshold: '1', previousSafeThreshold: 2 });
      const listed = await harness.get(String(admin.url));
      expect(items(listed.body).map((event) => event.eventId)).toEqual([granted.payload.eventId, threshold.payload.eventId]);
      expect(await read(`/api/v1/events/${retractedGrant.payload.eventId}`)).toMatchObject({ status: 'retracted' });

      const wider = await harness.get(`${path}?days=90&limit=1`);
      expect(items(wider.body.adminEvents as Body).map((event) => event.eventId)).toEqual([granted.payload.eventId]);
      const ninetyDays = await harness.get(`${path}?days=90`);
      expect(items(ninetyDays.body.adminEvents as Body).map((event) => event.eventId)).toEqual([granted.payload.eventId, threshold.payload.eventId, oldPause.payload.eventId]);

      const list = await harness.get('/api/v1/protocols');
      expect(list.status).toBe(200);
      expect(items(list.body)).toEqual([
        expect.objectContaining({ id: protocol, chainIds: [1, 31337], counts: { contracts: 3, events: 5, upgrades: 1, openLifecycle: 1, activeProposals: 1 }, url: path }),
        {
          id: quiet,
          name: 'Quiet Protocol',
          snapshotSpace: null,
          defillamaSlug: null,
          coingeckoId: null,
          forumUrl: null,
          chainIds: [],
          counts: { contracts: 0, events: 0, upgrades: 0, openLifecycle: 0, activeProposals: 0 },
          lastEventAt: null,
          url: `/api/v1/protocols/${quiet}`,
        },
      ]);
    });

    it.each([
      ['/api/v1/protocols?surprise=1', 400, /surprise/],
      ['/api/v1/protocols/Not_A_Slug', 400, /protocol id/],
      ['/api/v1/protocols/QUIET', 400, /protocol id/],
      ['/api/v1/protocols/x?days=0', 400, /days/],
      ['/api/v1/protocols/x?limit=101', 400, /limit/],
      ['/api/v1/protocols/no-such-protocol', 404, /no protocol with id no-such-protocol/],
    ])('answers %s with %i and a JSON reason', async (path, status, reason) => {
      const response = await harness.get(path);

      expect(response.status).toBe(status);
      expect(JSON.stringify(response.body.message)).toMatch(reason);
    });
  });
});
