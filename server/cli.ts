// `npm run zongban -- <command>`: migrate, create-admin, audit verify, search reindex, backup, restore.
// Uses the same configuration and platform bootstrap as the server, but starts neither the HTTP
// server nor the background loops. Each command loads only what it uses: the whole platform takes
// seconds to load, which an operator (and the test suite) would wait for on every command.
import { loadConfig, type Config } from './config.js';
import { AppError } from './platform/errors.js';
import type { Actor } from './platform/access/actor.js';

const HELP = `总办 Zongban 命令行

用法: npm run zongban -- <命令> [参数]

  migrate                       执行数据库迁移，列出本次应用的迁移
  create-admin --username U --name N --password P [--email E]
                                在总经办创建系统管理员（首次登录须绑定动态口令）；
                                也可用环境变量 ZONGBAN_ADMIN_PASSWORD 传入密码
  audit verify                  封存待封链的审计条目，然后校验整条审计链
  search reindex                为尚未进入全文检索的督办事项补建索引（升级后执行一次）
  backup <文件>                 备份 SQLite 数据库与附件文件到一个 tar 文件（服务器运行中也可）
  restore <文件>                校验备份（完整性、审计链）后恢复；须先停止服务器
  help                          显示本帮助

配置来自环境变量：DATA_DIR（默认 ./data）、DATABASE_URL（postgres://… 为 PostgreSQL 模式）。`;

const PG_BACKUP_HINT = `PostgreSQL 模式下请用 PostgreSQL 自带工具备份与恢复（附件存于数据库中，一并包含在转储里）：
  备份: pg_dump -Fc "$DATABASE_URL" -f zongban.dump
  恢复: pg_restore --clean --if-exists -d "$DATABASE_URL" zongban.dump   （先停止所有服务器实例）`;

/** The actor of the command line: audit entries say 'cli', not a person. */
const cliActor: Actor = {
  id: 'cli',
  name: 'cli',
  username: 'cli',
  roles: [],
  capabilities: new Set(['org.manage']),
  clearance: 0,
  departmentId: '',
  ip: '127.0.0.1',
  via: 'system',
};

class UsageError extends Error {}
/** A refusal with a message for the operator (e.g. a backup that fails its checks). */
class Refusal extends Error {}

function parseArgs(args: string[]) {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < args.length) flags[a.slice(2)] = args[++i];
    else throw new UsageError(`参数 ${a} 缺少取值`);
  }
  return { positional, flags };
}

const isPostgres = (config: Config) => !!config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl);

async function migrate(config: Config) {
  const { migrateToLatest, openDatabase } = await import('./platform/db/database.js');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length === 0) console.log('数据库已是最新，无需迁移');
    for (const name of applied) console.log(`已应用迁移 ${name}`);
  } finally {
    await database.close();
  }
  return 0;
}

async function fieldProblem(field: 'username' | 'name' | 'email', value: string): Promise<string | null> {
  const { validatorCompiler } = await import('./platform/http/validation.js');
  const { PersonCreate } = await import('./modules/org/org.schema.js');
  const validate = validatorCompiler({ schema: PersonCreate.properties[field], httpPart: 'body', method: 'POST', url: 'cli' }) as unknown as ((v: unknown) => boolean) & { errors?: unknown };
  if (validate(value)) return null;
  return {
    username: '用户名须为 2–40 位，以小写字母开头，只含小写字母、数字和 . _ -',
    name: '姓名须为 1–40 个字符',
    email: '邮箱格式不正确',
  }[field];
}

async function createAdmin(config: Config, flags: Record<string, string>) {
  const username = flags.username;
  const name = flags.name;
  const password = flags.password ?? process.env.ZONGBAN_ADMIN_PASSWORD;
  if (!username || !name || !password) throw new UsageError('create-admin 需要 --username、--name 和 --password');
  const { passwordProblem } = await import('./platform/auth/password.js');
  const problems = [
    await fieldProblem('username', username),
    await fieldProblem('name', name),
    flags.email !== undefined ? await fieldProblem('email', flags.email) : null,
    passwordProblem(password),
  ].filter(Boolean);
  if (problems.length) {
    for (const p of problems) console.error(`错误：${p}`);
    return 1;
  }
  const { createContext } = await import('./platform/bootstrap.js');
  const { ensureCompany } = await import('./seed/first-start.js');
  const { OrgService } = await import('./modules/org/index.js');
  const ctx = await createContext(config);
  try {
    await ensureCompany(ctx.database.db);
    const org = new OrgService(ctx);
    if (await org.repo.usernameTaken(username)) {
      console.error(`错误：用户名 ${username} 已存在`);
      return 1;
    }
    const office = (await org.repo.departments()).find((d) => d.kind === 'office');
    if (!office) {
      console.error('错误：没有找到总经办（类型为“总经办”的部门）');
      return 1;
    }
    await org.createPerson(cliActor, { username, name, departmentId: office.id, position: '系统管理员', roles: ['sysadmin'], password, email: flags.email ?? null });
    console.log(`已创建系统管理员 ${username}（${name}），部门：${office.name}。首次登录须绑定动态口令（TOTP）。`);
    return 0;
  } finally {
    await ctx.database.close();
  }
}

