// Bulk data generator: a company of 10,000 × scale people across ~60 × scale departments, written
// through the platform's own code (ensureCompany, OrgRepository, AuthRepository) — not the HTTP
// API — into a database cached under bench/.cache/<dialect>-<key>/ and reused while complete; with
// --documents, a company of --people people (default 2,000) and that many official documents
// (bench/generate-documents.ts; resumed where it stopped if interrupted); with --items, a company of
// --people people and that many supervision items (bench/generate-supervision.ts, likewise).
//   npx tsx bench/generate.ts [--scale 1] [--dialect sqlite|postgres|both] [--regenerate]
//   npx tsx bench/generate.ts --documents 1000000 [--people 2000]
//   npx tsx bench/generate.ts --items 200000 [--people 2000]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import type { Role } from '../common/roles.js';
import { MFA_REQUIRED_ROLES } from '../common/roles.js';
import { migrateToLatest, openDatabase, type Database } from '../server/platform/db/database.js';
import type { DB, PersonTable } from '../server/platform/db/schema.js';
import { newId } from '../server/platform/ids.js';
import { hashPassword } from '../server/platform/auth/password.js';
import { ensureCompany } from '../server/seed/first-start.js';
import { OrgRepository } from '../server/modules/org/org.repository.js';
import { newPersonRow } from '../server/modules/org/person-row.js';
import { issueSessions, writeTokens, type BenchUser } from './sessions.js';
import { parseOptions } from './options.js';
import { orgDataset, pgDatabaseExists, pgDataDirectory, recreatePgDatabase, targetOf, type Target } from './target.js';
import { generateDocuments } from './generate-documents.js';
import { generateSupervision } from './generate-supervision.js';
import { DEPARTMENT_NAMES, POSITIONS, personName, SUB_UNITS } from './names.js';
import { rng } from './generator-kit.js';

/** Bump when the generated data changes shape, so older caches are regenerated. */
const GENERATOR_VERSION = 2;
const SETTINGS_KEY = 'bench_generated';
/** Written when departments and people are in: a documents stage that stopped resumes after it. */
const PEOPLE_DONE_KEY = 'bench_people_generated';
/** Users with a session the load clients rotate across (the issue asks for ≥ 1,000). */
const SESSION_USERS = 1_200;
/** Every generated user logs in with this password (the demo one), should a scenario log in. */
export const BENCH_PASSWORD = 'Zongban2026';
/** Rough upper bound of the bytes 10,000 people take (SQLite ~10 MB, PostgreSQL ~30 MB), with margin. */
const BYTES_PER_10K_PEOPLE = 200 * 1024 * 1024;
/** Rough upper bound of the bytes one generated document takes with its index rows (measured ~3–4 KB), with margin. */
const BYTES_PER_DOCUMENT = 6 * 1024;
/** Rough upper bound of the bytes one generated supervision item takes with its participants, units and chases, with margin. */
const BYTES_PER_ITEM = 8 * 1024;
const MIN_FREE_BYTES = 1024 * 1024 * 1024;
const BATCH = 500;

export interface Fixture {
  generatorVersion: number;
  dialect: string;
  scale: number;
  generatedAt: string;
  people: number;
  documents: number;
  /** Generated supervision items (absent before issue 4: none). */
  items?: number;
  departments: { id: string; name: string; parentId: string | null }[];
  /** The users that get a session (active, none of the roles that must enrol a second factor). */
  users: BenchUser[];
}

type Log = (msg: string) => void;

function fixturePath(t: Target) {
  return path.join(t.dir, 'fixture.json');
}

function open(t: Target): Promise<Database> {
  return openDatabase({ databaseUrl: t.databaseUrl, dataDir: t.dir });
}

