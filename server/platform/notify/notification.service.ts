// In-app inbox (pushed live over SSE), email and robot channels. Delivery is recorded per channel
// and retried by the job queue. seed 八 1.16–1.17: a classified record's title or content never
// leaves by email or robot; those channels only say that something needs attention, with a link.
import type { Kysely } from 'kysely';
import { isClassified } from '../../../common/classification.js';
import type { Config } from '../../config.js';
import type { Actor } from '../access/actor.js';
import { readableFilter } from '../access/policy.js';
import type { DB } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import type { JobQueue, JobRun } from '../jobs/job-queue.js';
import { createMailer, createWebhookSender, type OutboundMessage } from './channels.js';
import type { PubSub } from './pubsub.js';

export const NOTIFY_CHANNEL = 'notifications';
const DELIVER_JOB = 'notify.deliver';
const MAX_DELIVERY_ATTEMPTS = 6;
const RETRY_BASE_MS = Number(process.env.DELIVERY_RETRY_BASE_MS || 30_000);

export interface NotifyInput {
  personIds: string[];
  kind: string;
  title: string;
  body?: string;
  link?: string;
  recordType?: string;
  recordId?: string;
  classification?: number;
}

export class NotificationService {
  private mailer: ReturnType<typeof createMailer>;
  private webhook: ReturnType<typeof createWebhookSender>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly pubsub: PubSub,
    private readonly jobs: JobQueue,
    private readonly config: Config,
  ) {
    this.mailer = createMailer(config);
    this.webhook = createWebhookSender(config);
    jobs.register(DELIVER_JOB, (payload, run) => this.deliver(payload.deliveryId as string, run));
  }

  /**
   * Creates inbox entries (in the caller's transaction when given) and queues the outside channels.
   * Callers name only people who may read the record; the inbox also re-checks the policy on read.
   */
  async notify(exec: Kysely<DB> | null, input: NotifyInput): Promise<string[]> {
    const db = exec ?? this.db;
    const at = nowIso();
    const ids: string[] = [];
    const recipients = [...new Set(input.personIds)];
    if (recipients.length === 0) return ids;
    const people = await db.selectFrom('people').select(['id', 'email', 'status']).where('id', 'in', recipients).execute();
    const deliveries: DB['deliveries'][] = [];
    for (const p of people) {
      if (p.status !== 'active') continue;
      const id = newId();
      ids.push(id);
      await db
        .insertInto('notifications')
        .values({
          id,
          person_id: p.id,
          kind: input.kind,
          title: input.title.slice(0, 300),
          body: (input.body ?? '').slice(0, 4000),
          link: input.link ?? null,
          record_type: input.recordType ?? null,
          record_id: input.recordId ?? null,
          classification: input.classification ?? 0,
          created_at: at,
          read_at: null,
        })
        .execute();
      if (this.mailer && p.email) deliveries.push({ id: newId(), notification_id: id, channel: 'email', target: p.email, state: 'pending', attempts: 0, last_error: null, created_at: at, sent_at: null });
      if (this.webhook) deliveries.push({ id: newId(), notification_id: id, channel: 'webhook', target: this.config.webhook!.url, state: 'pending', attempts: 0, last_error: null, created_at: at, sent_at: null });
    }
    if (deliveries.length) await db.insertInto('deliveries').values(deliveries).execute();
    // On SQLite the job row commits with the notification; pg-boss uses its own connection, so a
    // rolled-back notification may leave a delivery job that finds nothing, and a harmless ping.
    for (const d of deliveries) await this.jobs.schedule(DELIVER_JOB, { deliveryId: d.id }, { singletonKey: `deliver:${d.id}`, maxAttempts: 6 }, db);
    for (const p of people) await this.pubsub.publish(NOTIFY_CHANNEL, { personId: p.id });
    return ids;
  }

  /** What leaves the building: for a classified record, only that something needs attention. */
  outbound(n: { title: string; body: string; link: string | null; classification: number; id: string }): OutboundMessage {
    const link = `${this.config.publicUrl}${n.link ?? '/notifications'}`;
    if (isClassified(n.classification)) {
      return { subject: '【总办】您有一项事项需要处理', text: '您有一项涉密事项需要处理，请登录系统查看。', link };
    }
    return { subject: `【总办】${n.title}`, text: n.body || n.title, link };
  }

  /**
   * Sends one delivery. A failure is recorded in the job's own transaction and a retry is
   * scheduled as a new job with a growing delay, so every attempt leaves its trace.
   */
  private async deliver(deliveryId: string, run: JobRun) {
    const d = await run.trx
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.id', 'd.channel', 'd.target', 'd.state', 'd.attempts', 'n.id as nid', 'n.title', 'n.body', 'n.link', 'n.classification'])
      .where('d.id', '=', deliveryId)
      .executeTakeFirst();
    if (!d || d.state === 'sent') return;
    const msg = this.outbound({ id: d.nid, title: d.title, body: d.body, link: d.link, classification: d.classification });
    const attempts = d.attempts + 1;
    try {
      if (d.channel === 'email') {
        if (!this.mailer) throw new Error('SMTP is not configured');
        await this.mailer(d.target, msg);
      } else {
        if (!this.webhook) throw new Error('webhook is not configured');
        await this.webhook(msg);
      }
    } catch (err) {
      const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
      await run.trx
        .updateTable('deliveries')
        .set({ attempts, last_error: String((err as Error).message).slice(0, 500), state: giveUp ? 'failed' : 'pending' })
        .where('id', '=', d.id)
        .execute();
      if (!giveUp) {
        const delayMs = Math.min(3_600_000, RETRY_BASE_MS * 4 ** (attempts - 1));
        await this.jobs.schedule(DELIVER_JOB, { deliveryId: d.id }, { singletonKey: `deliver:${d.id}:${attempts}`, runAt: new Date(Date.now() + delayMs) }, run.trx);
      }
      return;
    }
    await run.trx.updateTable('deliveries').set({ state: 'sent', sent_at: nowIso(), attempts, last_error: null }).where('id', '=', d.id).execute();
  }

  private async inboxQuery(actor: Actor) {
    const readable = await readableFilter(this.db, actor, { recordType: { column: 'n.record_type' }, id: 'n.record_id', classification: 'n.classification' });
    return this.db
      .selectFrom('notifications as n')
      .where('n.person_id', '=', actor.id)
      // A notification about a record the person can no longer read disappears with it.
      .where((eb) => eb.or([eb('n.classification', '<', 2), readable(eb)]));
  }

  async list(actor: Actor, opts: { unreadOnly: boolean; limit: number; before?: string }) {
    let q = (await this.inboxQuery(actor)).select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.link', 'n.record_type', 'n.record_id', 'n.classification', 'n.created_at', 'n.read_at']).orderBy('n.id', 'desc').limit(opts.limit);
    if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
    if (opts.before) q = q.where('n.id', '<', opts.before);
    return q.execute();
  }

  async unreadCount(actor: Actor): Promise<number> {
    const r = await (await this.inboxQuery(actor)).select((eb) => eb.fn.countAll<number>().as('n')).where('n.read_at', 'is', null).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async markRead(actor: Actor, ids: string[] | 'all') {
    let q = this.db.updateTable('notifications').set({ read_at: nowIso() }).where('person_id', '=', actor.id).where('read_at', 'is', null);
    if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : ['']);
    await q.execute();
    await this.pubsub.publish(NOTIFY_CHANNEL, { personId: actor.id });
  }

  deliveriesOf(notificationId: string) {
    return this.db.selectFrom('deliveries').selectAll().where('notification_id', '=', notificationId).execute();
  }
}
