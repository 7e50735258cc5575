import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundGuard, RefusedDestinationError } from './outbound-guard';
import { postPinned } from './pinned-http';

const resolving = (answers: Record<string, string[]>) => async (hostname: string) =>
  (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('OutboundGuard', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:8080/x'],
    ['IPv6 loopback', 'http://[::1]/x'],
    ['RFC 1918', 'http://10.1.2.3/x'],
    ['RFC 1918 /12', 'http://172.16.0.1/x'],
    ['RFC 1918 /16', 'http://192.168.1.1/x'],
    ['link-local', 'http://169.254.10.10/x'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
    ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/x'],
    ['a unique-local address', 'http://[fd12:3456::1]/x'],
    ['CGNAT', 'http://100.64.0.1/x'],
    ['the unspecified address', 'http://0.0.0.0/x'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/x'],
  ])('refuses %s', async (_case, url) => {
    const sut = new OutboundGuard([], resolving({}));

    await expect(sut.check(new URL(url))).rejects.toBeInstanceOf(RefusedDestinationError);
  });

  it('refuses a name when any of its addresses is private, and pins a public one', async () => {
    const sut = new OutboundGuard([], resolving({ 'mixed.example': ['93.184.216.34', '10.0.0.5'], 'hooks.example': ['93.184.216.34'] }));

    await expect(sut.check(new URL('https://mixed.example/x'))).rejects.toThrow(/10\.0\.0\.5 \(private\)/);
    await expect(sut.check(new URL('https://hooks.example/x'))).resolves.toEqual({ hostname: 'hooks.example', address: '93.184.216.34', family: 4 });
  });

  it('allows what the operator listed: a host name, an address, a range', async () => {
    const sut = new OutboundGuard(['hooks.internal', '127.0.0.1', '10.0.0.0/8'], resolving({ 'hooks.internal': ['192.168.0.9'] }));

    await expect(sut.check(new URL('http://hooks.internal/x'))).resolves.toMatchObject({ address: '192.168.0.9' });
    await expect(sut.check(new URL('http://127.0.0.1:9/x'))).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(sut.check(new URL('http://10.9.9.9/x'))).resolves.toMatchObject({ address: '10.9.9.9' });
    await expect(sut.check(new URL('http://127.0.0.2/x'))).rejects.toBeInstanceOf(RefusedDestinationError);
  });

  it('refuses other schemes and credentials in the URL', async () => {
    const sut = new OutboundGuard([], resolving({}));

    await expect(sut.check(new URL('file:///etc/passwd'))).rejects.toBeInstanceOf(RefusedDestinationError);
    await expect(sut.check(new URL('https://user:pw@93.184.216.34/'))).rejects.toBeInstanceOf(RefusedDestinationError);
  });

  it('is not fooled by DNS rebinding: the request goes to the address checked, never to what the name resolves to later', async () => {
    // A rebinding name: public on the first lookup (the check), loopback on every later one (the connect, were it to look again).
    let lookups = 0;
    const sut = new OutboundGuard([], async () => [{ address: lookups++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }]);

    const destination = await sut.check(new URL('http://rebind.example/hook'));
    expect(destination).toEqual({ hostname: 'rebind.example', address: '93.184.216.34', family: 4 });
    await expect(sut.check(new URL('http://rebind.example/hook'))).rejects.toThrow(/127\.0\.0\.1 \(loopback\)/);
  });

  it('connects to the pinned address, not to a fresh lookup of the name', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      received.push(`${request.headers.host} ${request.url}`);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // `pinned.invalid` resolves nowhere (RFC 6761): the answer can only come from the pinned address.
      const url = new URL(`http://pinned.invalid:${port}/hook`);
      const answer = await postPinned({ url, destination: { hostname: 'pinned.invalid', address: '127.0.0.1', family: 4 }, headers: {}, body: '{}', timeoutMs: 5_000, maxBytes: 1_024 });
      expect(answer.status).toBe(200);
      expect(received).toEqual([`pinned.invalid:${port} /hook`]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
