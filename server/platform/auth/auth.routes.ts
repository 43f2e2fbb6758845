import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { SESSION_COOKIE } from './auth.service.js';
import { AppError } from '../errors.js';
import { presentMe } from './me.presenter.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: '用户名' }),
    password: Type.String({ minLength: 1, maxLength: 128, description: '密码' }),
    totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: '动态口令（已绑定时必填）' })),
  },
  { additionalProperties: false },
);

export async function authRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const secure = ctx.config.publicUrl.startsWith('https://');

  app.post('/api/v1/auth/login', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: '登录', body: LoginBody },
    handler: async (req, reply) => {
      const body = req.body as { username: string; password: string; totp?: string };
      req.audited = true; // the service audits success and failure itself
      const result = await ctx.auth.login({ ...body, ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: ctx.config.sessionAbsoluteHours * 3600,
      });
      const resolved = await ctx.auth.resolve(result.token, undefined, req.ip);
      return presentMe(ctx, resolved!.actor, resolved!.session);
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'authenticated', duringMfaEnrolment: true },
    schema: { tags: ['auth'], summary: '退出登录' },
    handler: async (req, reply) => {
      req.audited = true;
      await ctx.auth.logout(req.actor!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  });

  app.get('/api/v1/me', {
    config: { access: 'authenticated', duringMfaEnrolment: true },
    schema: { tags: ['auth'], summary: '当前用户、角色、权限与 CSRF 令牌' },
    handler: async (req) => presentMe(ctx, req.actor!, req.session),
  });

  app.post('/api/v1/me/password', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'],
      summary: '修改密码（需当前密码）',
      body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 128 }), newPassword: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
    },
    handler: async (req) => {
      const b = req.body as { currentPassword: string; newPassword: string };
      req.audited = true;
      await ctx.auth.changePassword(req.actor!, b.currentPassword, b.newPassword);
      return { ok: true };
    },
  });

  app.post('/api/v1/me/totp/start', {
    config: { access: 'authenticated', duringMfaEnrolment: true },
    schema: { tags: ['auth'], summary: '开始绑定动态口令（返回密钥与二维码）' },
    handler: async (req) => ctx.auth.startTotpEnrolment(req.actor!),
  });

  app.post('/api/v1/me/totp/confirm', {
    config: { access: 'authenticated', duringMfaEnrolment: true },
    schema: { tags: ['auth'], summary: '确认绑定动态口令', body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }) },
    handler: async (req) => {
      req.audited = true;
      await ctx.auth.confirmTotp(req.actor!, (req.body as { code: string }).code);
      return { ok: true };
    },
  });

  app.post('/api/v1/me/totp/disable', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: '关闭动态口令（非强制角色）', body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }) },
    handler: async (req) => {
      req.audited = true;
      await ctx.auth.disableTotp(req.actor!, (req.body as { password: string }).password);
      return { ok: true };
    },
  });

  app.get('/api/v1/me/tokens', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: '我的 API 令牌' },
    handler: async (req) => ({ items: (await ctx.auth.repo.listTokens(req.actor!.id)).map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at })) }),
  });

  app.post('/api/v1/me/tokens', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: '创建 API 令牌（仅此一次显示）', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }) },
    handler: async (req, reply) => {
      if (req.actor!.via === 'token') throw new AppError('forbidden', '不能用 API 令牌创建新令牌');
      req.audited = true;
      const created = await ctx.auth.createToken(req.actor!, (req.body as { name: string }).name);
      reply.status(201);
      return created;
    },
  });

  app.delete('/api/v1/me/tokens/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: '吊销 API 令牌', params: Type.Object({ id: Type.String({ maxLength: 40 }) }) },
    handler: async (req) => {
      req.audited = true;
      await ctx.auth.revokeToken(req.actor!, (req.params as { id: string }).id);
      return { ok: true };
    },
  });
}
