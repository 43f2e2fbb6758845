// The ceiling server: bare Fastify (logging off, no plugins) serving bench/ceiling-routes.ts on the
// same database and with the same pool size as the app. Started by bench/run.ts as its own process
// with the app's environment (PORT, HOST, DATA_DIR, DATABASE_URL).
import Fastify from 'fastify';
import { loadConfig } from '../server/config.js';
import { openDatabase, ping } from '../server/platform/db/database.js';
import { AuthRepository } from '../server/platform/auth/auth.repository.js';
import { OrgRepository } from '../server/modules/org/org.repository.js';
import { CEILING_ROUTES, type CeilingDeps } from './ceiling-routes.js';

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const deps: CeilingDeps = {
    auth: new AuthRepository(database.db),
    org: new OrgRepository(database.db),
    sessionIdleMs: config.sessionIdleMinutes * 60_000,
  };
  const app = Fastify({ logger: false });
  app.get('/api/health', async () => ({ status: (await ping(database.db)) ? 'ok' : 'unavailable' }));
  for (const [url, route] of Object.entries(CEILING_ROUTES)) {
    app.get(url, async (req, reply) => {
      const body = await route.handler(deps, { cookie: req.headers.cookie, query: req.query as Record<string, string | undefined> });
      if (body === null) return reply.status(401).send({ error: 'unauthenticated' });
      return body;
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
