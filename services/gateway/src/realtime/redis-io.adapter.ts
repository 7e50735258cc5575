import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** Socket.IO over Redis pub/sub, so an event emitted by one gateway replica reaches clients of all. */
export class RedisIoAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly keyPrefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    // One retry per command: while Redis is away a broadcast's cross-replica publish fails at once instead of queueing.
    this.pub = new Redis(this.redisUrl, { connectionName: 'gateway-io-pub', maxRetriesPerRequest: 1 });
    this.sub = this.pub.duplicate({ connectionName: 'gateway-io-sub' });
    // While Redis is away each replica still pushes to its own sockets; /health reports Redis down (degraded), and
    // ioredis reconnects by itself. Errors are expected then, not news.
    for (const client of [this.pub, this.sub]) client.on('error', () => undefined);
    // The adapter publishes every broadcast without awaiting it: a rejected publish (Redis away) was an unhandled
    // rejection that ended the process. Now that broadcast reaches this replica's sockets only.
    const publish = this.pub.publish.bind(this.pub);
    this.pub.publish = ((...args: Parameters<typeof publish>) => publish(...args).catch(() => 0)) as typeof publish;
    server.adapter(createAdapter(this.pub, this.sub, { key: `${this.keyPrefix}socket.io` }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
  }
}
