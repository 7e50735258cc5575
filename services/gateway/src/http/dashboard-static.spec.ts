import { JsonLogger } from '@pum/platform';
import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { serveDashboard } from './dashboard-static';

describe('serveDashboard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const script = 'console.log("dashboard");'.repeat(100);
  let server: Server;
  let url = '';
  const lines: string[] = [];

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>pum</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(script));
    const sut = express();
    serveDashboard(sut, dir, new JsonLogger('gateway', 'info', (line) => lines.push(line)));
    sut.get('/api/v1/ping', (_request, response) => response.json({ ok: true }));
    server = sut.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / revalidated on every load', async () => {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>pum</title>');
  });

  it('serves hashed assets immutable, brotli or gzip as the client accepts', async () => {
    const brotli = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.get('vary')).toBe('Accept-Encoding');
    expect(await brotli.text()).toBe(script); // fetch decodes it
    const gzip = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toBe(script);
  });

  it('passes everything that is not a file of the build through to the API', async () => {
    expect(await (await fetch(`${url}/api/v1/ping`)).json()).toEqual({ ok: true });
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${url}/%E0%A4%A`)).status).toBe(404);
    expect(lines.join('')).toContain('dashboard served at /');
  });

  it('logs that no dashboard is served when the directory has no build', () => {
    const logged: string[] = [];
    const app = { use: jest.fn() };
    serveDashboard(app as never, join(dir, 'nowhere'), new JsonLogger('gateway', 'info', (line) => logged.push(line)));
    expect(app.use).not.toHaveBeenCalled();
    expect(logged.join('')).toContain('dashboard not served');
  });
});
