// The only place that queries the holidays table.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export type HolidayRow = DB['holidays'];

export class HolidayRepository {
  constructor(private readonly db: Kysely<DB>) {}

  all() {
    return this.db.selectFrom('holidays').select(['date', 'kind', 'name', 'source']).execute();
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db.selectFrom('holidays').select('date').limit(1).executeTakeFirst();
    return !row;
  }

  async insertMissing(rows: HolidayRow[]) {
    for (let i = 0; i < rows.length; i += 200) await this.db.insertInto('holidays').values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
  }

  /** The whole year's entries give way to `rows`, in the caller's transaction. */
  async replaceYear(trx: Kysely<DB>, year: number, rows: HolidayRow[]) {
    await trx.deleteFrom('holidays').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
    if (rows.length) await trx.insertInto('holidays').values(rows).execute();
  }
}
