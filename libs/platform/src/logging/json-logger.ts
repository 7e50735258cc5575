import type { LoggerService, LogLevel } from '@nestjs/common';

const ORDER: Record<string, number> = { debug: 10, verbose: 10, log: 20, info: 20, warn: 30, error: 40, fatal: 50, silent: 100 };

type Fields = Record<string, unknown>;

/**
 * Structured JSON-lines logger for Nest: one object per line with `level`, `time`, `service`, `msg`
 * and snake_case fields. Pass an object as the message to log fields: `logger.log({ msg, message_id })`.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.threshold = ORDER[level] ?? 20;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }
  setLogLevels(_levels: LogLevel[]): void {
    // Level is fixed by LOG_LEVEL at start-up.
  }

  private emit(level: string, message: unknown, rest: unknown[]): void {
    if ((ORDER[level] ?? 20) < this.threshold) return;
    // Nest passes (message, context) or (message, stack, context).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? (rest[0] as string) : undefined;
    const fields: Fields =
      message !== null && typeof message === 'object' && !(message instanceof Error)
        ? { ...(message as Fields) }
        : { msg: message instanceof Error ? message.message : String(message) };
    if (message instanceof Error) fields.stack = message.stack;
    const line: Fields = { level, time: new Date().toISOString(), service: this.service, context, ...fields };
    if (stack && !line.stack) line.stack = stack;
    this.write(`${JSON.stringify(line, replacer)}\n`);
  }
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
