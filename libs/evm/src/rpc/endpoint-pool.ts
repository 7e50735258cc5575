import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { backoffDelayMs, type BackoffOptions } from './backoff';
import {
  RpcAbortedError,
  RpcCircuitOpenError,
  RpcError,
  RpcRateLimitedError,
  RpcTimeoutError,
  shouldRetry,
} from './errors';
import { SlidingWindowRateLimiter } from './sliding-window-rate-limiter';

/** One JSON-RPC endpoint of a network. */
export interface RpcEndpointConfig {
  url: string;
  /** Name in errors, logs and metrics; default the URL's host (the path may hold an API key). */
  name?: string;
  /** Relative share of requests among the healthy endpoints; default 1. */
  weight?: number;
  /** Requests per second this endpoint may receive from us; default unlimited. */
  rateLimitPerSecond?: number;
  /** Per-attempt timeout; default 10 s. */
  timeoutMs?: number;
}

/**
 * How the pool picks among the endpoints that can take a call now: `weighted` draws by weight (load
 * spread, for bulk reads); `priority` asks the highest weight first (configuration order among equals)
 * and another only when it fails, is rate-limited or its circuit is open (failover, for a few reads).
 */
export type EndpointSelection = 'weighted' | 'priority';

export interface EndpointPoolOptions {
  endpoints: readonly RpcEndpointConfig[];
  /** Default `weighted`. */
  selection?: EndpointSelection;
  /** Attempts per call across all endpoints, the first included; default 5. */
  maxAttempts?: number;
  /** Wall-clock budget per call, waits included; default 30 s. */
  maxTotalMs?: number;
  /** Backoff between rounds once every available endpoint failed; default 100 ms doubling up to 5 s. */
  backoff?: BackoffOptions;
  /** Consecutive retryable failures that open an endpoint's circuit (default 5), and how long it stays open (default 30 s). */
  circuit?: { failureThreshold: number; cooldownMs: number };
  /** Counters for metrics; a throwing listener is ignored. */
  onEvent?: (event: RpcPoolEvent) => void;
  /** Source of randomness for weights and jitter; tests pass a seeded one. */
  random?: () => number;
}

/** What happened in the pool, for metrics and logs (`endpoint` is the endpoint's name). */
export type RpcPoolEvent =
  | { kind: 'request'; endpoint: string; method: string; attempt: number }
  | { kind: 'success'; endpoint: string; method: string; durationMs: number }
  | { kind: 'error'; endpoint: string; method: string; durationMs: number; error: RpcError }
  | { kind: 'retry'; endpoint: string; method: string; attempt: number; error: RpcError }
  | { kind: 'failover'; endpoint: string; method: string; from: string }
  | { kind: 'backoff'; endpoint: string; method: string; delayMs: number }
  | { kind: 'rate_limited'; endpoint: string; method: string; waitMs: number }
  | { kind: 'circuit_open'; endpoint: string }
  | { kind: 'circuit_half_open'; endpoint: string }
  | { kind: 'circuit_close'; endpoint: string };

/** What an attempt is given: where to send, and by when. */
export interface RpcAttempt {
  url: string;
  endpoint: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const DEFAULTS = {
  weight: 1,
  timeoutMs: 10_000,
  maxAttempts: 5,
  maxTotalMs: 30_000,
  backoff: { baseMs: 100, capMs: 5_000 },
  circuit: { failureThreshold: 5, cooldownMs: 30_000 },
} as const;

class PooledEndpoint {
  /** Not before this time: the endpoint said Retry-After. */
  notBefore = 0;
  openedAt = 0;

  constructor(
    readonly url: string,
    readonly name: string,
    readonly weight: number,
    readonly timeoutMs: number,
    readonly limiter: SlidingWindowRateLimiter | undefined,
    readonly breaker: CircuitBreakerPolicy,
    readonly cooldownMs: number,
  ) {}

  /** Whether the circuit lets a request through now (closed, or open past its cooldown for a probe). */
  circuitAllows(now: number): boolean {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return true;
      case CircuitState.Open:
        return now - this.openedAt >= this.cooldownMs;
      case CircuitState.HalfOpen: // a probe is in flight; cockatiel would queue us behind it
      case CircuitState.Isolated:
        return false;
    }
  }

  msUntilCircuitProbe(now: number): number {
    return this.breaker.state === CircuitState.Open ? Math.max(0, this.openedAt + this.cooldownMs - now) : 0;
  }

