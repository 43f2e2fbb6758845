// The only code that touches the audit tables. Entries are appended inside the caller's
// transaction; a sealer chains them afterwards in batches (see docs/ARCHITECTURE.md, "Audit chain").
import { sql, type Kysely } from 'kysely';
import type { DB, AuditLogTable } from '../db/schema.js';
import { newId, nowIso, sha256Hex } from '../ids.js';
import type { Dialect } from '../db/database.js';

export type AuditOutcome = 'ok' | 'refused' | 'failed' | 'invalid' | 'conflict' | 'error';

export interface AuditEntryInput {
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  recordType?: string | null;
  recordId?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

type AuditRow = { seq: number; id: string; at: string; actor_id: string | null; actor_name: string | null; ip: string | null; action: string; record_type: string | null; record_id: string | null; outcome: string; details: string };

export const GENESIS_HASH = '0'.repeat(64);
const SEAL_BATCH = 5000;
// On PostgreSQL a transaction may commit an entry with a lower seq after a higher one was sealed;
// the sealer looks back this far for such late entries (chain order is seal order, not seq order).
const LATE_WINDOW = 100_000;
const SEAL_LOCK_KEY = 7242001;

/** The bytes a chain hash covers: every column of the entry, in a fixed order. */
export function canonicalEntry(r: AuditRow): string {
  return JSON.stringify([Number(r.seq), r.id, r.at, r.actor_id, r.actor_name, r.ip, r.action, r.record_type, r.record_id, r.outcome, r.details]);
}

export function chainHash(prev: string, r: AuditRow): string {
  return sha256Hex(`${prev}\n${canonicalEntry(r)}`);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: { chainNo: number | null; seq: number | null; reason: string };
}

export interface AuditSearch {
  actorId?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
  outcome?: string;
  from?: string;
  to?: string;
  beforeSeq?: number;
  limit: number;
}

export class AuditRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  async append(exec: Kysely<DB>, e: AuditEntryInput): Promise<void> {
    await this.appendMany(exec, [e]);
  }

  /** Several entries in few statements (a bulk change audits each record); chained later in id order. */
  async appendMany(exec: Kysely<DB>, entries: AuditEntryInput[]): Promise<void> {
    const rows = entries.map((e) => ({
      id: newId(),
      at: nowIso(),
      actor_id: e.actorId,
      actor_name: e.actorName,
      ip: e.ip,
      action: e.action.slice(0, 200),
      record_type: e.recordType ?? null,
      record_id: e.recordId ?? null,
      outcome: e.outcome,
      details: JSON.stringify(e.details ?? {}),
    }));
    for (let i = 0; i < rows.length; i += 200) await exec.insertInto('audit_log').values(rows.slice(i, i + 200)).execute();
  }

