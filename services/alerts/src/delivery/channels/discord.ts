import type { AlertChannel, RiskLevel } from '@pum/contracts';
import type { RenderedAlert } from '../render';
import { parseJson, type ChannelRequest } from './outcome';

type Discord = Extract<AlertChannel, { type: 'discord' }>;

const COLOURS: Record<RiskLevel | 'withdrawn' | 'none', number> = { low: 0x2e7d32, medium: 0xf9a825, high: 0xef6c00, critical: 0xc62828, withdrawn: 0x607d8b, none: 0x1565c0 };

/** A webhook message with one embed (title, link, colour by risk level, the fields); mentions are never parsed. */
export function discordRequest(channel: Discord, rendered: RenderedAlert): ChannelRequest {
  const [what, ...rest] = rendered.fields;
  const embed = {
    title: rendered.headline.slice(0, 256),
    ...(rendered.url ? { url: rendered.url } : {}),
    description: what ? `**${what.label}**: ${what.value}`.slice(0, 4096) : undefined,
    color: COLOURS[rendered.kind === 'withdrawn' ? 'withdrawn' : (rendered.level ?? 'none')],
    fields: rest.slice(0, 25).map((f) => ({ name: f.label.slice(0, 256), value: f.value.slice(0, 1024) || '-', inline: f.value.length < 40 })),
  };
  return { url: new URL(channel.url), redacted: new URL(channel.url).origin, headers: {}, body: JSON.stringify({ embeds: [embed], allowed_mentions: { parse: [] } }) };
}

/** Discord's 429 body: `{ "retry_after": seconds, "global": bool }`. */
export function discordRetryAfterMs(body: string): number | undefined {
  const json = parseJson(body) as { retry_after?: unknown } | undefined;
  return typeof json?.retry_after === 'number' ? Math.ceil(json.retry_after * 1000) : undefined;
}
