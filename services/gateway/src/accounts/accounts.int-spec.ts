import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, testInfra, uniqueToken, waitFor } from '@pum/testing';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { LocalJwks, TestGateway, accountsCommand, accountsCommandWithFiles, hs256 } from '../../test/accounts-fixtures';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'pum-gateway';
const past = () => Math.floor(Date.now() / 1000) - 60;

describe('accounts, keys, JWTs and tiers (real Postgres, Redis, Kafka; a local JWKS)', () => {
  const token = uniqueToken('acct');
  const jwks = new LocalJwks();
  const probe = new KafkaProbe(`${token}.`);
  let env: Record<string, string>;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    await jwks.start();
    await probe.createTopics(1);
    env = isolatedServiceEnv(token, {
      SERVICE: 'gateway',
      GATEWAY_JWT_SECRET: SECRET,
      GATEWAY_JWT_JWKS_URL: jwks.url,
      GATEWAY_JWT_ISSUER: ISSUER,
      GATEWAY_JWT_AUDIENCE: AUDIENCE,
      GATEWAY_TIER_BASIC_REQUESTS_PER_MINUTE: '3',
      GATEWAY_TIER_ENTERPRISE_SOCKET_CONNECTIONS: '2',
    });
    a = await TestGateway.start(env);
    // A second replica on the same schema and Redis (its own consumer group, not to wait on a rebalance).
    b = await TestGateway.start({ ...env, KAFKA_GROUP_ID: `${token}-gateway-b` });
  });

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await jwks.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  const newUser = async (tier = 'pro', role = 'user') => {
    const email = `${uniqueToken('u')}@example.test`;
    const created = await accountsCommand(env, 'create-user', '--email', email, '--tier', tier, '--role', role);
    expect(created.status).toBe(0);
    const user = created.lines[0] as { id: string; email: string };
    const key = await accountsCommand(env, 'create-key', '--user', email, '--name', 'test');
    expect(key.status).toBe(0);
    return { user, key: (key.lines[0] as { key: string }).key, keyId: (key.lines[0] as { id: string }).id };
  };
  const withKey = (key: string) => ({ headers: { 'x-api-key': key } });
  const withBearer = (credential: string) => ({ headers: { authorization: `Bearer ${credential}` } });

  it('authenticates with a key the operator command created, as X-API-Key or as a bearer', async () => {
    const { user, key } = await newUser('pro');

    const me = await a.request('/api/v1/me', withKey(key));
    const asBearer = await b.request('/api/v1/me', withBearer(key));

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ credential: 'api_key', userId: user.id, tier: 'pro', role: 'user', user: { email: user.email }, limits: { requestsPerMinute: 1200, socketConnections: 50, alertRules: 100 } });
    expect(asBearer.status).toBe(200);
    expect(key).toMatch(/^pum_[0-9a-f]{12}_/);
  });

  it('creates the demo account once and prints the same key on every start until it is revoked', async () => {
    const files = new Map<string, string>();
    const demo = () => accountsCommandWithFiles(files, env, 'demo', '--key-file', '.local/demo-api-key');

    const first = (await demo()).lines[0] as { key: string; created: boolean; user: { id: string } };
    const second = (await demo()).lines[0] as { key: string; created: boolean; user: { id: string } };
    await accountsCommand(env, 'revoke-key', '--key', first.key);
    const third = (await demo()).lines[0] as { key: string; created: boolean; user: { id: string } };

    expect([first.created, second.created, third.created]).toEqual([true, false, true]);
    expect(second.key).toBe(first.key);
    expect(files.get('.local/demo-api-key')).toBe(`${third.key}\n`);
    expect(new Set([first.user.id, second.user.id, third.user.id]).size).toBe(1);
    expect((await a.request('/api/v1/me', withKey(third.key))).body).toMatchObject({ tier: 'pro', user: { email: 'demo@localhost' } });
  });

  it('answers 401 to a wrong, a malformed and a revoked key even though anonymous access is on', async () => {
    const { key, keyId } = await newUser();
    const wrong = `${key.slice(0, 'pum_'.length + 13)}${'x'.repeat(43)}`;

    expect((await a.request('/api/v1/upgrades', withKey(key))).status).toBe(200);
    const revoked = await accountsCommand(env, 'revoke-key', '--key', `pum_${keyId}`);
    expect(revoked.status).toBe(0);
    expect(revoked.lines[0]).toMatchObject({ id: keyId, revokedAt: expect.any(String) });

    for (const credential of [wrong, 'pum_nope', key]) {
      const response = await a.request('/api/v1/upgrades', withKey(credential));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/API key/) });
    }
    expect((await a.request('/api/v1/upgrades')).status).toBe(200);
  });

  it("lets a user create, list and revoke their own keys only, and never shows a key's secret again", async () => {
    const alice = await newUser();
    const bob = await newUser();

    const created = await a.request('/api/v1/me/keys', { method: 'POST', body: { name: 'ci' }, ...withKey(alice.key) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', key: expect.stringMatching(/^pum_/), userId: alice.user.id });
    const listed = await a.request('/api/v1/me/keys', withKey(alice.key));
    const theft = await a.request(`/api/v1/me/keys/${bob.keyId}`, { method: 'DELETE', ...withKey(alice.key) });
    const ownRevoke = await a.request(`/api/v1/me/keys/${String(created.body.id)}`, { method: 'DELETE', ...withKey(alice.key) });

    expect(listed.status).toBe(200);
    expect((listed.body as unknown as { id: string; userId: string; key?: string }[]).map((k) => [k.id, k.userId, k.key])).toEqual([
      [alice.keyId, alice.user.id, undefined],
      [created.body.id, alice.user.id, undefined],
    ]);
    expect(theft.status).toBe(404);
    expect((await a.request('/api/v1/me', withKey(bob.key))).status).toBe(200);
    expect(ownRevoke.status).toBe(200);
    expect((await a.request('/api/v1/me', withKey(String(created.body.key)))).status).toBe(401);
    expect((await a.request('/api/v1/me')).status).toBe(401);
  });

  it('opens the admin API to the admin role only', async () => {
    const admin = await newUser('enterprise', 'admin');
    const plain = await newUser('pro', 'user');
    const plainJwt = await hs256(SECRET, { sub: plain.user.id, iss: ISSUER, aud: AUDIENCE, tier: 'pro' });
    const adminJwt = await hs256(SECRET, { sub: 'ops@idp', iss: ISSUER, aud: AUDIENCE, role: ['viewer', 'admin'] });

    expect((await a.request('/api/v1/admin/users', withKey(plain.key))).status).toBe(403);
    expect((await a.request('/api/v1/admin/users', withBearer(plainJwt))).body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await a.request('/api/v1/admin/users')).status).toBe(401);

    const users = await a.request('/api/v1/admin/users', withKey(admin.key));
    expect(users.status).toBe(200);
    expect((users.body as unknown as { id: string }[]).map((u) => u.id)).toEqual(expect.arrayContaining([admin.user.id, plain.user.id]));
    const created = await b.request('/api/v1/admin/users', { method: 'POST', body: { email: `New-${token}@Example.test`, tier: 'basic' }, ...withBearer(adminJwt) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: `new-${token}@example.test`.toLowerCase(), tier: 'basic', role: 'user' });
    const duplicate = await b.request('/api/v1/admin/users', { method: 'POST', body: { email: `new-${token}@example.test` }, ...withKey(admin.key) });
    expect(duplicate.status).toBe(409);
    const key = await a.request(`/api/v1/admin/users/${String(created.body.id)}/keys`, { method: 'POST', body: { name: 'issued' }, ...withKey(admin.key) });
    expect(key.status).toBe(201);
    expect((await a.request('/api/v1/me', withKey(String(key.body.key)))).body).toMatchObject({ tier: 'basic', userId: created.body.id });
    const upgraded = await a.request(`/api/v1/admin/users/${String(created.body.id)}`, { method: 'PATCH', body: { tier: 'pro' }, ...withKey(admin.key) });
    expect(upgraded.body).toMatchObject({ tier: 'pro' });
    expect((await a.request(`/api/v1/admin/users/${String(created.body.id)}/keys`, withKey(admin.key))).body).toEqual([expect.objectContaining({ id: key.body.id, revokedAt: null })]);
    const revoked = await a.request(`/api/v1/admin/users/${String(created.body.id)}/keys/${String(key.body.id)}`, { method: 'DELETE', ...withKey(admin.key) });
    expect(revoked.status).toBe(200);
    expect((await a.request('/api/v1/me', withKey(String(key.body.key)))).status).toBe(401);
    expect((await a.request('/api/v1/admin/users/not-a-uuid', withKey(admin.key))).status).toBe(400);
  });

  it('stamps a key’s last use on first use, and not again within the minute', async () => {
    const { user, key } = await newUser();
    const lastUsed = async () => ((await accountsCommand(env, 'list-keys', '--user', user.id)).lines[0] as { lastUsedAt: string | null }).lastUsedAt;
    expect(await lastUsed()).toBeNull();

    await a.request('/api/v1/me', withKey(key));
    const first = await waitFor(lastUsed, { what: 'last use stamped' });
    await b.request('/api/v1/me', withKey(key));
    await a.request('/api/v1/me', withKey(key));

    expect(await lastUsed()).toBe(first);
  });

  it('accepts HS256 tokens of the configured issuer and audience; the user is sub, the tier its claim', async () => {
    const claims = { sub: 'user-from-idp', iss: ISSUER, aud: AUDIENCE };

    const valid = await a.request('/api/v1/me', withBearer(await hs256(SECRET, { ...claims, tier: 'enterprise' })));
    const noTier = await a.request('/api/v1/me', withBearer(await hs256(SECRET, claims)));
    const expired = await a.request('/api/v1/me', withBearer(await hs256(SECRET, { ...claims }, past())));
    const wrongAudience = await a.request('/api/v1/me', withBearer(await hs256(SECRET, { ...claims, aud: 'someone-else' })));
    const wrongIssuer = await a.request('/api/v1/me', withBearer(await hs256(SECRET, { ...claims, iss: 'https://evil.test' })));
    const wrongSecret = await a.request('/api/v1/me', withBearer(await hs256(`${SECRET}-not`, claims)));
    const unknownTier = await a.request('/api/v1/me', withBearer(await hs256(SECRET, { ...claims, tier: 'platinum' })));
    const garbage = await a.request('/api/v1/upgrades', withBearer('not.a.jwt'));

    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({ credential: 'jwt', userId: 'user-from-idp', user: null, tier: 'enterprise', role: 'user' });
    expect(noTier.body).toMatchObject({ tier: 'free' });
    expect([expired, wrongAudience, wrongIssuer, wrongSecret, unknownTier, garbage].map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(expired.body.message).toBe('token expired');
    expect(wrongAudience.body.message).toMatch(/aud/);
    expect(wrongIssuer.body.message).toMatch(/iss/);
  });

  it('refuses unsigned tokens (alg none), a token naming another algorithm than its key, and one signed for another issuer with the right key', async () => {
    const claims = { sub: 'mallory', iss: ISSUER, aud: AUDIENCE, tier: 'enterprise', role: 'admin', exp: Math.floor(Date.now() / 1000) + 300 };
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
    const unsignedWithKid = `${part({ alg: 'none', kid: 'k1' })}.${part(claims)}.`;
    // The JWKS public key's material used as an HMAC secret: the classic RS256 → HS256 confusion.
    const confused = await hs256(JSON.stringify(await (await fetch(jwks.url)).json()), { ...claims });

    const answers = await Promise.all([unsigned, unsignedWithKid, confused].map(async (jwt) => [await a.request('/api/v1/me', withBearer(jwt)), await b.request('/api/v1/admin/users', withBearer(jwt))]));
    expect(answers.flat().map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 401]);
    const socket = await a.connect({ token: unsigned });
    expect(socket.error?.data).toMatchObject({ code: 'unauthorized' });
    expect((await b.request('/api/v1/me', withBearer(await jwks.sign({ ...claims, iss: 'https://evil.test' })))).status).toBe(401);
  });

  it('keeps only the SHA-256 of a key at rest: no secret in any column of its row', async () => {
    const { user, key } = await newUser();
    const secret = key.split('_').slice(2).join('_');
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ row: string; hash: Buffer }>(`SELECT k::text AS row, k.secret_hash AS hash FROM "${token.toLowerCase()}".api_keys k WHERE user_id = $1`, [user.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.row).not.toContain(secret);
      expect(rows[0]!.row).not.toContain(Buffer.from(secret).toString('hex'));
      expect(rows[0]!.hash.equals(createHash('sha256').update(secret).digest())).toBe(true);
    } finally {
      await db.end();
    }
  });

  it("accepts RS256 tokens signed with a key of the provider's JWKS, and refuses an unknown kid, a wrong audience and an expired one", async () => {
    const claims = { sub: 'oidc-user', iss: ISSUER, aud: AUDIENCE, tier: 'basic' };

    const valid = await b.request('/api/v1/me', withBearer(await jwks.sign(claims)));
    const unknownKid = await b.request('/api/v1/me', withBearer(await jwks.sign(claims, { kid: 'stranger' })));
    const wrongAudience = await b.request('/api/v1/me', withBearer(await jwks.sign({ ...claims, aud: 'other-api' })));
    const expired = await b.request('/api/v1/me', withBearer(await jwks.sign(claims, { expiresIn: past() })));

    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({ credential: 'jwt', userId: 'oidc-user', tier: 'basic' });
    expect(unknownKid.status).toBe(401);
    expect(unknownKid.body.message).toBe('token signed with an unknown key');
    expect(wrongAudience.status).toBe(401);
    expect(expired.body).toMatchObject({ statusCode: 401, message: 'token expired' });
    expect(jwks.requests).toBeGreaterThan(0);
  });

  it('holds a tier’s requests a minute across two replicas, then answers 429 with Retry-After and RateLimit headers', async () => {
    const { key } = await newUser('basic');
    const replicas = [a, b, a, b];

    const responses = [];
    for (const replica of replicas) responses.push(await replica.request('/api/v1/upgrades', withKey(key)));

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(responses.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(responses.every((r) => r.headers.get('ratelimit-limit') === '3')).toBe(true);
    const refused = responses[3]!;
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/basic tier/) });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(Number(refused.headers.get('ratelimit-reset'))).toBe(retryAfter);
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toMatch(/^pum_gateway_requests_total\{[^}]*outcome="rate_limited",credential="api_key"[^}]*\} [1-9]/m);
  });

  it('holds the limit under a concurrent burst across both replicas: exactly the tier’s requests pass, per key', async () => {
    const [first, second] = [await newUser('basic'), await newUser('basic')];
    const burst = (key: string) => Array.from({ length: 40 }, (_, n) => (n % 2 ? a : b).request('/api/v1/upgrades', withKey(key)));
    const answers = await Promise.all([...burst(first.key), ...burst(second.key)]);
    const passed = (from: number) => answers.slice(from, from + 40).filter((answer) => answer.status === 200).length;

    expect([passed(0), passed(40)]).toEqual([3, 3]);
    expect(answers.filter((answer) => answer.status !== 200).every((answer) => answer.status === 429 && Number(answer.headers.get('retry-after')) >= 1)).toBe(true);
  });

  it('gives anonymous callers the free tier by IP and leaves probes, metrics and the document open', async () => {
    const anonymous = await a.request('/api/v1/protocols');
    const health = await a.request('/health');
    const document = await fetch(`${a.url}/api/v1/openapi.yaml`);
    const metrics = await fetch(`${a.url}/metrics`);

    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('ratelimit-limit')).toBe('60');
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit-limit')).toBeNull();
    expect([document.status, metrics.status]).toEqual([200, 200]);
    expect(document.headers.get('ratelimit-limit')).toBeNull();
  });

  it('limits concurrent sockets per user across replicas with a reason the client reads, and frees a slot on disconnect', async () => {
    const { key } = await newUser('enterprise');

    const first = await a.connect({ apiKey: key });
    const second = await b.connect({ token: key });
    const third = await a.connect({ apiKey: key });

    try {
      expect([first.error, second.error]).toEqual([undefined, undefined]);
      expect(third.error?.message).toMatch(/connection limit of the enterprise tier/);
      expect(third.error?.data).toEqual({ code: 'connection_limit', tier: 'enterprise', limit: 2 });
      const wrong = await a.connect({ apiKey: `${key.slice(0, -4)}abcd` });
      expect(wrong.error?.data).toMatchObject({ code: 'unauthorized' });
      expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/^pum_gateway_socket_handshakes_total\{[^}]*outcome="connection_limit"[^}]*\} 1$/m);

      first.socket.disconnect();
      const again = await waitFor(async () => {
        const attempt = await b.connect({ apiKey: key });
        return attempt.error ? false : attempt;
      }, { what: 'a slot freed by the disconnect' });
      again.socket.disconnect();
    } finally {
      first.socket.disconnect();
      second.socket.disconnect();
    }
  });
});

