// Drives 督查督办 through the HTTP API for the supervision suites.
import { expect } from 'vitest';
import type { Client, Res, TestServer } from '../helpers/server.js';

export const BASE = '/api/v1/supervision/items';

export interface SupervisionCast {
  secretary: Client; // 王芳, office (clearance 3)
  secretary2: Client; // 刘洋, office (clearance 2)
  director: Client; // 陈静, office director
  gm: Client; // 张建国
  vice: Client; // 李明, vice GM: the assigning leader in these suites
  vice2: Client; // 王强, vice GM who assigned nothing
  finance: Client; // 钱伟, head of 财务部 (lead unit)
  financeClerk: Client; // 冯霞, 财务部 clerk (not named)
  hr: Client; // 许梅, head of 人事部 (co-unit)
  market: Client; // 曹阳, head of 市场部 (not concerned)
  officeClerk: Client; // 姜宁, 总经办 clerk (a 督查组 member in the group suite)
  archivist: Client; // 孙丽
}

export async function supervisionCast(s: TestServer): Promise<SupervisionCast> {
  const users = ['wangfang', 'liuyang', 'chenjing', 'zhangjianguo', 'liming', 'wangqiang', 'qianwei', 'fengxia', 'xumei', 'caoyang', 'jiangning', 'sunli'];
  const [secretary, secretary2, director, gm, vice, vice2, finance, financeClerk, hr, market, officeClerk, archivist] = await Promise.all(users.map((u) => s.login(u)));
  return { secretary, secretary2, director, gm, vice, vice2, finance, financeClerk, hr, market, officeClerk, archivist };
}

export async function ids(s: TestServer) {
  const db = s.ctx.database.db;
  const depts = await db.selectFrom('departments').select(['id', 'code']).execute();
  const people = await db.selectFrom('people').select(['id', 'username']).execute();
  const d = Object.fromEntries(depts.map((x) => [x.code, x.id])) as Record<string, string>;
  const p = Object.fromEntries(people.map((x) => [x.username, x.id])) as Record<string, string>;
  return { dept: d, person: p };
}

export type Ids = Awaited<ReturnType<typeof ids>>;

/** A leader-assigned item from 李明 to 财务部 (钱伟) with 人事部 as co-unit, registered by the secretary. */
export function newItem(k: Ids, over: Record<string, unknown> = {}) {
  return {
    source: { type: 'leader_instruction' },
    category: 'instruction',
    title: '落实年度预算压减要求',
    requirement: '各项费用压减百分之十，月底前报方案',
    assignedById: k.person.liming,
    leadDepartmentId: k.dept.CWB,
    leadPersonId: k.person.qianwei,
    coUnits: [{ departmentId: k.dept.RSB, personId: k.person.xumei }],
    deadlineWorkingDays: 10,
    ...over,
  };
}

export async function register(c: Client, body: Record<string, unknown>): Promise<any> {
  const r = await c.post(BASE, body);
  expect(r.status, r.text).toBe(201);
  return r.body;
}

/** Takes an action with the item's current version (as the acting client reads it). */
export async function act(c: Client, id: string, action: string, input: Record<string, unknown> = {}, opinion?: string): Promise<Res> {
  const cur = await c.get(`${BASE}/${id}`);
  const version = cur.status === 200 ? cur.body.version : 1;
  return c.post(`${BASE}/${id}/actions`, { action, version, input, ...(opinion !== undefined && { opinion }) });
}

export async function actOk(c: Client, id: string, action: string, input: Record<string, unknown> = {}, opinion?: string): Promise<any> {
  const r = await act(c, id, action, input, opinion);
  expect(r.status, `${action}: ${r.text}`).toBe(200);
  return r.body;
}
