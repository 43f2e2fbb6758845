// Supervision items in the platform's full-text index: what is indexed (title, requirement, the
// 督办编号 and the units), and the read rule every search applies to item hits, so an item is found
// by exactly those who may open it (itemReadable: the office and the GM, and otherwise those the
// item concerns), never by everyone its classification alone would admit.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.js';
import type { ReadableFilter } from '../../platform/access/policy.js';
import type { DB, SupervisionItemTable } from '../../platform/db/schema.js';
import type { SearchDocument, SearchIndex } from '../../platform/search/index.js';
import { itemReadable, SUPERVISION_ITEM } from './supervision.access.js';

/** The 督办编号 of an item (per year, gap-free). */
export const itemNumber = (year: number, serial: number) => `督〔${year}〕${serial}号`;

/** What the index keeps of an item; `units` are its units' names, the lead unit first. */
export function searchDocumentOfItem(item: SupervisionItemTable, units: string[]): SearchDocument {
  return {
    recordType: SUPERVISION_ITEM,
    recordId: item.id,
    title: item.title,
    reference: itemNumber(item.year, item.serial),
    // The lead unit shows with the hit as its "sender"; every unit is found through the text.
    sender: units[0] ?? null,
    text: [item.requirement, units.join(' ')].filter(Boolean).join('\n'),
    kind: item.category,
    state: item.state,
    year: item.year,
    classification: item.classification,
    occurredAt: item.created_at,
  };
}

/** The item's units' names in the caller's transaction, the lead unit first. */
async function unitNames(exec: Kysely<DB>, items: Pick<SupervisionItemTable, 'id' | 'lead_department_id'>[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!items.length) return out;
  const ids = items.map((i) => i.id);
  const rows: { item_id: string; role: string; name: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await exec
        .selectFrom('supervision_units as u')
        .innerJoin('departments as dp', 'dp.id', 'u.department_id')
        .select(['u.item_id', 'u.role', 'dp.name'])
        .where('u.item_id', 'in', ids.slice(i, i + 500))
        .orderBy('u.item_id')
        .orderBy('u.role', 'desc')
        .orderBy('dp.name')
        .execute()),
    );
  }
  // Not yet 立项: no unit rows, but the lead unit an event named is still worth finding.
  const leads = [...new Set(items.filter((i) => i.lead_department_id).map((i) => i.lead_department_id!))];
  const leadNames = new Map(leads.length ? (await exec.selectFrom('departments').select(['id', 'name']).where('id', 'in', leads).execute()).map((d) => [d.id, d.name]) : []);
  for (const item of items) {
    const names = rows.filter((r) => r.item_id === item.id).map((r) => r.name);
    const lead = item.lead_department_id ? leadNames.get(item.lead_department_id) : undefined;
    out.set(item.id, lead && !names.includes(lead) ? [lead, ...names] : names);
  }
  return out;
}

/** (Re-)indexes these items as they are in `trx`, in a few statements. */
export async function indexItems(search: SearchIndex, trx: Kysely<DB>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const items: SupervisionItemTable[] = [];
  for (let i = 0; i < ids.length; i += 500) items.push(...(await trx.selectFrom('supervision_items').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()));
  const names = await unitNames(trx, items);
  await search.upsertMany(
    trx,
    items.map((item) => searchDocumentOfItem(item, names.get(item.id) ?? [])),
  );
}

/**
 * Indexes the items the index does not hold yet (items made before items were indexed, or written
 * by a generator), in transactions of `batch`; answers how many. Not run at start-up: on a large
 * database it is an operator's step (it reads every item once).
 */
export async function reindexMissingItems(search: SearchIndex, db: Kysely<DB>, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom('supervision_items as i')
        .select('i.id')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('search_docs as d').select(sql`1`.as('one')).where('d.record_type', '=', SUPERVISION_ITEM).whereRef('d.record_id', '=', 'i.id'))))
        .orderBy('i.id')
        .limit(batch)
        .execute()
    ).map((r) => r.id);
    if (!ids.length) return done;
    await db.transaction().execute((trx) => indexItems(search, trx, ids));
    done += ids.length;
  }
}

/**
 * The read rule of item hits: the caller must hold supervision.read and the item must be readable
 * by itemReadable, asked inside the search's own query.
 */
export function registerItemSearch(search: SearchIndex, db: Kysely<DB>): void {
  search.registerReadFilter(SUPERVISION_ITEM, async (actor: Actor): Promise<ReadableFilter> => {
    if (!actor.capabilities.has('supervision.read')) return () => sql<boolean>`1 = 0`;
    const readable = await itemReadable(db, actor);
    return (eb) =>
      eb.exists(
        eb
          .selectFrom('supervision_items as i')
          .select(sql`1`.as('one'))
          .whereRef('i.id', '=', 'd.record_id' as any)
          .where(readable),
      );
  });
}
