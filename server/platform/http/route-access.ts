// Every route declares what it needs (config.access); a route that declares nothing is refused
// at start-up. The check itself happens here, once, before any handler runs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import crypto from 'node:crypto';
import type { Capability } from '../../../common/roles.js';
import { AppError } from '../errors.js';
import type { Actor } from '../access/actor.js';

export type RouteAccess = 'public' | 'authenticated' | Capability | { any: Capability[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Reachable while a second factor still has to be enrolled (the enrolment screens). */
    duringMfaEnrolment?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** csrf token and mfa state of the cookie session, when the request came with one. */
    session: { id: string; csrfToken: string; mfaState: 'ok' | 'enrol' } | null;
    /** Set when a service wrote the audit entry itself, so the request hook does not write another. */
    audited: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const routeRegistry: { method: string; url: string; access: RouteAccess }[] = [];

function allowed(actor: Actor, access: RouteAccess): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  if (typeof access === 'string') return actor.capabilities.has(access);
  return access.any.some((c) => actor.capabilities.has(c));
}

export function checkCsrf(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method) || !req.session) return;
  const sent = req.headers['x-csrf-token'];
  const expected = req.session.csrfToken;
  if (typeof sent !== 'string' || sent.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    throw new AppError('csrf_failed', '请求校验失败，请刷新页面后重试');
  }
}

export const routeAccessPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // The web app's static files (outside /api/) and the API docs are public by nature.
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.url === '/api/openapi.json') return;
    if (!access) throw new Error(`route ${methods.join(',')} ${route.url} declares no access (config.access)`);
    for (const m of methods) if (m !== 'HEAD') routeRegistry.push({ method: m, url: route.url, access });
  });

  // Before the body is parsed or validated: a caller who may not use the route learns nothing
  // about its schema (401/403, never 400) and makes the server parse nothing.
  app.addHook('preParsing', async (req) => {
    const config = req.routeOptions.config;
    const access = config?.access;
    if (!access) return; // static files and docs
    if (access === 'public') return;
    const actor = req.actor;
    if (!actor) throw new AppError('unauthenticated', '请先登录');
    if (req.session?.mfaState === 'enrol' && !config.duringMfaEnrolment) {
      throw new AppError('mfa_enrolment_required', '您的角色须先绑定动态口令（双因素认证）');
    }
    checkCsrf(req);
    if (!allowed(actor, access)) throw new AppError('forbidden', '无权执行此操作');
  });
});
