import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.set('trust proxy', 1);
    app.use(securityHeaders);
    app.get('/api/v1/x', (_request, response) => void response.json({ ok: true }));
    app.get('/', (_request, response) => void response.type('html').send('<!doctype html>'));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('forbids sniffing, framing and referrers on every answer, and anything active on the API', async () => {
    const api = await fetch(`${url}/api/v1/x`);
    expect(Object.fromEntries(['x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy'].map((name) => [name, api.headers.get(name)]))).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    const page = await fetch(`${url}/`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toBeNull(); // the dashboard loads its own scripts and styles
  });

  it('sends HSTS only over https (here: said by the trusted proxy)', async () => {
    expect((await fetch(`${url}/api/v1/x`)).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${url}/api/v1/x`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
