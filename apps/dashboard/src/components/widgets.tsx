import type { ComponentChildren } from 'preact';
import { duration, time } from '../format';
import { useNow } from '../hooks';

type Level = 'low' | 'medium' | 'high' | 'critical';

/** A half-circle gauge of a 0–100 risk score, coloured by level. */
export function RiskGauge(props: { score: number | null | undefined; level?: Level | null; size?: number }) {
  const size = props.size ?? 56;
  const score = props.score ?? null;
  const r = 40;
  const arc = Math.PI * r;
  const filled = score === null ? 0 : (Math.min(100, Math.max(0, score)) / 100) * arc;
  return (
    <span class={`gauge level-${props.level ?? 'none'}`} data-testid="risk-gauge" data-score={score ?? ''} data-level={props.level ?? ''} title={score === null ? 'not assessed yet' : `risk ${score}/100 (${props.level})`}>
      <svg viewBox="0 0 100 56" width={size} height={(size * 56) / 100} aria-hidden="true">
        <path d="M10 50 A40 40 0 0 1 90 50" class="gauge-track" />
        <path d="M10 50 A40 40 0 0 1 90 50" class="gauge-fill" style={{ strokeDasharray: `${filled} ${arc}` }} />
      </svg>
      <span class="gauge-value">{score ?? '–'}</span>
    </span>
  );
}

export function Badge(props: { kind: string; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${props.kind}`} title={props.title} data-badge={props.kind}>
      {props.children}
    </span>
  );
}

export const LevelBadge = (props: { level: Level | null | undefined }) => (props.level ? <Badge kind={props.level}>{props.level}</Badge> : <Badge kind="none">not assessed</Badge>);

/** Time left to an ETA, ticking; "ETA passed … ago" after it. */
export function Countdown(props: { eta: string | null | undefined }) {
  const now = useNow();
  if (!props.eta) return <span class="muted">no ETA yet</span>;
  const left = Date.parse(props.eta) - now;
  return (
    <span class={left > 0 ? 'countdown' : 'countdown past'} data-testid="countdown" title={time(props.eta)}>
      {left > 0 ? `in ${duration(left)}` : `ETA passed ${duration(left)} ago`}
    </span>
  );
}

export function Card(props: { title: ComponentChildren; children: ComponentChildren; testId?: string; class?: string; aside?: ComponentChildren }) {
  return (
    <section class={`card ${props.class ?? ''}`} data-testid={props.testId}>
      <header class="card-head">
        <h2>{props.title}</h2>
        {props.aside}
      </header>
      {props.children}
    </section>
  );
}

/** Loading / error / empty states of a resource, or its content. */
export function Loaded<T>(props: { resource: { data: T | undefined; error: Error | undefined; loading: boolean }; empty?: (data: T) => boolean; emptyText?: string; children: (data: T) => ComponentChildren }) {
  const { data, error, loading } = props.resource;
  if (data === undefined) return error ? <p class="error">{error.message}</p> : loading ? <p class="muted">loading…</p> : <p class="muted">nothing yet</p>;
  return (
    <>
      {error && <p class="error">{error.message} (showing the last answer)</p>}
      {props.empty?.(data) ? <p class="muted">{props.emptyText ?? 'nothing yet'}</p> : props.children(data)}
    </>
  );
}

/** A horizontal 0..max bar. */
export function Bar(props: { value: number; max?: number; label?: string; kind?: string; marker?: number }) {
  const max = props.max ?? 100;
  const width = max > 0 ? Math.min(100, (props.value / max) * 100) : 0;
  return (
    <span class={`bar ${props.kind ?? ''}`} title={props.label}>
      <span class="bar-fill" style={{ width: `${width}%` }} />
      {props.marker !== undefined && max > 0 && <span class="bar-marker" style={{ left: `${Math.min(100, (props.marker / max) * 100)}%` }} />}
    </span>
  );
}
