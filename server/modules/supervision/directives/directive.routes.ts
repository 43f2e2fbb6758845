// 一周工作指令 routes: lists, drafting, the list's workflow, and the Saturday 指令落实情况 as a page,
// .xlsx and .docx. The service decides who may (the office drafts and issues, the GM approves, the
// 总经理室 reads); the routes admit the capability.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { attachmentDisposition } from '../../documents/incoming/incoming.xlsx.js';
import { directiveReportDocx, DOCX_MIME } from './directive.docx.js';
import { presentList, presentListDetail } from './directive.presenter.js';
import { STATUS_LABELS } from './directive.report.js';
import * as S from './directive.schema.js';
import type { DirectiveService } from './directive.service.js';
import { directiveReportWorkbook, XLSX_MIME } from './directive.xlsx.js';

const TAGS = ['supervision'];
const BASE = '/api/v1/supervision/directives';

export async function directiveRoutes(app: FastifyInstance, { ctx, directives }: { ctx: AppContext; directives: DirectiveService }) {
  const actorOf = (req: FastifyRequest) => req.actor as Actor;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const detail = async (actor: Actor, id: string) => presentListDetail(await directives.detail(actor, id));
  const unitName = async () => (await ctx.database.db.selectFrom('companies').select('name').executeTakeFirst())?.name ?? '';

  app.get(BASE, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '一周工作指令（新的周次在前）', querystring: S.ListQuery },
    handler: async (req) => ({ items: (await directives.lists(actorOf(req), req.query as any)).map(presentList) }),
  });

  app.post(BASE, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '起草一周工作指令（每周一份）', body: S.NewList },
    handler: async (req, reply) => {
      req.audited = true;
      const id = await directives.create(actorOf(req), req.body as any);
      reply.status(201);
      return detail(actorOf(req), id);
    },
  });

  app.get(`${BASE}/settings/report-schedule`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '指令落实情况的自动汇总时间（默认周六 09:00）' },
    handler: async () => directives.schedule(),
  });

  app.put(`${BASE}/settings/report-schedule`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '设置指令落实情况的自动汇总时间', body: S.Schedule },
    handler: async (req) => {
      req.audited = true;
      await directives.setSchedule(actorOf(req), req.body as any);
      return directives.schedule();
    },
  });

  app.get(`${BASE}/:id`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '一周工作指令详情（各项指令及其督办事项、可执行操作）', params: S.IdParams },
    handler: async (req) => detail(actorOf(req), idOf(req)),
  });

  app.put(`${BASE}/:id`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '修改起草中的一周工作指令', params: S.IdParams, body: S.EditList },
    handler: async (req) => {
      req.audited = true;
      await directives.edit(actorOf(req), idOf(req), req.body as any);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/:id/actions`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '送审、批准（总经理）、退回、下达（每项指令生成一个督办事项）', params: S.IdParams, body: S.ActionBody },
    handler: async (req) => {
      req.audited = true;
      await directives.act(actorOf(req), idOf(req), req.body as any);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.get(`${BASE}/:id/report`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '指令落实情况：每项已完成 / 正常推进 / 超期，并附原因', params: S.IdParams, querystring: S.ReportQuery },
    handler: async (req) => ({ ...(await directives.report(actorOf(req), idOf(req), (req.query as { asOf?: string }).asOf)), statusLabels: STATUS_LABELS }),
  });

  app.post(`${BASE}/:id/report`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '立即汇总指令落实情况并报送总经理', params: S.IdParams },
    handler: async (req, reply) => {
      req.audited = true;
      reply.status(201);
      return directives.compileAndSend(actorOf(req), idOf(req));
    },
  });

  app.get(`${BASE}/:id/report.xlsx`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '指令落实情况 (.xlsx，A4 横向)', params: S.IdParams, querystring: S.ReportQuery },
    handler: async (req, reply) => {
      const rep = await directives.report(actorOf(req), idOf(req), (req.query as { asOf?: string }).asOf);
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', attachmentDisposition(`directives-${rep.week}.xlsx`, `指令落实情况-${rep.week}.xlsx`));
      return reply.send(await directiveReportWorkbook(rep));
    },
  });

  app.get(`${BASE}/:id/report.docx`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '指令落实情况 (.docx)', params: S.IdParams, querystring: S.ReportQuery },
    handler: async (req, reply) => {
      const rep = await directives.report(actorOf(req), idOf(req), (req.query as { asOf?: string }).asOf);
      reply.header('content-type', DOCX_MIME);
      reply.header('content-disposition', attachmentDisposition(`directives-${rep.week}.docx`, `指令落实情况-${rep.week}.docx`));
      return reply.send(await directiveReportDocx(rep, await unitName()));
    },
  });
}
