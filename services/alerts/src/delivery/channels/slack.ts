import type { AlertChannel } from '@pum/contracts';
import type { RenderedAlert } from '../render';
import type { ChannelRequest } from './outcome';

type Slack = Extract<AlertChannel, { type: 'slack' }>;

/** Slack mrkdwn needs only `&`, `<` and `>` escaped. */
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An incoming-webhook message: a header block, the fields as one mrkdwn section, the link as a button; `text` is the notification fallback. */
export function slackRequest(channel: Slack, rendered: RenderedAlert): ChannelRequest {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: rendered.headline.slice(0, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: rendered.fields.map((f) => `*${escape(f.label)}* ${escape(f.value)}`).join('\n').slice(0, 3000) } },
  ];
  if (rendered.url) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open' }, url: rendered.url }] });
  return { url: new URL(channel.url), redacted: new URL(channel.url).origin, headers: {}, body: JSON.stringify({ text: escape(rendered.headline), blocks }) };
}
