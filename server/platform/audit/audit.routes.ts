import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import ExcelJS from 'exceljs';
import type { AppContext } from '../context.js';
import type { AuditSearch } from './audit.repository.js';

const SearchQuery = Type.Object(
  {
    actorId: Type.Optional(Type.String({ maxLength: 40 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    recordType: Type.Optional(Type.String({ maxLength: 40 })),
    recordId: Type.Optional(Type.String({ maxLength: 40 })),
    outcome: Type.Optional(Type.Union(['ok', 'refused', 'failed', 'invalid', 'conflict', 'error'].map((o) => Type.Literal(o)))),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

const present = (r: Awaited<ReturnType<AppContext['audit']['repo']['search']>>[number]) => ({
  seq: Number(r.seq),
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  ip: r.ip,
  action: r.action,
  recordType: r.record_type,
  recordId: r.record_id,
  outcome: r.outcome,
  details: JSON.parse(r.details),
  prevHash: r.prev_hash ?? null,
  hash: r.hash ?? null,
});

/** The auditor's window on the log: search, export and chain verification. Nobody else reaches it. */
export async function auditRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/api/v1/audit', {
    config: { access: 'audit.read' },
    schema: { tags: ['audit'], summary: '检索审计日志（审计员）', querystring: SearchQuery },
    handler: async (req) => ({ items: (await ctx.audit.repo.search(req.query as AuditSearch)).map(present) }),
  });

  app.get('/api/v1/audit/export', {
    config: { access: 'audit.read' },
    schema: { tags: ['audit'], summary: '导出审计日志 (.xlsx)', querystring: SearchQuery },
    handler: async (req, reply) => {
      const q = { ...(req.query as AuditSearch), limit: 50_000 };
      const rows = (await ctx.audit.repo.search(q)).map(present);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('审计日志');
      ws.columns = [
        { header: '序号', key: 'seq', width: 10 },
        { header: '时间', key: 'at', width: 26 },
        { header: '操作人', key: 'actorName', width: 14 },
        { header: '来源 IP', key: 'ip', width: 16 },
        { header: '操作', key: 'action', width: 34 },
        { header: '对象类型', key: 'recordType', width: 14 },
        { header: '对象 ID', key: 'recordId', width: 38 },
        { header: '结果', key: 'outcome', width: 10 },
        { header: '链哈希', key: 'hash', width: 66 },
      ];
      rows.forEach((r) => ws.addRow(r));
      await ctx.audit.record(null, req.actor!, 'audit.export', {}, 'ok', { rows: rows.length }, req);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`);
      return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  });

  app.post('/api/v1/audit/verify', {
    config: { access: 'audit.read' },
    schema: { tags: ['audit'], summary: '校验审计日志哈希链' },
    handler: async (req) => {
      await ctx.audit.repo.sealAll();
      const result = await ctx.audit.repo.verify();
      await ctx.audit.record(null, req.actor!, 'audit.verify', {}, result.ok ? 'ok' : 'failed', { ...result }, req);
      return result;
    },
  });
}
