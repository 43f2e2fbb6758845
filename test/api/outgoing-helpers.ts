// Drives 发文 through the HTTP API for the outgoing suites.
import { expect } from 'vitest';
import type { Client, Res, TestServer } from '../helpers/server.js';

export const SIGN = { approval: '同意印发', signerName: '张建国', signedOn: '2026-11-27' };

export interface Cast {
  drafter: Client; // 冯霞, 财务部 clerk
  head: Client; // 钱伟, 财务部 head
  director: Client; // 陈静, office director
  secretary: Client; // 王芳
  gm: Client; // 张建国
  clerk: Client; // 赵敏, 总经办 clerk (prints and seals)
  hr: Client; // 许梅, 人事部 head
  market: Client; // 曹阳, 市场部 head
  vice: Client; // 李明, vice GM
}

export async function cast(s: TestServer): Promise<Cast> {
  const [drafter, head, director, secretary, gm, clerk, hr, market, vice] = await Promise.all(
    ['fengxia', 'qianwei', 'chenjing', 'wangfang', 'zhangjianguo', 'zhaomin', 'xumei', 'caoyang', 'liming'].map((u) => s.login(u)),
  );
  return { drafter, head, director, secretary, gm, clerk, hr, market, vice };
}

export async function departmentId(s: TestServer, code: string): Promise<string> {
  const d = await s.ctx.database.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return d.id;
}

export async function draft(c: Client, over: Record<string, unknown> = {}): Promise<any> {
  const r = await c.post('/api/v1/outgoing', { docKind: '通知', title: '关于开展年度安全检查的通知', body: '各部门：\n请于月底前完成自查。', addressee: '各部门', ...over });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

/** Takes an action with the document's current version (read by the acting client). */
export async function act(c: Client, id: string, action: string, input: Record<string, unknown> = {}, opinion?: string): Promise<Res> {
  const cur = await c.get(`/api/v1/outgoing/${id}`);
  const version = cur.status === 200 ? cur.body.version : 1;
  return c.post(`/api/v1/outgoing/${id}/actions`, { action, version, input, ...(opinion !== undefined && { opinion }) });
}

export async function ok(c: Client, id: string, action: string, input: Record<string, unknown> = {}, opinion?: string) {
  const r = await act(c, id, action, input, opinion);
  expect(r.status, `${action}: ${r.text}`).toBe(200);
  return r.body;
}

/** Takes an action at a known version (the previous answer's), without reading the document first. */
async function step(c: Client, doc: { id: string; version: number }, action: string, input: Record<string, unknown> = {}, opinion?: string) {
  const r = await c.post(`/api/v1/outgoing/${doc.id}/actions`, { action, version: doc.version, input, ...(opinion !== undefined && { opinion }) });
  expect(r.status, `${action}: ${r.text}`).toBe(200);
  return r.body as { id: string; version: number };
}

/** A new draft taken to 复核 (check): submitted, reviewed, approved, proofread and signed off. */
export async function toCheck(k: Cast, over: Record<string, unknown> = {}): Promise<string> {
  let d = await draft(k.drafter, over);
  d = await step(k.drafter, d, 'submit', { singleMatter: true });
  d = await step(k.head, d, 'review_approve', {}, '同意');
  d = await step(k.director, d, 'office_approve', {}, '同意发文');
  d = await step(k.secretary, d, 'proofread', {}, '已校对');
  d = await step(k.gm, d, 'sign_off', SIGN, '同意');
  return d.id;
}
