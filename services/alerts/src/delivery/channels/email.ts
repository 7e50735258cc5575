import type { AlertChannel } from '@pum/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { plainText, type RenderedAlert } from '../render';
import type { AttemptOutcome } from './outcome';

type Email = Extract<AlertChannel, { type: 'email' }>;

const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML part: the headline, a table of the fields, the link. */
export function emailHtml(rendered: RenderedAlert): string {
  const rows = rendered.fields.map((f) => `<tr><th align="left" valign="top">${html(f.label)}</th><td>${html(f.value)}</td></tr>`).join('');
  const link = rendered.url ? `<p><a href="${html(rendered.url)}">${html(rendered.url)}</a></p>` : '';
  return `<h2>${html(rendered.headline)}</h2><table cellpadding="4">${rows}</table>${link}`;
}

/** SMTP options from the URL (`smtp://user:pass@host:port`, `smtps://` for implicit TLS) with bounded timeouts. */
function smtpTransportOptions(smtpUrl: string, timeoutMs: number): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

/** Email through the operator's SMTP server (SMTP_URL): a 4xx reply or a connection failure is retried, a 5xx reply is final. */
export class EmailSender {
  private readonly transport: Transporter | null;

  constructor(
    smtpUrl: string | null,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transport = smtpUrl ? createTransport(smtpTransportOptions(smtpUrl, timeoutMs)) : null;
  }

  async send(channel: Email, rendered: RenderedAlert, headers: Record<string, string>): Promise<AttemptOutcome> {
    if (!this.transport) return { status: 'failed', httpStatus: null, error: 'email is not configured (SMTP_URL unset)' };
    try {
      await this.transport.sendMail({ from: this.from, to: channel.to, subject: rendered.headline.slice(0, 200), text: plainText(rendered), html: emailHtml(rendered), headers });
      return { status: 'delivered', httpStatus: null };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const message = error instanceof Error ? error.message : String(error);
      if (code !== undefined && code >= 500) return { status: 'failed', httpStatus: null, error: `SMTP ${code}: ${message}` };
      return { status: 'retry', httpStatus: null, error: code !== undefined ? `SMTP ${code}: ${message}` : message };
    }
  }

  close(): void {
    this.transport?.close();
  }
}
