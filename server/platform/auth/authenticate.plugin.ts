// Resolves the caller on every request, and writes the audit entry of every state-changing or
// refused request that no service has audited itself.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.js';
import { outcomeOfStatus } from '../audit/audit.service.js';
import { SESSION_COOKIE } from './auth.service.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const authenticatePlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('audited', false);

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const resolved = await ctx.auth.resolve(req.cookies[SESSION_COOKIE], bearer, req.ip);
    if (resolved) {
      req.actor = resolved.actor;
      req.session = resolved.session;
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    if (req.audited || !req.url.startsWith('/api/v1/')) return;
    const status = reply.statusCode;
    const mutating = MUTATING.has(req.method);
    if (!mutating && status !== 403) return;
    if (!mutating && status === 401) return;
    const route = req.routeOptions.url ?? req.url.split('?')[0];
    try {
      await ctx.audit.record(
        null,
        req.actor ? { id: req.actor.id, name: req.actor.name, ip: req.ip } : { id: '', name: null as unknown as string, ip: req.ip },
        `${req.method} ${route}`,
        { recordType: null, recordId: (req.params as Record<string, string> | undefined)?.id ?? null },
        outcomeOfStatus(status),
        { status },
      );
    } catch (err) {
      req.log.error({ err }, 'audit write failed');
    }
  });
});
