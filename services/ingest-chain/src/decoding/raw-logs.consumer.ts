import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SwapDecoder } from '../swaps/swap-decoder';
import { isSwapLog } from '../swaps/swap-events';
import { ProtocolEventDecoder } from './protocol-event-decoder';

@Injectable()
export class RawLogsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly decoder: ProtocolEventDecoder,
    private readonly swaps: SwapDecoder,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.chainLogsRaw, (message) => (isSwapLog(message.payload) ? this.swaps.decode(message) : this.decoder.decode(message)));
  }
}
