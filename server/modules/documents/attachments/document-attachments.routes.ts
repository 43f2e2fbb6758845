// POST /api/v1/documents/:id/attachments: attach an uploaded file to a 收文 or 发文.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../../platform/context.js';
import { documentAttachments, registerDocumentAttachments } from './document-attachments.read.js';
import { DocumentAttachmentService } from './document-attachments.service.js';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });
const Params = Type.Object({ id: Id });
const LinkBody = Type.Object(
  {
    attachmentId: Type.String({ minLength: 1, maxLength: 40, description: '已上传附件的 ID（POST /api/v1/attachments）' }),
    replaces: Type.Optional(Type.Union([Id, Type.Null()], { description: '作为新版本替换的本文件附件 ID；旧版本保留' })),
  },
  { additionalProperties: false },
);

export async function documentAttachmentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  registerDocumentAttachments();
  const svc = new DocumentAttachmentService(ctx);

  app.post('/api/v1/documents/:id/attachments', {
    config: { access: 'documents.draft' },
    schema: { tags: ['documents'], summary: '为公文添加附件或附件新版本（当前环节的办理人；不覆盖旧版本）', params: Params, body: LinkBody },
    handler: async (req, reply) => {
      req.audited = true;
      const { id } = req.params as { id: string };
      const b = req.body as Static<typeof LinkBody>;
      const direction = await svc.link(req.actor!, id, { attachmentId: b.attachmentId, replaces: b.replaces ?? null });
      reply.status(201);
      return { id, direction, attachments: await documentAttachments(ctx.database.db, req.actor!, id) };
    },
  });
}
