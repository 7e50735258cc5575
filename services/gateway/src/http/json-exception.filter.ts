import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { isDependencyOutage } from '@pum/platform';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

/** An error the body parsers raise (http-errors): a client error with a status and a message fit to show. */
interface ClientHttpError extends Error {
  status: number;
  expose: true;
  type?: string;
  limit?: number;
}

const isClientHttpError = (error: unknown): error is ClientHttpError =>
  error instanceof Error && 'expose' in error && error.expose === true && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500;

/** Seconds a client is told to wait (`Retry-After`) while Postgres is unreachable: about the consumers' retry interval. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Every error leaves as JSON `{ statusCode, error, message }`; unexpected ones are logged, not leaked. Postgres
 * unreachable (`isDependencyOutage`) is a 503 with `Retry-After`, not a 500: the request was fine, try again.
 */
@Catch()
export class JsonExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      response
        .status(exception.getStatus())
        .json(typeof body === 'string' ? { statusCode: exception.getStatus(), error: exception.name, message: body } : body);
      return;
    }
    if (isClientHttpError(exception)) {
      // A body over the limit (413), of an unknown charset (415), …: raised before any route, by the body parser.
      const message = exception.type === 'entity.too.large' ? `request body larger than the limit of ${exception.limit} bytes` : exception.message;
      response.status(exception.status).json({ statusCode: exception.status, error: STATUS_CODES[exception.status] ?? 'Error', message });
      return;
    }
    if (isDependencyOutage(exception)) {
      this.logger.warn({ msg: 'request refused: the database is unavailable', error: exception instanceof Error ? exception.message : String(exception) });
      response
        .status(503)
        .setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS))
        .json({ statusCode: 503, error: 'Service Unavailable', message: `the database is unavailable; retry in ${OUTAGE_RETRY_AFTER_SECONDS} s` });
      return;
    }
    this.logger.error({ msg: 'unhandled request error', error: exception instanceof Error ? exception.message : String(exception) });
    response.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  }
}
