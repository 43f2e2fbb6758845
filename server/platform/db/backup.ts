// Backup and restore of the embedded mode: the SQLite database and the content-addressed files
// under DATA_DIR/files, in one plain tar (see README, "备份与恢复"). PostgreSQL deployments use
// pg_dump/pg_restore instead: their files live in the database.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { migrationProvider } from '../migrations/index.js';
import { extractTarEntry, readTarEntry, readTarIndex, TarWriter, type TarEntry } from './tar-archive.js';

export const DB_FILE = 'zongban.db';
const MANIFEST = 'zongban-backup.json';
const FORMAT = 'zongban-backup';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const FILE_ENTRY = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** A refusal with a message for the operator; nothing was replaced. */
export class BackupError extends Error {}

export interface BackupManifest {
  format: typeof FORMAT;
  formatVersion: 1;
  createdAt: string;
  database: { name: string; size: number; sha256: string };
  migrations: string[];
  files: { count: number; bytes: number };
  /** Attachments the database names but the disk did not have, or had with other bytes. */
  missingFiles: string[];
  damagedFiles: string[];
}

type Say = (line: string) => void;

const blobPath = (filesDir: string, sha: string) => path.join(filesDir, sha.slice(0, 2), sha.slice(2, 4), sha);
const tmpName = (base: string, tag: string) => `${base}.${tag}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;

async function fsyncDir(dir: string) {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes a backup of the live database (consistent while the server runs and writes: SQLite's
 * online backup copies every page inside one read transaction) and of the files it refers to.
 */
export async function backupSqlite(dataDir: string, target: string, say: Say = () => {}): Promise<BackupManifest> {
  const live = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(live)) throw new BackupError(`没有找到数据库：${live}`);
  target = path.resolve(target);
  if (fs.existsSync(target)) throw new BackupError(`目标文件已存在，不覆盖：${target}`);
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`目标目录不存在：${path.dirname(target)}`);

  const snapshot = tmpName(target, 'db');
  const partial = tmpName(target, 'partial');
  try {
    const src = new SQLite(live, { fileMustExist: true, timeout: 10_000 });
    try {
      // One step for all pages: the copy is a single snapshot, never restarted by concurrent writers.
      await src.backup(snapshot, { progress: () => 0x7fffffff });
    } finally {
      src.close();
    }
    const snap = new SQLite(snapshot, { fileMustExist: true });
    let blobs: string[];
    let migrations: string[];
    try {
      snap.pragma('journal_mode = DELETE'); // a self-contained file, with no -wal beside it
      blobs = (snap.prepare('select sha256 from file_blobs order by sha256').all() as { sha256: string }[]).map((r) => r.sha256);
      migrations = (snap.prepare('select name from schema_migrations order by name').all() as { name: string }[]).map((r) => r.name);
    } finally {
      snap.close();
    }

    const tar = await TarWriter.create(partial);
    const manifest: BackupManifest = {
      format: FORMAT,
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      database: { name: DB_FILE, size: fs.statSync(snapshot).size, sha256: '' },
      migrations,
      files: { count: 0, bytes: 0 },
      missingFiles: [],
      damagedFiles: [],
    };
    try {
      manifest.database.sha256 = await tar.addFile(DB_FILE, snapshot);
      // Files are immutable and written (and fsynced) before their row commits, so every blob the
      // snapshot names is complete on disk, whatever the server writes meanwhile.
      const filesDir = path.join(dataDir, 'files');
      for (const sha of blobs) {
        const file = blobPath(filesDir, sha);
        if (!fs.existsSync(file)) {
          manifest.missingFiles.push(sha);
          continue;
        }
        const got = await tar.addFile(`files/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`, file);
        if (got !== sha) manifest.damagedFiles.push(sha);
        manifest.files.count++;
        manifest.files.bytes += fs.statSync(file).size;
      }
      // The manifest comes last: an archive that has it was written to the end.
      await tar.addBuffer(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
      await tar.finish();
    } catch (err) {
      await tar.abort();
      throw err;
    }
    await fs.promises.rename(partial, target);
    await fsyncDir(path.dirname(target));
    for (const sha of manifest.missingFiles) say(`警告：附件文件缺失，未能备份：${sha}`);
    for (const sha of manifest.damagedFiles) say(`警告：附件文件内容与其 SHA-256 不符（磁盘损坏？）：${sha}`);
    return manifest;
  } finally {
    for (const ext of ['', '-journal', '-wal', '-shm']) fs.rmSync(snapshot + ext, { force: true });
    fs.rmSync(partial, { force: true });
  }
}

interface Unpacked {
  dbFile: string;
  /** sha256 → extracted file, for archives; empty for a bare database. */
  files: Map<string, string>;
  manifest: BackupManifest | null;
}

async function unpack(source: string, work: string): Promise<Unpacked> {
  const dbFile = path.join(work, DB_FILE);
  const head = Buffer.alloc(16);
  const fh = await fs.promises.open(source, 'r');
  await fh.read(head, 0, 16, 0);
  await fh.close();
  if (head.equals(SQLITE_MAGIC)) {
    // A bare database file (e.g. from `sqlite3 zongban.db ".backup x.db"`): no files with it.
    await fs.promises.copyFile(source, dbFile);
    return { dbFile, files: new Map(), manifest: null };
  }
  let index: TarEntry[];
  try {
    index = await readTarIndex(source);
  } catch (err) {
    throw new BackupError(`备份文件已损坏或不是 Zongban 备份：${(err as Error).message}`);
  }
  const byName = new Map(index.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST);
  const dbEntry = byName.get(DB_FILE);
  if (!manifestEntry || !dbEntry) throw new BackupError('备份文件不完整：缺少清单或数据库（备份可能未写完）');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse((await readTarEntry(source, manifestEntry)).toString('utf8'));
  } catch {
    throw new BackupError('备份清单无法读取');
  }
  if (manifest.format !== FORMAT || manifest.formatVersion !== 1) throw new BackupError('不支持的备份格式');
  const dbSha = await extractTarEntry(source, dbEntry, dbFile);
  if (dbSha !== manifest.database.sha256) throw new BackupError('备份中的数据库已损坏：SHA-256 与清单不符');

  const files = new Map<string, string>();
  const damaged = new Set(manifest.damagedFiles);
  for (const e of index) {
    const m = FILE_ENTRY.exec(e.name);
    if (!m) continue;
    const [, a, b, sha] = m;
    if (sha.slice(0, 2) !== a || sha.slice(2, 4) !== b) throw new BackupError(`备份中的文件路径无效：${e.name}`);
    if (damaged.has(sha)) continue; // damaged already at backup time: the manifest says so
    const out = path.join(work, 'files', sha);
    await fs.promises.mkdir(path.dirname(out), { recursive: true });
    if ((await extractTarEntry(source, e, out)) !== sha) throw new BackupError(`备份中的附件已损坏：${sha}`);
    files.set(sha, out);
  }
  return { dbFile, files, manifest };
}

/** The checks a backup passes before it may replace anything: integrity, schema, audit chain. */
async function checkDatabase(dbFile: string, say: Say): Promise<string[]> {
  try {
    // Our own copy: leave WAL mode so that the checks below can open it read-only.
    const rw = new SQLite(dbFile, { fileMustExist: true });
    rw.pragma('journal_mode = DELETE');
    rw.close();
  } catch (err) {
    throw new BackupError(`备份中的数据库无法打开：${(err as Error).message}`);
  }
  const handle = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: handle }) });
  try {
    let problems: string[];
    try {
      problems = (handle.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (err) {
      throw new BackupError(`数据库完整性检查失败：${(err as Error).message}`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') throw new BackupError(`数据库完整性检查失败（PRAGMA integrity_check）：${problems.slice(0, 5).join('; ')}`);
    const tables = new Set((handle.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name));
    for (const t of ['schema_migrations', 'audit_log', 'audit_chain', 'audit_anchors', 'file_blobs']) {
      if (!tables.has(t)) throw new BackupError(`这不是 Zongban 数据库：缺少表 ${t}`);
    }
    const known = new Set(Object.keys(await migrationProvider.getMigrations()));
    const applied = (handle.prepare('select name from schema_migrations').all() as { name: string }[]).map((r) => r.name);
    const unknown = applied.filter((n) => !known.has(n));
    if (unknown.length) throw new BackupError(`备份来自更新版本的 Zongban（未知迁移：${unknown.join(', ')}），请先升级程序`);
    let result;
    try {
      result = await new AuditRepository(db, 'sqlite').verify();
    } catch (err) {
      throw new BackupError(`审计链校验失败：${(err as Error).message}`);
    }
    if (!result.ok) {
      const b = result.firstBroken!;
      throw new BackupError(`审计链校验失败：第一个损坏处 chain ${b.chainNo ?? '-'}，seq ${b.seq ?? '-'}：${b.reason}`);
    }
    say(`数据库完整性 ok；审计链完整（${result.checked} 条已校验${result.unsealed ? `，${result.unsealed} 条待封链` : ''}）`);
    return (handle.prepare('select sha256 from file_blobs').all() as { sha256: string }[]).map((r) => r.sha256);
  } finally {
    await db.destroy();
  }
}

/**
 * Takes the live database for the restore: switching it out of WAL mode needs exclusive access,
 * so this fails while a server (or any other process) has it open. Returns the held handle.
 */
function takeLiveDatabase(live: string, say: Say): SQLite.Database | null {
  if (!fs.existsSync(live)) return null;
  let handle: SQLite.Database | null = null;
  try {
    handle = new SQLite(live, { fileMustExist: true, timeout: 300 });
    const mode = handle.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw Object.assign(new Error(`journal mode stayed ${String(mode)}`), { code: 'SQLITE_BUSY' });
    handle.pragma('locking_mode = EXCLUSIVE');
    handle.exec('BEGIN EXCLUSIVE');
    return handle;
  } catch (err) {
    handle?.close();
    const code = String((err as { code?: string }).code ?? '');
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new BackupError(`数据库正在被使用（服务器是否在运行？请先停止服务器再恢复）：${(err as Error).message}`);
    }
    // A database that cannot even be opened is often why one restores: replace it all the same.
    say(`警告：现有数据库无法打开（${(err as Error).message}），将被替换`);
    return null;
  }
}

export interface RestoreResult {
  files: number;
  previous: string | null;
}

/** Restores a backup into dataDir after checking it; replaces nothing unless every check passes. */
export async function restoreSqlite(dataDir: string, source: string, say: Say = () => {}): Promise<RestoreResult> {
  source = path.resolve(source);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new BackupError(`备份文件不存在：${source}`);
  await fs.promises.mkdir(dataDir, { recursive: true });
  const work = await fs.promises.mkdtemp(path.join(dataDir, '.restore-'));
  try {
    const { dbFile, files, manifest } = await unpack(source, work);
    const blobs = await checkDatabase(dbFile, say);
    if (manifest) {
      const excused = new Set([...manifest.missingFiles, ...manifest.damagedFiles]);
      const absent = blobs.filter((sha) => !files.has(sha) && !excused.has(sha));
      if (absent.length) throw new BackupError(`备份不完整：缺少 ${absent.length} 个附件文件（如 ${absent[0]}）`);
      if (excused.size) say(`警告：备份时已缺失或损坏的附件 ${excused.size} 个，恢复后仍无法下载`);
    } else {
      say('提示：这是单独的数据库文件，附件文件目录保持不变');
    }

    const live = path.join(dataDir, DB_FILE);
    const held = takeLiveDatabase(live, say);
    let previous: string | null = null;
    try {
      // Files first: a restored row must never point at a file that is not there yet.
      const filesDir = path.join(dataDir, 'files');
      const touched = new Set<string>();
      for (const [sha, extracted] of files) {
        const dest = blobPath(filesDir, sha);
        // Same address, same bytes; unless the disk lost some of them.
        if (fs.statSync(dest, { throwIfNoEntry: false })?.size === fs.statSync(extracted).size) continue;
        await fs.promises.mkdir(path.dirname(dest), { recursive: true });
        await fs.promises.rename(extracted, dest);
        touched.add(path.dirname(dest));
      }
      for (const dir of touched) await fsyncDir(dir);
      if (fs.existsSync(live)) {
        previous = `${live}.pre-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await fs.promises.link(live, previous).catch(() => fs.promises.copyFile(live, previous!));
      }
      // A stale -wal beside the new file would be replayed into it. (A healthy live database has
      // none left: leaving WAL mode above checkpointed it into the kept copy.)
      for (const ext of ['-wal', '-shm', '-journal']) fs.rmSync(live + ext, { force: true });
      await fs.promises.rename(dbFile, live);
      await fsyncDir(dataDir);
    } finally {
      if (held) {
        held.exec('ROLLBACK');
        held.close();
      }
    }
    return { files: files.size, previous };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
