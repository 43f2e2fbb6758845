// 一周工作指令 (seed 五 5.12) as a sub-module of supervision: routes, the Saturday report job.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import type { SupervisionService } from '../supervision.service.js';
import { directiveRoutes } from './directive.routes.js';
import { DirectiveService } from './directive.service.js';

export { DirectiveService, DIRECTIVE_REPORT_JOB, mayUseDirectives } from './directive.service.js';
export { compileDirectiveReport, type DirectiveReport, type DirectiveStatus } from './directive.report.js';
export { isoWeekOf, weekStart, nextReportSlot, DEFAULT_REPORT_SCHEDULE, type ReportSchedule } from './week.js';

const wired = new WeakSet<AppContext>();

export async function directivesModule(app: FastifyInstance, { ctx, service }: { ctx: AppContext; service: SupervisionService }) {
  const directives = new DirectiveService(ctx, service);
  if (!wired.has(ctx)) {
    wired.add(ctx);
    directives.registerJob();
  }
  // The weekly report keeps itself going; this starts it on a fresh database (a no-op when the slot's job exists).
  app.addHook('onReady', async () => {
    try {
      await directives.scheduleNext(undefined);
    } catch (err) {
      app.log.warn({ err }, 'weekly directive report not scheduled (job queue not running)');
    }
  });
  await app.register(directiveRoutes, { ctx, directives });
}
