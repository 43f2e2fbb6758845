// One attachment store behind one interface, content-addressed by SHA-256:
// files under DATA_DIR/files on the embedded database; 256 KiB chunks in the database itself on
// PostgreSQL, so that every instance reaches every file with no shared disk or bucket to run.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../ids.js';

export interface FileStore {
  /** Stores the bytes (idempotent for equal content) and returns their address. */
  put(bytes: Buffer, mime: string): Promise<{ sha256: string; size: number }>;
  open(sha256: string): Promise<Readable | null>;
}

async function recordBlob(db: Kysely<DB>, sha256: string, size: number, mime: string) {
  await db.insertInto('file_blobs').values({ sha256, size, mime, created_at: nowIso() }).onConflict((oc) => oc.doNothing()).execute();
}

export class DiskFileStore implements FileStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly root: string,
  ) {}

  private pathOf(sha: string) {
    return path.join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async put(bytes: Buffer, mime: string) {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      const fh = await fs.promises.open(tmp, 'w');
      await fh.writeFile(bytes);
      await fh.sync(); // durable before the row that points at it commits
      await fh.close();
      await fs.promises.rename(tmp, file);
    }
    await recordBlob(this.db, sha256, bytes.length, mime);
    return { sha256, size: bytes.length };
  }

  async open(sha256: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) return null;
    return fs.createReadStream(file);
  }
}

const CHUNK = 256 * 1024;

export class DatabaseFileStore implements FileStore {
  constructor(private readonly db: Kysely<DB>) {}

  async put(bytes: Buffer, mime: string) {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    await this.db.transaction().execute(async (trx) => {
      const have = await trx.selectFrom('file_blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
      if (have) return;
      for (let i = 0, idx = 0; i < Math.max(bytes.length, 1); i += CHUNK, idx++) {
        await trx.insertInto('file_chunks').values({ sha256, idx, data: bytes.subarray(i, i + CHUNK) }).onConflict((oc) => oc.doNothing()).execute();
      }
      await recordBlob(trx, sha256, bytes.length, mime);
    });
    return { sha256, size: bytes.length };
  }

  async open(sha256: string) {
    const blob = await this.db.selectFrom('file_blobs').select('size').where('sha256', '=', sha256).executeTakeFirst();
    if (!blob) return null;
    const db = this.db;
    // Streams chunk by chunk, so a large file is never held whole in memory.
    async function* chunks() {
      for (let idx = 0; ; idx++) {
        const row = await db.selectFrom('file_chunks').select('data').where('sha256', '=', sha256).where('idx', '=', idx).executeTakeFirst();
        if (!row) return;
        yield Buffer.from(row.data);
      }
    }
    return Readable.from(chunks());
  }
}
