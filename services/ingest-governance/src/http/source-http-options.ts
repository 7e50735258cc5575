import type { SourceHttpOptions } from '@pum/platform';
import type { IngestGovernanceConfig } from '../config';

/**
 * The HTTP client options of a source from the service config: its rate and headers, the shared
 * timeout and retry keys (`GOVERNANCE_HTTP_*`).
 *
 * @example sourceHttpOptions(config, 'snapshot', config.SNAPSHOT_RATE_LIMIT_PER_MINUTE, { 'x-api-key': key })
 */
export function sourceHttpOptions(
  config: Pick<IngestGovernanceConfig, 'GOVERNANCE_HTTP_TIMEOUT_MS' | 'GOVERNANCE_HTTP_MAX_ATTEMPTS' | 'GOVERNANCE_HTTP_BACKOFF_BASE_MS' | 'GOVERNANCE_HTTP_BACKOFF_CAP_MS' | 'GOVERNANCE_HTTP_RETRY_AFTER_CAP_MS'>,
  source: string,
  ratePerMinute: number,
  headers: Record<string, string> = {},
): SourceHttpOptions {
  return {
    source,
    ratePerMinute,
    timeoutMs: config.GOVERNANCE_HTTP_TIMEOUT_MS,
    maxAttempts: config.GOVERNANCE_HTTP_MAX_ATTEMPTS,
    backoffBaseMs: config.GOVERNANCE_HTTP_BACKOFF_BASE_MS,
    backoffCapMs: config.GOVERNANCE_HTTP_BACKOFF_CAP_MS,
    retryAfterCapMs: config.GOVERNANCE_HTTP_RETRY_AFTER_CAP_MS,
    headers,
  };
}
