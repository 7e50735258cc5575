import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { baseConfigShape } from './base-config';

describe('loadConfig', () => {
  const schema = z.object({ ...baseConfigShape, HTTP_PORT: z.coerce.number().int().min(1).max(65535) });

  it('applies defaults and coerces values', () => {
    const sut = loadConfig(schema, { HTTP_PORT: '3000', KAFKA_BROKERS: 'a:1, b:2' });

    expect(sut.HTTP_PORT).toBe(3000);
    expect(sut.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(sut.KAFKA_MAX_ATTEMPTS).toBe(5);
  });

  it('lists every bad key in one error', () => {
    const sut = () => loadConfig(schema, { HTTP_PORT: 'nope', KAFKA_BROKERS: 'no-port', LOG_LEVEL: 'loud' });

    expect(sut).toThrow(ConfigError);
    try {
      sut();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/HTTP_PORT/);
      expect(problems).toMatch(/KAFKA_BROKERS/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });

  it('treats empty strings as unset', () => {
    const sut = loadConfig(schema, { HTTP_PORT: '1', KAFKA_TOPIC_PREFIX: '' });

    expect(sut.KAFKA_TOPIC_PREFIX).toBe('');
  });
});
