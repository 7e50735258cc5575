import { connectGateway, subscribe, type GatewaySocket } from '@pum/client';
import type { ServerToClientEvents, SocketChannel } from '@pum/contracts';

export type LiveEventName = keyof ServerToClientEvents;
/** A pushed message, narrowed by its event name: `if (e.event === 'upgrade.lifecycle') e.message.payload.upgradeId`. */
export type LiveEvent = { [E in LiveEventName]: { event: E; message: Parameters<ServerToClientEvents[E]>[0] } }[LiveEventName];

/** A time the stream was down: views refetch from REST when it ends (`to`), since pushes during it were missed. */
export interface StreamGap {
  from: string;
  to: string | null;
  reason: string;
}

export interface LiveState {
  status: 'connecting' | 'live' | 'reconnecting' | 'refused';
  /** Why the gateway refused the handshake (`unauthorized`, `connection_limit`) or the last error. */
  detail: string | null;
  gaps: StreamGap[];
  /** Bumped when the stream comes back after a gap: every view reloads from REST then. */
  generation: number;
  lastMessageAt: string | null;
  messages: number;
}

const CHANNELS: SocketChannel[] = ['upgrades', 'lifecycle', 'governance', 'forecasts', 'system'];
const MARKET: SocketChannel[] = ['prices', 'tvl', 'volumes'];

/**
 * The dashboard's one Socket.IO connection (the tiers count sockets): subscribed to the channels the views use,
 * reconnecting on its own, recording each gap so the views catch up from REST and the header can show it.
 */
export class LiveStream {
  state: LiveState = { status: 'connecting', detail: null, gaps: [], generation: 0, lastMessageAt: null, messages: 0 };
  private socket?: GatewaySocket;
  /** The protocol whose market channels the protocol page follows (filtered: one protocol's series only). */
  private marketProtocol: string | null = null;
  private readonly stateListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: LiveEvent) => void>();

  start(baseUrl: string, apiKey: string | undefined): void {
    this.socket?.removeAllListeners();
    this.socket?.close();
    const socket = connectGateway({ baseUrl, apiKey });
    this.socket = socket;
    // Come back quickly after a gateway restart; the default backoff grows to 5 s.
    socket.io.reconnectionDelay(500).reconnectionDelayMax(2000);
    this.update({ status: 'connecting', detail: null });
    socket.on('connect', () => {
      const subscribed = this.marketProtocol ? Promise.all([subscribe(socket, CHANNELS), subscribe(socket, MARKET, { protocolId: this.marketProtocol })]) : subscribe(socket, CHANNELS);
      subscribed.then(
        () => {
          const open = this.state.gaps.at(-1);
          const gaps = open && open.to === null ? [...this.state.gaps.slice(0, -1), { ...open, to: new Date().toISOString() }] : this.state.gaps;
          this.update({ status: 'live', detail: null, gaps, generation: open && open.to === null ? this.state.generation + 1 : this.state.generation });
        },
        (error: unknown) => this.update({ status: 'refused', detail: String(error) }),
      );
    });
    socket.on('disconnect', (reason) => {
      this.openGap(reason);
      // A disconnect by the server (slow consumer, expired token) is not retried by Socket.IO itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code;
      if (code === 'unauthorized' || code === 'connection_limit') this.update({ status: 'refused', detail: code });
      else this.openGap(error.message);
    });
    socket.on('stream.dropped', (notice) => this.openGap(notice.reason));
    socket.onAny((event: LiveEventName, message: LiveEvent['message']) => {
      this.update({ lastMessageAt: new Date().toISOString(), messages: this.state.messages + 1 });
      for (const listener of this.eventListeners) listener({ event, message } as LiveEvent);
    });
  }

  /** Follows one protocol's market updates (the market channels are busy: never unfiltered); returns the undo. */
  watchMarket(protocolId: string): () => void {
    this.marketProtocol = protocolId;
    if (this.socket?.connected) void subscribe(this.socket, MARKET, { protocolId }).catch(() => undefined);
    return () => {
      this.marketProtocol = null;
      if (this.socket?.connected) void this.socket.timeout(5000).emitWithAck('unsubscribe', { channels: MARKET }).catch(() => undefined);
    };
  }

  onState(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onEvent(listener: (event: LiveEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  private openGap(reason: string): void {
    const open = this.state.gaps.at(-1);
    const gaps = open && open.to === null ? this.state.gaps : [...this.state.gaps, { from: new Date().toISOString(), to: null, reason }].slice(-10);
    this.update({ status: 'reconnecting', detail: reason, gaps });
  }

  private update(change: Partial<LiveState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.stateListeners) listener();
  }
}

export const live = new LiveStream();
