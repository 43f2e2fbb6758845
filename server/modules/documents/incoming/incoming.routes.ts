// 收文 routes: thin handlers — validate → service → presenter.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../../platform/context.js';
import { IncomingService } from './incoming.service.js';
import { documentAttachments } from '../attachments/document-attachments.read.js';
import { presentIncoming, presentIncomingDetail } from './incoming.presenter.js';
import * as S from './incoming.schema.js';
import { AppError } from '../../../platform/errors.js';
import { presentReader } from './circulation.presenter.js';
import { chaseRoutes } from './chase.routes.js';
import { circulationRoutes } from './circulation.routes.js';
import { CirculationService } from './circulation.service.js';
import { incomingExportRoutes } from './incoming.export.routes.js';

const TAGS = ['incoming'];

/** 收文 routes. */
export async function incomingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const service = new IncomingService(ctx);
  const circulation = new CirculationService(ctx);
  await circulationRoutes(app, { ctx, service: circulation });
  await chaseRoutes(app, { ctx });
  await incomingExportRoutes(app, { ctx, service, circulation });
  const detail = async (req: { actor: any }, id: string) => {
    const d = await service.detail(req.actor, id);
    const attachments = await documentAttachments(ctx.database.db, req.actor, id);
    return presentIncomingDetail(d.doc, req.actor, d.steps, d.participants, d.standing, d.where, attachments);
  };

  app.post('/api/v1/incoming', {
    config: { access: 'documents.register' },
    schema: { tags: TAGS, summary: '签收来件（附登记字段时同时登记，分配收文编号）；返回收条', body: S.SignFor },
    handler: async (req, reply) => {
      req.audited = true;
      const id = await service.signFor(req.actor!, req.body as any);
      reply.status(201);
      return detail(req as any, id);
    },
  });

  app.get('/api/v1/incoming', {
    config: { access: 'documents.read' },
    schema: { tags: TAGS, summary: '收文列表（按可读范围过滤，新的在前）', querystring: S.ListQuery },
    handler: async (req) => {
      const { items, total, totalCapped } = await service.list(req.actor!, req.query as any);
      return { items: items.map((d) => presentIncoming(d, req.actor!)), total, totalCapped };
    },
  });

  app.get('/api/v1/incoming/batches/current', {
    config: { access: 'documents.batch' },
    schema: { tags: TAGS, summary: '总经理当前批示批次（私密批示，仅总经理与秘书）' },
    handler: async (req) => {
      const b = await service.currentBatch(req.actor!);
      return { ...b, items: b.items.map((d) => presentIncoming(d, req.actor!)), count: b.items.length };
    },
  });

  app.get('/api/v1/incoming/:id', {
    config: { access: 'documents.read' },
    schema: { tags: TAGS, summary: '收文详情（办文单：流转记录、参与人、可执行操作）', params: S.IdParams },
    handler: async (req) => detail(req as any, (req.params as any).id),
  });

  app.post('/api/v1/incoming/:id/actions', {
    config: { access: 'documents.read' },
    schema: { tags: TAGS, summary: '执行流程操作（初审、拟办、批示、分发、反馈结果 …）', params: S.IdParams, body: S.ActionBody },
    handler: async (req) => {
      req.audited = true;
      const id = (req.params as any).id;
      const b = req.body as { action: string; version: number; opinion?: string; input?: Record<string, unknown> };
      // 条例 不得漏传: closing while circulation readers still hold the document needs input.force.
      if (b.input?.force !== true) {
        const holding = await circulation.holdingBeforeCompletion(req.actor!, id, b.action, b.input ?? {}, b.opinion ?? null);
        if (holding.length) throw new AppError('conflict', '仍有部门未阅传阅文件；确需办结请确认（force）', { circulationPending: holding.map(presentReader) });
      }
      await service.act(req.actor!, id, { action: b.action, version: b.version, opinion: b.opinion ?? null, input: b.input ?? {} });
      return detail(req as any, id);
    },
  });

  app.post('/api/v1/incoming/:id/return-slip', {
    config: { access: 'documents.register' },
    schema: { tags: TAGS, summary: '回执已退回来件单位（二 1.8）', params: S.IdParams, body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) },
    handler: async (req) => {
      req.audited = true;
      const id = (req.params as any).id;
      await service.returnSlipSent(req.actor!, id, (req.body as any).version);
      return detail(req as any, id);
    },
  });
}
