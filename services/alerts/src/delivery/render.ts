import type { AlertPayload, RiskLevel } from '@pum/contracts';

/** A channel-neutral message: what every template (docs/alerts.md) lays out in its own format. */
export interface RenderedAlert {
  /** `[ALERT]`, `[WITHDRAWN]` or `[DIGEST]` and the alert's title. */
  headline: string;
  /** Label and value, in order: Protocol, What happened, Risk, ETA, Subject, Rule, … */
  fields: { label: string; value: string }[];
  /** The absolute link: the configured base URL and the alert's path. */
  url: string | null;
  level: RiskLevel | null;
  kind: AlertPayload['kind'];
}

const PREFIX = { fired: 'ALERT', withdrawn: 'WITHDRAWN', digest: 'DIGEST' } as const;

/**
 * Lays an alert out as labelled lines, the same for every channel.
 *
 * @example renderAlert(alert, 'https://pum.example.com/api/v1').fields[0] // { label: 'Protocol', value: 'demo-dao' }
 */
export function renderAlert(alert: AlertPayload, baseUrl: string): RenderedAlert {
  const headline = `[${PREFIX[alert.kind]}] ${alert.title}`;
  switch (alert.kind) {
    case 'fired': {
      const fields = [
        { label: 'Protocol', value: alert.subject.protocolId ?? 'not in the registry' },
        { label: 'What happened', value: alert.matched.map((m) => m.detail).join('; ') },
        { label: 'Risk', value: alert.risk ? `${alert.risk.level} (${alert.risk.score}/100)` : 'not assessed yet' },
        { label: 'ETA', value: alert.eta ?? 'none' },
        { label: 'Subject', value: `${alert.subject.type} ${alert.subject.id}${alert.subject.chainId !== null ? ` on chain ${alert.subject.chainId}` : ''}` },
        { label: 'Rule', value: alert.ruleName },
        { label: 'When', value: alert.firedAt },
      ];
      return { headline, fields, url: `${baseUrl}${alert.link}`, level: alert.risk?.level ?? null, kind: alert.kind };
    }
    case 'withdrawn':
      return {
        headline,
        fields: [
          { label: 'Protocol', value: alert.subject.protocolId ?? 'not in the registry' },
          { label: 'What happened', value: `The alert is withdrawn: ${alert.reason}` },
          { label: 'Subject', value: `${alert.subject.type} ${alert.subject.id}` },
          { label: 'Rule', value: alert.ruleName },
          { label: 'When', value: alert.firedAt },
        ],
        url: `${baseUrl}${alert.link}`,
        level: null,
        kind: alert.kind,
      };
    case 'digest':
      return {
        headline,
        fields: [
          { label: 'What happened', value: `${alert.count} alerts from ${alert.windowStart} to ${alert.windowEnd}` },
          ...alert.alerts.slice(0, 10).map((a, i) => ({ label: `${i + 1}.`, value: `${a.title} ${baseUrl}${a.link}` })),
          ...(alert.alerts.length > 10 ? [{ label: '…', value: `and ${alert.alerts.length - 10} more` }] : []),
          { label: 'Rule', value: alert.ruleName },
        ],
        url: null,
        level: null,
        kind: alert.kind,
      };
  }
}

/** Plain text: the headline, one `Label: value` line each, the link. Email's text part and the fallbacks. */
export function plainText(rendered: RenderedAlert): string {
  return [rendered.headline, '', ...rendered.fields.map((f) => `${f.label}: ${f.value}`), ...(rendered.url ? ['', rendered.url] : [])].join('\n');
}
