/** A dependency the service needs to do its job; readiness fails when any check fails. */
export interface HealthCheck {
  readonly name: string;
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
