import { JsonLogger, startService } from '@pum/platform';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, SERVICE_NAME } from './app.module';
import type { GatewayConfig } from './config';
import { JsonExceptionFilter } from './http/json-exception.filter';
import { answerClientErrorsAsJson } from './http/json-client-error';
import { methodNotAllowed } from './http/method-not-allowed';
import { securityHeaders } from './http/security-headers';
import { serveDashboard } from './http/dashboard-static';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

/** Starts the gateway: REST + Socket.IO on one port, consuming events and assessments. */
export async function startGateway(config: GatewayConfig, logger = new JsonLogger(SERVICE_NAME, config.LOG_LEVEL)): Promise<INestApplication> {
  return startService(AppModule.register(config, logger), {
    logger,
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    configure: (app) => {
      app.useGlobalFilters(new JsonExceptionFilter());
      answerClientErrorsAsJson(app.getHttpServer());
      // Before CORS, which ends a preflight itself.
      app.getHttpAdapter().getInstance().disable('x-powered-by');
      app.use(securityHeaders);
      app.enableCors({
        origin: config.CORS_ORIGINS === '*' ? true : config.CORS_ORIGINS.split(','),
        // Browsers show scripts only these of the rate-limit answers (access.guard.ts).
        exposedHeaders: ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'],
      });
      app.getHttpAdapter().getInstance().set('trust proxy', config.GATEWAY_TRUST_PROXY);
      serveDashboard(app, config.GATEWAY_DASHBOARD_DIR, logger);
      app.use(methodNotAllowed(app));
      // Nest's parsers with the configured limit; a larger body is a JSON 413 (json-exception.filter.ts).
      const express = app as NestExpressApplication;
      express.useBodyParser('json', { limit: config.GATEWAY_BODY_LIMIT_BYTES });
      express.useBodyParser('urlencoded', { limit: config.GATEWAY_BODY_LIMIT_BYTES, extended: true });
      if (config.SOCKET_REDIS_ADAPTER) {
        app.useWebSocketAdapter(new RedisIoAdapter(app, config.REDIS_URL, config.REDIS_KEY_PREFIX));
      }
    },
  });
}

