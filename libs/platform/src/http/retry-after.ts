/**
 * Milliseconds a Retry-After header asks for: delta-seconds (RFC 9110 §10.2.3; a decimal is accepted
 * too) or an HTTP date; undefined when the header is absent or unreadable.
 *
 * @example retryAfterMs('2') // 2000
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/[a-z]/i.test(trimmed)) return undefined; // an HTTP date names its day and month; '-1' is no date
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
