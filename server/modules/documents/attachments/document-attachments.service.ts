// Attaching files to a document (收文 or 发文): an attachment already uploaded through
// POST /api/v1/attachments (where its size limit and byte sniffing apply) is linked as a new
// attachment or as a new version of one. Nothing is overwritten: every version stays, on the trail.
import type { Kysely } from 'kysely';
import { CLASSIFICATION_LABELS } from '../../../../common/classification.js';
import { availableActions } from '../../../../common/workflow/workflow.js';
import { INCOMING_WORKFLOW, type IncomingState } from '../../../../common/workflow/incoming.workflow.js';
import { OUTGOING_WORKFLOW, type OutgoingState } from '../../../../common/workflow/outgoing.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import { assertMayClassify, readableFilter } from '../../../platform/access/policy.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, DocumentTable } from '../../../platform/db/schema.js';
import { AppError, forbidden, notFound } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { attachmentReadableFilter } from '../../../platform/files/attachment-owners.js';
import { AttachmentRepository } from '../../../platform/files/attachment.repository.js';
import { DOCUMENT, DOCUMENT_COLUMNS, standingOf, type ParticipantRow } from '../document.access.js';
import { DocumentRepository } from '../document.repository.js';
import { OutgoingService } from '../outgoing/outgoing.service.js';
import { DocumentAttachmentRepository } from './document-attachments.repository.js';
import { registerDocumentAttachments } from './document-attachments.read.js';

export interface LinkInput {
  attachmentId: string;
  /** The id of the document's attachment this file is a new version of. */
  replaces?: string | null;
}

const unprocessable = (field: string, message: string, details: Record<string, unknown> = {}) => new AppError('unprocessable', message, { field, ...details });

export class DocumentAttachmentService {
  private readonly repo: DocumentAttachmentRepository;
  private readonly files: AttachmentRepository;
  private readonly docs: DocumentRepository;
  private readonly outgoing: OutgoingService;

  constructor(private readonly ctx: AppContext) {
    registerDocumentAttachments();
    this.repo = new DocumentAttachmentRepository(ctx.database.db);
    this.files = new AttachmentRepository(ctx.database.db);
    this.docs = new DocumentRepository(ctx.database.db);
    this.outgoing = new OutgoingService(ctx);
  }

  /** Whoever may take an action on the document now (its workflow's standing) may attach files to it. */
  private async mayAct(trx: Kysely<DB>, actor: Actor, doc: DocumentTable): Promise<boolean> {
    const participants = (await this.docs.participants(doc.id, trx)) as ParticipantRow[];
    if (doc.direction === 'outgoing') {
      const standing = await this.outgoing.standing(actor, doc, participants, trx);
      return availableActions(OUTGOING_WORKFLOW, doc.state as OutgoingState, standing).length > 0;
    }
    return availableActions(INCOMING_WORKFLOW, doc.state as IncomingState, standingOf(actor, doc.created_by, participants)).length > 0;
  }

  /** Links the upload; answers the document's direction, for the caller to present its detail. */
  async link(actor: Actor, documentId: string, input: LinkInput): Promise<DocumentTable['direction']> {
    return this.ctx.database.db.transaction().execute(async (trx) => {
      const doc = await this.docs.findReadable(documentId, await readableFilter(trx, actor, DOCUMENT_COLUMNS), trx);
      if (!doc) throw notFound('公文');
      if (!(await this.mayAct(trx, actor, doc))) throw forbidden('只有当前环节的办理人可以为文件添加附件');
      const file = await trx.selectFrom('attachments as a').selectAll('a').where('a.id', '=', input.attachmentId).where(await attachmentReadableFilter(trx, actor)).executeTakeFirst();
      if (!file) throw unprocessable('attachmentId', '附件不存在或无权访问，请先上传');
      if (file.owner_id !== actor.id) throw unprocessable('attachmentId', '只能添加本人上传的附件');
      if (file.record_type !== null) throw new AppError('conflict', '该附件已添加到文件中，同一份上传不能重复添加；新版本请重新上传', { field: 'attachmentId' });
      // The file may not be more secret than the document: whoever reads the document reads its attachments.
      assertMayClassify(actor, file.classification);
      if (file.classification > doc.classification) {
        throw unprocessable('attachmentId', `附件密级（${label(file.classification)}）不得高于文件密级（${label(doc.classification)}）`, { attachment: file.classification, document: doc.classification });
      }
      let lineageId = newId();
      let versionNo = 1;
      if (input.replaces) {
        const last = await this.repo.lastVersion(trx, doc.id, input.replaces);
        if (last === null) throw unprocessable('replaces', '所替换的附件不是本文件的附件');
        lineageId = input.replaces;
        versionNo = last + 1;
      }
      const at = nowIso();
      const rowId = versionNo === 1 ? lineageId : newId();
      try {
        await this.repo.insert(trx, { id: rowId, document_id: doc.id, lineage_id: lineageId, version_no: versionNo, attachment_id: file.id, created_by: actor.id, created_by_name: actor.name, created_at: at });
      } catch (err) {
        // Two new versions of one attachment at once: the second is refused, not overwritten.
        const code = (err as { code?: string }).code;
        if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AppError('conflict', '该附件刚有新版本，请刷新后重试');
        throw err;
      }
      if (!(await this.files.linkToRecord(trx, file.id, DOCUMENT, doc.id, at))) throw new AppError('conflict', '该附件已添加到文件中', { field: 'attachmentId' });
      await this.docs.addStep(trx, {
        documentId: doc.id,
        action: versionNo === 1 ? 'attach' : 'attach_version',
        fromState: doc.state,
        toState: doc.state,
        actorId: actor.id,
        actorName: actor.name,
        data: { attachmentId: file.id, documentAttachmentId: lineageId, versionNo, name: file.filename },
      });
      await this.ctx.audit.record(trx, actor, 'document.attach', { recordType: DOCUMENT, recordId: doc.id }, 'ok', { attachmentId: file.id, documentAttachmentId: lineageId, versionNo });
      return doc.direction;
    });
  }
}

function label(level: number): string {
  return CLASSIFICATION_LABELS[level]?.zh ?? String(level);
}
