import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { answerClientErrorsAsJson } from './json-client-error';

/** Writes raw bytes to the server and reads the whole answer until it closes the connection. */
function raw(server: Server, bytes: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('answerClientErrorsAsJson', () => {
  let sut: Server;

  beforeAll(async () => {
    sut = createServer((_request, response) => response.end('ok'));
    answerClientErrorsAsJson(sut);
    await new Promise<void>((resolve) => sut.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => sut.close(() => resolve())));

  it('answers an unknown method with a JSON 400 that says why', async () => {
    const answer = await raw(sut, 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('Content-Type: application/json');
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toEqual({ statusCode: 400, error: 'Bad Request', message: 'unknown HTTP method' });
  });

  it('answers a request line over the header limit with a JSON 431', async () => {
    const answer = await raw(sut, `GET /?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toMatchObject({ statusCode: 431, message: expect.stringContaining('larger than') });
  });

  it('answers a HEAD over the limit without a body, as HEAD must be', async () => {
    const answer = await raw(sut, `HEAD /?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.split('\r\n\r\n')[1]).toBe('');
  });

  it('answers garbage with a JSON 400 and still serves the next connection', async () => {
    const answer = await raw(sut, '\u0001\u0002 nonsense\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toMatchObject({ statusCode: 400, message: expect.any(String) });
    expect(await raw(sut, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/\r\n\r\nok$/);
  });
});
