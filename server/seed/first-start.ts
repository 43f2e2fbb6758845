// First start: the demo company (default), or an empty system and how to create the administrator.
import type { Kysely } from 'kysely';
import { ROLE_LABELS, type Role } from '../../common/roles.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import { newId, nowIso } from '../platform/ids.js';
import { hashPassword } from '../platform/auth/password.js';
import { newPersonRow } from '../modules/org/index.js';
import { seedDemoDocuments } from './demo-documents.js';
import { DEMO_COMPANY, DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_PEOPLE } from './demo-company.js';

/** Creates the company row (and the office department) if the database has none. */
export async function ensureCompany(db: Kysely<DB>, company = { name: '我的公司', shortName: '公司', fondsCode: 'Z001', orgCode: '总经办' }) {
  const existing = await db.selectFrom('companies').select('id').limit(1).executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('companies').values({ id, name: company.name, short_name: company.shortName, fonds_code: company.fondsCode, org_code: company.orgCode, created_at: at, updated_at: at, version: 1 }).execute();
    await trx.insertInto('departments').values({ id: newId(), company_id: id, parent_id: null, name: '总经办', code: 'ZJB', kind: 'office', sort_order: 1, created_at: at, updated_at: at, version: 1 }).execute();
  });
  return id;
}

/**
 * Seeds the demo company. Each person gets a hash of their own (own salt); tests that start many
 * servers pass one precomputed hash to save ~2 s of CPU per start.
 */
export async function seedDemo(db: Kysely<DB>, opts: { passwordHash?: string } = {}): Promise<void> {
  const companyId = await ensureCompany(db, DEMO_COMPANY);
  const at = nowIso();
  const hashes = opts.passwordHash ? DEMO_PEOPLE.map(() => opts.passwordHash!) : await Promise.all(DEMO_PEOPLE.map(() => hashPassword(DEMO_PASSWORD)));
  await db.transaction().execute(async (trx) => {
    const deptIds = new Map<string, string>();
    const office = await trx.selectFrom('departments').select('id').where('code', '=', 'ZJB').executeTakeFirst();
    if (office) deptIds.set('ZJB', office.id);
    for (const d of DEMO_DEPARTMENTS) {
      if (deptIds.has(d.code)) continue;
      const id = newId();
      deptIds.set(d.code, id);
      await trx.insertInto('departments').values({ id, company_id: companyId, parent_id: null, name: d.name, code: d.code, kind: d.kind, sort_order: d.sort, created_at: at, updated_at: at, version: 1 }).execute();
    }
    for (const [i, [username, name, dept, position, rank, roles, clearance]] of DEMO_PEOPLE.entries()) {
      const row = newPersonRow({
        companyId,
        departmentId: deptIds.get(dept)!,
        username,
        name,
        email: `${username}@demo.zongban.local`,
        phone: `1380000${String(1000 + i).slice(-4)}`,
        position,
        rankOrder: rank,
        clearance,
        passwordHash: hashes[i],
        at,
      });
      await trx.insertInto('people').values(row).execute();
      await trx.insertInto('person_roles').values(roles.map((role) => ({ person_id: row.id, role }))).execute();
    }
    await trx.insertInto('settings').values({ key: 'demo_seeded', value: at, updated_at: at }).execute();
  });
}

export function demoLoginTable(): string {
  const byRole = new Map<Role, string[]>();
  for (const [username, name, , , , roles] of DEMO_PEOPLE) {
    const r = roles[0];
    if ((byRole.get(r)?.length ?? 0) < 2) byRole.set(r, [...(byRole.get(r) ?? []), `${username}（${name}）`]);
  }
  const lines = [...byRole.entries()].map(([r, users]) => `  ${ROLE_LABELS[r].zh.padEnd(8, '　')} ${users.join('  ')}`);
  return `演示账号（密码均为 ${DEMO_PASSWORD}；系统管理员、保密员、审计员首次登录须绑定动态口令）:\n${lines.join('\n')}`;
}

export async function firstStart(ctx: AppContext): Promise<void> {
  const { db } = ctx.database;
  const company = await db.selectFrom('companies').select('id').limit(1).executeTakeFirst();
  const seeded = await db.selectFrom('settings').select('value').where('key', '=', 'demo_seeded').executeTakeFirst();
  if (!company && ctx.config.demo) {
    await seedDemo(db);
    await seedDemoDocuments(ctx);
    console.log('已创建演示公司：示例集团有限公司（含示例收文、发文）');
  } else if (!company) {
    await ensureCompany(db);
  }
  if (seeded || (!company && ctx.config.demo)) {
    console.log(demoLoginTable());
    return;
  }
  const admins = await db.selectFrom('person_roles').select('person_id').where('role', '=', 'sysadmin').limit(1).executeTakeFirst();
  if (!admins) {
    console.log('系统中还没有管理员。请运行:\n  npm run zongban -- create-admin --username admin --name 管理员 --password <至少8位含字母数字>');
  }
}
