// 督查通知 (三 3.32) as a sub-module of supervision: the notice listing an item's sub-items, each with
// its unit, person and deadline, as a GB/T 9704 .docx. Readable exactly like the item detail.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { isClassified } from '../../../../common/classification.js';
import type { Actor } from '../../../platform/access/actor.js';
import { todayIn } from '../../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../../platform/context.js';
import { contentDisposition } from '../../../platform/files/sniff.js';
import { renderOfficialDocx } from '../../documents/render/index.js';
import { SUPERVISION_ITEM } from '../supervision.access.js';
import { itemNumber, type SupervisionService } from '../supervision.service.js';
import { noticeDocumentOf } from './notice.document.js';

export { noticeDocumentOf, type NoticeInput } from './notice.document.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

export async function noticeModule(app: FastifyInstance, { ctx, service }: { ctx: AppContext; service: SupervisionService }) {
  app.get('/api/v1/supervision/items/:id/notice.docx', {
    config: { access: 'supervision.read' },
    schema: { tags: ['supervision'], summary: '下载督查通知（列明各子项的承办单位、责任人与时限；.docx，GB/T 9704-2012 版式）', params: IdParams },
    handler: async (req: FastifyRequest, reply) => {
      const actor = req.actor as Actor;
      // detail() is the item's readable path: 404 when unreadable, only readable sub-items.
      const { item, children, names } = await service.detail(actor, (req.params as { id: string }).id);
      const company = (await ctx.database.db.selectFrom('companies').select('name').orderBy('created_at').limit(1).executeTakeFirst())?.name ?? '';
      const tz = ctx.config.tzCompany;
      const official = noticeDocumentOf({ item, children, names, company, assignedOn: todayIn(tz, new Date(item.created_at)), today: todayIn(tz) });
      const bytes = await renderOfficialDocx(official);
      if (isClassified(item.classification)) await ctx.audit.classifiedRead(actor, SUPERVISION_ITEM, item.id, 'docx', req);
      reply.header('content-type', DOCX_MIME);
      reply.header('content-disposition', contentDisposition(`${itemNumber(item.year, item.serial)}督查通知.docx`));
      return reply.send(bytes);
    },
  });
}
