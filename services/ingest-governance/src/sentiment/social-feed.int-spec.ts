import { catalogue, TOPICS, type MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, isolatedServiceEnv, clearRedisPrefix, dropSchema, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { ScriptedSocialSource } from '../../test/scripted-social-source';
import { governanceTestEnv } from '../../test/governance-env';
import { loadIngestGovernanceConfig } from '../config';
import { startIngestGovernance } from '../create-app';

const HOUR = 3_600_000;

describe('social feeds through the SentimentSource seam (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('social');
  const probe = new KafkaProbe(`${token}.`);
  const source = new ScriptedSocialSource();
  let sut: INestApplication | undefined;
  let env: Record<string, string>;

  const texts = ['Love this protocol, great team', 'Solid upgrade, good work', 'Hmm, not sure about this', 'Worried, this looks risky', 'Terrible decision, awful and dangerous', 'Scam vibes, very bad'];
  const post = (i: number, text: string) => ({
    itemId: `social:scripted:${i}`,
    protocolId: 'social-dao',
    proposalKey: null,
    channel: 'social' as const,
    author: `@user${i % 4}`,
    threadId: null,
    isReply: false,
    text,
    createdAt: new Date(Date.now() - (60 - i * 10) * HOUR),
  });
  const figures = (): MessageOf<'sentiment.v1'>[] => probe.on(probe.namer.physical(TOPICS.sentiment)).map((m) => catalogue[TOPICS.sentiment].parse(JSON.parse(m.value ?? '')));
  const start = async () => {
    sut = await startIngestGovernance(loadIngestGovernanceConfig(env), new JsonLogger('ingest-governance', 'silent'), { sentimentSources: [source] });
  };

  beforeAll(async () => {
    source.posts.push(...texts.map((text, i) => post(i, text)));
    env = governanceTestEnv(isolatedServiceEnv(token, { SERVICE: 'gov' }), 'protocols:\n  - id: social-dao\n    name: Social DAO\n', {
      SOCIAL_POLL_INTERVAL_MS: '200',
      // Three days: every post of the first two tests (60 h ago … now) is inside it.
      SENTIMENT_PROTOCOL_WINDOW_DAYS: '3',
    });
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.sentiment)]);
    await start();
  });

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('scores the feed into protocol sentiment with a souring trend', async () => {
    const latest = await waitFor(() => figures().find((m) => m.payload.items === texts.length), { what: 'protocol sentiment of the feed' });

    expect(latest.payload).toMatchObject({ subject: { type: 'protocol', id: 'social-dao' }, protocolId: 'social-dao', scorer: 'wink-sentiment@5' });
    expect(latest.payload.byChannel.social!.items).toBe(6);
    expect(latest.payload.engagement.uniqueAuthors).toBe(4);
    expect(latest.payload.trend.slopePerDay).toBeLessThan(0);
    expect(latest.payload.trend.ewma).toBeLessThan(0);
  });

  it('asks the feed from its cursor after a restart and scores nothing twice', async () => {
    await sut!.close();
    source.posts.push(post(6, 'Recovering nicely, good fix'));
    await start();

    await waitFor(() => figures().some((m) => m.payload.items === 7), { what: 'the new post' });
    const asked = source.asked.length;
    await waitFor(() => source.asked.length >= asked + 2, { what: 'more polls' });
    expect(figures().filter((m) => m.payload.items === 7)).toHaveLength(1);
    expect(source.asked.at(-1)!.getTime()).toBe(source.posts[6]!.createdAt.getTime());
  });

  it('computes a protocol figure over the window up to its newest text only', async () => {
    // 70 h from now: the window (3 days back from it) keeps only the post from the previous test.
    source.posts.push(post(13, 'Great news, well done'));

    const latest = await waitFor(() => figures().find((m) => m.payload.asOf === source.posts[7]!.createdAt.toISOString()), { what: 'the figure of the newest post' });
    expect(latest.payload.items).toBe(2);
  });
});
