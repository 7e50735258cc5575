import { JsonLogger, PlatformModule, kafkaSettings, postgresModule } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { GatewayConfig } from './config';
import { OpenApiController } from './http/openapi.controller';
import { CreateReadModel1763800000000 } from './migrations/1763800000000-create-read-model';
import { UpgradesGateway } from './realtime/upgrades.gateway';
import { RiskAssessmentEntity } from './upgrades/risk-assessment.entity';
import { UpgradeEntity } from './upgrades/upgrade.entity';
import { UpgradesConsumer } from './upgrades/upgrades.consumer';
import { UpgradesController } from './upgrades/upgrades.controller';
import { UpgradesRepository } from './upgrades/upgrades.repository';
import { UpgradesService } from './upgrades/upgrades.service';

export const SERVICE_NAME = 'gateway';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE_NAME,
          logger,
          kafka: kafkaSettings(config, SERVICE_NAME),
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
          postgres: true,
        }),
        postgresModule({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          service: SERVICE_NAME,
          entities: [UpgradeEntity, RiskAssessmentEntity],
          migrations: [CreateReadModel1763800000000],
          poolSize: 10,
        }),
        TypeOrmModule.forFeature([UpgradeEntity, RiskAssessmentEntity]),
      ],
      controllers: [UpgradesController, OpenApiController],
      providers: [UpgradesRepository, UpgradesService, UpgradesGateway, UpgradesConsumer],
    };
  }
}
