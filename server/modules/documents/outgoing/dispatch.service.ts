// 核发 (dispatch) and what follows it: one delivery per recipient (主送/抄送) that the office
// confirms when the recipient has it, and the file copies registered for archiving (seed 二 3.9:
// 登记文件并留发文稿及两份文件存档).
import type { Kysely } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { readableFilter } from '../../../platform/access/policy.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, DocumentFileCopyTable, DocumentTable } from '../../../platform/db/schema.js';
import { AppError, forbidden, invalid, notFound, staleVersion } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { DOCUMENT, DOCUMENT_COLUMNS } from '../document.access.js';
import type { DocumentRepository } from '../document.repository.js';
import { DispatchRepository } from './dispatch.repository.js';

/**
 * The office that posts documents records receipts and keeps the 发文登记簿: its director, the
 * secretaries, and the clerks of the office itself (a department's clerk holds the same role).
 */
export async function isPostingOffice(exec: Kysely<DB>, actor: Actor): Promise<boolean> {
  if (actor.roles.includes('office_director') || actor.roles.includes('secretary')) return true;
  if (!actor.roles.includes('clerk') || !actor.departmentId) return false;
  const dept = await exec.selectFrom('departments').select('kind').where('id', '=', actor.departmentId).executeTakeFirst();
  return dept?.kind === 'office';
}
/** Who reads the file-copies list: the archivist who takes them in, and the office that registers them. */
export const FILE_COPY_READERS = ['archivist', 'office_director', 'secretary'];
/** seed 二 3.9: the final draft and two copies; the office may keep more or fewer copies per document. */
export const DEFAULT_FILE_COPIES = 2;
export const MAX_FILE_COPIES = 20;
export const MAX_RECIPIENTS = 200;

export interface Recipient {
  name: string;
  kind: 'main' | 'cc';
}

/** The dispatch's input, checked before anything is written: recipients and the number of copies kept. */
export function dispatchInputOf(input: Record<string, unknown>): { recipients: Recipient[]; copies: number } {
  const v = input.recipients;
  if (!Array.isArray(v)) throw invalid('recipients 应为收件单位列表', { field: 'recipients' });
  if (v.length > MAX_RECIPIENTS) throw invalid(`收件单位不能超过 ${MAX_RECIPIENTS} 个`, { field: 'recipients' });
  const recipients = v.map((r, i) => {
    const ok = r && typeof r === 'object' && typeof r.name === 'string' && r.name.trim() && r.name.trim().length <= 100 && (r.kind === 'main' || r.kind === 'cc');
    if (!ok) throw invalid(`第 ${i + 1} 个收件单位应有 name（不超过 100 字）与 kind（main 主送 / cc 抄送）`, { field: 'recipients', index: i });
    return { name: r.name.trim() as string, kind: r.kind as 'main' | 'cc' };
  });
  const seen = new Set<string>();
  recipients.forEach((r, i) => {
    if (seen.has(r.name)) throw invalid(`收件单位重复：${r.name}`, { field: 'recipients', index: i });
    seen.add(r.name);
  });
  const copies = input.fileCopies ?? DEFAULT_FILE_COPIES;
  if (!Number.isInteger(copies) || (copies as number) < 0 || (copies as number) > MAX_FILE_COPIES) {
    throw invalid(`存档份数应为 0–${MAX_FILE_COPIES} 的整数`, { field: 'fileCopies' });
  }
  return { recipients, copies: copies as number };
}

export class DispatchService {
  readonly repo: DispatchRepository;

  constructor(
    private readonly ctx: AppContext,
    private readonly docs: DocumentRepository,
  ) {
    this.repo = new DispatchRepository(ctx.database.db);
  }

  /** Records the deliveries and the file copies of a dispatch, in the dispatch's transaction. */
  async record(trx: Kysely<DB>, actor: Actor, doc: DocumentTable, d: { recipients: Recipient[]; copies: number }) {
    const at = nowIso();
    await this.repo.insertDeliveries(
      trx,
      d.recipients.map((r, i) => ({ id: newId(), document_id: doc.id, position: i + 1, recipient: r.name, kind: r.kind, dispatched_at: at, confirmed_at: null, confirmed_by: null, confirmed_by_name: null, note: null })),
    );
    const copy = (kind: DocumentFileCopyTable['kind'], count: number): DocumentFileCopyTable => ({ document_id: doc.id, kind, count, year: doc.year, registered_at: at, registered_by: actor.id, registered_by_name: actor.name });
    await this.repo.insertFileCopies(trx, [copy('final_draft', 1), ...(d.copies > 0 ? [copy('copy', d.copies)] : [])]);
  }

  /**
   * The office records that a recipient received the document: once, after dispatch, on the
   * trail. `version` (optional) guards against confirming on a stale view of the document.
   */
  async confirm(actor: Actor, documentId: string, deliveryId: string, req: { version?: number; note?: string | null }) {
    const db = this.ctx.database.db;
    if (!(await isPostingOffice(db, actor))) throw forbidden('只有总经办可以登记送达情况');
    await db.transaction().execute(async (trx) => {
      const doc = await this.docs.findReadable(documentId, await readableFilter(trx, actor, DOCUMENT_COLUMNS), trx);
      if (!doc || doc.direction !== 'outgoing') throw notFound('文件');
      const delivery = await this.repo.delivery(trx, documentId, deliveryId);
      if (doc.state !== 'dispatched' || !delivery) {
        if (doc.state !== 'dispatched') throw new AppError('conflict', '文件尚未核发，不能登记送达', { state: doc.state });
        throw notFound('送达记录');
      }
      if (delivery.confirmed_at) {
        throw new AppError('conflict', `${delivery.recipient} 的送达已于 ${delivery.confirmed_at} 由 ${delivery.confirmed_by_name} 确认，不能重复确认`, { confirmedAt: delivery.confirmed_at, confirmedBy: delivery.confirmed_by_name });
      }
      if (req.version !== undefined && req.version !== doc.version) throw staleVersion();
      const note = req.note?.trim() || null;
      const at = nowIso();
      if (!(await this.repo.confirm(trx, deliveryId, actor, at, note))) throw new AppError('conflict', `${delivery.recipient} 的送达已被他人确认`);
      // The document changed (its detail shows the receipt): its version moves on.
      if (!(await this.docs.update(trx, documentId, doc.version, {}))) throw staleVersion();
      await this.docs.addStep(trx, {
        documentId,
        action: 'confirm_delivery',
        fromState: doc.state,
        toState: doc.state,
        actorId: actor.id,
        actorName: actor.name,
        opinion: note,
        data: { deliveryId, recipient: delivery.recipient, kind: delivery.kind },
      });
      await this.ctx.audit.record(trx, actor, 'document.confirm_delivery', { recordType: DOCUMENT, recordId: documentId }, 'ok', { deliveryId, recipient: delivery.recipient });
    });
  }

  /** For the archivist: a year's dispatched documents with the copies registered for archiving. */
  async fileCopiesOfYear(actor: Actor, year: number) {
    if (!FILE_COPY_READERS.some((r) => actor.roles.includes(r))) throw forbidden('只有档案员和总经办可以查看存档登记');
    const rows = await this.repo.fileCopiesOfYear(year, await readableFilter(this.ctx.database.db, actor, DOCUMENT_COLUMNS));
    const byDoc = new Map<string, { doc: (typeof rows)[number]; copies: (typeof rows)[number][] }>();
    for (const r of rows) {
      const entry = byDoc.get(r.document_id) ?? { doc: r, copies: [] };
      entry.copies.push(r);
      byDoc.set(r.document_id, entry);
    }
    return [...byDoc.values()];
  }
}
