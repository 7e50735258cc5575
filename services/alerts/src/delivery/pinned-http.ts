import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedDestination } from './outbound-guard';

/** No answer: the connection failed, was reset or timed out. Retryable. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most `maxBytes` of the body, as text. */
  body: string;
}

export interface PinnedRequest {
  url: URL;
  destination: CheckedDestination;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  maxBytes: number;
}

// Keep-alive pools: a pooled socket is connected to an address the guard checked when it was opened.
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/** A lookup that answers only the checked address, whatever DNS says now (no rebinding between check and connect). */
function pinned(destination: CheckedDestination): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: destination.address, family: destination.family }]);
    else callback(null, destination.address, destination.family);
  };
}

/**
 * POSTs to the checked address of a URL (TLS still verifies the URL's host name), with one deadline for
 * connect, send and answer, reading at most `maxBytes` of the answer. Redirects are not followed.
 *
 * @example const answer = await postPinned({ url, destination: await guard.check(url), headers, body, timeoutMs: 5000, maxBytes: 65536 })
 */
export function postPinned(request: PinnedRequest): Promise<HttpAnswer> {
  const { url, destination, headers, body, timeoutMs, maxBytes } = request;
  const secure = url.protocol === 'https:';
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        method: 'POST',
        host: destination.hostname,
        port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'protocol-upgrade-monitor-alerts/1', ...headers },
        lookup: pinned(destination),
        agent: secure ? agents.https : agents.http,
        ...(secure ? { servername: destination.hostname } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBytes) return;
          chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
          if (size >= maxBytes) res.destroy();
        });
        const done = () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', () => done());
      },
    );
    const timer = setTimeout(() => req.destroy(new TransportError(`no answer within ${timeoutMs} ms`, true)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof TransportError ? error : new TransportError(`${error.name}: ${error.message}`, false));
    });
    req.end(body);
  });
}