/** The cached fixture when the database is there and its generation finished; null otherwise. */
async function readComplete(t: Target): Promise<Fixture | null> {
  if (!fs.existsSync(fixturePath(t))) return null;
  if (t.dialect === 'sqlite' && !fs.existsSync(path.join(t.dir, 'zongban.db'))) return null;
  if (t.dialect === 'postgres' && !(await pgDatabaseExists(t.pgDatabase!))) return null;
  const fixture = JSON.parse(fs.readFileSync(fixturePath(t), 'utf8')) as Fixture;
  const database = await open(t);
  try {
    const row = await database.db.selectFrom('settings').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
    if (!row) return null;
    const done = JSON.parse(row.value) as { generatorVersion: number; scale: number; people: number; documents: number; items?: number };
    const ok =
      done.generatorVersion === GENERATOR_VERSION && fixture.generatorVersion === GENERATOR_VERSION &&
      done.scale === t.scale && done.people === t.people && done.documents === t.documents && fixture.people === t.people && fixture.documents === t.documents && (done.items ?? 0) === (t.items ?? 0);
    return ok ? fixture : null;
  } catch {
    return null; // no settings table: the migration itself never finished
  } finally {
    await database.close();
  }
}

async function checkDiskSpace(t: Target, log: Log) {
  const bytesNeeded = Math.ceil((t.people / 10_000) * BYTES_PER_10K_PEOPLE + t.documents * BYTES_PER_DOCUMENT + (t.items ?? 0) * BYTES_PER_ITEM + MIN_FREE_BYTES);
  const places = [path.dirname(t.dir)];
  if (t.dialect === 'postgres') {
    const pgDir = await pgDataDirectory().catch(() => null);
    if (pgDir) places.push(pgDir);
    else log('cannot read PostgreSQL data_directory from here; checking the local disk only');
  }
  for (const place of places) {
    fs.mkdirSync(place, { recursive: true });
    const s = await fs.promises.statfs(place);
    const free = s.bavail * s.bsize;
    if (free < bytesNeeded) {
      const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
      throw new Error(`not enough free disk space at ${place}: ${t.people} people and ${t.documents} documents need about ${mb(bytesNeeded)} free, there are ${mb(free)}. Free some space or generate less.`);
    }
  }
}

async function wipe(t: Target) {
  fs.rmSync(t.dir, { recursive: true, force: true });
  fs.mkdirSync(t.dir, { recursive: true });
  if (t.dialect === 'postgres') await recreatePgDatabase(t.pgDatabase!);
}

interface DeptPlan {
  id: string;
  name: string;
  parentId: string | null;
}

async function generateDepartments(db: Kysely<DB>, companyId: string, scale: number): Promise<DeptPlan[]> {
  const org = new OrgRepository(db);
  const office = await org.departmentByCode('ZJB');
  const at = new Date().toISOString();
  const plans: DeptPlan[] = [];
  await db.transaction().execute(async (trx) => {
    for (const [i, top] of DEPARTMENT_NAMES.entries()) {
      let topId: string;
      if (top.code === 'ZJB' && office) topId = office.id;
      else {
        topId = newId();
        await org.insertDepartment(trx, { id: topId, company_id: companyId, parent_id: null, name: top.name, code: top.code, kind: top.kind, sort_order: i + 1, created_at: at, updated_at: at, version: 1 });
      }
      plans.push({ id: topId, name: top.name, parentId: null });
      const subs = SUB_UNITS.length * scale;
      for (let k = 0; k < subs; k++) {
        const id = newId();
        const name = `${top.name}${k < SUB_UNITS.length ? SUB_UNITS[k] : `第${k + 1}科`}`;
        await org.insertDepartment(trx, { id, company_id: companyId, parent_id: topId, name, code: `${top.code}-${k + 1}`, kind: top.kind === 'branch' ? 'branch' : 'department', sort_order: k + 1, created_at: at, updated_at: at, version: 1 });
        plans.push({ id, name, parentId: topId });
      }
    }
  });
  return plans;
}

