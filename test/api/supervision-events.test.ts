// Items from other modules' events, on both databases with the real outbox and job queues: a
// meeting's published decisions (one item per decision) and an instruction that orders action.
// Each item is created once when the event is delivered twice, re-published, or dispatched
// concurrently; the 督办编号 stay gap-free.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTRUCTION_ORDERS_ACTION, type InstructionOrdersActionPayload } from '../../server/modules/documents/index.js';
import { MEETING_DECISIONS_PUBLISHED, supervisionApi, type MeetingDecisionsPublishedPayload } from '../../server/modules/supervision/index.js';
import { systemActor } from '../../server/platform/access/actor.js';
import { newId } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';
import { actOk, BASE, ids, type Ids } from './supervision-helpers.js';

describe.each(DIALECTS)('supervision event consumers on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await ids(s);
  });
  afterAll(async () => s?.close());

  const publish = (type: string, sourceId: string, payload: Record<string, unknown>, actorId: string | null = null) =>
    s.ctx.database.db.transaction().execute((trx) => s.ctx.events.publish(trx, { type, sourceType: type.split('.')[0], sourceId, actorId, payload }));

  const itemsOf = (sourceType: string, sourceId: string) =>
    s.ctx.database.db.selectFrom('supervision_items').selectAll().where('source_type', '=', sourceType).where('source_id', '=', sourceId).orderBy('source_index').execute();

  const consumed = async (eventId: string) =>
    (await s.ctx.database.db.selectFrom('event_consumptions').select('consumer').where('event_id', '=', eventId).execute()).length > 0;

  function meeting(meetingId: string): MeetingDecisionsPublishedPayload {
    return {
      meetingId,
      title: '总经理办公会',
      decisions: [
        { index: 1, text: '完成三季度成本分析', ownerDepartmentId: k.dept.CWB, ownerId: k.person.qianwei, deadline: '2099-03-31' },
        { index: 2, text: '修订招聘管理办法', ownerDepartmentId: k.dept.RSB, deadline: '2099-04-30' },
        { index: 3, text: '走访重点客户', ownerDepartmentId: k.dept.SCB, deadline: '2099-05-29' },
      ],
    };
  }

  it('turns each published decision into one item, with its unit, owner, deadline and the meeting as source', async () => {
    const meetingId = newId();
    const eventId = await publish(MEETING_DECISIONS_PUBLISHED, meetingId, meeting(meetingId), k.person.zhangjianguo);
    await waitUntil('the meeting consumed', () => consumed(eventId));
    const items = await itemsOf('meeting_decision', meetingId);
    expect(items.map((i) => [i.source_index, i.lead_department_id, i.lead_person_id, i.deadline, i.category, i.assigned_by])).toEqual([
      [1, k.dept.CWB, k.person.qianwei, '2099-03-31', 'meeting', k.person.zhangjianguo],
      [2, k.dept.RSB, null, '2099-04-30', 'meeting', k.person.zhangjianguo],
      [3, k.dept.SCB, null, '2099-05-29', 'meeting', k.person.zhangjianguo],
    ]);
    expect(items[0].title).toBe('总经理办公会：完成三季度成本分析');
    // The units see theirs; the office opens and transfers as with any item.
    const finance = await s.login('qianwei');
    const mine = (await finance.get(`${BASE}?mine=handler&source=meeting_decision&limit=50`)).body.items.map((i: any) => i.id);
    expect(mine).toEqual([items[0].id]);
    const secretary = await s.login('wangfang');
    await actOk(secretary, items[0].id, 'open');
    await actOk(secretary, items[0].id, 'register');
    expect((await actOk(secretary, items[0].id, 'transfer')).state).toBe('transferred');
  });

  it('creates nothing twice: the same event dispatched again, the meeting re-published, with a decision added', async () => {
    const meetingId = newId();
    const first = await publish(MEETING_DECISIONS_PUBLISHED, meetingId, meeting(meetingId));
    await waitUntil('first publication', () => consumed(first));
    // The same event dispatched again (a retried job): the consumer does not run.
    expect(await s.ctx.database.db.transaction().execute((trx) => s.ctx.events.dispatch(first, trx))).toBe(0);
    // Published again, now with a fourth decision: only the new one becomes an item.
    const again = meeting(meetingId);
    again.decisions.push({ index: 4, text: '新增事项', ownerDepartmentId: k.dept.JSB, deadline: '2099-06-30' });
    const second = await publish(MEETING_DECISIONS_PUBLISHED, meetingId, again);
    await waitUntil('second publication', () => consumed(second));
    const items = await itemsOf('meeting_decision', meetingId);
    expect(items.map((i) => i.source_index)).toEqual([1, 2, 3, 4]);
  });

  it('creates each item once under concurrent delivery of several events about one meeting, numbers gap-free', async () => {
    const meetingId = newId();
    const db = s.ctx.database.db;
    // Events written without their dispatch job, then dispatched at once from several transactions
    // (on PostgreSQL truly concurrently; the background queue may join in too).
    const eventIds = await Promise.all(Array.from({ length: 6 }, () => publish(MEETING_DECISIONS_PUBLISHED, meetingId, meeting(meetingId))));
    await Promise.all(eventIds.map((e) => db.transaction().execute((trx) => s.ctx.events.dispatch(e, trx))));
    for (const e of eventIds) await waitUntil(`event ${e}`, () => consumed(e));
    const items = await itemsOf('meeting_decision', meetingId);
    expect(items.map((i) => i.source_index)).toEqual([1, 2, 3]);
    // Every number handed out belongs to an item: 1..n with no gap, none twice.
    const year = items[0].year;
    const serials = (await db.selectFrom('supervision_items').select('serial').where('year', '=', year).orderBy('serial').execute()).map((r) => r.serial);
    expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
    const seq = await db.selectFrom('sequences').select('last_value').where('key', '=', `supervision:${year}`).executeTakeFirstOrThrow();
    expect(Number(seq.last_value)).toBe(serials.length);
  });

  it('createItem: concurrent callers for one source get one item, one of them creating it', async () => {
    const api = supervisionApi(s.ctx);
    const db = s.ctx.database.db;
    const input = { source: { type: 'petition' as const, id: `XF-${newId()}`, index: 0 }, category: 'special', title: '信访事项', leadDepartmentId: k.dept.SCZ, deadline: '2099-02-26' };
    const results = await Promise.all(Array.from({ length: 8 }, () => db.transaction().execute((trx) => api.createItem(trx, systemActor(), input))));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await itemsOf('petition', input.source.id)).toHaveLength(1);
  });

  it('turns an instruction that orders action into a 批示督查 item with the document as source, once', async () => {
    const documentId = newId();
    const payload: InstructionOrdersActionPayload = { documentId, title: '关于加强安全生产的通知', instruction: '请生产部牵头落实，月底前报结果', classification: 1, leadDepartmentId: k.dept.SCZ, deadline: '2099-01-29' };
    const e1 = await publish(INSTRUCTION_ORDERS_ACTION, documentId, payload, k.person.zhangjianguo);
    const e2 = await publish(INSTRUCTION_ORDERS_ACTION, documentId, payload, k.person.zhangjianguo);
    await waitUntil('both instruction events', async () => (await consumed(e1)) && (await consumed(e2)));
    const items = await itemsOf('incoming_document', documentId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ category: 'instruction', lead_department_id: k.dept.SCZ, deadline: '2099-01-29', requirement: '请生产部牵头落实，月底前报结果', assigned_by: k.person.zhangjianguo, state: 'assigned', classification: 1 });
  });

  it('an item a person registers from an incoming document is at least the document\'s level; a document they cannot read is refused', async () => {
    const db = s.ctx.database.db;
    const secretary = await s.login('wangfang'); // clearance 3, in the document's scope
    const secretary2 = await s.login('liuyang'); // clearance 2, not in it
    const doc = await secretary.post('/api/v1/incoming', {
      sender: '市国资委',
      deliveredBy: '机要交通员',
      envelopeAddressee: '示例集团有限公司',
      classification: 2,
      scope: [{ kind: 'person', id: k.person.wangfang }],
      registration: { title: '关于国有资产专项核查的通知', docKind: '通知', docNumber: '市国资〔2026〕3号', urgency: 'normal', pages: 2, copies: 1, addressee: '示例集团有限公司', addresseeMatches: true },
    });
    expect(doc.status, doc.text).toBe(201);
    const item = (over: Record<string, unknown>) => ({ source: { type: 'incoming_document', id: doc.body.id }, category: 'document', title: '落实国有资产专项核查', assignedById: k.person.zhangjianguo, leadDepartmentId: k.dept.CWB, deadlineWorkingDays: 10, ...over });
    // Asked for 内部, it is registered at the document's 秘密: the title repeats the document's.
    const made = await secretary.post(BASE, item({ classification: 1 }));
    expect(made.status, made.text).toBe(201);
    expect((await db.selectFrom('supervision_items').select('classification').where('id', '=', made.body.id).executeTakeFirstOrThrow()).classification).toBe(2);
    // Someone the document is kept from, and an id that names no incoming document: refused, nothing written.
    const before = (await db.selectFrom('supervision_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const hidden = await secretary2.post(BASE, item({ source: { type: 'incoming_document', id: doc.body.id, index: 1 }, classification: 2 }));
    expect(hidden.status, hidden.text).toBe(400);
    expect(hidden.body.error.details).toMatchObject({ field: 'source' });
    const unknown = await secretary.post(BASE, item({ source: { type: 'incoming_document', id: newId() } }));
    expect(unknown.status, unknown.text).toBe(400);
    expect((await db.selectFrom('supervision_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(before);
  });

  it('leaves what an event names that does not exist for the office to set, instead of failing forever', async () => {
    const documentId = newId();
    const e = await publish(INSTRUCTION_ORDERS_ACTION, documentId, { documentId, title: '无承办单位的批示', instruction: '阅处' }, null);
    await waitUntil('instruction without a unit', () => consumed(e));
    const [item] = await itemsOf('incoming_document', documentId);
    expect(item).toMatchObject({ lead_department_id: null, state: 'assigned' });
    // The category's default deadline in working days; the GM as the assigning leader.
    expect(item.assigned_by).toBe(k.person.zhangjianguo);
    const secretary = await s.login('wangfang');
    expect((await secretary.post(`${BASE}/${item.id}/actions`, { action: 'open', version: item.version })).status).toBe(422);
    const d = await actOk(secretary, item.id, 'open', { leadDepartmentId: k.dept.JSB });
    expect(d).toMatchObject({ state: 'opened', leadDepartmentId: k.dept.JSB });
    const head = await s.login('jianghua');
    expect((await head.get(`${BASE}/${item.id}`)).status).toBe(200);
  });
});
