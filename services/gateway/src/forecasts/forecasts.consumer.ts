import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ForecastsService } from './forecasts.service';

/** Kafka edge of the forecasts read model. */
@Injectable()
export class ForecastsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly forecasts: ForecastsService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.forecastVolatility, (message) => this.forecasts.apply(TOPICS.forecastVolatility, message));
    this.host.register(TOPICS.forecastLiquidity, (message) => this.forecasts.apply(TOPICS.forecastLiquidity, message));
  }
}
