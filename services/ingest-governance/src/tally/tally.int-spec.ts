import { catalogue, TOPICS, type MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, isolatedServiceEnv, clearRedisPrefix, dropSchema, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { getAddress } from 'viem';
import { TallyApiServer, type TallyNode } from '../../test/tally-server';
import { governanceTestEnv } from '../../test/governance-env';
import { loadIngestGovernanceConfig } from '../config';
import { startIngestGovernance } from '../create-app';

const GOVERNOR = '0x9c8ff314c9bc7f6e59a9d9225fb22946427edc03';
// Tally names governors by checksummed address.
const GOVERNOR_ID = `eip155:1:${getAddress(GOVERNOR)}`;

describe('Tally (optional source; local API, real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('tally');
  const probe = new KafkaProbe(`${token}.`);
  const tally = new TallyApiServer('tally-key');
  let sut: INestApplication | undefined;

  const node = (i: number, status: string): TallyNode => ({
    id: String(1000 + i),
    onchainId: String(i),
    status,
    createdAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    quorum: (400_000n * 10n ** 18n).toString(),
    metadata: { title: `Proposal ${i}`, description: `Upgrade ${i}` },
    proposer: { address: '0x00000000000000000000000000000000000000AA' },
    governor: { id: GOVERNOR_ID, token: { decimals: 18 } },
    start: { timestamp: new Date(Date.UTC(2026, 0, 2 + i)).toISOString(), number: 19_000_000 + i },
    end: { timestamp: new Date(Date.UTC(2026, 0, 5 + i)).toISOString(), number: 19_020_000 + i },
    voteStats: [
      { type: 'for', votesCount: (500_000n * 10n ** 18n + BigInt(i)).toString(), votersCount: 10 + i, percent: 60 },
      { type: 'against', votesCount: (300_000n * 10n ** 18n).toString(), votersCount: 5, percent: 36 },
      { type: 'abstain', votesCount: '0', votersCount: 0, percent: 0 },
    ],
  });
  const proposals = (): MessageOf<'governance.proposals.v1'>[] =>
    probe.on(probe.namer.physical(TOPICS.governanceProposals)).map((m) => catalogue[TOPICS.governanceProposals].parse(JSON.parse(m.value ?? '')));

  beforeAll(async () => {
    tally.nodes.push(...Array.from({ length: 25 }, (_, i) => node(i, i === 24 ? 'active' : 'executed')));
    const url = await tally.start();
    tally.fail({ kind: 'status', status: 503, retryAfter: '1' }, { kind: 'body', body: '{"data": {"proposals": {"nodes": "oops"}}}' });
    const env = governanceTestEnv(isolatedServiceEnv(token, { SERVICE: 'gov' }), `protocols:\n  - id: tally-dao\n    name: Tally DAO\n    contracts:\n      - { chainId: 1, address: '${GOVERNOR}', role: governor }\n`, {
      TALLY_ENABLED: 'true',
      TALLY_API_URL: `${url}/query`,
      TALLY_API_KEY: 'tally-key',
      TALLY_POLL_INTERVAL_MS: '300',
      TALLY_RATE_LIMIT_PER_MINUTE: '6000',
    });
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.governanceProposals)]);
    sut = await startIngestGovernance(loadIngestGovernanceConfig(env), new JsonLogger('ingest-governance', 'silent'));
  });

  afterAll(async () => {
    await sut?.close();
    await tally.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('publishes every proposal of both pages once, normalised, through a 503 and a malformed answer', async () => {
    await waitFor(() => new Set(proposals().map((m) => m.payload.id)).size === 25, { what: '25 Tally proposals', timeoutMs: 30_000 });
    // More rounds before counting: a proposal published twice would have been by then.
    const hits = tally.hits.length;
    await waitFor(() => tally.hits.length >= hits + 4, { what: 'more rounds' });

    expect(proposals()).toHaveLength(25);
    expect(tally.pendingFaults).toBe(0);
    expect(tally.hits.some((hit) => hit.body.includes('"afterCursor":"1019"'))).toBe(true);
    expect(proposals().find((m) => m.payload.id === '1024')!.payload).toMatchObject({
      proposalKey: `tally:${GOVERNOR.toLowerCase()}:1024`,
      source: 'tally',
      space: GOVERNOR.toLowerCase(),
      protocolId: 'tally-dao',
      chainId: 1,
      state: 'active',
      choices: ['For', 'Against', 'Abstain'],
      scores: [500_000, 300_000, 0],
      votes: 39,
      quorum: 400_000,
      snapshotBlock: '19000024',
      url: 'https://www.tally.xyz/proposal/1024',
    });
  });

  it('publishes a proposal again only when its state or tallies change', async () => {
    const hits = tally.hits.length;
    tally.nodes[24]!.status = 'succeeded';

    await waitFor(() => proposals().some((m) => m.payload.id === '1024' && m.payload.state === 'succeeded'), { what: 'the state change' });
    await waitFor(() => tally.hits.length >= hits + 4, { what: 'more rounds' });
    expect(proposals()).toHaveLength(26);
  });

  it('is off by default', () => {
    expect(loadIngestGovernanceConfig({}).TALLY_ENABLED).toBe(false);
    expect(() => loadIngestGovernanceConfig({ TALLY_ENABLED: 'true' })).toThrow(/TALLY_API_KEY: required when TALLY_ENABLED=true/);
  });
});
