import type { AlertChannel, AlertPayload } from '@pum/contracts';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { discordRequest, discordRetryAfterMs } from './channels/discord';
import { EmailSender } from './channels/email';
import { httpOutcome, type AttemptOutcome, type ChannelRequest } from './channels/outcome';
import { slackRequest } from './channels/slack';
import { telegramRequest, telegramRetryAfterMs } from './channels/telegram';
import { webhookRequest } from './channels/webhook';
import { DELIVERY_SETTINGS, type DeliverySettings } from './delivery-settings';
import { OutboundGuard, RefusedDestinationError } from './outbound-guard';
import { postPinned, TransportError } from './pinned-http';
import { renderAlert } from './render';

/** One delivery to send: its id, the channel and the alert message. */
export interface Sendable {
  deliveryId: string;
  channel: AlertChannel;
  alert: AlertPayload;
}

/**
 * Sends one delivery attempt on its channel and reads the answer into an outcome. Every URL a user
 * gave (webhook, Slack, Discord) and the Bot API pass the outbound guard first, and the request
 * connects to the address the guard checked.
 */
@Injectable()
export class ChannelSender implements OnApplicationShutdown {
  private readonly guard: OutboundGuard;
  private readonly email: EmailSender;

  constructor(@Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings) {
    this.guard = new OutboundGuard(settings.allowedHosts);
    this.email = new EmailSender(settings.smtpUrl, settings.emailFrom, settings.timeoutMs);
  }

  onApplicationShutdown(): void {
    this.email.close();
  }

  async send({ deliveryId, channel, alert }: Sendable): Promise<AttemptOutcome> {
    const rendered = renderAlert(alert, this.settings.linkBaseUrl);
    switch (channel.type) {
      case 'webhook':
        return this.post(webhookRequest(channel, deliveryId, alert, rendered.url));
      case 'slack':
        return this.post(slackRequest(channel, rendered));
      case 'discord':
        return this.post(discordRequest(channel, rendered), discordRetryAfterMs);
      case 'telegram':
        return this.post(telegramRequest(channel, rendered, this.settings.telegramBaseUrl), telegramRetryAfterMs);
      case 'email':
        return this.email.send(channel, rendered, { 'X-Alert-Id': alert.alertId, 'X-Delivery-Id': deliveryId });
    }
  }

  private async post(request: ChannelRequest, bodyRetryAfterMs?: (body: string) => number | undefined): Promise<AttemptOutcome> {
    try {
      const destination = await this.guard.check(request.url);
      const answer = await postPinned({ url: request.url, destination, headers: request.headers, body: request.body, timeoutMs: this.settings.timeoutMs, maxBytes: this.settings.maxResponseBytes });
      return httpOutcome(answer, bodyRetryAfterMs);
    } catch (error) {
      if (error instanceof RefusedDestinationError) return { status: 'refused', httpStatus: null, error: `refused ${request.redacted}: ${error.message}` };
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'retry', httpStatus: null, error: `${request.redacted}: ${error instanceof TransportError && error.timedOut ? 'timeout: ' : ''}${message}`.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>') };
    }
  }
}
