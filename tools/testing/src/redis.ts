import { Redis } from 'ioredis';
import { testInfra } from './test-env';

/** Deletes every Redis key a test wrote under its prefix (e.g. `risk_xyz:`). */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testInfra.redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    await redis.quit();
  }
}
