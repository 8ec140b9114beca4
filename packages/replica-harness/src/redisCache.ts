import { createClient } from '@redis/client';

/**
 * The config that makes a replica keep Backstage's cache service in Redis: the store,
 * its connection and a key namespace of this run's own (keys `<namespace>:<pluginId>:…`),
 * set through `APP_CONFIG_*` variables like the rest of the harness's additions.
 */
export function redisCacheEnv(
  url: string,
  namespace: string,
): Record<string, string> {
  return {
    APP_CONFIG_backend_cache_store: 'redis',
    APP_CONFIG_backend_cache_connection: url,
    APP_CONFIG_backend_cache_redis_client_namespace: namespace,
  };
}

async function withRedis<T>(
  url: string,
  use: (client: ReturnType<typeof createClient>) => Promise<T>,
): Promise<T> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.quit();
  }
}

/** Whether Redis answers at all. */
export async function checkRedis(url: string): Promise<void> {
  await withRedis(url, client => client.ping());
}

/** The keys of the namespace, by plugin (the segment after the namespace). */
export async function redisKeysByPlugin(
  url: string,
  namespace: string,
): Promise<Map<string, number>> {
  return withRedis(url, async client => {
    const counts = new Map<string, number>();
    for await (const key of client.scanIterator({
      MATCH: `${namespace}:*`,
      COUNT: 500,
    })) {
      const plugin = key.slice(namespace.length + 1).split(':')[0];
      counts.set(plugin, (counts.get(plugin) ?? 0) + 1);
    }
    return counts;
  });
}

/** Deletes the namespace's keys; returns how many. */
export async function dropRedisKeys(
  url: string,
  namespace: string,
): Promise<number> {
  return withRedis(url, async client => {
    let dropped = 0;
    for await (const key of client.scanIterator({
      MATCH: `${namespace}:*`,
      COUNT: 500,
    })) {
      dropped += await client.del(key);
    }
    return dropped;
  });
}
