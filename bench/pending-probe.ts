// "Pending for me" on the generated documents, in-process: the list's page and count as
// DocumentRepository runs them today, against a reference query drawn from the two small sets
// they are made of (the caller's pending participations, the documents in a state one of the
// caller's roles acts in), and once more with an index on the participations' subject and state
// created for the probe and dropped again (migration T0010 has since added one, so the last two
// columns now agree). It sized the change now in DocumentRepository.listBase and keeps checking
// that the two count the same.
// The outgoing list's "pending for me" (participations only) likewise with --outgoing.
//   npx tsx bench/pending-probe.ts [--dialect sqlite|postgres] [--documents 1000000] [--people 2000] [--outgoing]
import { sql, type Kysely } from 'kysely';
import { capabilitiesOf } from '../common/roles.js';
import { INCOMING_WORKFLOW } from '../common/workflow/incoming.workflow.js';
import type { Actor } from '../server/platform/access/actor.js';
import { readableFilter, type ReadableFilter } from '../server/platform/access/policy.js';
import { openDatabase } from '../server/platform/db/database.js';
import type { DB } from '../server/platform/db/schema.js';
import { DOCUMENT_COLUMNS } from '../server/modules/documents/document.access.js';
import { DocumentRepository } from '../server/modules/documents/document.repository.js';
import { ensureGenerated } from './generate.js';
import { parseOptions } from './options.js';
import { targetOf } from './target.js';

const PROBE_INDEX = 'bench_probe_participants_pending_idx';
type Direction = 'incoming' | 'outgoing';

function roleStates(roles: string[]): string[] {
  return [...new Set(INCOMING_WORKFLOW.actions.filter((a) => a.by.some((b) => 'role' in b && roles.includes(b.role))).flatMap((a) => a.from))];
}

/**
 * The proposed query: the ids from the caller's pending participations (of incoming documents) and
 * from the role states, then the rows by primary key. The outer query has no other indexable term,
 * so SQLite, which has no statistics here (the app never runs ANALYZE), cannot pick a scan of every
 * incoming document by `direction` instead.
 */
function proposed(db: Kysely<DB>, actor: Actor, readable: ReadableFilter, direction: Direction) {
  const states = direction === 'incoming' ? roleStates(actor.roles) : [];
  // The outgoing list asks for the person's own participations only (OutgoingService.list).
  const subjects: ['person' | 'department', string][] = direction === 'incoming' ? [['person', actor.id], ['department', actor.departmentId]] : [['person', actor.id]];
  const pending = db
    .selectFrom('document_participants as p')
    .innerJoin('documents as x', 'x.id', 'p.document_id')
    .select('p.document_id as id')
    .where('x.direction', '=', direction)
    .where('p.state', '=', 'pending')
    .where((w) => w.or(subjects.map(([kind, id]) => w.and([w('p.subject_kind', '=', kind), w('p.subject_id', '=', id)]))));
  const ids = states.length ? pending.union(db.selectFrom('documents as s').select('s.id').where('s.direction', '=', direction).where('s.state', 'in', states)) : pending;
  return db.selectFrom('documents as d').where('d.id', 'in', ids).where(readable);
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

async function main() {
  const outgoing = process.argv.includes('--outgoing');
  const direction: Direction = outgoing ? 'outgoing' : 'incoming';
  const opts = parseOptions(process.argv.slice(2).filter((a) => a !== '--outgoing'));
  const t = targetOf(opts.dialects[0], opts.documentsDataset);
  await ensureGenerated(t);
  const database = await openDatabase({ databaseUrl: t.databaseUrl, dataDir: t.dir });
  const { db } = database;
  const repo = new DocumentRepository(db);
  try {
    const people = await db.selectFrom('people as p').innerJoin('person_roles as r', 'r.person_id', 'p.id').select(['p.id', 'p.name', 'p.username', 'p.department_id', 'p.clearance', 'r.role']).where('p.status', '=', 'active').orderBy('p.id').execute();
    const sample = ['clerk', 'dept_head', 'secretary', 'gm', 'vice_gm'].flatMap((role) => people.filter((p) => p.role === role).slice(0, 1));
    console.log(`${t.dialect}, ${t.documents.toLocaleString('en')} documents, ${direction}: median ms of the page of 20 + the count`);
    console.log('reader       pending  today (page + count)   proposed   proposed + index');
    const rows: [string, number, number, number, number][] = [];
    for (const phase of ['plain', 'indexed'] as const) {
      if (phase === 'indexed') await sql.raw(`create index if not exists ${PROBE_INDEX} on document_participants (subject_kind, subject_id, state)`).execute(db);
      for (const [k, p] of sample.entries()) {
        const actor: Actor = { id: p.id, name: p.name, username: p.username, roles: [p.role], capabilities: capabilitiesOf([p.role]), clearance: p.clearance, departmentId: p.department_id, ip: '127.0.0.1', via: 'session' };
        const readable = await readableFilter(db, actor, DOCUMENT_COLUMNS);
        const q = proposed(db, actor, readable, direction);
        const both = () => Promise.all([q.selectAll('d').orderBy('d.id', 'desc').limit(20).execute(), q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()]);
        const [, counted] = await both();
        if (phase === 'plain') {
          const filter = { direction, pendingFor: { personId: actor.id, departmentId: direction === 'incoming' ? actor.departmentId : null, roleStates: direction === 'incoming' ? roleStates(actor.roles) : [] } };
          const today = await time(() => Promise.all([repo.list({ ...filter, limit: 20 }, readable), repo.count(filter, readable)]), 2);
          const total = await repo.count(filter, readable);
          if (total !== Number(counted?.n)) throw new Error(`the proposed query counts ${counted?.n} for ${p.role}, today's ${total}`);
          rows.push([p.role, total, today, await time(both, 5), NaN]);
        } else rows[k][4] = await time(both, 5);
      }
    }
    for (const [role, total, today, plain, indexed] of rows) console.log(`${role.padEnd(12)}${String(total).padStart(8)}${today.toFixed(1).padStart(22)}${plain.toFixed(1).padStart(11)}${indexed.toFixed(1).padStart(19)}`);
  } finally {
    await sql.raw(`drop index if exists ${PROBE_INDEX}`).execute(db);
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