describe('with anonymous access off', () => {
  const token = uniqueToken('acct_closed');
  const probe = new KafkaProbe(`${token}.`);
  let env: Record<string, string>;
  let sut: TestGateway;

  beforeAll(async () => {
    await probe.createTopics(1);
    env = isolatedServiceEnv(token, {
      SERVICE: 'gateway',
      GATEWAY_ANONYMOUS_ACCESS: 'false',
      GATEWAY_JWT_SECRET: SECRET,
      GATEWAY_JWT_ISSUER: ISSUER,
      GATEWAY_JWT_AUDIENCE: AUDIENCE,
      GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS: '0',
    });
    sut = await TestGateway.start(env);
  });

  afterAll(async () => {
    await sut?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('answers 401 without credentials, except on the probes, metrics and the document', async () => {
    const closed = await sut.request('/api/v1/upgrades');

    expect(closed.status).toBe(401);
    expect(closed.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/credentials required/) });
    expect((await sut.request('/health/live')).status).toBe(200);
    expect((await fetch(`${sut.url}/api/v1/openapi.yaml`)).status).toBe(200);
  });

  it('refuses a socket handshake without credentials with a readable reason, and admits a key and a JWT', async () => {
    await accountsCommand(env, 'create-user', '--email', 'closed@example.test');
    const key = ((await accountsCommand(env, 'create-key', '--user', 'closed@example.test')).lines[0] as { key: string }).key;
    const jwt = await hs256(SECRET, { sub: 'someone', iss: ISSUER, aud: AUDIENCE });

    const anonymous = await sut.connect();
    const withKey = await sut.connect({ apiKey: key });
    const withJwt = await sut.connect({ token: jwt });

    try {
      expect(anonymous.error?.message).toMatch(/credentials required/);
      expect(anonymous.error?.data).toMatchObject({ code: 'unauthorized' });
      expect([withKey.error, withJwt.error]).toEqual([undefined, undefined]);
      const ack = (await withKey.socket.timeout(5000).emitWithAck('subscribe', { channels: ['upgrades'] })) as { ok: boolean };
      expect(ack.ok).toBe(true);
      expect((await sut.request('/api/v1/upgrades', { headers: { 'x-api-key': key } })).status).toBe(200);
    } finally {
      withKey.socket.disconnect();
      withJwt.socket.disconnect();
    }
  });

  it('disconnects a JWT socket when its token expires', async () => {
    const jwt = await hs256(SECRET, { sub: 'short-lived', iss: ISSUER, aud: AUDIENCE }, Math.floor(Date.now() / 1000) + 2);
    const { socket, error } = await sut.connect({ token: jwt });
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));

    expect(error).toBeUndefined();
    await waitFor(() => reasons.length > 0, { what: 'the disconnect at expiry', timeoutMs: 10_000 });
    expect(reasons).toEqual(['io server disconnect']);
  });
});
