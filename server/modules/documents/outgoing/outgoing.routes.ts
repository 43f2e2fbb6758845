// 发文 API: thin handlers — validate → service → presenter.
import type { FastifyInstance } from 'fastify';
import { isClassified } from '../../../../common/classification.js';
import type { AppContext } from '../../../platform/context.js';
import { contentDisposition } from '../../../platform/files/sniff.js';
import { todayIn } from '../../../platform/calendar/work-calendar.js';
import { forbidden } from '../../../platform/errors.js';
import { DOCUMENT } from '../document.access.js';
import { renderOfficialDocx } from '../render/index.js';
import { officialDocumentOf } from './outgoing.docx.js';
import { presentDetail, presentFileCopy, presentSummary } from './outgoing.presenter.js';
import { registerWorkbook, XLSX_MIME } from './outgoing.register.js';
import * as S from './outgoing.schema.js';
import { OutgoingService } from './outgoing.service.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function outgoingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const svc = new OutgoingService(ctx);
  const detail = async (actor: NonNullable<import('fastify').FastifyRequest['actor']>, id: string) => presentDetail(await svc.detail(actor, id));

  app.post('/api/v1/outgoing', {
    config: { access: 'documents.draft' },
    schema: { tags: ['outgoing'], summary: '拟稿（正文留空则按文种模板填入）', body: S.DraftCreate },
    handler: async (req, reply) => {
      req.audited = true;
      const id = await svc.create(req.actor!, req.body as S.DraftCreate);
      reply.status(201);
      return detail(req.actor!, id);
    },
  });

  app.get('/api/v1/outgoing', {
    config: { access: 'documents.read' },
    schema: { tags: ['outgoing'], summary: '发文列表（可按状态、年度、待我处理筛选）', querystring: S.ListQuery },
    handler: async (req) => {
      const { items, total, totalCapped } = await svc.list(req.actor!, req.query as any);
      return { items: items.map(presentSummary), total, totalCapped };
    },
  });

  app.get('/api/v1/outgoing/numbers', {
    config: { access: 'documents.read' },
    schema: { tags: ['outgoing'], summary: '发文字号登记簿（含作废号及原因；总经办）', querystring: S.NumbersQuery },
    handler: async (req) => {
      const { orgCode, items } = await svc.ledger(req.actor!, (req.query as any).year);
      return {
        orgCode,
        items: items.map((n) => ({
          number: n.number,
          state: n.state,
          voidReason: n.void_reason,
          allocatedAt: n.allocated_at,
          voidedAt: n.voided_at,
          documentId: n.document_id,
          // A classified title is not shown in the register; the document itself is behind its scope.
          title: n.classification !== null && !isClassified(n.classification) ? n.title : null,
        })),
      };
    },
  });

  app.get('/api/v1/outgoing/register.xlsx', {
    config: { access: 'documents.read' },
    schema: { tags: ['outgoing'], summary: '导出发文登记簿（.xlsx；仅含本人可阅的文件）', querystring: S.RegisterQuery },
    handler: async (req, reply) => {
      const q = req.query as S.RegisterQuery;
      const rows = await svc.register(req.actor!, q);
      const title = `发文登记簿${q.year ? `（${q.year}年）` : ''}`;
      const bytes = await registerWorkbook(rows, ctx.config.tzCompany, title);
      await ctx.audit.record(null, req.actor!, 'document.register_export', { recordType: DOCUMENT }, 'ok', { direction: 'outgoing', ...q, rows: rows.length }, req);
      for (const r of rows) if (isClassified(r.classification)) await ctx.audit.classifiedRead(req.actor!, DOCUMENT, r.id, 'register_export', req);
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', contentDisposition(`${title}.xlsx`));
      return reply.send(bytes);
    },
  });

  app.get('/api/v1/outgoing/file-copies', {
    config: { access: 'documents.read' },
    schema: { tags: ['outgoing'], summary: '存档登记：某年度核发文件留存的发文稿与文件份数（档案员、总经办）', querystring: S.FileCopiesQuery },
    handler: async (req) => {
      const groups = await svc.dispatch.fileCopiesOfYear(req.actor!, (req.query as { year: number }).year);
      return {
        items: groups.map(({ doc, copies }) => ({
          documentId: doc.document_id,
          issueNumber: doc.doc_number,
          title: doc.title,
          docKind: doc.doc_kind,
          classification: doc.classification,
          secrecyTerm: doc.secrecy_term,
          year: doc.year,
          fileCopies: copies.map(presentFileCopy),
        })),
      };
    },
  });

  app.get('/api/v1/outgoing/:id', {
    config: { access: 'documents.read' },
    schema: { tags: ['outgoing'], summary: '发文详情（办理记录、版本、参与人、可执行操作）', params: S.IdParams },
    handler: async (req) => {
      const body = await detail(req.actor!, (req.params as any).id);
      if (isClassified(body.classification)) await ctx.audit.classifiedRead(req.actor!, DOCUMENT, body.id, 'read', req);
      return body;
    },
  });

  app.patch('/api/v1/outgoing/:id', {
    config: { access: 'documents.draft' },
    schema: { tags: ['outgoing'], summary: '修改草稿（仅拟稿人、拟稿中；每次修改保留版本）', params: S.IdParams, body: S.DraftPatch },
    handler: async (req) => {
      req.audited = true;
      const id = (req.params as any).id;
      await svc.update(req.actor!, id, req.body as S.DraftPatch);
      return detail(req.actor!, id);
    },
  });

  app.post('/api/v1/outgoing/:id/actions', {
    config: { access: 'documents.draft' },
    schema: { tags: ['outgoing'], summary: '办理操作（送核稿、核稿、会签、审核、校对、签发、复核登记、用印、核发、退回）', params: S.IdParams, body: S.ActionBody },
    handler: async (req) => {
      req.audited = true;
      const id = (req.params as any).id;
      const b = req.body as S.ActionBody;
      await svc.act(req.actor!, id, { action: b.action, version: b.version, opinion: b.opinion ?? null, input: b.input ?? {} });
      return detail(req.actor!, id);
    },
  });

  app.post('/api/v1/outgoing/:id/void-number', {
    config: { access: 'documents.draft' },
    schema: { tags: ['outgoing'], summary: '作废发文字号（总经办主任；号码留在登记簿，不再使用）', params: S.IdParams, body: S.VoidNumberBody },
    handler: async (req) => {
      req.audited = true;
      const id = (req.params as any).id;
      const b = req.body as { version: number; reason: string };
      // Only the office director voids a number; asked before the record, like the workflow would.
      if (!req.actor!.roles.includes('office_director')) throw forbidden('只有总经办主任可以作废发文字号');
      await svc.act(req.actor!, id, { action: 'void_number', version: b.version, opinion: b.reason, input: { reason: b.reason } });
      return detail(req.actor!, id);
    },
  });

  app.post('/api/v1/outgoing/:id/signer', {
    config: { access: 'documents.draft' },
    schema: { tags: ['outgoing'], summary: '指定授权签发人（总经办主任）', params: S.IdParams, body: S.SignerBody },
    handler: async (req) => {
      req.audited = true;
      const id = (req.params as any).id;
      const b = req.body as { version: number; personId: string };
      await svc.authoriseSigner(req.actor!, id, b.version, b.personId);
      return detail(req.actor!, id);
    },
  });

  app.post('/api/v1/outgoing/:id/deliveries/:deliveryId/confirm', {
    config: { access: 'documents.draft' },
    schema: { tags: ['outgoing'], summary: '登记送达：收件单位已收到（总经办；每个收件单位确认一次）', params: S.DeliveryParams, body: S.ConfirmDeliveryBody },
    handler: async (req) => {
      req.audited = true;
      const { id, deliveryId } = req.params as { id: string; deliveryId: string };
      const b = req.body as S.ConfirmDeliveryBody;
      await svc.dispatch.confirm(req.actor!, id, deliveryId, { version: b.version, note: b.note });
      return detail(req.actor!, id);
    },
  });

  app.get('/api/v1/outgoing/:id/docx', {
    config: { access: 'documents.read' },
    schema: { tags: ['outgoing'], summary: '下载正式公文（.docx，GB/T 9704-2012 版式）', params: S.IdParams },
    handler: async (req, reply) => {
      const doc = await svc.readable(req.actor!, (req.params as any).id);
      const company = await svc.repo.company();
      const official = officialDocumentOf(doc, { name: company?.name ?? '' }, todayIn(ctx.config.tzCompany));
      const bytes = await renderOfficialDocx(official);
      if (isClassified(doc.classification)) await ctx.audit.classifiedRead(req.actor!, DOCUMENT, doc.id, 'docx', req);
      reply.header('content-type', DOCX_MIME);
      reply.header('content-disposition', contentDisposition(`${doc.doc_number}.docx`));
      return reply.send(bytes);
    },
  });
}
