import { MetricsService, REDIS } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config';
import { AccessGuard } from './access.guard';
import { AccessMetrics } from './access-metrics';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { AdminController } from './admin.controller';
import { ApiKeyEntity } from './api-key.entity';
import { Authenticator } from './authenticator';
import { JwtVerifier } from './jwt-verifier';
import { MeController } from './me.controller';
import { MeService, TIER_TABLE } from './me.service';
import { RequestRateLimiter } from './request-rate-limiter';
import { SocketAccess } from './socket-access';
import { SocketSlots } from './socket-slots';
import { tierTable, type TierTable } from './tiers';
import { UserEntity } from './user.entity';

export const ACCOUNT_ENTITIES = [UserEntity, ApiKeyEntity];

/**
 * Accounts, API keys, JWTs and tiers: the global AccessGuard over REST, SocketAccess for the Socket.IO
 * middleware, /api/v1/me and /api/v1/admin. Needs the platform's Redis (REDIS) and the entities above
 * in the gateway's TypeORM data source.
 */
@Module({})
export class AccountsModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AccountsModule,
      imports: [TypeOrmModule.forFeature(ACCOUNT_ENTITIES)],
      controllers: [MeController, AdminController],
      providers: [
        AccountsRepository,
        AccountsService,
        MeService,
        { provide: TIER_TABLE, useValue: tierTable(config) },
        { provide: JwtVerifier, useValue: new JwtVerifier(config) },
        {
          provide: Authenticator,
          useFactory: (accounts: AccountsService, jwt: JwtVerifier) => new Authenticator(accounts, jwt, config.GATEWAY_ANONYMOUS_ACCESS),
          inject: [AccountsService, JwtVerifier],
        },
        {
          provide: RequestRateLimiter,
          useFactory: (redis: Redis, tiers: TierTable) => new RequestRateLimiter(redis, config.REDIS_KEY_PREFIX, tiers),
          inject: [REDIS, TIER_TABLE],
        },
        { provide: SocketSlots, useFactory: (redis: Redis) => new SocketSlots(redis, config.REDIS_KEY_PREFIX), inject: [REDIS] },
        { provide: AccessMetrics, useFactory: (metrics: MetricsService) => new AccessMetrics(metrics), inject: [MetricsService] },
        {
          provide: SocketAccess,
          useFactory: (authenticator: Authenticator, slots: SocketSlots, tiers: TierTable, metrics: AccessMetrics) =>
            new SocketAccess(authenticator, slots, tiers, config.GATEWAY_TRUST_PROXY, metrics),
          inject: [Authenticator, SocketSlots, TIER_TABLE, AccessMetrics],
        },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [SocketAccess, AccountsService, TIER_TABLE],
    };
  }
}
