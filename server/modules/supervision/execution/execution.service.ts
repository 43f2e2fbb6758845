// 三 3.31 执行情况汇总回告: on an item split into sub-items for several subordinate units, the office
// collects what each unit reported since the last summary, sees who has not reported, and sums the
// reports up into one report to the assigning leader. The latest report of every sub-item comes from
// one set-based query; sub-items the caller may not read are left out, like everywhere.
import type { Kysely } from 'kysely';
import { DONE_STATES } from '../../../../common/workflow/supervision.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { ReadableFilter } from '../../../platform/access/policy.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB } from '../../../platform/db/schema.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { SUPERVISION_ITEM, standingOf } from '../supervision.access.js';
import { itemNumber, type SupervisionService } from '../supervision.service.js';

export class ExecutionReports {
  private readonly db: Kysely<DB>;

  constructor(
    private readonly ctx: AppContext,
    private readonly items: SupervisionService,
  ) {
    this.db = ctx.database.db;
  }

  private summaries(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_execution_summaries').selectAll().where('item_id', '=', itemId).orderBy('id', 'desc').execute();
  }

  /** Each readable sub-item with its unit's latest progress report after `since` (null: ever). */
  private async collect(exec: Kysely<DB>, parentId: string, readable: ReadableFilter, since: string | null) {
    const latest = (eb: any) => {
      let q = eb.selectFrom('supervision_reports as r2').select((e: any) => e.fn.max('r2.id').as('m')).whereRef('r2.item_id', '=', 'i.id').where('r2.kind', '=', 'progress');
      if (since) q = q.where('r2.at', '>', since);
      return q;
    };
    return exec
      .selectFrom('supervision_items as i')
      .leftJoin('supervision_reports as r', (j) => j.on('r.id', '=', latest as any))
      .leftJoin('departments as d', 'd.id', 'i.lead_department_id')
      .select(['i.id', 'i.year', 'i.serial', 'i.title', 'i.state', 'i.deadline', 'i.progress', 'i.lead_department_id', 'd.name as department_name', 'r.id as report_id', 'r.text as report_text', 'r.percent as report_percent', 'r.at as report_at', 'r.reported_by_name'])
      .where('i.parent_id', '=', parentId)
      .where(readable)
      .orderBy('i.id')
      .execute();
  }

  /** What the units reported since the last summary, and who has not. */
  async view(actor: Actor, id: string) {
    const readable = await this.items.readable(actor);
    const parent = await this.items.repo.findReadable(id, readable, this.db);
    if (!parent) throw notFound('督办事项');
    const summaries = await this.summaries(this.db, id);
    const since = summaries[0]?.at ?? null;
    const rows = await this.collect(this.db, id, readable, since);
    const standing = standingOf(actor, parent, await this.items.repo.participants(this.db, id));
    const units = rows.map((r) => ({
      itemId: r.id,
      number: itemNumber(r.year, r.serial),
      title: r.title,
      state: r.state,
      done: DONE_STATES.has(r.state),
      deadline: r.deadline,
      progress: r.progress,
      departmentId: r.lead_department_id,
      departmentName: r.department_name,
      reported: !!r.report_id,
      report: r.report_id ? { id: r.report_id, text: r.report_text!, percent: r.report_percent, at: r.report_at!, by: r.reported_by_name! } : null,
    }));
    return {
      itemId: id,
      version: parent.version,
      since,
      units,
      notReported: units.filter((u) => !u.reported && !u.done).map((u) => ({ itemId: u.itemId, departmentId: u.departmentId, departmentName: u.departmentName })),
      summaries: summaries.map((s) => ({ id: s.id, text: s.text, reportIds: JSON.parse(s.report_ids), missingItemIds: JSON.parse(s.missing_item_ids), by: { id: s.by_id, name: s.by_name }, at: s.at })),
      maySummarise: standing.relations.includes('office') || standing.relations.includes('supervisor'),
    };
  }

  /**
   * The office's summary to the assigning leader: records which reports it covers and which units
   * had not reported, and tells the leader. `version` is the parent's, as read with the view.
   */
  async summarise(actor: Actor, id: string, input: { text: string; version: number }) {
    const readable = await this.items.readable(actor);
    return this.db.transaction().execute(async (trx) => {
      const parent = await this.items.repo.findReadable(id, readable, trx);
      if (!parent) throw notFound('督办事项');
      const { relations } = standingOf(actor, parent, await this.items.repo.participants(trx, id));
      if (!relations.includes('office') && !relations.includes('supervisor')) throw forbidden('执行情况由督办人汇总');
      if (parent.version !== input.version) throw staleVersion();
      const summaries = await this.summaries(trx, id);
      const rows = await this.collect(trx, id, readable, summaries[0]?.at ?? null);
      if (!rows.length) throw new AppError('conflict', '该事项没有分解的子项，无须汇总', {});
      const reported = rows.filter((r) => r.report_id);
      if (!reported.length) throw new AppError('conflict', '各单位尚未报送执行情况', {});
      const missing = rows.filter((r) => !r.report_id && !DONE_STATES.has(r.state)).map((r) => r.id);
      const sid = newId();
      await trx.insertInto('supervision_execution_summaries').values({ id: sid, item_id: id, text: input.text.trim(), report_ids: JSON.stringify(reported.map((r) => r.report_id)), missing_item_ids: JSON.stringify(missing), by_id: actor.id, by_name: actor.name, at: nowIso() }).execute();
      await this.ctx.audit.record(trx, actor, 'supervision.execution_summary', { recordType: SUPERVISION_ITEM, recordId: id }, 'ok', { reports: reported.length, missing: missing.length });
      if (parent.assigned_by) {
        const names = rows.filter((r) => missing.includes(r.id)).map((r) => r.department_name).join('、');
        await this.items.tellReaders(trx, parent, [parent.assigned_by], 'supervision.execution_summary', `执行情况汇总：${parent.title}`, `${input.text.trim()}${names ? `\n尚未报送：${names}` : ''}`);
      }
      return sid;
    });
  }
}
