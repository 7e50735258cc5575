/** A dependency the service needs to do its job; readiness fails when any check fails. */
export interface HealthCheck {
  readonly name: string;
  /**
   * False for a dependency the service can work without, more slowly or alone (the gateway's Redis: cache, rate
   * limits and cross-replica fan-out): its failure makes the service `degraded`, still ready. Default true.
   */
  readonly critical?: boolean;
  /** Resolves when healthy; rejects with a reason otherwise. */
  check(): Promise<void>;
}

/** The checks `/health/ready` runs: the platform adds Kafka/Redis/Postgres, services add their own. */
export class HealthRegistry {
  private readonly all: HealthCheck[] = [];

  add(check: HealthCheck): void {
    this.all.push(check);
  }

  get checks(): readonly HealthCheck[] {
    return this.all;
  }
}

/** Rejects when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
