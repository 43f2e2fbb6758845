// Import of departments and people from .xlsx: all rows or none, row-level errors, on both databases.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { totpCode } from '../../server/platform/auth/totp.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Written out here, not taken from the code: the template's columns are part of the contract.
const DEPT_HEADERS = ['部门编码', '部门名称', '上级部门编码', '类型', '排序'];
const PEOPLE_HEADERS = ['用户名', '姓名', '部门编码', '职务', '排序号', '电话', '邮箱', '角色', '初始密码'];

type Cell = string | number | null;

async function xlsx(sheets: { 部门?: Cell[][]; 人员?: Cell[][]; extraPeopleHeaders?: string[] }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (sheets.部门) {
    const ws = wb.addWorksheet('部门');
    ws.addRow(DEPT_HEADERS);
    for (const r of sheets.部门) ws.addRow(r);
  }
  if (sheets.人员) {
    const ws = wb.addWorksheet('人员');
    ws.addRow([...PEOPLE_HEADERS, ...(sheets.extraPeopleHeaders ?? [])]);
    for (const r of sheets.人员) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function form(bytes: Buffer, opts: { dryRun?: string; name?: string; type?: string } = {}) {
  const f = new FormData();
  if (opts.dryRun !== undefined) f.append('dryRun', opts.dryRun);
  f.append('file', new Blob([new Uint8Array(bytes)], { type: opts.type ?? XLSX }), opts.name ?? '花名册.xlsx');
  return f;
}

/** The demo administrator, with a second factor enrolled (mandatory for sysadmin). */
async function adminClient(s: TestServer): Promise<Client> {
  const c = s.anonymous();
  await c.login('wulei');
  const start = await c.post('/api/v1/me/totp/start');
  expect(start.status).toBe(200);
  const confirm = await c.post('/api/v1/me/totp/confirm', { code: totpCode(start.body.secret) });
  expect(confirm.status).toBe(200);
  return c;
}

describe.each(DIALECTS)('org import on %s', (dialect) => {
  let s: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await startServer({ dialect });
    admin = await adminClient(s);
  });
  afterAll(async () => s?.close());

  const counts = async () => {
    const people = await admin.get('/api/v1/org/people?limit=1');
    const depts = await admin.get('/api/v1/org/departments');
    return { people: people.body.total as number, departments: depts.body.items.length as number };
  };
  const person = async (username: string) => {
    const r = await admin.get(`/api/v1/org/people?q=${username}&limit=5`);
    return r.body.items.find((p: { username: string }) => p.username === username);
  };
  const department = async (code: string) => (await admin.get('/api/v1/org/departments')).body.items.find((d: { code: string }) => d.code === code);

  it('downloads the template, which imports once filled in', async () => {
    const res = await fetch(`${s.url}/api/v1/org/import/template`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('部门与人员导入模板.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['部门', '人员']);
    const depts = wb.getWorksheet('部门')!;
    const people = wb.getWorksheet('人员')!;
    expect((depts.getRow(1).values as Cell[]).slice(1)).toEqual(DEPT_HEADERS);
    expect((people.getRow(1).values as Cell[]).slice(1)).toEqual(PEOPLE_HEADERS);
    expect(depts.rowCount).toBe(2);
    expect(people.rowCount).toBe(2);

    // Fill it in as an office would: overwrite the example rows and add more below them.
    depts.getRow(2).values = ['TPL-A', '模板测试部', '', '部门', 50];
    depts.addRow(['TPL-A1', '模板测试一组', 'TPL-A', '部门', 51]);
    people.getRow(2).values = ['tpl.one', '模板一', 'TPL-A', '科员', 700, '13900000001', 'tpl.one@example.com', '文员', 'Welcome2026'];
    people.addRow(['tpl.two', '模板二', 'TPL-A1', '组长', 701, '', '', '部门负责人', 'Welcome2026']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const r = await admin.request('POST', '/api/v1/org/import', form(filled));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ dryRun: false, departments: 2, people: 2 });
    const two = await person('tpl.two');
    expect(two.department.id).toBe((await department('TPL-A1')).id);
    expect(two.roles).toEqual(['dept_head']);
  });

  it('answers every row error at once, with sheet, row and column, and writes nothing', async () => {
    const before = await counts();
    const file = await xlsx({
      部门: [['ERR-OK', '校验部', '', '部门', 1]],
      人员: [
        ['err.one', '甲', 'ERR-OK', '', '', '', '', '文员', 'Welcome2026'], // row 2: valid
        ['err.two', '乙', 'NO-SUCH', '', '', '', '', '文员', 'Welcome2026'], // row 3: unknown department
        ['err.three', '丙', 'ERR-OK', '', '', '', '', '秘书', 'Welcome2026'], // row 4: valid
        ['err.four', '丁', 'ERR-OK', '', '', '', '', '文员', 'password'], // row 5: weak password
        ['err.one', '戊', 'ERR-OK', '', '', '', '', '文员', 'Welcome2026'], // row 6: duplicate user name
      ],
    });
    const r = await admin.request('POST', '/api/v1/org/import', form(file));
    expect(r.status, r.text).toBe(422);
    expect(r.body.error.code).toBe('unprocessable');
    const errors = r.body.error.details.errors as { sheet: string; row: number; column: string; message: string }[];
    expect(errors.map(({ sheet, row, column }) => ({ sheet, row, column }))).toEqual([
      { sheet: '人员', row: 3, column: '部门编码' },
      { sheet: '人员', row: 5, column: '初始密码' },
      { sheet: '人员', row: 6, column: '用户名' },
    ]);
    expect(errors[0].message).toContain('NO-SUCH');
    expect(errors[2].message).toContain('第 2 行');
    expect(await counts()).toEqual(before);
    expect(await department('ERR-OK')).toBeUndefined();
    expect(await person('err.three')).toBeUndefined();
  });

  it('refuses existing user names and codes, unknown roles, parent cycles and a clearance column', async () => {
    const before = await counts();
    const file = await xlsx({
      部门: [
        ['CYC-A', '甲部', 'CYC-B', '部门', 1], // row 2: cycle
        ['CYC-B', '乙部', 'CYC-A', '部门', 2], // row 3: cycle
        ['ZJB', '重复总经办', '', '总经办', 3], // row 4: code exists
        ['SELF', '自指部', 'SELF', '分支机构', 4], // row 5: its own parent
        ['KIND', '类型错', '', '子公司', 'x'], // row 6: kind and sort order
      ],
      人员: [
        ['wangfang', '王芳二', 'ZJB', '', '', '', '', '文员', ''], // row 2: user name exists
        ['new.person', '新人', 'ZJB', '', '', '', '', '董事长', ''], // row 3: unknown role
        ['two.admins', '兼任', 'ZJB', '', '', '', '', 'sysadmin,保密员', ''], // row 4: separated roles
        ['bad.mail', '邮箱错', 'ZJB', '', '', 'abc', 'not-an-email', '', ''], // row 5: phone and e-mail
      ],
      extraPeopleHeaders: ['涉密等级'],
    });
    const r = await admin.request('POST', '/api/v1/org/import', form(file));
    expect(r.status, r.text).toBe(422);
    const got = (r.body.error.details.errors as { sheet: string; row: number; column: string }[]).map((e) => `${e.sheet}:${e.row}:${e.column}`);
    expect(got).toEqual([
      '部门:2:上级部门编码',
      '部门:3:上级部门编码',
      '部门:4:部门编码',
      '部门:5:上级部门编码',
      '部门:6:类型',
      '部门:6:排序',
      '人员:1:涉密等级',
      '人员:2:用户名',
      '人员:3:角色',
      '人员:4:角色',
      '人员:5:电话',
      '人员:5:邮箱',
    ]);
    expect(r.body.error.details.errorCount).toBe(12);
    expect(await counts()).toEqual(before);
  });

  it('imports two departments (one inside the other) and five people in one go, audited once', async () => {
    const before = await counts();
    const file = await xlsx({
      部门: [
        ['JX-1', '新区一组', 'JX', '部门', 2], // the child comes first: order in the file does not matter
        ['JX', '江西分公司', '', '分支机构', 1],
      ],
      人员: [
        ['jx.zhao', '赵江', 'JX', '总经理', 10, '0791-8888 0001', 'jx.zhao@example.com', '部门负责人', 'Welcome2026'],
        ['JX.Qian', '钱西', 'JX', '秘书', 20, '', '', '秘书、文员', 'Welcome2026'],
        ['jx.sun', '孙新', 'JX-1', '组长', 30, 13900000003, '', 'clerk', ''],
        ['jx.li', '李区', 'JX-1', '档案员', 40, '', '', '档案员', 'Welcome2026'],
        ['jx.zhou', '周一', 'JX-1', '', '', '', '', '', 'Welcome2026'],
      ],
    });

    const dry = await admin.request('POST', '/api/v1/org/import', form(file, { dryRun: 'true' }));
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toEqual({ dryRun: true, departments: 2, people: 5 });
    expect(await counts()).toEqual(before);

    const r = await admin.request('POST', '/api/v1/org/import', form(file, { dryRun: 'false' }));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ dryRun: false, departments: 2, people: 5 });
    expect(await counts()).toEqual({ people: before.people + 5, departments: before.departments + 2 });

    const jx = await department('JX');
    const jx1 = await department('JX-1');
    expect(jx).toMatchObject({ name: '江西分公司', kind: 'branch', parentId: null, sortOrder: 1 });
    expect(jx1).toMatchObject({ name: '新区一组', kind: 'department', parentId: jx.id });
    const qian = await person('jx.qian');
    expect(qian).toMatchObject({ name: '钱西', position: '秘书', rankOrder: 20, clearance: 1, department: { id: jx.id } });
    expect([...qian.roles].sort()).toEqual(['clerk', 'secretary']);
    expect(await person('jx.sun')).toMatchObject({ phone: '13900000003', roles: ['clerk'], department: { id: jx1.id } });
    expect(await person('jx.zhou')).toMatchObject({ rankOrder: 1000, roles: [] });

    // The initial password works; a person without one cannot log in until it is reset.
    const me = await s.anonymous().login('jx.qian', 'Welcome2026');
    expect(me.department.id).toBe(jx.id);
    expect((await s.anonymous().post('/api/v1/auth/login', { username: 'jx.sun', password: 'Welcome2026' })).status).toBe(401);

    const entries = await s.ctx.database.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'org.import').orderBy('seq').execute();
    expect(entries).toHaveLength(2); // the template import above, and this one
    expect(JSON.parse(entries[1].details)).toMatchObject({ departments: 2, people: 5 });
    expect(entries[1].actor_id).toBe((await admin.get('/api/v1/me')).body.id);

    // The same file again: every row now collides with what it created.
    const again = await admin.request('POST', '/api/v1/org/import', form(file));
    expect(again.status).toBe(422);
    expect(again.body.error.details.errorCount).toBe(7);
  });

  it('refuses what is not an .xlsx (415), a file over the limit (413) and a bad dryRun value', async () => {
    const text = await admin.request('POST', '/api/v1/org/import', form(Buffer.from('用户名,姓名\nzhang,张\n'), { name: '花名册.xlsx' }));
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    const pngBytes = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await admin.request('POST', '/api/v1/org/import', form(pngBytes, { type: 'image/png' }))).status).toBe(415);
    // A zip whose central directory is missing is no workbook either.
    expect((await admin.request('POST', '/api/v1/org/import', form(Buffer.from('PK\x03\x04garbage-garbage-garbage-garbage', 'latin1')))).status).toBe(415);
    const json = await admin.post('/api/v1/org/import', { file: 'x' });
    expect(json.status).toBe(415);

    const big = Buffer.alloc(11 * 1024 * 1024, 0x41);
    big.write('PK\x03\x04', 0, 'latin1');
    const tooBig = await admin.request('POST', '/api/v1/org/import', form(big));
    expect(tooBig.status).toBe(413);

    const file = await xlsx({ 人员: [['dry.bad', '某', 'ZJB', '', '', '', '', '', '']] });
    const bad = await admin.request('POST', '/api/v1/org/import', form(file, { dryRun: 'yes' }));
    expect(bad.status).toBe(400);
    expect(await person('dry.bad')).toBeUndefined();
  });

  it('is for the administrator only: a secretary gets 403 for both routes', async () => {
    const before = await counts();
    const secretary = await s.login('wangfang');
    expect((await secretary.get('/api/v1/org/import/template')).status).toBe(403);
    const file = await xlsx({ 人员: [['sec.made', '秘书建', 'ZJB', '', '', '', '', '', '']] });
    const r = await secretary.request('POST', '/api/v1/org/import', form(file));
    expect(r.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
