import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { OrgService } from './org.service.js';
import * as S from './org.schema.js';
import { presentCompany, presentDepartment, presentPerson } from './org.presenter.js';
import { AppError } from '../../platform/errors.js';
import { contentDisposition } from '../../platform/files/sniff.js';
import { OrgImportService } from './org.import.js';
import { buildImportTemplate, XLSX_MIME } from './org.import-workbook.js';
import { ImportResult } from './org.import.schema.js';

// A roster of 10,000 people is well under 1 MB; the import needs far less than an attachment.
const IMPORT_LIMIT_BYTES = 10 * 1024 * 1024;

export async function orgRoutes(app: FastifyInstance, { ctx, org }: { ctx: AppContext; org: OrgService }) {
  const deptNames = async () => new Map((await org.repo.departments()).map((d) => [d.id, d.name]));

  app.get('/api/v1/org/company', {
    config: { access: 'org.read' },
    schema: { tags: ['org'], summary: '公司信息（含全宗号、机关代字）' },
    handler: async (req) => presentCompany(await org.company(), req.actor!),
  });

  app.patch('/api/v1/org/company', {
    config: { access: 'org.manage' },
    schema: { tags: ['org'], summary: '修改公司信息', body: S.CompanyPatch },
    handler: async (req) => presentCompany(await org.updateCompany(req.actor!, req.body as any), req.actor!),
  });

  app.get('/api/v1/org/departments', {
    config: { access: 'org.read' },
    schema: { tags: ['org'], summary: '部门列表（树由 parentId 组成）' },
    handler: async (req) => ({ items: (await org.repo.departments()).map((d) => presentDepartment(d, req.actor!)) }),
  });

  app.post('/api/v1/org/departments', {
    config: { access: 'org.manage' },
    schema: { tags: ['org'], summary: '新建部门', body: S.DepartmentCreate },
    handler: async (req, reply) => {
      req.audited = true;
      reply.status(201);
      return presentDepartment(await org.createDepartment(req.actor!, req.body as any), req.actor!);
    },
  });

  app.patch('/api/v1/org/departments/:id', {
    config: { access: 'org.manage' },
    schema: { tags: ['org'], summary: '修改部门', params: S.IdParams, body: S.DepartmentPatch },
    handler: async (req) => {
      req.audited = true;
      return presentDepartment(await org.updateDepartment(req.actor!, (req.params as any).id, req.body as any), req.actor!);
    },
  });

  app.delete('/api/v1/org/departments/:id', {
    config: { access: 'org.manage' },
    schema: { tags: ['org'], summary: '删除部门（须无下级和人员）', params: S.IdParams, querystring: S.VersionQuery },
    handler: async (req) => {
      req.audited = true;
      await org.deleteDepartment(req.actor!, (req.params as any).id, (req.query as any).version);
      return { ok: true };
    },
  });

  app.get('/api/v1/org/people', {
    config: { access: 'org.read' },
    schema: { tags: ['org'], summary: '人员列表（按排序号）', querystring: S.PeopleQuery },
    handler: async (req) => {
      const { items, total } = await org.listPeople(req.query as any);
      const names = await deptNames();
      return { items: items.map((p) => presentPerson(p, req.actor!, names)), total };
    },
  });

  app.get('/api/v1/org/people/:id', {
    config: { access: 'org.read' },
    schema: { tags: ['org'], summary: '人员详情', params: S.IdParams },
    handler: async (req) => presentPerson(await org.person((req.params as any).id), req.actor!, await deptNames()),
  });

  app.post('/api/v1/org/people', {
    config: { access: 'org.manage' },
    schema: { tags: ['org'], summary: '新增人员', body: S.PersonCreate },
    handler: async (req, reply) => {
      req.audited = true;
      const id = await org.createPerson(req.actor!, req.body as any);
      reply.status(201);
      return presentPerson(await org.person(id), req.actor!, await deptNames());
    },
  });

  app.patch('/api/v1/org/people/:id', {
    config: { access: { any: ['org.manage', 'security.manage'] } },
    schema: { tags: ['org'], summary: '修改人员（涉密等级仅保密员）', params: S.IdParams, body: S.PersonPatch },
    handler: async (req) => {
      req.audited = true;
      return presentPerson(await org.updatePerson(req.actor!, (req.params as any).id, req.body as any), req.actor!, await deptNames());
    },
  });

  app.post('/api/v1/org/people/:id/password', {
    config: { access: 'org.manage' },
    schema: { tags: ['org'], summary: '重置密码（结束其全部会话）', params: S.IdParams, body: S.PasswordReset },
    handler: async (req) => {
      req.audited = true;
      await org.resetPassword(req.actor!, (req.params as any).id, (req.body as any).password);
      return { ok: true };
    },
  });

  const importer = new OrgImportService(ctx);

  app.get('/api/v1/org/import/template', {
    config: { access: 'org.manage' },
    schema: { tags: ['org'], summary: '下载部门与人员导入模板（.xlsx）' },
    handler: async (_req, reply) => {
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', contentDisposition('部门与人员导入模板.xlsx'));
      return reply.send(await buildImportTemplate());
    },
  });

  app.post('/api/v1/org/import', {
    config: { access: 'org.manage' },
    schema: {
      tags: ['org'],
      summary: '从 .xlsx 导入部门与人员（multipart：file，可选 dryRun=true 仅校验）；任一行有错则全部不导入（422，details.errors 列出工作表、行、列）',
      consumes: ['multipart/form-data'],
      response: { 200: ImportResult },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传 .xlsx 文件');
      let bytes: Buffer | null = null;
      let dryRun = false;
      const limit = Math.min(IMPORT_LIMIT_BYTES, ctx.config.uploadLimitBytes);
      for await (const part of req.parts({ limits: { fileSize: limit } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || bytes) throw new AppError('validation_failed', '只能上传一个文件，字段名为 file', { field: 'file' });
          bytes = await part.toBuffer(); // throws 413 past the limit
        } else if (part.fieldname === 'dryRun') {
          if (part.value !== 'true' && part.value !== 'false') throw new AppError('validation_failed', 'dryRun 须为 true 或 false', { field: 'dryRun' });
          dryRun = part.value === 'true';
        } else {
          throw new AppError('validation_failed', `未知字段：${part.fieldname}`, { field: part.fieldname });
        }
      }
      if (!bytes) throw new AppError('validation_failed', '缺少文件', { field: 'file' });
      const summary = await importer.run(req.actor!, bytes, { dryRun });
      // The service wrote 'org.import'; a dry run changed nothing. A refused file is audited by the hook.
      req.audited = true;
      return summary;
    },
  });
}
