import type { AlertChannel } from '@pum/contracts';
import type { RenderedAlert } from '../render';
import { parseJson, type ChannelRequest } from './outcome';

type Telegram = Extract<AlertChannel, { type: 'telegram' }>;

/** Telegram's HTML parse mode needs `&`, `<` and `>` escaped (and quotes inside attributes). */
export const escapeTelegramHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Bot API `sendMessage` with `parse_mode: HTML`: the headline in bold, a line per field, the link. */
export function telegramRequest(channel: Telegram, rendered: RenderedAlert, baseUrl: string): ChannelRequest {
  const lines = [`<b>${escapeTelegramHtml(rendered.headline)}</b>`, '', ...rendered.fields.map((f) => `<b>${escapeTelegramHtml(f.label)}</b> ${escapeTelegramHtml(f.value)}`)];
  if (rendered.url) lines.push('', `<a href="${escapeTelegramHtml(rendered.url)}">Open</a>`);
  return {
    url: new URL(`${baseUrl}/bot${channel.botToken}/sendMessage`),
    redacted: `${baseUrl}/bot<token>/sendMessage`,
    headers: {},
    body: JSON.stringify({ chat_id: channel.chatId, text: lines.join('\n').slice(0, 4096), parse_mode: 'HTML', link_preview_options: { is_disabled: true } }),
  };
}

/** The Bot API's 429 body: `{ ok: false, error_code: 429, parameters: { retry_after: seconds } }`. */
export function telegramRetryAfterMs(body: string): number | undefined {
  const json = parseJson(body) as { parameters?: { retry_after?: unknown } } | undefined;
  return typeof json?.parameters?.retry_after === 'number' ? json.parameters.retry_after * 1000 : undefined;
}
