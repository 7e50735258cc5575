import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UpgradeDecoder } from './upgrade-decoder';

@Injectable()
export class RawLogsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly decoder: UpgradeDecoder,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.chainLogsRaw, (message) => this.decoder.decode(message));
  }
}
