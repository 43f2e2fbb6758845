// 三 3.31 执行情况汇总回告 as a sub-module of supervision: collect the sub-items' units' reports, show
// who has not reported, and sum them up to the assigning leader.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppContext } from '../../../platform/context.js';
import type { SupervisionService } from '../supervision.service.js';
import { ExecutionReports } from './execution.service.js';

export { ExecutionReports } from './execution.service.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const SummaryBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10000, description: '汇总的执行情况' }), version: Type.Integer({ minimum: 1, description: '事项的版本（与汇总视图一同读取）' }) }, { additionalProperties: false });

export async function executionModule(app: FastifyInstance, { ctx, service }: { ctx: AppContext; service: SupervisionService }) {
  const reports = new ExecutionReports(ctx, service);
  const actorOf = (req: FastifyRequest) => req.actor as Actor;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

  app.get('/api/v1/supervision/items/:id/execution', {
    config: { access: 'supervision.read' },
    schema: { tags: ['supervision'], summary: '各子项承办单位报送的执行情况（自上次汇总以来）及未报送的单位', params: IdParams },
    handler: async (req) => reports.view(actorOf(req), idOf(req)),
  });

  app.post('/api/v1/supervision/items/:id/execution/summaries', {
    config: { access: 'supervision.read' },
    schema: { tags: ['supervision'], summary: '汇总各单位执行情况，回告交办领导', params: IdParams, body: SummaryBody },
    handler: async (req, reply) => {
      req.audited = true;
      await reports.summarise(actorOf(req), idOf(req), req.body as { text: string; version: number });
      reply.status(201);
      return reports.view(actorOf(req), idOf(req));
    },
  });
}
