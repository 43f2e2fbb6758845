// The one place where access is decided (DESIGN.md §4). Modules ask it; they never decide themselves.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { Classification, isClassified } from '../../../common/classification.js';
import type { Capability } from '../../../common/roles.js';
import type { DB } from '../db/schema.js';
import { AppError, forbidden } from '../errors.js';
import type { Actor } from './actor.js';

export function can(actor: Actor | null | undefined, cap: Capability): boolean {
  return !!actor && actor.capabilities.has(cap);
}

export function requireCapability(actor: Actor | null | undefined, cap: Capability): asserts actor is Actor {
  if (!actor) throw new AppError('unauthenticated', '请先登录');
  if (!actor.capabilities.has(cap)) throw forbidden();
}

/**
 * The highest classification whose *content* this actor may read. Separation of duties: the
 * auditor reads no records at all (-1); the administrator reads nothing classified.
 */
export function contentCeiling(actor: Actor): number {
  if (actor.via === 'system') return -1;
  if (actor.roles.length === 1 && actor.roles[0] === 'auditor') return -1;
  const staffRoles = actor.roles.filter((r) => r !== 'auditor' && r !== 'sysadmin');
  if (staffRoles.length === 0) return Math.min(actor.clearance, Classification.INTERNAL);
  return actor.clearance;
}

async function departmentChain(db: Kysely<DB>, actor: Actor): Promise<string[]> {
  if (actor.departmentChain) return actor.departmentChain;
  const chain: string[] = [];
  let current: string | null = actor.departmentId || null;
  // Trees here are a few levels deep; the loop also guards against a cycle.
  while (current && chain.length < 16 && !chain.includes(current)) {
    chain.push(current);
    const row: { parent_id: string | null } | undefined = await db
      .selectFrom('departments')
      .select('parent_id')
      .where('id', '=', current)
      .executeTakeFirst();
    current = row?.parent_id ?? null;
  }
  actor.departmentChain = chain;
  return chain;
}

export type ReadableFilter = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/** Where a table keeps what the policy needs: the record type (a constant or a column), id and level. */
export interface GuardedColumns {
  recordType: string | { column: string };
  id: string;
  classification: string;
}

/**
 * A WHERE clause for records in the given columns: readable when the level is within the actor's
 * ceiling and, for a classified level, the actor is in the record's reading scope (named, by
 * department, or assigned by a workflow step). Every list, count, search and export uses it.
 */
export async function readableFilter(db: Kysely<DB>, actor: Actor, cols: GuardedColumns): Promise<ReadableFilter> {
  const ceiling = contentCeiling(actor);
  if (ceiling < 0) return () => sql<SqlBool>`1 = 0`;
  const openCeiling = Math.min(ceiling, Classification.INTERNAL);
  if (ceiling < Classification.SECRET) {
    return (eb) => eb(eb.ref(cols.classification), '<=', openCeiling);
  }
  const depts = await departmentChain(db, actor);
  return (eb) =>
    eb.or([
      eb(eb.ref(cols.classification), '<=', openCeiling),
      eb.and([
        eb(eb.ref(cols.classification), '<=', ceiling),
        eb.exists(
          eb
            .selectFrom('reading_scopes as rs')
            .select(sql`1`.as('one'))
            .where((s) =>
              typeof cols.recordType === 'string'
                ? s('rs.record_type', '=', cols.recordType)
                : s('rs.record_type', '=', s.ref(cols.recordType.column) as any),
            )
            .where('rs.record_id', '=', eb.ref(cols.id) as any)
            .where((s) =>
              s.or([
                s.and([s('rs.subject_kind', '=', 'person'), s('rs.subject_id', '=', actor.id)]),
                ...(depts.length
                  ? [s.and([s('rs.subject_kind', '=', 'department'), s('rs.subject_id', 'in', depts)])]
                  : []),
              ]),
            ),
        ),
      ]),
    ]);
}

/** A registrar or drafter sets a level no higher than their own clearance (and within what they may read). */
export function assertMayClassify(actor: Actor, level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > Classification.TOP_SECRET) {
    throw new AppError('validation_failed', '密级无效', { field: 'classification' });
  }
  if (level > contentCeiling(actor)) {
    throw new AppError('forbidden', '不能设定高于本人涉密等级的密级', { field: 'classification' });
  }
}

export { isClassified };
