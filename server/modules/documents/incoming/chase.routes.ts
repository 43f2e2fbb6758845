// 催办 routes: manual chasing and the overdue list; the reminder job is registered here.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../../platform/context.js';
import { ChaseService } from './chase.service.js';
import { presentIncoming } from './incoming.presenter.js';
import { IdParams } from './incoming.schema.js';

const TAGS = ['incoming'];
const DAY_MS = 86_400_000;

export async function chaseRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const service = new ChaseService(ctx);
  service.registerJob();

  app.get('/api/v1/incoming/overdue', {
    config: { access: 'documents.register' },
    schema: { tags: TAGS, summary: '超期未办结的收文（按可读范围过滤，期限早的在前）' },
    handler: async (req) => {
      const { today, items } = await service.overdue(req.actor!);
      return { today, items: items.map((d) => ({ ...presentIncoming(d, req.actor!), daysOverdue: Math.round((Date.parse(today) - Date.parse(d.deadline!)) / DAY_MS) })), total: items.length };
    },
  });

  app.post('/api/v1/incoming/:id/chase', {
    config: { access: 'documents.register' },
    schema: { tags: TAGS, summary: '催办（记入流转记录并通知承办部门负责人）', params: IdParams, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 500, description: '催办说明' }) }, { additionalProperties: false }) },
    handler: async (req) => {
      req.audited = true;
      const id = (req.params as any).id;
      await service.chase(req.actor!, id, (req.body as any).note);
      return { ok: true };
    },
  });
}