/** The leaders every company has once, all in the office (role, rank order, clearance, position). */
const LEADERS: [Role, number, number, string][] = [
  ['gm', 1, 4, '总经理'],
  ['vice_gm', 2, 3, '副总经理'],
  ['vice_gm', 3, 3, '副总经理'],
  ['vice_gm', 4, 3, '副总经理'],
  ['office_director', 10, 3, '总经办主任'],
  ...Array.from({ length: 10 }, (_, k): [Role, number, number, string] => ['secretary', 20 + k, k < 3 ? 3 : 2, k === 0 ? '总经理秘书' : '秘书']),
  ['archivist', 33, 2, '档案员'],
  ['archivist', 36, 2, '档案员'],
  ['security_officer', 34, 4, '保密员'],
  ['security_officer', 35, 4, '保密员'],
  ['sysadmin', 90, 1, '系统管理员'],
  ['sysadmin', 91, 1, '系统管理员'],
  ['auditor', 92, 1, '安全审计员'],
  ['auditor', 93, 1, '安全审计员'],
];

interface Plan {
  roles: Role[];
  rank: number;
  clearance: number;
  position: string;
  departmentIndex: number;
}

/** Person i: first the leaders, then a head for each department, then staff (clerks) spread evenly. */
function planOf(i: number, deptCount: number, random: () => number): Plan {
  if (i < LEADERS.length) {
    const [role, rank, clearance, position] = LEADERS[i];
    return { roles: [role], rank, clearance, position, departmentIndex: 0 };
  }
  const head = i - LEADERS.length;
  if (head < deptCount) return { roles: ['dept_head'], rank: 40 + head, clearance: 2, position: '部门负责人', departmentIndex: head };
  return {
    roles: ['clerk'],
    rank: 1000 + Math.floor(random() * 9000),
    clearance: random() < 0.1 ? 2 : 1,
    position: POSITIONS[Math.floor(random() * POSITIONS.length)],
    departmentIndex: i % deptCount,
  };
}

