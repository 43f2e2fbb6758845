// The demo company's documents: a few incoming and outgoing documents at the steps of their work a
// new user should see on first start (a delivery to check, the GM's batch, a department handling a
// document, a draft awaiting sign-off, one dispatched with its number). They are made through the
// modules' own services, as the demo people, so each has the trail, numbers, notifications and
// search entries the real steps write.
import { capabilitiesOf } from '../../common/roles.js';
import type { Actor } from '../platform/access/actor.js';
import type { AppContext } from '../platform/context.js';
import { IncomingService } from '../modules/documents/incoming/incoming.service.js';
import { OutgoingService } from '../modules/documents/outgoing/outgoing.service.js';

type Step = [user: string, action: string, input?: Record<string, unknown>, opinion?: string];

interface IncomingDemo {
  sender: string;
  title: string;
  docKind: string;
  docNumber: string;
  urgency?: 'normal' | 'urgent' | 'very_urgent';
  body: string;
  steps: Step[];
}

const INCOMING: IncomingDemo[] = [
  { sender: '市应急管理局', docNumber: '市应急〔2026〕88号', title: '关于开展冬季安全生产大检查的通知', docKind: '通知', urgency: 'urgent', body: '各有关单位：\n为做好冬季安全生产工作，定于12月开展安全生产大检查，请各单位于12月10日前完成自查并报送自查报告。', steps: [] },
  { sender: '集团人力资源部', docNumber: '集人〔2026〕41号', title: '关于报送2027年度培训计划的通知', docKind: '通知', body: '各单位：\n请于12月15日前报送2027年度培训计划。', steps: [['wangfang', 'check_pass']] },
  {
    sender: '省国资委',
    docNumber: '省国资〔2026〕132号',
    title: '关于做好年度经营业绩考核工作的通知',
    docKind: '通知',
    urgency: 'urgent',
    body: '各企业：\n请按要求做好年度经营业绩考核的各项准备工作。',
    steps: [
      ['wangfang', 'check_pass'],
      ['wangfang', 'propose', { proposal: '拟请财务部牵头、人事部配合，按通知要求准备考核材料，呈张总阅示。' }],
      ['wangfang', 'submit_to_gm'],
    ],
  },
  {
    sender: '华东分公司',
    docNumber: '华东〔2026〕19号',
    title: '关于华东分公司新建仓储项目立项的请示',
    docKind: '请示',
    body: '总经理：\n为满足业务增长需要，拟在苏州新建仓储中心一处，投资约1200万元，妥否，请批示。',
    steps: [
      ['wangfang', 'check_pass'],
      ['wangfang', 'propose', { proposal: '拟请李总阅示后呈张总批示。' }],
      ['wangfang', 'submit_to_gm'],
    ],
  },
  {
    sender: '市税务局',
    docNumber: '市税函〔2026〕57号',
    title: '关于企业所得税汇算清缴有关事项的函',
    docKind: '函',
    body: '请贵公司按期完成2026年度企业所得税汇算清缴准备工作。',
    steps: [
      ['wangfang', 'check_pass'],
      ['wangfang', 'propose', { proposal: '拟请财务部办理。' }],
      ['wangfang', 'submit_to_gm'],
      ['zhangjianguo', 'instruct', { instruction: '请财务部抓紧办理，月底前将准备情况报我。', ordersAction: true }, '请财务部抓紧办理'],
      ['wangfang', 'distribute', { leadDepartment: 'CWB', deadlineWorkingDays: 10 }],
    ],
  },
  {
    sender: '市总工会',
    docNumber: '市工〔2026〕23号',
    title: '关于开展职工健步走活动的通知',
    docKind: '通知',
    body: '各单位工会：\n定于12月开展职工健步走活动。',
    steps: [
      ['wangfang', 'check_pass'],
      ['wangfang', 'file_as_read', {}, '已阅，转人事部知悉。'],
    ],
  },
];

interface OutgoingDemo {
  drafter: string;
  docKind: string;
  title: string;
  addressee: string;
  body: string;
  steps: Step[];
}

const SIGN = { approval: '同意印发', signerName: '张建国' };

