// 传阅 routes under a 收文: start, open, read, chase, recall, and the list of circulations.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { presentCirculations } from './circulation.presenter.js';
import * as C from './circulation.schema.js';
import { CirculationService } from './circulation.service.js';
import { IdParams } from './incoming.schema.js';

const TAGS = ['incoming'];

export async function circulationRoutes(app: FastifyInstance, { ctx, service = new CirculationService(ctx) }: { ctx: AppContext; service?: CirculationService }) {
  const list = async (actor: any, id: string) => {
    const { circulations, readers } = await service.list(actor, id);
    return presentCirculations(circulations, readers);
  };
  type P = { id: string; cid: string };

  app.get('/api/v1/incoming/:id/circulations', {
    config: { access: 'documents.read' },
    schema: { tags: TAGS, summary: '传阅情况：各部门的状态（待传、已收未阅、已打开、已阅、已收回）与时间', params: IdParams },
    handler: async (req) => list(req.actor!, (req.params as any).id),
  });

  app.post('/api/v1/incoming/:id/circulations', {
    config: { access: 'documents.register' },
    schema: { tags: TAGS, summary: '按部门传阅（依次或同时）', params: IdParams, body: C.Circulate },
    handler: async (req, reply) => {
      req.audited = true;
      const id = (req.params as any).id;
      const cid = await service.start(req.actor!, id, req.body as C.CirculateBody);
      reply.status(201);
      return { id: cid, ...(await list(req.actor!, id)) };
    },
  });

  // One route per step a reader or the office takes on a circulation; each answers with the list.
  const steps: { step: 'open' | 'read' | 'chase' | 'recall'; access: 'documents.read' | 'documents.register'; summary: string; body?: typeof C.ChaseReader }[] = [
    { step: 'open', access: 'documents.read', summary: '阅文部门负责人打开传阅文件' },
    { step: 'read', access: 'documents.read', summary: '已阅（依次传阅时传给下一部门）' },
    { step: 'chase', access: 'documents.register', summary: '催阅', body: C.ChaseReader },
    { step: 'recall', access: 'documents.register', summary: '收回传阅（未阅部门均收回）' },
  ];
  for (const { step, access, summary, body } of steps) {
    app.post(`/api/v1/incoming/:id/circulations/:cid/${step}`, {
      config: { access },
      schema: { tags: TAGS, summary, params: C.CirculationParams, ...(body && { body }) },
      handler: async (req) => {
        req.audited = true;
        const p = req.params as P;
        const b = req.body as { departmentId: string; note: string };
        if (step === 'chase') await service.chase(req.actor!, p.id, p.cid, b.departmentId, b.note);
        else await service[step](req.actor!, p.id, p.cid);
        return list(req.actor!, p.id);
      },
    });
  }
}