  msUntilReady(now: number): number {
    return Math.max(this.notBefore - now, this.limiter?.msUntilAvailable() ?? 0, 0);
  }
}

// The node answered (revert, invalid params…): the endpoint is healthy, the caller gets the error.
type Outcome<T> = { answered: true; value: T } | { answered: false; error: RpcError };

/**
 * The endpoints of one network behind one `execute`: picks by weight among the healthy ones (or the
 * highest weight first, with `selection: 'priority'`), fails
 * over to another endpoint on a retryable error, backs off (full jitter, at least Retry-After) once
 * every available endpoint has failed, and bounds every call by attempts and wall-clock time.
 * Each endpoint has a circuit breaker (cockatiel: opens after N consecutive retryable failures, lets
 * one probe through after the cooldown) and a rate limit. Non-retryable errors (revert, invalid
 * params, range too large) are thrown at once, never retried.
 *
 * @example
 * const sut = new EndpointPool({ endpoints: [{ url: 'https://a', weight: 3 }, { url: 'https://b' }] });
 * const head = await sut.execute('eth_blockNumber', (attempt) => sendJsonRpc(attempt.url, call, attempt));
 */
export class EndpointPool {
  private readonly endpoints: PooledEndpoint[];
  private readonly maxAttempts: number;
  private readonly maxTotalMs: number;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly selection: EndpointSelection;
  private readonly onEvent?: (event: RpcPoolEvent) => void;

  constructor(options: EndpointPoolOptions) {
    if (options.endpoints.length === 0) throw new Error('an endpoint pool needs at least one endpoint');
    this.maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
    if (!(this.maxAttempts >= 1)) throw new Error(`maxAttempts must be at least 1, got ${this.maxAttempts}`);
    this.maxTotalMs = options.maxTotalMs ?? DEFAULTS.maxTotalMs;
    this.backoff = options.backoff ?? DEFAULTS.backoff;
    this.random = options.random ?? Math.random;
    this.selection = options.selection ?? 'weighted';
    this.onEvent = options.onEvent;
    const circuit = options.circuit ?? DEFAULTS.circuit;
    const names = new Set<string>();
    this.endpoints = options.endpoints.map((config) => {
      const name = uniqueName(config.name ?? new URL(config.url).host, names);
      const weight = config.weight ?? DEFAULTS.weight;
      if (!(weight > 0)) throw new Error(`endpoint ${name}: weight must be positive, got ${weight}`);
      const breaker = circuitBreaker(
        handleWhen((error) => shouldRetry(error)),
        { halfOpenAfter: circuit.cooldownMs, breaker: new ConsecutiveBreaker(circuit.failureThreshold) },
      );
      const endpoint = new PooledEndpoint(
        config.url,
        name,
        weight,
        config.timeoutMs ?? DEFAULTS.timeoutMs,
        config.rateLimitPerSecond === undefined ? undefined : new SlidingWindowRateLimiter(config.rateLimitPerSecond),
        breaker,
        circuit.cooldownMs,
      );
      breaker.onBreak(() => {
        endpoint.openedAt = Date.now();
        this.emit({ kind: 'circuit_open', endpoint: name });
      });
      breaker.onHalfOpen(() => this.emit({ kind: 'circuit_half_open', endpoint: name }));
      breaker.onReset(() => this.emit({ kind: 'circuit_close', endpoint: name }));
      return endpoint;
    });
  }

  /** The endpoints' names, in configuration order. */
  get endpointNames(): string[] {
    return this.endpoints.map((endpoint) => endpoint.name);
  }

