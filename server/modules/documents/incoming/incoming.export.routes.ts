// The printable 收文 sheets as .xlsx downloads: the 办文单 of one document (readable like its
// detail: 404 otherwise) and the 收文登记簿 of the documents the caller may read.
import type { FastifyInstance } from 'fastify';
import { CLASSIFICATION_LABELS, isClassified } from '../../../../common/classification.js';
import { INCOMING_WORKFLOW, type IncomingState } from '../../../../common/workflow/incoming.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { nowIso } from '../../../platform/ids.js';
import { DOCUMENT } from '../document.access.js';
import { presentReader } from './circulation.presenter.js';
import type { CirculationService } from './circulation.service.js';
import { presentIncomingDetail } from './incoming.presenter.js';
import * as S from './incoming.schema.js';
import type { IncomingFilter, IncomingService } from './incoming.service.js';
import { attachmentDisposition, registerWorkbook, slipWorkbook, URGENCY_ZH, XLSX_MIME } from './incoming.xlsx.js';

const TAGS = ['incoming'];

/** The filters as printed under the register's title. */
function describeFilters(q: IncomingFilter): string {
  const parts = [
    q.year ? `${q.year} 年度` : '全部年度',
    q.state ? (INCOMING_WORKFLOW.states[q.state as IncomingState]?.zh ?? q.state) : '',
    q.urgency ? URGENCY_ZH[q.urgency] : '',
    q.q ? `含“${q.q}”` : '',
    q.overdue ? '超期未办结' : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export async function incomingExportRoutes(app: FastifyInstance, { ctx, service, circulation }: { ctx: AppContext; service: IncomingService; circulation: CirculationService }) {
  app.get('/api/v1/incoming/register.xlsx', {
    config: { access: 'documents.register' },
    schema: { tags: TAGS, summary: '导出收文登记簿 (.xlsx，按可读范围过滤，按收文编号排序，至多 10,000 件)', querystring: S.RegisterQuery },
    handler: async (req, reply) => {
      const actor = req.actor as Actor;
      const q = req.query as IncomingFilter;
      const [{ rows, total }, where, departmentName] = await Promise.all([service.registerRows(actor, q), service.where(), service.departmentNames()]);
      const buf = await registerWorkbook(rows, { ...where, filters: describeFilters(q), departmentName, total, printedBy: actor.name, printedAt: nowIso() });
      // Taking the register out of the system is recorded, classified rows counted (DESIGN.md §4).
      const classified = rows.filter((r) => isClassified(r.classification)).length;
      await ctx.audit.record(null, actor, 'document.register_export', { recordType: DOCUMENT }, 'ok', { direction: 'incoming', filters: { ...q }, rows: rows.length, total, classified }, req);
      reply.header('content-type', XLSX_MIME);
      reply.header('x-total-count', String(total));
      reply.header('x-exported-count', String(rows.length));
      reply.header('content-disposition', attachmentDisposition('incoming-register.xlsx', `收文登记簿${q.year ? `-${q.year}` : ''}.xlsx`));
      return reply.send(buf);
    },
  });

  app.get('/api/v1/incoming/:id/slip.xlsx', {
    config: { access: 'documents.read' },
    schema: { tags: TAGS, summary: '打印办文单 (.xlsx，A4)：收文章、拟办、领导意见、批示（分发前仅总经理与秘书可见）、承办、结果、传阅', params: S.IdParams },
    handler: async (req, reply) => {
      const actor = req.actor as Actor;
      const id = (req.params as { id: string }).id;
      const d = await service.detail(actor, id, 'slip');
      const view = presentIncomingDetail(d.doc, actor, d.steps, d.participants, d.standing, d.where);
      const [readers, departmentName] = await Promise.all([circulation.repo.readers(id), service.departmentNames()]);
      const buf = await slipWorkbook(view, { tz: d.where.tz, departmentName, readers: readers.map(presentReader), printedBy: actor.name, printedAt: nowIso() });
      const label = CLASSIFICATION_LABELS[view.classification]?.zh ?? '';
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', attachmentDisposition(`slip-${view.year}-${view.serial ?? 'unregistered'}.xlsx`, `办文单-${view.stamp.number || view.title || id}${isClassified(view.classification) ? `（${label}）` : ''}.xlsx`));
      return reply.send(buf);
    },
  });
}
