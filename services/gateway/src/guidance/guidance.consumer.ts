import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GuidanceService } from './guidance.service';

/** Kafka edge of the guidance read model; the host's policy validates, dead-letters and commits. */
@Injectable()
export class GuidanceConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly guidance: GuidanceService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.guidance, (message) => this.guidance.apply(message));
  }
}
