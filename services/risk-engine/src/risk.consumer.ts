import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RiskInputsService } from './inputs/risk-inputs.service';

/** Routes the engine's input topics, one service method each; the consumer policy dead-letters what does not parse. */
@Injectable()
export class RiskConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly inputs: RiskInputsService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.protocolEvents, (message) => this.inputs.onProtocolEvent(message));
    this.host.register(TOPICS.upgradesLifecycle, (message) => this.inputs.onLifecycle(message));
    this.host.register(TOPICS.governanceProposals, (message) => this.inputs.onProposal(message));
    this.host.register(TOPICS.sentiment, (message) => this.inputs.onSentiment(message));
    this.host.register(TOPICS.marketTicks, (message) => this.inputs.onTick(message));
    this.host.register(TOPICS.forecastVolatility, (message) => this.inputs.onVolatility(message));
    this.host.register(TOPICS.forecastLiquidity, (message) => this.inputs.onLiquidity(message));
  }
}
