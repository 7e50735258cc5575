import type { JsonLogger } from '@pum/platform';
import type { z } from 'zod';
import type { SourceMetrics } from './source-metrics';

/** A record of a list answer that did not match its schema: what it was and why it was refused. */
export interface RejectedItem {
  raw: unknown;
  reason: string;
}

/**
 * Validates each element of a list answer on its own, so one record of an unexpected shape is
 * refused alone instead of failing the whole page (and stalling the cursor behind it for good).
 *
 * @example const { items, rejected } = parseEach(snapshotVote, data.votes);
 */
export function parseEach<T>(schema: z.ZodType<T>, raws: unknown[]): { items: T[]; rejected: RejectedItem[] } {
  const items: T[] = [];
  const rejected: RejectedItem[] = [];
  for (const raw of raws) {
    const result = schema.safeParse(raw);
    if (result.success) items.push(result.data);
    else rejected.push({ raw, reason: result.error.issues.map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`).join('; ') });
  }
  return { items, rejected };
}

/** The unix-seconds `created` of a raw record if it has a readable one (so a refused record still moves a cursor). */
export function rawCreated(raw: unknown): number | undefined {
  const created = (raw as { created?: unknown } | null)?.created;
  return typeof created === 'number' && Number.isInteger(created) && created >= 0 ? created : undefined;
}

/**
 * Logs each refused record with its reason and counts it in `pum_governance_malformed_records_total`.
 * Refused records are not published raw (the raw topic carries validated answers only).
 */
export function reportRejected(logger: JsonLogger, metrics: SourceMetrics, source: string, kind: string, request: string, rejected: RejectedItem[]): void {
  if (rejected.length === 0) return;
  metrics.malformedRecords.inc({ source, kind }, rejected.length);
  for (const { raw, reason } of rejected) {
    logger.warn({ msg: 'governance source record skipped: not the documented shape', source, kind, request, reason, record: JSON.stringify(raw)?.slice(0, 300) });
  }
}
