import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { FiringService } from './firing/firing.service';
import { RulesService } from './rules/rules.service';

/** Routes the rules topic and the input topics, one service method each; the consumer policy dead-letters what does not parse. */
@Injectable()
export class AlertsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly rules: RulesService,
    private readonly firing: FiringService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.alertRules, (message) => this.rules.onRule(message));
    this.host.register(TOPICS.upgradesLifecycle, async (message) => void (await this.firing.onLifecycle(message)));
    this.host.register(TOPICS.riskAssessments, async (message) => void (await this.firing.onRisk(message)));
    this.host.register(TOPICS.protocolEvents, async (message) => void (await this.firing.onProtocolEvent(message)));
    this.host.register(TOPICS.governanceProposals, async (message) => void (await this.firing.onProposal(message)));
    this.host.register(TOPICS.marketTicks, async (message) => void (await this.firing.onMarketTick(message)));
    this.host.register(TOPICS.forecastVolatility, async (message) => void (await this.firing.onVolatility(message)));
    this.host.register(TOPICS.networkStatus, async (message) => void (await this.firing.onNetworkStatus(message)));
  }
}
