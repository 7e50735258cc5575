import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_CSP, SECURITY_HEADERS } from './security-headers';

/** What Node's HTTP parser says of a request it could not read (`clientError`), as the status a client gets. */
const STATUS_OF_PARSE_ERROR: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request line and headers are larger than the server accepts'],
  HPE_INVALID_METHOD: [400, 'Bad Request', 'unknown HTTP method'],
  HPE_INVALID_URL: [400, 'Bad Request', 'malformed request target'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request was not received in time'],
};

const SECURITY_LINES = Object.entries({ ...SECURITY_HEADERS, 'Content-Security-Policy': API_CSP }).map(([name, value]) => `${name}: ${value}\r\n`).join('');

/**
 * Answers a request Node's HTTP parser refuses before any route runs — an unknown method, a request line or
 * headers over the size limit, a malformed target — with the gateway's JSON error body instead of Node's bare
 * `400` without a body, so every 4xx carries its reason (#17). A connection already reset is just closed.
 *
 * @example answerClientErrorsAsJson(app.getHttpServer())
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [statusCode, reason, message] = STATUS_OF_PARSE_ERROR[error.code ?? ''] ?? [400, 'Bad Request', 'malformed HTTP request'];
    const body = JSON.stringify({ statusCode, error: reason, message });
    // An answer to HEAD has no body (the headers say what it would be); the parser got as far as the method.
    const head = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.end(
      `HTTP/1.1 ${statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${SECURITY_LINES}Connection: close\r\n\r\n${head ? '' : body}`,
    );
  });
}
