// The incoming-register scenario's writes: what each POST /api/v1/incoming sends, the row its
// ceiling inserts, and the clean-up that takes every benchmark registration out again, so that
// secretaries' pending lists and the 收文编号 sequence are what the generator left for the next
// scenario and the next run. Their audit entries stay: the audit log is append-only by design.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../server/platform/access/actor.js';
import type { Database } from '../server/platform/db/database.js';
import type { DB, DocumentTable } from '../server/platform/db/schema.js';
import { newId, nowIso } from '../server/platform/ids.js';
import { words } from './corpus.js';
import { rng } from './generator-kit.js';

/** The sender every benchmark registration names: what the clean-up finds them by. */
export const BENCH_SENDER = '基准压测来文单位';

/** The body of the n-th registration: signed for and registered in one request, as the secretary's desk does. */
export function signForBody(n: number) {
  const rand = rng(n + 1);
  return {
    sender: BENCH_SENDER,
    deliveredBy: '机要交通',
    classification: 0,
    registration: {
      title: `关于${words(rand, 3)}的通知`,
      docNumber: `压测〔2026〕${n + 1}号`,
      docKind: '通知',
      urgency: 'normal',
      pages: 1 + (n % 12),
      copies: 1,
      addresseeMatches: true,
      body: words(rand, 20),
    },
  };
}

type SignFor = ReturnType<typeof signForBody>;

/** The ceiling's row: the registered document the app ends with, less what its workflow adds (number, trail, index). */
export function ceilingRow(actor: Pick<Actor, 'id' | 'name'>, b: SignFor): DocumentTable {
  const at = nowIso();
  const r = b.registration;
  return {
    id: newId(),
    direction: 'incoming',
    state: 'registered',
    year: Number(at.slice(0, 4)),
    serial: null,
    doc_number: r.docNumber,
    title: r.title,
    doc_kind: r.docKind,
    urgency: 'normal',
    classification: b.classification,
    secrecy_term: null,
    sender: b.sender,
    addressee: null,
    cc: null,
    body: r.body,
    pages: r.pages,
    copies: r.copies,
    received_at: at,
    deadline: null,
    lead_department_id: null,
    drafting_department_id: null,
    replies_to_id: null,
    data: JSON.stringify({ receipt: { deliveredBy: b.deliveredBy, deliveredAt: at, signedById: actor.id, signedByName: actor.name, signedAt: at, envelopeAddressee: null, envelopeFileId: null } }),
    created_by: actor.id,
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

/**
 * Deletes every benchmark registration with its trail, versions, index entry and scopes, and sets
 * each 收文编号 sequence back to the highest number still in use. Returns how many it removed.
 */
export async function removeBenchRegistrations(database: Database): Promise<number> {
  const { db } = database;
  const ids = (await db.selectFrom('documents').select('id').where('sender', '=', BENCH_SENDER).execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  for (let k = 0; k < ids.length; k += 5000) {
    const part = ids.slice(k, k + 5000);
    await db.transaction().execute(async (trx) => {
      for (let j = 0; j < part.length; j += 500) await removeSome(trx, database.dialect, part.slice(j, j + 500));
    });
  }
  await db.transaction().execute(async (trx) => {
    const keys = await trx.selectFrom('sequences').select('key').where('key', 'like', 'incoming:%').execute();
    for (const { key } of keys) {
      const year = Number(key.slice('incoming:'.length));
      const top = await trx.selectFrom('documents').select((eb) => eb.fn.max('serial').as('n')).where('direction', '=', 'incoming').where('year', '=', year).executeTakeFirst();
      await trx.updateTable('sequences').set({ last_value: Number(top?.n ?? 0) }).where('key', '=', key).execute();
    }
  });
  return ids.length;
}

async function removeSome(trx: Kysely<DB>, dialect: Database['dialect'], ids: string[]) {
  const indexed = await trx.selectFrom('search_docs').select('seq').where('record_type', '=', 'document').where('record_id', 'in', ids).execute();
  // FTS5 (contentless_delete) deletes by rowid; PostgreSQL's tsvector goes with its row.
  if (dialect === 'sqlite') for (const { seq } of indexed) await sql`delete from search_fts where rowid = ${seq}`.execute(trx);
  await trx.deleteFrom('search_docs').where('record_type', '=', 'document').where('record_id', 'in', ids).execute();
  await trx.deleteFrom('reading_scopes').where('record_type', '=', 'document').where('record_id', 'in', ids).execute();
  for (const table of ['document_steps', 'document_versions', 'document_participants'] as const) await trx.deleteFrom(table).where('document_id', 'in', ids).execute();
  await trx.deleteFrom('documents').where('id', 'in', ids).execute();
}
