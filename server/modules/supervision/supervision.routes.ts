// 督查督办 routes: thin handlers — validate → service → presenter. Who may act on an item is the
// item's business (standing); the routes only admit the capability.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isClassified } from '../../../common/classification.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AppContext } from '../../platform/context.js';
import { SUPERVISION_ITEM } from './supervision.access.js';
import { presentItem, presentItemDetail } from './supervision.presenter.js';
import type { SupervisionReminders } from './supervision.reminders.js';
import * as S from './supervision.schema.js';
import type { SupervisionService } from './supervision.service.js';

const TAGS = ['supervision'];
const BASE = '/api/v1/supervision';

export async function supervisionRoutes(app: FastifyInstance, { ctx, service, reminders }: { ctx: AppContext; service: SupervisionService; reminders: SupervisionReminders }) {
  const actorOf = (req: FastifyRequest) => req.actor as Actor;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const detail = async (actor: Actor, id: string) => {
    const today = service.today();
    return presentItemDetail(await service.detail(actor, id), today, ctx.config.tzCompany, await service.dueSoonBy(today));
  };

  app.get(`${BASE}/categories`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '督查类别及其标准（必经环节、报告周期、默认期限）' },
    handler: async () => ({
      items: (await service.repo.categories()).map((c) => ({ key: c.key, version: c.version, name: { zh: c.name_zh, en: c.name_en }, requiredSteps: JSON.parse(c.required_steps), reportEveryDays: c.report_every_days, defaultDeadlineDays: c.default_deadline_days, active: c.active === 1 })),
    }),
  });

  app.put(`${BASE}/categories/:key`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '新增或修改督查类别及其标准', params: S.CategoryParams, body: S.CategoryBody },
    handler: async (req) => {
      req.audited = true;
      await service.saveCategory(actorOf(req), (req.params as { key: string }).key, req.body as any);
      return { ok: true };
    },
  });

  app.post(`${BASE}/items`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '登记督办事项（任何来源；同一来源只登记一次）', body: S.NewItem },
    handler: async (req, reply) => {
      req.audited = true;
      const { id, created } = await service.register(actorOf(req), req.body as any);
      reply.status(created ? 201 : 200);
      return detail(actorOf(req), id);
    },
  });

  app.get(`${BASE}/items`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '督办事项列表（按可见范围过滤；新的在前；附各状态数）', querystring: S.ListQuery },
    handler: async (req) => {
      const q = req.query as any;
      const { items, total, counts } = await service.list(actorOf(req), { ...q, sourceType: q.source });
      const today = service.today();
      const [names, dueSoonBy] = await Promise.all([service.namesFor(items), service.dueSoonBy(today)]);
      return { items: items.map((i) => presentItem(i, today, names, dueSoonBy)), total, counts };
    },
  });

  app.get(`${BASE}/items/:id`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '督办事项详情（流转记录、报告、检查、催办、延期、子项、可执行操作）', params: S.IdParams },
    handler: async (req) => {
      const body = await detail(actorOf(req), idOf(req));
      // Every read of a classified record is in the audit log (DESIGN.md §4).
      if (isClassified(body.classification)) await ctx.audit.classifiedRead(actorOf(req), SUPERVISION_ITEM, body.id, 'read', req);
      return body;
    },
  });

  app.patch(`${BASE}/items/:id`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '修改督办事项（办结前；事项、要求、节点、优先级、联系人、协办单位）', params: S.IdParams, body: S.EditBody },
    handler: async (req) => {
      req.audited = true;
      await service.edit(actorOf(req), idOf(req), req.body as any);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/items/:id/actions`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '执行流程操作（立项、转办、承办、检查、办结回告、审核、再批办、立卷 …）', params: S.IdParams, body: S.ActionBody },
    handler: async (req) => {
      req.audited = true;
      const b = req.body as { action: string; version: number; opinion?: string; input?: Record<string, unknown> };
      await service.act(actorOf(req), idOf(req), { action: b.action, version: b.version, opinion: b.opinion ?? null, input: b.input ?? {} });
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/items/:id/reports`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '承办单位报告办理进展（文字、完成百分比、附件）', params: S.IdParams, body: S.ProgressBody },
    handler: async (req, reply) => {
      req.audited = true;
      await service.reportProgress(actorOf(req), idOf(req), req.body as any);
      reply.status(201);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/items/:id/chases`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '催办（记录并通知承办单位）', params: S.IdParams, body: S.ChaseBody },
    handler: async (req, reply) => {
      req.audited = true;
      await service.chase(actorOf(req), idOf(req), (req.body as { note: string }).note);
      reply.status(201);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/items/:id/extensions`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '主办单位申请延期（原期限保留用于统计）', params: S.IdParams, body: S.ExtensionBody },
    handler: async (req, reply) => {
      req.audited = true;
      await service.requestExtension(actorOf(req), idOf(req), req.body as any);
      reply.status(201);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/items/:id/extensions/:eid/decision`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '交办领导批准或不批准延期', params: S.ExtensionParams, body: S.DecisionBody },
    handler: async (req) => {
      req.audited = true;
      const { id, eid } = req.params as { id: string; eid: string };
      await service.decideExtension(actorOf(req), id, eid, req.body as any);
      return detail(actorOf(req), id);
    },
  });

  app.post(`${BASE}/items/:id/children`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '分解为子项（各有承办单位与期限；上级进度由子项推算）', params: S.IdParams, body: S.Children },
    handler: async (req, reply) => {
      req.audited = true;
      await service.addChildren(actorOf(req), idOf(req), (req.body as { items: any[] }).items);
      reply.status(201);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.get(`${BASE}/settings/reminders`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '自动催办节点（期限前、当日、超期后；逐级上报）' },
    handler: async () => ({ points: await reminders.points() }),
  });

  app.put(`${BASE}/settings/reminders`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '设置自动催办节点', body: S.ReminderPoints },
    handler: async (req) => {
      req.audited = true;
      const { points } = req.body as { points: any[] };
      await ctx.database.db.transaction().execute(async (trx) => {
        await reminders.setPoints(trx, points);
        await ctx.audit.record(trx, actorOf(req), 'supervision.settings.reminders', {}, 'ok', { points });
      });
      return { points: await reminders.points() };
    },
  });
}
