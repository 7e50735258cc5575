import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LifecycleService } from './lifecycle.service';

/** Kafka edge of the lifecycle read model. */
@Injectable()
export class LifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly lifecycle: LifecycleService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.upgradesLifecycle, (message) => this.lifecycle.apply(message));
  }
}
