/** Short display helpers. */
export const shortHex = (value: string | null | undefined): string => (value ? (value.length > 14 ? `${value.slice(0, 8)}…${value.slice(-4)}` : value) : '—');

export const time = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '—');

export const percent = (value: number | null | undefined, digits = 0): string => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)} %`);

export function compact(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}

/** `2h 03m 10s` */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${pad(h)}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  return `${m}m ${pad(s)}s`;
}

/** Unix seconds of an ISO time, for charts. */
export const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