  /** Chains the entries not yet chained; returns how many. Safe to call from several instances. */
  /**
   * Chains one batch. `wait: false` (the background loop) gives way when another instance is
   * sealing; `wait: true` (verify, CLI, shutdown) queues behind it, so that afterwards every entry
   * committed before the call is chained.
   */
  async seal(opts: { wait: boolean } = { wait: true }): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') {
        if (opts.wait) {
          await sql`select pg_advisory_xact_lock(${SEAL_LOCK_KEY})`.execute(trx);
        } else {
          const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${SEAL_LOCK_KEY}) as ok`.execute(trx);
          if (!got.rows[0]?.ok) return 0;
        }
      }
      const last = await trx.selectFrom('audit_chain').select(['chain_no', 'hash', 'entry_seq']).orderBy('chain_no', 'desc').limit(1).executeTakeFirst();
      const maxSeq = await trx.selectFrom('audit_chain').select((eb) => eb.fn.max('entry_seq').as('m')).executeTakeFirst();
      // SQLite has one writer at a time, so entries commit in seq order and none can turn up below
      // the chained ones: looking back would only probe the chain for 100,000 entries at every poll
      // (~60 ms of CPU at a million documents).
      const low = Math.max(0, Number(maxSeq?.m ?? 0) - (this.dialect === 'postgres' ? LATE_WINDOW : 0));
      const pending = (await trx
        .selectFrom('audit_log as a')
        .leftJoin('audit_chain as c', 'c.entry_seq', 'a.seq')
        .selectAll('a')
        .where('c.entry_seq', 'is', null)
        .where('a.seq', '>', low)
        .orderBy('a.seq')
        .limit(SEAL_BATCH)
        .execute()) as AuditRow[];
      if (pending.length === 0) return 0;
      let prev = last?.hash ?? GENESIS_HASH;
      let chainNo = Number(last?.chain_no ?? 0);
      const at = nowIso();
      const rows = pending.map((r) => {
        const hash = chainHash(prev, r);
        const row = { chain_no: ++chainNo, entry_seq: Number(r.seq), prev_hash: prev, hash, sealed_at: at };
        prev = hash;
        return row;
      });
      for (let i = 0; i < rows.length; i += 500) {
        await trx.insertInto('audit_chain').values(rows.slice(i, i + 500)).execute();
      }
      // The anchor: the newest hash, kept apart from the entries, so cutting off the newest rows shows.
      await trx.insertInto('audit_anchors').values({ chain_no: chainNo, hash: prev, at }).execute();
      return rows.length;
    });
  }

  async sealAll(opts: { wait: boolean } = { wait: true }): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.seal(opts);
      total += n;
      if (n < SEAL_BATCH) return total;
    }
  }

  async verify(): Promise<VerifyResult> {
    let prev = GENESIS_HASH;
    let expectedNo = 1;
    let checked = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('audit_chain as c')
        .leftJoin('audit_log as a', 'a.seq', 'c.entry_seq')
        .select(['c.chain_no', 'c.entry_seq', 'c.prev_hash', 'c.hash', 'a.seq', 'a.id', 'a.at', 'a.actor_id', 'a.actor_name', 'a.ip', 'a.action', 'a.record_type', 'a.record_id', 'a.outcome', 'a.details'])
        .where('c.chain_no', '>=', expectedNo)
        .orderBy('c.chain_no')
        .limit(5000)
        .execute();
      if (page.length === 0) break;
      for (const r of page) {
        const chainNo = Number(r.chain_no);
        const entrySeq = Number(r.entry_seq);
        if (chainNo !== expectedNo) {
          return { ok: false, checked, unsealed: 0, firstBroken: { chainNo: expectedNo, seq: null, reason: `chain link ${expectedNo} is missing` } };
        }
        if (r.prev_hash !== prev) {
          return { ok: false, checked, unsealed: 0, firstBroken: { chainNo, seq: entrySeq, reason: 'previous-hash link does not match' } };
        }
        if (r.seq === null || r.seq === undefined) {
          return { ok: false, checked, unsealed: 0, firstBroken: { chainNo, seq: entrySeq, reason: `entry ${entrySeq} was deleted` } };
        }
        const hash = chainHash(prev, r as unknown as AuditRow);
        if (hash !== r.hash) {
          return { ok: false, checked, unsealed: 0, firstBroken: { chainNo, seq: entrySeq, reason: `entry ${entrySeq} was altered` } };
        }
        prev = hash;
        expectedNo++;
        checked++;
      }
    }
    // Every anchor must still match the chain, not only the newest: newest rows cut off and then
    // covered by later batches leave an older anchor whose link now holds another hash (or none).
    const anchor = await this.db
      .selectFrom('audit_anchors as an')
      .leftJoin('audit_chain as c', 'c.chain_no', 'an.chain_no')
      .select(['an.chain_no', 'an.at', 'c.hash as chain_hash'])
      .where((eb) => eb.or([eb('c.hash', 'is', null), eb('c.hash', '!=', eb.ref('an.hash'))]))
      .orderBy('an.chain_no')
      .limit(1)
      .executeTakeFirst();
    if (anchor) {
      const anchorNo = Number(anchor.chain_no);
      // Links up to the anchor that were sealed after it replaced what was cut off.
      const replaced = await this.db.selectFrom('audit_chain').select((eb) => eb.fn.min('chain_no').as('n')).where('chain_no', '<=', anchorNo).where('sealed_at', '>', anchor.at).executeTakeFirst();
      const chainNo = replaced?.n != null ? Number(replaced.n) : Math.min(anchorNo, checked + 1);
      const reason =
        anchor.chain_hash === null
          ? `the newest entries were removed: the chain ends at ${checked}, an anchor records ${anchorNo}`
          : `the newest entries were removed and replaced: link ${anchorNo} no longer matches its anchor`;
      return { ok: false, checked, unsealed: 0, firstBroken: { chainNo, seq: null, reason } };
    }
    const unsealed = await this.db
      .selectFrom('audit_log as a')
      .leftJoin('audit_chain as c', 'c.entry_seq', 'a.seq')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.entry_seq', 'is', null)
      .executeTakeFirst();
    return { ok: true, checked, unsealed: Number(unsealed?.n ?? 0) };
  }

  async search(q: AuditSearch) {
    let query = this.db
      .selectFrom('audit_log as a')
      .leftJoin('audit_chain as c', 'c.entry_seq', 'a.seq')
      .select(['a.seq', 'a.id', 'a.at', 'a.actor_id', 'a.actor_name', 'a.ip', 'a.action', 'a.record_type', 'a.record_id', 'a.outcome', 'a.details', 'c.prev_hash', 'c.hash'])
      .orderBy('a.seq', 'desc')
      .limit(q.limit);
    if (q.actorId) query = query.where('a.actor_id', '=', q.actorId);
    if (q.action) query = query.where('a.action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
    if (q.recordType) query = query.where('a.record_type', '=', q.recordType);
    if (q.recordId) query = query.where('a.record_id', '=', q.recordId);
    if (q.outcome) query = query.where('a.outcome', '=', q.outcome);
    if (q.from) query = query.where('a.at', '>=', q.from);
    if (q.to) query = query.where('a.at', '<', q.to);
    if (q.beforeSeq) query = query.where('a.seq', '<', q.beforeSeq);
    return query.execute();
  }
}

export type AuditLogRow = AuditLogTable;