async function auditVerify(config: Config) {
  const { openDatabase } = await import('./platform/db/database.js');
  const { AuditRepository } = await import('./platform/audit/audit.repository.js');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const repo = new AuditRepository(database.db, database.dialect);
    const sealed = await repo.sealAll();
    const r = await repo.verify();
    if (r.ok) {
      console.log(`OK 审计链完整：已校验 ${r.checked} 条（本次封链 ${sealed} 条）`);
      return 0;
    }
    const b = r.firstBroken!;
    console.log(`BROKEN 审计链损坏：第一个损坏的条目 seq ${b.seq ?? '-'}（链序号 ${b.chainNo ?? '-'}）：${b.reason}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** Indexes the supervision items the search index does not hold (made before items were indexed). */
async function searchReindex(config: Config) {
  const { openDatabase } = await import('./platform/db/database.js');
  const { SearchIndex } = await import('./platform/search/index.js');
  const { reindexMissingItems } = await import('./modules/supervision/index.js');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const n = await reindexMissingItems(SearchIndex.for(database), database.db);
    console.log(`已为 ${n} 个督办事项补建检索索引`);
    return 0;
  } finally {
    await database.close();
  }
}

type BackupModule = typeof import('./platform/db/backup.js');

/** Runs a backup or restore of the embedded database; on PostgreSQL prints the pg_dump way instead. */
async function embedded<T>(config: Config, work: (b: BackupModule) => Promise<T>): Promise<T | null> {
  if (isPostgres(config)) {
    console.log(PG_BACKUP_HINT);
    return null;
  }
  const b = await import('./platform/db/backup.js');
  try {
    return await work(b);
  } catch (err) {
    throw err instanceof b.BackupError ? new Refusal(err.message) : err;
  }
}

async function backup(config: Config, file: string | undefined) {
  if (!file) throw new UsageError('backup 需要目标文件名，例如 backup zongban-20260101.tar');
  const started = Date.now();
  const m = await embedded(config, (b) => b.backupSqlite(config.dataDir, file, (line) => console.error(line)));
  if (!m) return 1;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(`备份完成：${file}（数据库 ${mb(m.database.size)} MB，附件 ${m.files.count} 个 ${mb(m.files.bytes)} MB，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  // A backup that lacks a file the database names is kept, but the exit code says it is partial.
  return m.missingFiles.length || m.damagedFiles.length ? 1 : 0;
}

async function restore(config: Config, file: string | undefined) {
  if (!file) throw new UsageError('restore 需要备份文件名');
  const r = await embedded(config, (b) => b.restoreSqlite(config.dataDir, file, (line) => console.log(line)));
  if (!r) return 1;
  console.log(`恢复完成：数据库已替换，附件 ${r.files} 个。${r.previous ? `原数据库保留为 ${r.previous}` : ''}`);
  return 0;
}

async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) argv = ['help'];
  const { positional, flags } = parseArgs(argv);
  const [command, sub] = positional;
  const config = loadConfig();
  switch (command) {
    case 'migrate':
      return migrate(config);
    case 'create-admin':
      return createAdmin(config, flags);
    case 'audit':
      if (sub !== 'verify') throw new UsageError('用法：audit verify');
      return auditVerify(config);
    case 'search':
      if (sub !== 'reindex') throw new UsageError('用法：search reindex');
      return searchReindex(config);
    case 'backup':
      return backup(config, sub);
    case 'restore':
      return restore(config, sub);
    case undefined:
    case 'help':
      console.log(HELP);
      return 0;
    default:
      throw new UsageError(`未知命令：${command}`);
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${HELP}`);
      process.exit(2);
    }
    if (err instanceof Refusal) console.error(`拒绝执行：${err.message}`);
    else if (err instanceof AppError) console.error(`错误：${err.message}`);
    else console.error(err);
    process.exit(1);
  },
);
