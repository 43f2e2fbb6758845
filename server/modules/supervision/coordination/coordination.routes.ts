// 协调 routes: thin handlers — validate → service → presenter. Who may read and act is the record's
// business (the service); the routes admit the capability.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isClassified } from '../../../../common/classification.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { presentAbility } from '../supervision.presenter.js';
import { itemNumber } from '../supervision.service.js';
import type { SupervisionCoordinationTable } from '../../../platform/db/schema.js';
import * as S from './coordination.schema.js';
import { COORDINATION } from './coordination.access.js';
import type { CoordinationService } from './coordination.service.js';
import { COORDINATION_WORKFLOW } from './coordination.workflow.js';

const TAGS = ['supervision'];
const BASE = '/api/v1/supervision/coordinations';

function present(c: SupervisionCoordinationTable) {
  return {
    id: c.id,
    title: c.title,
    matter: c.matter,
    state: c.state,
    stateLabel: COORDINATION_WORKFLOW.states[c.state],
    plan: c.plan,
    agreedOpinion: c.agreed_opinion,
    tasks: JSON.parse(c.tasks),
    leaderId: c.leader_id,
    leaderOpinion: c.leader_opinion,
    approvedAt: c.approved_at,
    classification: c.classification,
    createdBy: { id: c.created_by, name: c.created_by_name },
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
  };
}

export async function coordinationRoutes(app: FastifyInstance, { ctx, coordination }: { ctx: AppContext; coordination: CoordinationService }) {
  const actorOf = (req: FastifyRequest) => req.actor as Actor;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const detail = async (actor: Actor, id: string) => {
    const d = await coordination.detail(actor, id);
    return {
      ...present(d.row),
      departments: d.departments.map((x) => ({ departmentId: x.department_id, departmentName: x.department_name, opinion: x.opinion, opinionBy: x.opinion_by ? { id: x.opinion_by, name: x.opinion_by_name } : null, opinionAt: x.opinion_at })),
      notes: d.notes.map((n) => ({ id: n.id, text: n.text, by: { id: n.by_id, name: n.by_name }, at: n.at })),
      items: d.items.map((i) => ({ id: i.id, number: itemNumber(i.year, i.serial), title: i.title, state: i.state, leadDepartmentId: i.lead_department_id, deadline: i.deadline, index: i.source_index })),
      scope: d.scope,
      abilities: d.abilities.map(presentAbility),
      may: d.may,
    };
  };

  app.get(BASE, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '协调事项（总经办、总经理看全部；审批领导、被协调部门负责人看本人或本部门的）', querystring: S.ListQuery },
    handler: async (req) => ({ items: (await coordination.list(actorOf(req), req.query as any)).map(present) }),
  });

  app.post(BASE, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '登记协调事项（需协调的问题、部门、审批领导）', body: S.NewCoordination },
    handler: async (req, reply) => {
      req.audited = true;
      const id = await coordination.create(actorOf(req), req.body as any);
      reply.status(201);
      return detail(actorOf(req), id);
    },
  });

  app.get(`${BASE}/:id`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '协调事项详情（情况、各部门意见、方案、协调意见、领导批示、生成的督办事项）', params: S.IdParams },
    handler: async (req) => {
      const body = await detail(actorOf(req), idOf(req));
      // Every read of a classified record is in the audit log (DESIGN.md §4).
      if (isClassified(body.classification)) await ctx.audit.classifiedRead(actorOf(req), COORDINATION, body.id, 'read', req);
      return body;
    },
  });

  app.put(`${BASE}/:id/classification`, {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '设定协调事项的密级与知悉范围（总经办；办结前）', params: S.IdParams, body: S.ClassifyBody },
    handler: async (req) => {
      req.audited = true;
      await coordination.classify(actorOf(req), idOf(req), req.body as any);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/:id/notes`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '记录了解到的情况（总经办）', params: S.IdParams, body: S.NoteBody },
    handler: async (req, reply) => {
      req.audited = true;
      await coordination.addNote(actorOf(req), idOf(req), (req.body as { text: string }).text);
      reply.status(201);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/:id/opinions`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '部门意见（部门负责人提出，或总经办代为记录）', params: S.IdParams, body: S.OpinionBody },
    handler: async (req) => {
      req.audited = true;
      await coordination.giveOpinion(actorOf(req), idOf(req), req.body as any);
      return detail(actorOf(req), idOf(req));
    },
  });

  app.post(`${BASE}/:id/actions`, {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '征求意见、形成协调意见、报领导、批准（通知各部门，任务列入督办）、退回、办结', params: S.IdParams, body: S.ActionBody },
    handler: async (req) => {
      req.audited = true;
      await coordination.act(actorOf(req), idOf(req), req.body as any);
      return detail(actorOf(req), idOf(req));
    },
  });
}
