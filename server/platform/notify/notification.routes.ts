import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { InboxStreams } from './inbox-stream.js';

export async function notificationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/api/v1/notifications', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'],
      summary: '我的通知（收件箱）',
      querystring: Type.Object(
        {
          unread: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          before: Type.Optional(Type.String({ maxLength: 40 })),
        },
        { additionalProperties: false },
      ),
    },
    handler: async (req) => {
      const q = req.query as { unread?: boolean; limit: number; before?: string };
      const [items, unread] = await Promise.all([
        ctx.notify.list(req.actor!, { unreadOnly: !!q.unread, limit: q.limit, before: q.before }),
        ctx.notify.unreadCount(req.actor!),
      ]);
      return {
        unread,
        items: items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, recordType: n.record_type, recordId: n.record_id, createdAt: n.created_at, readAt: n.read_at })),
      };
    },
  });

  app.get('/api/v1/notifications/unread-count', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: '未读数' },
    handler: async (req) => ({ unread: await ctx.notify.unreadCount(req.actor!) }),
  });

  app.post('/api/v1/notifications/read', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'],
      summary: '标为已读（ids 或 all）',
      body: Type.Object({ ids: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })), all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    },
    handler: async (req) => {
      const b = req.body as { ids?: string[]; all?: boolean };
      req.audited = true; // reading one's own inbox is not an auditable change
      await ctx.notify.markRead(req.actor!, b.all ? 'all' : (b.ids ?? []));
      return { unread: await ctx.notify.unreadCount(req.actor!) };
    },
  });

  const streams = new InboxStreams(ctx);
  // Before the server stops listening: a live stream would otherwise hold close() until the browser leaves.
  app.addHook('preClose', async () => streams.closeAll());

  app.get('/api/v1/notifications/stream', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: '实时推送（SSE）：未读数变化（event: unread）；会话结束时推送 event: end 并断开' },
    handler: async (req, reply) => streams.attach(req, reply),
  });
}
