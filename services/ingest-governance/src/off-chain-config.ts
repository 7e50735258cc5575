import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const interval = (defaultMs: number) => z.coerce.number().int().min(50).default(defaultMs);
const perMinute = (defaultRate: number) => z.coerce.number().int().min(1).max(100_000).default(defaultRate);

/** Settings of the off-chain sources (Snapshot, Discourse, Tally) and of the analysis. */
export const offChainConfigShape = {
  /** Snapshot hub GraphQL endpoint. */
  SNAPSHOT_HUB_URL: z.url({ protocol: /^https?$/ }).default('https://hub.snapshot.org/graphql'),
  /** Sent as `x-api-key`; raises the hub's rate limit. */
  SNAPSHOT_API_KEY: z.string().min(1).optional(),
  SNAPSHOT_POLL_INTERVAL_MS: interval(30_000),
  /** How far back a space is read the first time (no cursor yet). */
  SNAPSHOT_BACKFILL_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /**
   * How far behind the newest `created` read the cursor stays: the hub can index a record after a
   * newer one, so each read re-asks this window (stored ids filter what was already read).
   */
  SNAPSHOT_CURSOR_LAG_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** The hub allows about 100 requests a minute without a key; stay under it. */
  SNAPSHOT_RATE_LIMIT_PER_MINUTE: perMinute(90),
  /** Records per request; the hub refuses `first` above 1000. */
  SNAPSHOT_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(1000),
  /** Base URL of proposal links built from Snapshot ids. */
  SNAPSHOT_APP_URL: z.url({ protocol: /^https?$/ }).default('https://snapshot.box'),
  DISCOURSE_POLL_INTERVAL_MS: interval(300_000),
  DISCOURSE_RATE_LIMIT_PER_MINUTE: perMinute(60),
  /**
   * Safety cap on `/latest.json` pages per poll (paging normally stops at topics older than the
   * cursor); when hit, the cursor is not moved and a warning says to raise it.
   */
  DISCOURSE_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(50),
  /** Tally's API (the company announced its shutdown in 2026): off unless enabled. */
  TALLY_ENABLED: flag.default(false),
  TALLY_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.tally.xyz/query'),
  /** Sent as `Api-Key`; Tally requires one. */
  TALLY_API_KEY: z.string().min(1).optional(),
  TALLY_POLL_INTERVAL_MS: interval(300_000),
  /** Base URL of proposal links built from Tally ids. */
  TALLY_APP_URL: z.url({ protocol: /^https?$/ }).default('https://www.tally.xyz'),
  TALLY_RATE_LIMIT_PER_MINUTE: perMinute(30),
  /** Per HTTP request to a governance source. */
  GOVERNANCE_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Attempts per request on 429/5xx/network errors, the first included. */
  GOVERNANCE_HTTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  GOVERNANCE_HTTP_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(500),
  GOVERNANCE_HTTP_BACKOFF_CAP_MS: z.coerce.number().int().min(1).default(30_000),
  /** Longest a source's Retry-After is honoured; a longer one is cut to this (the retry then meets a 429 again). */
  GOVERNANCE_HTTP_RETRY_AFTER_CAP_MS: z.coerce.number().int().min(1).default(120_000),
  /** How often registered social feeds (SentimentSource) are read. */
  SOCIAL_POLL_INTERVAL_MS: interval(60_000),
  /** Half-life of the sentiment trend's moving average. */
  SENTIMENT_HALF_LIFE_HOURS: z.coerce.number().positive().default(24),
  /** A protocol's sentiment covers its texts of this many days up to the newest (bounds the work per update). */
  SENTIMENT_PROTOCOL_WINDOW_DAYS: z.coerce.number().positive().max(3650).default(90),
};
