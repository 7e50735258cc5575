import { Client } from 'pg';
import { TcpFaultProxy } from './tcp-fault-proxy';
import { testInfra } from './test-env';

/** Against the real Postgres: what the chaos suite relies on to take a dependency away and give it back. */
describe('TcpFaultProxy', () => {
  const upstream = new URL(testInfra.databaseUrl);
  let sut: TcpFaultProxy;

  beforeEach(async () => {
    sut = await TcpFaultProxy.start(upstream.hostname, Number(upstream.port || 5432));
  });
  afterEach(() => sut.stop());

  const clientThrough = () => {
    const url = new URL(testInfra.databaseUrl);
    url.host = sut.address;
    return new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
  };

  it('passes a connection through to the upstream', async () => {
    const client = clientThrough();
    await client.connect();
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    await client.end();
    expect(rows[0]?.one).toBe(1);
  });

  it('resets open connections on cut, refuses new ones until restored', async () => {
    const open = clientThrough();
    open.on('error', () => undefined);
    await open.connect();
    sut.cut();
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await expect(clientThrough().connect()).rejects.toThrow();

    sut.restore();
    const again = clientThrough();
    await again.connect();
    await expect(again.query('SELECT 1')).resolves.toBeDefined();
    await again.end();
  });
});
