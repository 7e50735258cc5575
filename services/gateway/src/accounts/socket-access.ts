import type { Socket } from 'socket.io';
import type { AccessMetrics } from './access-metrics';
import { Authenticator, credentialsOfHeaders } from './authenticator';
import { clientIp } from './client-ip';
import { InvalidCredentialsError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import type { SocketSlots } from './socket-slots';
import type { TierTable } from './tiers';

/** What a refused client reads as `err.data` of its `connect_error` (and `err.message`). */
export type SocketRefusal =
  | { code: 'unauthorized'; reason: string }
  | { code: 'connection_limit'; tier: string; limit: number };

type Next = (error?: Error) => void;
/** setTimeout's longest delay (~24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function refuse(next: Next, message: string, data: SocketRefusal): void {
  next(Object.assign(new Error(message), { data }));
}

/**
 * The Socket.IO middleware (`server.use`) of every connection: authenticates the handshake — `auth:
 * { apiKey }` or `{ token }` (a JWT or a `pum_` key), or the same HTTP headers as REST — and takes one of
 * the tier's concurrent connection slots, released on disconnect. The principal is `socket.data.principal`;
 * a JWT's socket is disconnected when the token expires.
 */
export class SocketAccess {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly slots: SocketSlots,
    private readonly tiers: TierTable,
    private readonly trustProxy: boolean | number,
    private readonly metrics: AccessMetrics,
  ) {}

  readonly middleware = (socket: Socket, next: Next): void => {
    this.admit(socket).then(
      (refusal) => {
        this.metrics.sockets.inc({ outcome: refusal?.data.code ?? 'admitted' });
        if (refusal) refuse(next, refusal.message, refusal.data);
        else next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };

  private async admit(socket: Socket): Promise<{ message: string; data: SocketRefusal } | null> {
    const auth = (socket.handshake.auth ?? {}) as { apiKey?: unknown; token?: unknown };
    const headers = credentialsOfHeaders(socket.handshake.headers);
    const credentials = {
      apiKey: typeof auth.apiKey === 'string' ? auth.apiKey : headers.apiKey,
      token: typeof auth.token === 'string' ? auth.token : headers.token,
    };
    let principal: Principal;
    try {
      const ip = clientIp(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], this.trustProxy);
      principal = await this.authenticator.authenticate(credentials, ip);
    } catch (error) {
      if (error instanceof InvalidCredentialsError || error instanceof MissingCredentialsError) {
        return { message: error.message, data: { code: 'unauthorized', reason: error.message } };
      }
      throw error;
    }
    const limit = this.tiers[principal.tier].socketConnections;
    const slot = await this.slots.acquire(principal.limitKey, socket.id, limit);
    if (!slot.ok) {
      return { message: `connection limit of the ${principal.tier} tier reached (${limit} concurrent)`, data: { code: 'connection_limit', tier: principal.tier, limit } };
    }
    socket.data.principal = principal;
    // A socket lives no longer than its JWT: the client reconnects with a fresh token.
    const expiry = principal.kind === 'jwt' ? setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, principal.validUntil - Date.now()), MAX_TIMER_MS)) : undefined;
    expiry?.unref();
    socket.once('disconnect', () => {
      clearTimeout(expiry);
      void this.slots.release(socket.id);
    });
    return null;
  }
}
