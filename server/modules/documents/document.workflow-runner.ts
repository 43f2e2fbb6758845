// Takes one workflow action on a document: the definition decides, the runner records. Every
// service of this module moves documents only through here.
import type { Kysely } from 'kysely';
import { decide, type Standing, type WorkflowDef } from '../../../common/workflow/workflow.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB, DocumentTable } from '../../platform/db/schema.js';
import { AppError, staleVersion } from '../../platform/errors.js';
import { DOCUMENT } from './document.access.js';
import type { DocumentRepository } from './document.repository.js';

export interface ActionRequest {
  action: string;
  version: number;
  opinion?: string | null;
  input: Record<string, unknown>;
}

/**
 * Checks and applies `req.action` to `doc`; `patch` carries the fields the action changes besides
 * the state. Throws 409 for a stale or out-of-order action, 403 for a caller who may not act and
 * 422 naming the missing fields. Returns the new state.
 */
export async function applyAction(
  ctx: AppContext,
  repo: DocumentRepository,
  trx: Kysely<DB>,
  def: WorkflowDef,
  doc: DocumentTable,
  actor: Actor,
  standing: Standing,
  req: ActionRequest,
  patch: Partial<DocumentTable> = {},
  toOverride?: string,
): Promise<string> {
  const decided = checkAction(def, doc, standing, req);
  const to = toOverride ?? decided;
  if (!(await repo.update(trx, doc.id, doc.version, { ...patch, state: to }))) throw staleVersion();
  await recordAction(ctx, repo, trx, doc, actor, req, to);
  return to;
}

/** The workflow's judgement of `req` on `doc` as it stands: the state it leads to, or the error. */
export function checkAction(def: WorkflowDef, doc: Pick<DocumentTable, 'state' | 'version'>, standing: Standing, req: ActionRequest): string {
  if (doc.version !== req.version) throw staleVersion();
  const d = decide(def, doc.state, req.action, standing, { ...req.input, opinion: req.opinion });
  if (d.ok) return d.to;
  if (d.reason === 'unknown_action') throw new AppError('validation_failed', `未知操作：${req.action}`, { field: 'action' });
  if (d.reason === 'wrong_state') throw new AppError('conflict', `当前状态（${def.states[doc.state]?.zh ?? doc.state}）不能执行此操作`, { state: doc.state, action: req.action });
  if (d.reason === 'not_allowed') throw new AppError('forbidden', '您不能在此环节执行此操作');
  throw new AppError('unprocessable', `缺少必填内容：${d.missing!.join('、')}`, { missing: d.missing });
}

/** The trail step and the audit entry of an action taken on `doc` (from its state to `to`). */
export async function recordAction(ctx: AppContext, repo: DocumentRepository, trx: Kysely<DB>, doc: Pick<DocumentTable, 'id' | 'state'>, actor: Actor, req: ActionRequest, to: string) {
  await repo.addStep(trx, { documentId: doc.id, action: req.action, fromState: doc.state, toState: to, actorId: actor.id, actorName: actor.name, opinion: req.opinion ?? null, data: req.input });
  await ctx.audit.record(trx, actor, `document.${req.action}`, { recordType: DOCUMENT, recordId: doc.id }, 'ok', { from: doc.state, to });
}