  /**
   * Runs `attempt` against endpoints of the pool until it succeeds, throws a non-retryable error, or
   * the attempt/time budget is spent (then the last error is thrown). Throws RpcCircuitOpenError at
   * once when every endpoint's circuit is open.
   */
  async execute<T>(method: string, attempt: (target: RpcAttempt) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const deadline = Date.now() + this.maxTotalMs;
    const triedThisRound = new Set<PooledEndpoint>();
    let attempts = 0;
    let rounds = 0;
    let lastError: RpcError | undefined;
    let lastFailed: PooledEndpoint | undefined;

    for (;;) {
      if (signal?.aborted) throw new RpcAbortedError({ cause: signal.reason });
      const now = Date.now();
      const candidates = this.endpoints.filter((e) => !triedThisRound.has(e) && e.circuitAllows(now));
      if (candidates.length === 0) {
        if (triedThisRound.size === 0) throw new RpcCircuitOpenError(this.msUntilAnyProbe(now));
        // Every endpoint we could use failed once: back off before the next round.
        rounds++;
        triedThisRound.clear();
        const delayMs = backoffDelayMs(rounds, this.backoff, undefined, this.random);
        if (now + delayMs >= deadline) throw lastError ?? new RpcTimeoutError(this.maxTotalMs);
        this.emit({ kind: 'backoff', endpoint: lastFailed?.name ?? '', method, delayMs });
        await sleep(delayMs, signal);
        continue;
      }

      const ready = candidates.filter((e) => e.msUntilReady(now) === 0);
      if (ready.length === 0) {
        // Rate limits or Retry-After hold every candidate back: wait for the first to free up.
        const waitMs = Math.max(1, Math.min(...candidates.map((e) => e.msUntilReady(now))));
        if (now + waitMs >= deadline) {
          throw lastError ?? new RpcRateLimitedError(waitMs, { detail: 'local rate limit, budget spent' });
        }
        const first = candidates.reduce((a, b) => (a.msUntilReady(now) <= b.msUntilReady(now) ? a : b));
        this.emit({ kind: 'rate_limited', endpoint: first.name, method, waitMs });
        await sleep(waitMs, signal);
        continue;
      }

      const endpoint = this.selection === 'priority' ? highestWeight(ready) : this.pickByWeight(ready);
      if (endpoint.limiter && !endpoint.limiter.tryAcquire()) continue; // cannot happen: checked just above
      if (lastFailed && lastFailed !== endpoint) {
        this.emit({ kind: 'failover', endpoint: endpoint.name, method, from: lastFailed.name });
      }
      attempts++;
      this.emit({ kind: 'request', endpoint: endpoint.name, method, attempt: attempts });
      const started = Date.now();
      const timeoutMs = Math.max(1, Math.min(endpoint.timeoutMs, deadline - started));
      let outcome: Outcome<T>;
      try {
        outcome = await endpoint.breaker.execute(async () => {
          try {
            return { answered: true, value: await attempt({ url: endpoint.url, endpoint: endpoint.name, timeoutMs, signal }) };
          } catch (error) {
            if (error instanceof RpcError && !error.retryable && !(error instanceof RpcAbortedError)) {
              return { answered: false, error };
            }
            throw error;
          }
        });
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          // Another call took the half-open probe between our check and now: not an attempt, skip it.
          attempts--;
          triedThisRound.add(endpoint);
          continue;
        }
        if (!shouldRetry(error)) throw error;
        const rpcError = error as RpcError;
        this.emit({ kind: 'error', endpoint: endpoint.name, method, durationMs: Date.now() - started, error: rpcError });
        lastError = rpcError;
        lastFailed = endpoint;
        triedThisRound.add(endpoint);
        const retryAfterMs = retryAfterOf(rpcError);
        if (retryAfterMs !== undefined) endpoint.notBefore = Date.now() + retryAfterMs;
        if (attempts >= this.maxAttempts || Date.now() >= deadline) throw rpcError;
        this.emit({ kind: 'retry', endpoint: endpoint.name, method, attempt: attempts, error: rpcError });
        continue;
      }
      const durationMs = Date.now() - started;
      if (!outcome.answered) {
        this.emit({ kind: 'error', endpoint: endpoint.name, method, durationMs, error: outcome.error });
        throw outcome.error;
      }
      this.emit({ kind: 'success', endpoint: endpoint.name, method, durationMs });
      return outcome.value;
    }
  }

  private pickByWeight(endpoints: PooledEndpoint[]): PooledEndpoint {
    const total = endpoints.reduce((sum, e) => sum + e.weight, 0);
    let point = this.random() * total;
    for (const endpoint of endpoints) {
      point -= endpoint.weight;
      if (point < 0) return endpoint;
    }
    return endpoints[endpoints.length - 1];
  }

  private msUntilAnyProbe(now: number): number {
    return Math.min(...this.endpoints.map((e) => e.msUntilCircuitProbe(now)));
  }

  private emit(event: RpcPoolEvent): void {
    if (!this.onEvent) return;
    try {
      this.onEvent(event);
    } catch {
      // Metrics must never break an RPC call.
    }
  }
}

// Candidates keep configuration order, so the first of the highest weight wins among equals.
function highestWeight(endpoints: PooledEndpoint[]): PooledEndpoint {
  return endpoints.reduce((best, e) => (e.weight > best.weight ? e : best));
}

function retryAfterOf(error: RpcError): number | undefined {
  return 'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}#${n}`;
  taken.add(candidate);
  return candidate;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new RpcAbortedError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
