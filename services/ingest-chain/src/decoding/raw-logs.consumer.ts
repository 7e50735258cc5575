import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ProtocolEventDecoder } from './protocol-event-decoder';

@Injectable()
export class RawLogsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly decoder: ProtocolEventDecoder,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.chainLogsRaw, (message) => this.decoder.decode(message));
  }
}
