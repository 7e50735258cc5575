import type { AlertsConfig } from '../config';

export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');

/** How deliveries are sent, retried and bounded (from ALERTS_* config). */
export interface DeliverySettings {
  linkBaseUrl: string;
  allowedHosts: string[];
  timeoutMs: number;
  maxResponseBytes: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryCapMs: number;
  retryAfterCapMs: number;
  pollIntervalMs: number;
  concurrency: number;
  leaseMs: number;
  telegramBaseUrl: string;
  smtpUrl: string | null;
  emailFrom: string;
}

export function deliverySettings(config: AlertsConfig): DeliverySettings {
  return {
    linkBaseUrl: config.ALERTS_LINK_BASE_URL.replace(/\/$/, ''),
    allowedHosts: config.ALERTS_ALLOWED_HOSTS,
    timeoutMs: config.ALERTS_DELIVERY_TIMEOUT_MS,
    maxResponseBytes: config.ALERTS_MAX_RESPONSE_BYTES,
    maxAttempts: config.ALERTS_MAX_ATTEMPTS,
    retryBaseMs: config.ALERTS_RETRY_BASE_MS,
    retryCapMs: config.ALERTS_RETRY_CAP_MS,
    retryAfterCapMs: config.ALERTS_RETRY_AFTER_CAP_MS,
    pollIntervalMs: config.ALERTS_POLL_INTERVAL_MS,
    concurrency: config.ALERTS_DELIVERY_CONCURRENCY,
    leaseMs: config.ALERTS_LEASE_MS,
    telegramBaseUrl: config.TELEGRAM_API_BASE_URL.replace(/\/$/, ''),
    smtpUrl: config.SMTP_URL ?? null,
    emailFrom: config.ALERTS_EMAIL_FROM,
  };
}