async function generatePeople(db: Kysely<DB>, companyId: string, depts: DeptPlan[], total: number, log: Log): Promise<{ count: number; users: BenchUser[] }> {
  const random = rng(20261126);
  // Hashed once and reused: scrypt costs ~50 ms of CPU per hash, 10,000 of them ~8 minutes; the
  // scenarios measure requests of logged-in users, not log-in, and a shared salt matters only to
  // someone cracking a real password table, which this is not.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users: BenchUser[] = [];
  const leaders = LEADERS.length + depts.length;
  // Staff with a session: every nth, so the session users spread over all departments.
  const everyNth = Math.max(1, Math.floor((total - leaders) / SESSION_USERS) - 1);
  const at = new Date().toISOString();
  for (let start = 0; start < total; start += BATCH) {
    await db.transaction().execute(async (trx) => {
      const org = new OrgRepository(trx);
      for (let i = start; i < Math.min(total, start + BATCH); i++) {
        const plan = planOf(i, depts.length, random);
        const username = `u${String(i + 1).padStart(6, '0')}`;
        const disabled = i >= leaders && random() < 0.01;
        const row: PersonTable = {
          ...newPersonRow({
            companyId,
            departmentId: depts[plan.departmentIndex].id,
            username,
            name: personName(random),
            email: `${username}@bench.zongban.local`,
            phone: `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
            position: plan.position,
            rankOrder: plan.rank,
            clearance: plan.clearance,
            passwordHash,
            at,
          }),
          status: disabled ? 'disabled' : 'active',
        };
        await org.insertPerson(trx, row, plan.roles);
        const mfa = plan.roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
        const pick = i < leaders || (i - leaders) % everyNth === 0;
        if (!disabled && !mfa && pick && users.length < SESSION_USERS) users.push({ id: row.id, username, roles: plan.roles });
      }
    });
    if ((start + BATCH) % 2000 === 0 || start + BATCH >= total) log(`  people ${Math.min(total, start + BATCH)}/${total}`);
  }
  return { count: total, users };
}

const describe = (t: Target) => `${t.dialect} ${t.people.toLocaleString('en')} people${t.documents ? `, ${t.documents.toLocaleString('en')} documents` : ''}${t.items ? `, ${t.items.toLocaleString('en')} supervision items` : ''}`;

interface PeopleStage {
  generatorVersion: number;
  scale: number;
  people: number;
  departments: DeptPlan[];
  users: BenchUser[];
}

/** The departments and people of an earlier run that stopped during the documents stage, if they match. */
async function peopleStageOf(t: Target): Promise<PeopleStage | null> {
  if (t.documents === 0 && !t.items) return null;
  if (t.dialect === 'sqlite' && !fs.existsSync(path.join(t.dir, 'zongban.db'))) return null;
  if (t.dialect === 'postgres' && !(await pgDatabaseExists(t.pgDatabase!))) return null;
  const database = await open(t);
  try {
    const row = await database.db.selectFrom('settings').select('value').where('key', '=', PEOPLE_DONE_KEY).executeTakeFirst();
    const stage = row ? (JSON.parse(row.value) as PeopleStage) : null;
    return stage && stage.generatorVersion === GENERATOR_VERSION && stage.scale === t.scale && stage.people === t.people ? stage : null;
  } catch {
    return null;
  } finally {
    await database.close();
  }
}

/** Generates the target's database unless a complete one is cached; returns its fixture. */
export async function ensureGenerated(t: Target, opts: { regenerate?: boolean; log?: Log } = {}): Promise<Fixture> {
  const log = opts.log ?? ((m: string) => console.log(m));
  if (!opts.regenerate) {
    const cached = await readComplete(t);
    if (cached) {
      log(`[generate] ${describe(t)}: cached (generated ${cached.generatedAt})`);
      // A dataset generated before the newest migrations gets them, as a server starting on it would.
      const database = await open(t);
      try {
        await migrateToLatest(database.db);
      } finally {
        await database.close();
      }
      return cached;
    }
  }
  await checkDiskSpace(t, log);
  const started = Date.now();
  let stage = opts.regenerate ? null : await peopleStageOf(t);
  if (stage) log(`[generate] ${describe(t)}: people cached, resuming the documents or items in ${t.databaseUrl ?? t.dir}`);
  else {
    log(`[generate] ${describe(t)}: generating into ${t.databaseUrl ?? t.dir}`);
    await wipe(t);
  }
  const database = await open(t);
  try {
    const { db } = database;
    if (!stage) {
      await migrateToLatest(db);
      const companyId = await ensureCompany(db, { name: '基准测试集团有限公司', shortName: '基准集团', fondsCode: 'B001', orgCode: '基准集团' });
      const departments = await generateDepartments(db, companyId, t.scale);
      log(`  departments ${departments.length}`);
      const { users } = await generatePeople(db, companyId, departments, t.people, log);
      if (users.length < 1000) throw new Error(`only ${users.length} session users picked; the load needs ≥ 1,000`);
      stage = { generatorVersion: GENERATOR_VERSION, scale: t.scale, people: t.people, departments, users };
      await db.insertInto('settings').values({ key: PEOPLE_DONE_KEY, value: JSON.stringify(stage), updated_at: new Date().toISOString() }).execute();
    }
    if (t.documents > 0) await generateDocuments(database, t.documents, log);
    if (t.items) await generateSupervision(database, t.items, log);
    writeTokens(t.dir, await issueSessions(db, stage.users));
    const fixture: Fixture = { generatorVersion: GENERATOR_VERSION, dialect: t.dialect, scale: t.scale, generatedAt: new Date().toISOString(), people: t.people, documents: t.documents, ...(t.items ? { items: t.items } : {}), departments: stage.departments, users: stage.users };
    fs.writeFileSync(fixturePath(t), JSON.stringify(fixture));
    // Written last: its presence is what says the generation finished.
    const done = JSON.stringify({ generatorVersion: GENERATOR_VERSION, scale: t.scale, people: t.people, documents: t.documents, ...(t.items ? { items: t.items } : {}), finishedAt: fixture.generatedAt });
    await db.insertInto('settings').values({ key: SETTINGS_KEY, value: done, updated_at: fixture.generatedAt }).execute();
    log(`[generate] done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stage.departments.length} departments, ${t.people} people, ${t.documents} documents, ${t.items ?? 0} supervision items, ${stage.users.length} sessions`);
    return fixture;
  } finally {
    await database.close();
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const dataset = opts.supervisionAsked ? opts.supervisionDataset : opts.documentsAsked ? opts.documentsDataset : orgDataset(opts.scale);
  for (const dialect of opts.dialects) await ensureGenerated(targetOf(dialect, dataset), { regenerate: opts.regenerate });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
