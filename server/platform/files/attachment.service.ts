// Attachments: any module's files, each with its own classification and reading scope.
import { isClassified } from '../../../common/classification.js';
import type { Actor } from '../access/actor.js';
import { assertMayClassify, can, requireCapability } from '../access/policy.js';
import type { ScopeSubject } from '../access/scope.repository.js';
import type { AppContext } from '../context.js';
import { AppError, notFound, staleVersion } from '../errors.js';
import { newId, nowIso } from '../ids.js';
import { ATTACHMENT, AttachmentRepository } from './attachment.repository.js';
import { attachmentReadableFilter } from './attachment-owners.js';
import { ALLOWED_TYPES, contentMatches } from './sniff.js';

const OWNER_SCOPE = 'owner';

export interface UploadInput {
  filename: string;
  mime: string;
  bytes: Buffer;
  classification: number;
  secrecyTerm?: string | null;
  scope?: ScopeSubject[];
  recordType?: string | null;
  recordId?: string | null;
}

export class AttachmentService {
  readonly repo: AttachmentRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new AttachmentRepository(ctx.database.db);
  }

  /** Its own classification and scope, or its owning record's readability (attachment-owners.ts). */
  private readable(actor: Actor) {
    return attachmentReadableFilter(this.ctx.database.db, actor);
  }

  async upload(actor: Actor, input: UploadInput) {
    requireCapability(actor, 'files.upload');
    assertMayClassify(actor, input.classification);
    if (!ALLOWED_TYPES.includes(input.mime)) throw new AppError('unsupported_media_type', `不支持的文件类型：${input.mime}`);
    if (!contentMatches(input.mime, input.bytes)) throw new AppError('unsupported_media_type', '文件内容与声明的类型不符', { declared: input.mime });
    if (input.filename.length > 200 || /[\\/\0]/.test(input.filename)) throw new AppError('validation_failed', '文件名无效', { field: 'filename' });
    const { sha256, size } = await this.ctx.files.put(input.bytes, input.mime);
    const id = newId();
    const at = nowIso();
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, {
        id,
        sha256,
        filename: input.filename,
        mime: input.mime,
        size,
        classification: input.classification,
        secrecy_term: input.secrecyTerm ?? null,
        owner_id: actor.id,
        record_type: input.recordType ?? null,
        record_id: input.recordId ?? null,
        created_at: at,
        updated_at: at,
        version: 1,
      });
      // The uploader is always in the scope of what they classified (source 'owner', which a
      // change of the named scope leaves alone).
      if (isClassified(input.classification)) {
        await this.ctx.scopes.add(trx, ATTACHMENT, id, OWNER_SCOPE, [{ kind: 'person', id: actor.id }]);
        await this.ctx.scopes.add(trx, ATTACHMENT, id, 'named', input.scope ?? []);
      }
      await this.ctx.audit.record(trx, actor, 'attachment.upload', { recordType: ATTACHMENT, recordId: id }, 'ok', { size, mime: input.mime, classification: input.classification });
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string) {
    const row = await this.repo.findReadable(id, await this.readable(actor));
    if (!row) throw notFound('附件');
    return row;
  }

  async list(actor: Actor, opts: { recordType?: string; recordId?: string; mine?: boolean; limit: number; before?: string }) {
    const readable = await this.readable(actor);
    return this.repo.listReadable(readable, { ...opts, mine: opts.mine ? actor.id : undefined });
  }

  async count(actor: Actor) {
    return this.repo.countReadable(await this.readable(actor));
  }

  async open(actor: Actor, id: string) {
    requireCapability(actor, 'files.read');
    const row = await this.get(actor, id);
    if (isClassified(row.classification)) await this.ctx.audit.classifiedRead(actor, ATTACHMENT, id, 'download');
    const stream = await this.ctx.files.open(row.sha256);
    if (!stream) throw notFound('文件内容');
    return { row, stream };
  }

  async scope(actor: Actor, id: string) {
    await this.get(actor, id);
    return this.ctx.scopes.list(ATTACHMENT, id);
  }

  /** The security officer changes level, term and scope; every change is audited. */
  async reclassify(actor: Actor, id: string, input: { classification: number; secrecyTerm?: string | null; scope?: ScopeSubject[]; version: number }) {
    requireCapability(actor, 'security.manage');
    assertMayClassify(actor, input.classification);
    const before = await this.get(actor, id);
    await this.ctx.database.db.transaction().execute(async (trx) => {
      const ok = await this.repo.setClassification(trx, id, input.version, input.classification, input.secrecyTerm ?? null, nowIso());
      if (!ok) throw staleVersion();
      if (isClassified(input.classification)) await this.ctx.scopes.add(trx, ATTACHMENT, id, OWNER_SCOPE, [{ kind: 'person', id: before.owner_id }]);
      if (input.scope) {
        const inScope = new Set((await this.ctx.scopes.list(ATTACHMENT, id, trx)).filter((x) => x.subject_kind === 'person').map((x) => x.subject_id));
        await this.ctx.scopes.replace(trx, ATTACHMENT, id, 'named', input.scope);
        // People newly let into the scope are told; outside channels carry no title for classified files.
        await this.ctx.notify.notify(trx, {
          personIds: input.scope.filter((x) => x.kind === 'person' && !inScope.has(x.id)).map((x) => x.id),
          kind: 'scope.added',
          title: `您已被加入知悉范围：${before.filename}`,
          recordType: ATTACHMENT,
          recordId: id,
          classification: input.classification,
          link: `/attachments/${id}`,
        });
      }
      await this.ctx.audit.record(trx, actor, 'attachment.reclassify', { recordType: ATTACHMENT, recordId: id }, 'ok', {
        classification: { from: before.classification, to: input.classification },
        scope: input.scope ?? null,
      });
    });
    // The officer may have taken himself out of the scope: answer with what he just set, which he
    // read a moment ago, rather than a 404 for a change that was saved.
    return (await this.repo.findById(id))!;
  }

  abilities(actor: Actor) {
    return { download: can(actor, 'files.read'), reclassify: can(actor, 'security.manage') };
  }
}
