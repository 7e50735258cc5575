import { catalogue, TOPICS, type MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, isolatedServiceEnv, clearRedisPrefix, dropSchema, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { DiscourseForumServer, type ForumPost, type ForumTopic } from '../../test/discourse-server';
import { generateHistory } from '../../test/governance-fixtures';
import { SnapshotHubServer } from '../../test/snapshot-server';
import { governanceTestEnv } from '../../test/governance-env';
import { loadIngestGovernanceConfig } from '../config';
import { startIngestGovernance } from '../create-app';

const SPACE = 'forum-dao.eth';
const HOUR = 3_600_000;

describe('Discourse forum ingestion (local forum and hub, real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('forum');
  const probe = new KafkaProbe(`${token}.`);
  const hub = new SnapshotHubServer();
  const forum = new DiscourseForumServer();
  const nowSeconds = Math.floor(Date.now() / 1000);
  const proposals = generateHistory({ seed: 41, space: SPACE, count: 2, firstCreated: nowSeconds - 5 * 86_400, periodSeconds: 86_400 });
  let forumUrl = '';
  let sut: INestApplication | undefined;
  let nextPostId = 1000;

  const post = (hoursAgo: number, username: string, cooked: string): ForumPost => ({ id: nextPostId++, username, cooked, created_at: new Date(Date.now() - hoursAgo * HOUR).toISOString() });
  const topic = (id: number, title: string, posts: ForumPost[]): ForumTopic => ({ id, title, created_at: posts[0]!.created_at, posts });
  const parsed = <T extends 'governance.raw.v1' | 'sentiment.v1'>(name: T): MessageOf<T>[] =>
    probe.on(probe.namer.physical(name)).map((m) => catalogue[name].parse(JSON.parse(m.value ?? '')) as MessageOf<T>);
  const rawPosts = () => parsed(TOPICS.governanceRaw).filter((m) => m.payload.kind === 'post');
  const latestSentiment = (subjectId: string) => parsed(TOPICS.sentiment).filter((m) => m.payload.subject.id === subjectId).at(-1)?.payload;
  const proposalKeyOf = (index: number) => `snapshot:${SPACE}:${proposals.proposals[index]!.id}`;

  beforeAll(async () => {
    hub.proposals.push(...proposals.proposals);
    hub.votes.push(...proposals.votes);
    const snapshotUrl = await hub.start();
    forumUrl = await forum.start();
    const linked = topic(1, 'Temperature check: module 0', [
      post(40, 'alice', '<p>I think this is a great improvement.</p>'),
      post(39, 'bob', `<p>The vote is up: <a href="https://snapshot.box/#/s:${SPACE}/proposal/${proposals.proposals[0]!.id}">Snapshot</a></p>`),
      post(38, 'carol', '<p>Excellent, I support it.</p>'),
    ]);
    const byTitle = topic(2, proposals.proposals[1]!.title.replace('[ARFC] ', '').toUpperCase(), [
      post(30, 'dave', '<p>This is risky and dangerous for depositors.</p>'),
      post(29, 'erin', '<p>Bad idea, the audit is incomplete.</p>'),
    ]);
    const long = topic(3, 'Long discussion of the treasury', Array.from({ length: 45 }, (_, i) => post(100 - i, `user${i % 7}`, `<p>Point ${i}: good progress.</p>`)));
    const chatter = Array.from({ length: 32 }, (_, i) => topic(10 + i, `Chatter ${i}`, [post(200 + i, `u${i}`, '<p>hello</p>')]));
    // Two topics that can never be read (deleted, garbled), with activity older than the linked and title-matched ones.
    const deleted = topic(4, 'Deleted topic', [post(45, 'mallory', '<p>gone</p>')]);
    const garbled = topic(5, 'Garbled topic', [post(44, 'mallory', '<p>noise</p>')]);
    forum.unreadable.set(4, 'missing').set(5, 'garbled');
    forum.topics.push(linked, byTitle, long, deleted, garbled, ...chatter);
    // The forum answers a rate limit first (long enough for the hub's proposals to be stored), then an outage and a malformed page.
    forum.fail({ kind: 'status', status: 429, retryAfter: '4' }, { kind: 'status', status: 500 }, { kind: 'body', body: '<html>maintenance</html>' });
    const env = governanceTestEnv(isolatedServiceEnv(token, { SERVICE: 'gov' }), `protocols:\n  - id: forum-dao\n    name: Forum DAO\n    snapshotSpace: ${SPACE}\n    forumUrl: ${forumUrl}\n`, {
      SNAPSHOT_HUB_URL: `${snapshotUrl}/graphql`,
      SNAPSHOT_POLL_INTERVAL_MS: '300',
      SNAPSHOT_BACKFILL_DAYS: '10',
      DISCOURSE_POLL_INTERVAL_MS: '300',
      DISCOURSE_RATE_LIMIT_PER_MINUTE: '6000',
    });
    await probe.createTopics();
    await probe.watch([TOPICS.governanceRaw, TOPICS.sentiment].map((name) => probe.namer.physical(name)));
    sut = await startIngestGovernance(loadIngestGovernanceConfig(env), new JsonLogger('ingest-governance', 'silent'));
  });

  afterAll(async () => {
    await sut?.close();
    await Promise.all([hub.stop(), forum.stop()]);
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('publishes every post of every page and of long topics once, through a 429, a 500 and a malformed page', async () => {
    const total = forum.topics.filter((t) => !forum.unreadable.has(t.id)).reduce((sum, t) => sum + t.posts.length, 0);
    await waitFor(() => rawPosts().length >= total, { what: `${total} raw posts`, timeoutMs: 45_000 });

    expect(new Set(rawPosts().map((m) => m.payload.externalId)).size).toBe(total);
    expect(forum.pendingFaults).toBe(0);
    expect(forum.hits.some((hit) => hit.path === '/latest.json' && hit.query.get('page') === '1')).toBe(true);
    const chunks = forum.hits.filter((hit) => hit.path === '/t/3/posts.json').map((hit) => hit.query.getAll('post_ids[]').length);
    expect(chunks).toEqual([20, 5]);
    const metrics = await (await fetch(`${await sut!.getUrl()}/metrics`)).text();
    expect(metrics).toMatch(/pum_governance_requests_total\{[^}]*source="discourse"[^}]*outcome="malformed"[^}]*\} 2/);
  });

  it('skips a topic that can never be read (404, garbled) and still reads the newer ones, counting each once', async () => {
    await waitFor(() => latestSentiment(proposalKeyOf(1))?.byChannel.forum_post, { what: 'the topic newer than the unreadable ones' });
    const hits = forum.hits.length;
    await waitFor(() => forum.hits.length >= hits + 2, { what: 'another round' });

    expect(rawPosts().some((m) => m.payload.externalId === String(forum.topics[3]!.posts[0]!.id))).toBe(false);
    // Read once each: the cursor moved past them, later rounds do not ask again.
    expect(forum.hits.filter((hit) => hit.path === '/t/4.json')).toHaveLength(1);
    expect(forum.hits.filter((hit) => hit.path === '/t/5.json')).toHaveLength(1);
    const metrics = await (await fetch(`${await sut!.getUrl()}/metrics`)).text();
    expect(metrics).toMatch(/pum_governance_malformed_records_total\{[^}]*source="discourse"[^}]*kind="topic"[^}]*\} 2/);
  });

  it('links topics to proposals by a Snapshot link and by title, and scores their posts', async () => {
    const linked = await waitFor(() => latestSentiment(proposalKeyOf(0))?.byChannel.forum_post, { what: 'forum sentiment of the linked proposal' });
    const byTitle = await waitFor(() => latestSentiment(proposalKeyOf(1))?.byChannel.forum_post, { what: 'forum sentiment of the title match' });

    expect(linked.items).toBe(3);
    expect(byTitle.items).toBe(2);
    expect(linked.mean).toBeGreaterThan(0);
    expect(byTitle.mean).toBeLessThan(0);
    const topicRecord = parsed(TOPICS.governanceRaw).find((m) => m.payload.kind === 'topic' && m.payload.externalId === '1');
    expect(topicRecord?.payload.body).toMatchObject({ proposalKey: proposalKeyOf(0) });
    const protocol = latestSentiment('forum-dao')!;
    expect(protocol.engagement.uniqueAuthors).toBeGreaterThan(30);
    expect(protocol.engagement.repliesPerDay).toBeGreaterThan(0);
  });

  it('reads every topic active during an outage, however many pages back they reach', async () => {
    const before = rawPosts().length;
    // 200 topics with new posts at once (7 pages of /latest.json), all newer than the cursor.
    const burst = Array.from({ length: 200 }, (_, i) => topic(1000 + i, `Burst ${i}`, [post(1 - i / 400, `burst${i % 13}`, '<p>new</p>')]));
    forum.topics.push(...burst);

    await waitFor(() => rawPosts().length >= before + burst.length, { what: `${burst.length} burst posts`, timeoutMs: 45_000 });
    const ids = new Set(rawPosts().slice(before).map((m) => m.payload.externalId));
    expect(burst.every((t) => ids.has(String(t.posts[0]!.id)))).toBe(true);
  });

  it('reads only what is new on later polls', async () => {
    const before = rawPosts().length;
    forum.topics[1]!.posts.push(post(0, 'frank', '<p>Still worried, this is harmful.</p>'));

    await waitFor(() => rawPosts().length > before, { what: 'the new post' });
    const hits = forum.hits.length;
    await waitFor(() => forum.hits.length >= hits + 2, { what: 'another round' });
    expect(rawPosts().slice(before).map((m) => m.payload.externalId)).toEqual([String(forum.topics[1]!.posts.at(-1)!.id)]);
    expect(latestSentiment(proposalKeyOf(1))?.byChannel.forum_post?.items).toBe(3);
  });
});
