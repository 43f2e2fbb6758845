// Takes one workflow action on a supervision item: the definition decides, the runner records.
// Every state change of an item goes through here (the 再批办 loop's rounds included).
import type { Kysely } from 'kysely';
import { NEW_ROUND_ACTIONS, supervisionWorkflow } from '../../../common/workflow/supervision.workflow.js';
import { decide, type Standing } from '../../../common/workflow/workflow.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB, SupervisionItemTable } from '../../platform/db/schema.js';
import { AppError, staleVersion } from '../../platform/errors.js';
import { SUPERVISION_ITEM } from './supervision.access.js';
import type { SupervisionRepository } from './supervision.repository.js';
import { indexItems } from './supervision.search.js';

export interface ItemActionRequest {
  action: string;
  version: number;
  opinion?: string | null;
  input: Record<string, unknown>;
}

/**
 * Checks and applies `req.action` to `item`; `patch` carries what the action changes besides the
 * state. 409 for a stale or out-of-order action, 403 for a caller who may not act, 422 naming the
 * missing fields. Returns the item as it now is (state, round, version).
 */
export async function applyItemAction(
  ctx: AppContext,
  repo: SupervisionRepository,
  trx: Kysely<DB>,
  item: SupervisionItemTable,
  actor: Actor,
  standing: Standing,
  req: ItemActionRequest,
  patch: Partial<SupervisionItemTable> = {},
  /** false when the caller indexes the item itself afterwards (createItem, after 立项 and 登记). */
  reindex = true,
): Promise<SupervisionItemTable> {
  if (item.version !== req.version) throw staleVersion();
  const def = supervisionWorkflow(item.procedure);
  const d = decide(def, item.state, req.action, standing, { ...req.input, opinion: req.opinion });
  if (!d.ok) {
    if (d.reason === 'unknown_action') throw new AppError('validation_failed', `未知操作：${req.action}`, { field: 'action' });
    if (d.reason === 'wrong_state') throw new AppError('conflict', `当前环节（${def.states[item.state]?.zh ?? item.state}）不能执行此操作`, { state: item.state, action: req.action });
    if (d.reason === 'not_allowed') throw new AppError('forbidden', '您不能在此环节执行此操作');
    throw new AppError('unprocessable', `缺少必填内容：${d.missing!.join('、')}`, { missing: d.missing });
  }
  const round = NEW_ROUND_ACTIONS.has(req.action) ? item.round + 1 : item.round;
  const next = { ...patch, state: d.to, round };
  if (!(await repo.update(trx, item.id, item.version, next))) throw staleVersion();
  await repo.addStep(trx, { itemId: item.id, round, action: req.action, fromState: item.state, toState: d.to, actorId: actor.id, actorName: actor.name, opinion: req.opinion ?? null, data: req.input });
  // The index shows the state the item is in now (a search filters and shows it).
  if (reindex) await indexItems(ctx.search, trx, [item.id]);
  await ctx.audit.record(trx, actor, `supervision.${req.action}`, { recordType: SUPERVISION_ITEM, recordId: item.id }, 'ok', { from: item.state, to: d.to, round });
  return { ...item, ...next, version: item.version + 1 };
}
