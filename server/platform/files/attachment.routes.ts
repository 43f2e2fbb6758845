import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { AttachmentService } from './attachment.service.js';
import { contentDisposition } from './sniff.js';
import type { DB } from '../db/schema.js';
import type { Actor } from '../access/actor.js';
import type { ScopeSubject } from '../access/scope.repository.js';

const Scope = Type.Array(Type.Object({ kind: Type.Union([Type.Literal('person'), Type.Literal('department')]), id: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), { maxItems: 500 });

function present(a: DB['attachments'], svc: AttachmentService, actor: Actor) {
  return {
    id: a.id,
    filename: a.filename,
    mime: a.mime,
    size: Number(a.size),
    sha256: a.sha256,
    classification: a.classification,
    secrecyTerm: a.secrecy_term,
    ownerId: a.owner_id,
    recordType: a.record_type,
    recordId: a.record_id,
    createdAt: a.created_at,
    version: a.version,
    abilities: svc.abilities(actor),
  };
}

function parseScope(raw: string | undefined): ScopeSubject[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    if (Array.isArray(v) && v.every((s) => s && (s.kind === 'person' || s.kind === 'department') && typeof s.id === 'string' && s.id.length <= 40)) return v;
  } catch {
    /* fall through */
  }
  throw new AppError('validation_failed', '知悉范围格式无效', { field: 'scope' });
}

export async function attachmentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const svc = new AttachmentService(ctx);

  app.post('/api/v1/attachments', {
    config: { access: 'files.upload' },
    schema: { tags: ['files'], summary: '上传附件（multipart：file、classification、secrecyTerm、scope）', consumes: ['multipart/form-data'] },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传');
      const fields: Record<string, string> = {};
      let file: { filename: string; mime: string; bytes: Buffer } | null = null;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (file) throw new AppError('validation_failed', '一次只能上传一个文件');
          const bytes = await part.toBuffer(); // throws 413 past the configured limit
          file = { filename: part.filename, mime: part.mimetype, bytes };
        } else {
          fields[part.fieldname] = String(part.value).slice(0, 20_000);
        }
      }
      if (!file) throw new AppError('validation_failed', '缺少文件', { field: 'file' });
      const classification = fields.classification === undefined ? 1 : Number(fields.classification);
      if (!Number.isInteger(classification)) throw new AppError('validation_failed', '密级无效', { field: 'classification' });
      req.audited = true;
      const row = await svc.upload(req.actor!, { ...file, classification, secrecyTerm: fields.secrecyTerm || null, scope: parseScope(fields.scope) });
      reply.status(201);
      return present(row, svc, req.actor!);
    },
  });

  app.get('/api/v1/attachments', {
    config: { access: 'files.read' },
    schema: {
      tags: ['files'],
      summary: '我可见的附件',
      querystring: Type.Object(
        {
          recordType: Type.Optional(Type.String({ maxLength: 40 })),
          recordId: Type.Optional(Type.String({ maxLength: 40 })),
          mine: Type.Optional(Type.Boolean()),
          before: Type.Optional(Type.String({ maxLength: 40 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        },
        { additionalProperties: false },
      ),
    },
    handler: async (req) => {
      const [items, total] = await Promise.all([svc.list(req.actor!, req.query as any), svc.count(req.actor!)]);
      return { items: items.map((a) => present(a, svc, req.actor!)), total };
    },
  });

  app.get('/api/v1/attachments/:id', {
    config: { access: 'files.read' },
    schema: { tags: ['files'], summary: '附件信息', params: Type.Object({ id: Type.String({ maxLength: 40 }) }) },
    handler: async (req) => {
      const row = await svc.get(req.actor!, (req.params as { id: string }).id);
      if (row.classification >= 2) await ctx.audit.classifiedRead(req.actor!, 'attachment', row.id, 'detail');
      return { ...present(row, svc, req.actor!), scope: await svc.scope(req.actor!, row.id) };
    },
  });

  app.get('/api/v1/attachments/:id/content', {
    config: { access: 'files.read' },
    schema: { tags: ['files'], summary: '下载附件（流式）', params: Type.Object({ id: Type.String({ maxLength: 40 }) }) },
    handler: async (req, reply) => {
      const { row, stream } = await svc.open(req.actor!, (req.params as { id: string }).id);
      reply.header('content-type', row.mime);
      reply.header('content-length', String(row.size));
      reply.header('content-disposition', contentDisposition(row.filename));
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'private, no-store');
      return reply.send(stream);
    },
  });

  app.patch('/api/v1/attachments/:id/classification', {
    config: { access: 'security.manage' },
    schema: {
      tags: ['files'],
      summary: '调整密级、保密期限与知悉范围（保密员）',
      params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
      body: Type.Object(
        { classification: Type.Integer({ minimum: 0, maximum: 4 }), secrecyTerm: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])), scope: Type.Optional(Scope), version: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
    },
    handler: async (req) => {
      req.audited = true;
      const row = await svc.reclassify(req.actor!, (req.params as { id: string }).id, req.body as any);
      return present(row, svc, req.actor!);
    },
  });
}
