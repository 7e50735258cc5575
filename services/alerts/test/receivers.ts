import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Local stand-ins for the third parties alerts are delivered to, answering in their documented shapes:
 * a signing webhook receiver, Slack incoming webhooks, Discord webhooks, the Telegram Bot API and an
 * SMTP server. Each records what it received; `script` queues special answers (500s, rate limits).
 */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  at: number;
  /** Status this receiver answered with. */
  status: number;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string };
type Handler = (request: { path: string; headers: IncomingHttpHeaders; body: string; json: unknown }) => Answer;

export class HttpReceiver {
  readonly received: Received[] = [];
  private readonly scripted: { path: string | null; answer: Answer }[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly handle: Handler) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const request = { path: req.url ?? '/', headers: req.headers, body, json };
        const index = this.scripted.findIndex((entry) => entry.path === null || entry.path === request.path);
        const answer = index >= 0 ? this.scripted.splice(index, 1)[0]!.answer : this.handle(request);
        this.received.push({ ...request, at: Date.now(), status: answer.status });
        reply(res, answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next answers, in order, before the receiver's own handling resumes (to requests for `path` only, when given). */
  script(...answers: Answer[]): void {
    this.scripted.push(...answers.map((answer) => ({ path: null, answer })));
  }

  scriptFor(path: string, ...answers: Answer[]): void {
    this.scripted.push(...answers.map((answer) => ({ path, answer })));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function reply(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers ?? {});
  res.end(answer.body ?? '');
}

/** Whether a webhook request carries a valid `X-Signature` over `X-Timestamp.body` for the secret. */
export function signatureValid(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers['x-timestamp'] ?? '');
  const signature = String(headers['x-signature'] ?? '');
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return /^\d+$/.test(timestamp) && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

/** A webhook receiver that checks the signature (401 when it is wrong) and answers 200. */
export const webhookReceiver = (secret: string) =>
  new HttpReceiver(({ headers, body }) => (signatureValid(secret, headers, body) ? { status: 200, body: 'ok' } : { status: 401, body: 'bad signature' }));

/** Slack incoming webhooks: 200 `ok`; 400 `invalid_payload` without text or blocks; 404 `no_service` off `/services/…`. */
export const slackReceiver = () =>
  new HttpReceiver(({ path, json }) => {
    if (!path.startsWith('/services/')) return { status: 404, body: 'no_service' };
    const message = json as { text?: unknown; blocks?: unknown } | undefined;
    if (!message || (typeof message.text !== 'string' && !Array.isArray(message.blocks))) return { status: 400, body: 'invalid_payload' };
    return { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' };
  });

/** Slack's rate limit answer. */
export const slackRateLimited = (seconds: number): Answer => ({ status: 429, headers: { 'retry-after': String(seconds) }, body: 'rate_limited' });

/** Discord webhooks: 204 without a body; 400 `{ message, code: 50006 }` for an empty message. */
export const discordReceiver = () =>
  new HttpReceiver(({ json }) => {
    const message = json as { content?: unknown; embeds?: unknown[] } | undefined;
    if (!message || (!message.content && !(Array.isArray(message.embeds) && message.embeds.length > 0))) {
      return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Cannot send an empty message', code: 50006 }) };
    }
    return { status: 204 };
  });

/** Discord's rate limit answer: JSON `retry_after` in seconds and the rate-limit headers. */
export const discordRateLimited = (seconds: number): Answer => ({
  status: 429,
  headers: { 'content-type': 'application/json', 'retry-after': String(Math.ceil(seconds)), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(seconds), 'x-ratelimit-scope': 'shared' },
  body: JSON.stringify({ message: 'You are being rate limited.', retry_after: seconds, global: false }),
});

/** Telegram's HTML parse mode accepts `<b>`, `<a href="…">` and entities; anything else is "can't parse entities". */
function telegramHtmlValid(text: string): boolean {
  const stripped = text.replace(/<\/?b>|<a href="[^"<>]*">|<\/a>/g, '');
  return !/[<>]/.test(stripped) && !/&(?!(amp|lt|gt|quot);)/.test(stripped);
}

/** The Bot API: `POST /bot<token>/sendMessage` → `{ ok: true, result }`; 401 for another token; 400 for bad HTML. */
export const telegramReceiver = (token: string) =>
  new HttpReceiver(({ path, json }) => {
    const error = (code: number, description: string): Answer => ({ status: code, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: false, error_code: code, description }) });
    if (path !== `/bot${token}/sendMessage`) return error(401, 'Unauthorized');
    const message = json as { chat_id?: unknown; text?: unknown; parse_mode?: unknown } | undefined;
    if (!message?.chat_id) return error(400, 'Bad Request: chat_id is empty');
    if (typeof message.text !== 'string' || message.text.length === 0) return error(400, 'Bad Request: message text is empty');
    if (message.parse_mode === 'HTML' && !telegramHtmlValid(message.text)) return error(400, "Bad Request: can't parse entities: unsupported start tag");
    const result = { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: message.chat_id, type: 'private' }, text: message.text };
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: true, result }) };
  });

/** The Bot API's flood-control answer. */
export const telegramRateLimited = (seconds: number): Answer => ({
  status: 429,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } }),
});

/** An SMTP server on 127.0.0.1 (the `smtp-server` package) keeping every message it accepts, raw. */
export class SmtpReceiver {
  readonly messages: { from: string; to: string[]; raw: string }[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        this.messages.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A raw message with its headers unfolded and encoded words read, and its quoted-printable parts decoded. */
export function decodeMail(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const utf8 = (bytes: string): string => Buffer.from(bytes, 'latin1').toString('utf8');
  const qp = (text: string): string => text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const headers = raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, '')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, encoding: string, word: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(word, 'base64').toString('utf8') : utf8(qp(word.replace(/_/g, ' '))),
    );
  return `${headers}\r\n\r\n${utf8(qp(raw.slice(split + 4)))}`;
}
