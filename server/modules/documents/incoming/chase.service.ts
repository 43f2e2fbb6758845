// 催办 (seed 二 3.5: 重要的和急办的文件，跟踪催办): reminders before, on and after a handling deadline
// through the notification channels, manual chasing with a note on the trail, and the overdue list.
import type { Kysely } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { todayIn } from '../../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import { DOCUMENT } from '../document.access.js';
import { DocumentRepository } from '../document.repository.js';
import { ChaseRepository } from './chase.repository.js';
import { CHASE_JOB, type ChasePoint } from './chase.schedule.js';
import { IncomingService } from './incoming.service.js';

const TITLES: Record<ChasePoint, string> = { before: '办理期限将至（明日到期）', due: '今日办理到期', overdue: '已超过办理期限' };

export class ChaseService {
  readonly repo: ChaseRepository;
  private readonly documents: DocumentRepository;
  private readonly incoming: IncomingService;

  constructor(private readonly ctx: AppContext) {
    this.repo = new ChaseRepository(ctx.database.db);
    this.documents = new DocumentRepository(ctx.database.db, ctx.search);
    this.incoming = new IncomingService(ctx);
  }

  /** Registers the reminder job's handler; once per process. */
  registerJob() {
    this.ctx.jobs.register(CHASE_JOB, (payload, run) => this.remind(run.trx, payload.documentId, payload.point));
  }

  /** One automatic reminder: nothing when the document is no longer in handling. */
  async remind(trx: Kysely<DB>, documentId: string, point: ChasePoint) {
    const doc = await this.documents.byId(trx, documentId);
    if (!doc || doc.state !== 'handling') return;
    const heads = await this.repo.pendingHandlerHeads(trx, documentId);
    // Overdue: the registrar who tracks the document hears of it too.
    const told = point === 'overdue' ? [...heads, doc.created_by] : heads;
    await this.documents.addStep(trx, { documentId, action: 'chase', fromState: doc.state, toState: doc.state, actorId: 'system', actorName: '系统', data: { point, automatic: true, deadline: doc.deadline } });
    await this.ctx.notify.notify(trx, { personIds: told, kind: `incoming.chase.${point}`, title: `${TITLES[point]}：${doc.title}`, body: `办理期限 ${doc.deadline}`, recordType: DOCUMENT, recordId: doc.id, classification: doc.classification, link: `/incoming/${doc.id}` });
  }

  /** Manual 催办 with a note: a step on the trail (no state change) and a notice to the handlers' heads. */
  async chase(actor: Actor, documentId: string, note: string) {
    const doc = await this.incoming.get(actor, documentId);
    if (doc.state !== 'handling') throw new AppError('conflict', '只有承办中的文件可以催办', { state: doc.state });
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await this.documents.addStep(trx, { documentId, action: 'chase', fromState: doc.state, toState: doc.state, actorId: actor.id, actorName: actor.name, opinion: note });
      await this.ctx.audit.record(trx, actor, 'document.chase', { recordType: DOCUMENT, recordId: doc.id });
      const heads = await this.repo.pendingHandlerHeads(trx, documentId);
      await this.ctx.notify.notify(trx, { personIds: heads, kind: 'incoming.chase.manual', title: `催办：${doc.title}`, body: note, recordType: DOCUMENT, recordId: doc.id, classification: doc.classification, link: `/incoming/${doc.id}` });
    });
  }

  /** Documents in handling past their deadline that the caller may read. */
  async overdue(actor: Actor, now: Date = new Date()) {
    const today = todayIn(this.ctx.config.tzCompany, now);
    // An office tracks tens of overdue documents; the bound guards a broken backlog.
    return { today, items: await this.repo.overdue(today, await this.incoming.readable(actor), 500) };
  }
}
