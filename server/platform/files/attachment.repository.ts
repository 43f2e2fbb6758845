import type { Kysely } from 'kysely';
import type { DB, AttachmentTable } from '../db/schema.js';
import type { ReadableFilter } from '../access/policy.js';

export const ATTACHMENT = 'attachment';
export const ATTACHMENT_COLUMNS = { recordType: ATTACHMENT, id: 'a.id', classification: 'a.classification' } as const;

export class AttachmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(exec: Kysely<DB>, row: AttachmentTable) {
    await exec.insertInto('attachments').values(row).execute();
  }

  /** Only readable rows ever leave this method: the policy's filter is part of the query. */
  findReadable(id: string, readable: ReadableFilter) {
    return this.db.selectFrom('attachments as a').selectAll('a').where('a.id', '=', id).where(readable).executeTakeFirst();
  }

  /** Unfiltered: only for answering the security officer with the change he just made. */
  findById(id: string) {
    return this.db.selectFrom('attachments as a').selectAll('a').where('a.id', '=', id).executeTakeFirst();
  }

  listReadable(readable: ReadableFilter, opts: { recordType?: string; recordId?: string; mine?: string; limit: number; before?: string }) {
    let q = this.db.selectFrom('attachments as a').selectAll('a').where(readable).orderBy('a.id', 'desc').limit(opts.limit);
    if (opts.recordType) q = q.where('a.record_type', '=', opts.recordType);
    if (opts.recordId) q = q.where('a.record_id', '=', opts.recordId);
    if (opts.mine) q = q.where('a.owner_id', '=', opts.mine);
    if (opts.before) q = q.where('a.id', '<', opts.before);
    return q.execute();
  }

  async countReadable(readable: ReadableFilter) {
    const r = await this.db.selectFrom('attachments as a').select((eb) => eb.fn.countAll<number>().as('n')).where(readable).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Gives an unowned attachment to a record; false when it already belongs to one (never moved). */
  async linkToRecord(exec: Kysely<DB>, id: string, recordType: string, recordId: string, at: string): Promise<boolean> {
    const r = await exec
      .updateTable('attachments')
      .set((eb) => ({ record_type: recordType, record_id: recordId, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('record_type', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setClassification(exec: Kysely<DB>, id: string, version: number, classification: number, secrecyTerm: string | null, at: string) {
    const r = await exec
      .updateTable('attachments')
      .set((eb) => ({ classification, secrecy_term: secrecyTerm, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
