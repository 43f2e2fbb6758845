// Composition root: builds the Fastify app, registers the platform plugins, then the modules.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { AppContext } from './platform/context.js';
import { strictQueryByDefault, validatorCompiler } from './platform/http/validation.js';
import { errorsPlugin } from './platform/http/errors.plugin.js';
import { routeAccessPlugin } from './platform/http/route-access.js';
import { authenticatePlugin } from './platform/auth/authenticate.plugin.js';
import { authRoutes } from './platform/auth/auth.routes.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import { notificationRoutes } from './platform/notify/notification.routes.js';
import { calendarRoutes } from './platform/calendar/calendar.routes.js';
import { attachmentRoutes } from './platform/files/attachment.routes.js';
import { searchRoutes } from './platform/search/search.routes.js';
import { ping } from './platform/db/database.js';
import { orgModule } from './modules/org/index.js';
import { documentsModule } from './modules/documents/index.js';
import { supervisionModule } from './modules/supervision/index.js';

export interface BuildOptions {
  logger?: boolean | object;
  /** Folder of the built web app; served with an SPA fallback when it exists. */
  webDist?: string;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === '1',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    requestIdHeader: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onRoute', strictQueryByDefault);
  // JSON only: a text/plain body to a JSON route is an unsupported type (415), not a bad string.
  app.removeContentTypeParser('text/plain');

  await app.register(errorsPlugin);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadLimitBytes, files: 1, fields: 20, fieldSize: 20_000 }, throwFileSizeLimit: true });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Zongban 总办 API', version: '1', description: '总经办工作系统 REST API。写操作使用会话时须带 x-csrf-token 头；集成可用个人 API 令牌（Authorization: Bearer zbt_…）。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zb_session' }, token: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(routeAccessPlugin);
  await app.register(authenticatePlugin, { ctx });

  app.get('/api/health', {
    config: { access: 'public' },
    schema: { tags: ['platform'], summary: '健康检查：数据库可用时返回 ok' },
    handler: async (_req, reply) => {
      if (await ping(ctx.database.db)) return { status: 'ok' };
      return reply.status(503).send({ status: 'unavailable' });
    },
  });

  await app.register(authRoutes, { ctx });
  await app.register(notificationRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(calendarRoutes, { ctx });
  await app.register(attachmentRoutes, { ctx });
  await app.register(searchRoutes, { ctx });
  await app.register(orgModule, { ctx });
  await app.register(documentsModule, { ctx });
  await app.register(supervisionModule, { ctx });

  const dist = opts.webDist;
  if (dist && fs.existsSync(path.join(dist, 'index.html'))) {
    // The web app: a file of dist/ when one matches, else index.html (client-side routes). One
    // public route rather than @fastify/static's own: its routes declare no access, and the errors
    // plugin already owns the not-found handler.
    await app.register(fastifyStatic, { root: dist, serve: false });
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (req, reply) => {
      const rel = (req.params as { '*': string })['*'] ?? '';
      if (rel.startsWith('api/')) return reply.status(404).send({ error: { code: 'not_found', message: '接口不存在', details: {} } });
      const file = path.join(dist, rel);
      if (rel && file.startsWith(dist + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
        // Vite names assets by content hash, so they never change under the same name.
        return reply.sendFile(rel, rel.startsWith('assets/') ? { maxAge: 365 * 86_400_000, immutable: true } : {});
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