const OUTGOING: OutgoingDemo[] = [
  { drafter: 'fengxia', docKind: '通知', title: '关于做好2026年度财务决算工作的通知', addressee: '各部门、各分公司', body: '各部门、各分公司：\n为做好2026年度财务决算工作，现将有关事项通知如下。\n一、……\n二、……', steps: [] },
  {
    drafter: 'fengxia',
    docKind: '通知',
    title: '关于加强年末资金管理的通知',
    addressee: '各部门、各分公司',
    body: '各部门、各分公司：\n年末将至，为确保资金安全，现就有关事项通知如下。',
    steps: [
      ['fengxia', 'submit', { singleMatter: true }],
      ['qianwei', 'review_approve', {}, '同意'],
      ['chenjing', 'office_approve', {}, '同意发文'],
      ['wangfang', 'proofread', {}, '已校对'],
    ],
  },
  {
    drafter: 'fengxia',
    docKind: '通知',
    title: '关于开展年度安全生产检查的通知',
    addressee: '各部门、各分公司',
    body: '各部门、各分公司：\n根据市应急管理局要求，公司决定开展年度安全生产检查，请于12月10日前完成自查。',
    steps: [
      ['fengxia', 'submit', { singleMatter: true }],
      ['qianwei', 'review_approve', {}, '同意'],
      ['chenjing', 'office_approve', {}, '同意发文'],
      ['wangfang', 'proofread', {}, '已校对'],
      ['zhangjianguo', 'sign_off', SIGN, '同意'],
    ],
  },
];

export async function seedDemoDocuments(ctx: AppContext): Promise<void> {
  const { db } = ctx.database;
  const actors = new Map<string, Actor>();
  const actor = async (username: string): Promise<Actor> => {
    const cached = actors.get(username);
    if (cached) return cached;
    const p = await db.selectFrom('people').select(['id', 'name', 'username', 'clearance', 'department_id']).where('username', '=', username).executeTakeFirstOrThrow();
    const roles = (await db.selectFrom('person_roles').select('role').where('person_id', '=', p.id).execute()).map((r) => r.role);
    // Acting as the person (not as the system, which reads no content): as if they had signed in.
    const a: Actor = { id: p.id, name: p.name, username: p.username, roles, capabilities: capabilitiesOf(roles), clearance: p.clearance, departmentId: p.department_id, ip: '127.0.0.1', via: 'session' };
    actors.set(username, a);
    return a;
  };
  const deptId = async (code: string) => (await db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const version = async (id: string) => (await db.selectFrom('documents').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  const incoming = new IncomingService(ctx);
  const secretary = await actor('wangfang');
  for (const d of INCOMING) {
    const id = await incoming.signFor(secretary, {
      sender: d.sender,
      deliveredBy: '机要交通员',
      classification: 0,
      registration: { title: d.title, docNumber: d.docNumber, docKind: d.docKind, urgency: d.urgency ?? 'normal', addresseeMatches: true, pages: 2, copies: 1, body: d.body },
    } as Parameters<IncomingService['signFor']>[1]);
    for (const [user, action, input = {}, opinion] of d.steps) {
      const resolved = { ...input };
      if (typeof resolved.leadDepartment === 'string') {
        resolved.leadDepartmentId = await deptId(resolved.leadDepartment);
        delete resolved.leadDepartment;
      }
      await incoming.act(await actor(user), id, { action, version: await version(id), input: resolved, opinion: opinion ?? null });
    }
  }

  const outgoing = new OutgoingService(ctx);
  for (const d of OUTGOING) {
    const id = await outgoing.create(await actor(d.drafter), { docKind: d.docKind, title: d.title, addressee: d.addressee, body: d.body, classification: 0 } as Parameters<OutgoingService['create']>[1]);
    for (const [user, action, input = {}, opinion] of d.steps) {
      const withDate = action === 'sign_off' ? { ...input, signedOn: new Date().toISOString().slice(0, 10) } : input;
      await outgoing.act(await actor(user), id, { action, version: await version(id), input: withDate, opinion: opinion ?? null });
    }
  }
}
