// The ceiling server: bare Fastify (logging off, no plugins) serving bench/ceiling-routes.ts on the
// same database and with the same pool size as the app. Started by bench/run.ts as its own process
// with the app's environment (PORT, HOST, DATA_DIR, DATABASE_URL).
import Fastify from 'fastify';
import { loadConfig } from '../server/config.js';
import { openDatabase, ping } from '../server/platform/db/database.js';
import { CEILING_ROUTES, ceilingDeps } from './ceiling-routes.js';

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const deps = ceilingDeps(database, config.sessionIdleMinutes * 60_000);
  const app = Fastify({ logger: false });
  app.get('/api/health', async () => ({ status: (await ping(database.db)) ? 'ok' : 'unavailable' }));
  for (const [key, route] of Object.entries(CEILING_ROUTES)) {
    const [method, url] = key.includes(' ') ? (key.split(' ') as ['POST', string]) : (['GET', key] as const);
    app.route({
      method,
      url,
      handler: async (req, reply) => {
        const body = await route.handler(deps, { cookie: req.headers.cookie, query: req.query as Record<string, string | undefined>, body: req.body });
        if (body === null) return reply.status(401).send({ error: 'unauthenticated' });
        return reply.status(route.status ?? 200).send(body);
      },
    });
  }
  await app.listen({ port: config.port, host: config.host });
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
