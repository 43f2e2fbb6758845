// In-app inbox (pushed live over SSE), email and robot channels. Delivery is recorded per channel
// and retried by the job queue. seed 八 1.16–1.17: a classified record's title or content never
// leaves by email or robot; those channels only say that something needs attention, with a link.
import type { Kysely } from 'kysely';
import { isClassified } from '../../../common/classification.js';
import type { Config } from '../../config.js';
import type { Actor } from '../access/actor.js';
import { readableFilter } from '../access/policy.js';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { createMailer, createWebhookSender, type OutboundMessage } from './channels.js';
import { NotificationRepository, type DeliveryRow, type DeliveryToSend, type NotificationRow } from './notification.repository.js';
import type { PubSub } from './pubsub.js';

/** Pub/sub channel: `{ personId }` whose inbox changed. Carries no content. */
export const NOTIFY_CHANNEL = 'notifications';
export const DELIVER_JOB = 'notify.deliver';
export const MAX_DELIVERY_ATTEMPTS = 6;

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
  readonly repo: NotificationRepository;
  private mailer: ReturnType<typeof createMailer>;
  private webhook: ReturnType<typeof createWebhookSender>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly pubsub: PubSub,
    private readonly jobs: JobQueue,
    private readonly config: Config,
  ) {
    this.repo = new NotificationRepository(db);
    this.mailer = createMailer(config);
    this.webhook = createWebhookSender(config);
    jobs.registerExternal(DELIVER_JOB, (payload) => this.deliver(payload.deliveryId as string));
  }

  /**
   * Creates inbox entries and queues the outside channels, in the caller's transaction when given
   * (the delivery jobs and the live push then commit with it). Callers name only people who may
   * read the record; the inbox also re-checks the policy on every read.
   */
  async notify(exec: Kysely<DB> | null, input: NotifyInput): Promise<string[]> {
    return this.notifyMany(exec, [input]);
  }

  /**
   * Many notifications (one per input, e.g. one per item a bulk made) in a few statements: the
   * recipients are read once, the rows inserted together, and each person's inbox pushed once.
   */
  async notifyMany(exec: Kysely<DB> | null, inputs: NotifyInput[]): Promise<string[]> {
    const db = exec ?? this.db;
    const wanted = [...new Set(inputs.flatMap((i) => i.personIds))];
    if (wanted.length === 0) return [];
    const active = new Map((await this.repo.recipients(db, wanted)).filter((p) => p.status === 'active').map((p) => [p.id, p]));
    if (active.size === 0) return [];
    const at = nowIso();
    const notifications: NotificationRow[] = [];
    const deliveries: DeliveryRow[] = [];
    const delivery = (notificationId: string, channel: DeliveryRow['channel'], target: string): DeliveryRow => ({ id: newId(), notification_id: notificationId, channel, target, state: 'pending', attempts: 0, last_error: null, created_at: at, sent_at: null });
    for (const input of inputs) {
      const people = [...new Set(input.personIds)].map((id) => active.get(id)).filter((p): p is NonNullable<typeof p> => !!p);
      if (people.length === 0) continue;
      const mine: NotificationRow[] = people.map((p) => ({
        id: newId(),
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
      }));
      if (this.mailer) {
        for (const [i, p] of people.entries()) if (p.email) deliveries.push(delivery(mine[i].id, 'email', p.email));
      }
      // The robot posts to one group chat: one message per event, not one per recipient.
      if (this.webhook) deliveries.push(delivery(mine[0].id, 'webhook', this.config.webhook!.url));
      notifications.push(...mine);
    }
    // 200 rows a statement keeps every insert under the databases' parameter limits; the
    // notifications go first, as the deliveries refer to them.
    for (let i = 0; i < notifications.length; i += 200) await this.repo.insert(db, notifications.slice(i, i + 200), []);
    for (let i = 0; i < deliveries.length; i += 200) await this.repo.insert(db, [], deliveries.slice(i, i + 200));
    for (const d of deliveries) {
      await this.jobs.schedule(DELIVER_JOB, { deliveryId: d.id }, { singletonKey: `deliver:${d.id}`, maxAttempts: 3 }, db);
    }
    for (const personId of new Set(notifications.map((n) => n.person_id))) await this.pubsub.publish(NOTIFY_CHANNEL, { personId }, db);
    return notifications.map((n) => n.id);
  }

  /** What leaves the building: for a classified record, only that something needs attention. */
  outbound(d: Pick<DeliveryToSend, 'channel' | 'title' | 'body' | 'link' | 'classification'>): OutboundMessage {
    if (isClassified(d.classification)) {
      // Not even the record's id: the link opens the inbox, where the policy decides what shows.
      const link = `${this.config.publicUrl}/notifications`;
      const text = d.channel === 'email' ? '您有一项涉密事项需要处理，请登录系统查看。' : '有一项涉密事项需要相关人员处理，请登录系统查看。';
      return { subject: '【总办】您有一项事项需要处理', text, link };
    }
    return { subject: `【总办】${d.title}`, text: d.body || d.title, link: `${this.config.publicUrl}${d.link ?? '/notifications'}` };
  }

  /**
   * Sends one delivery (one attempt). A failure is recorded on the delivery and the next attempt
   * is scheduled as a new job after a growing delay, so every attempt leaves its trace.
   */
  private async deliver(deliveryId: string): Promise<void> {
    if (this.dialect === 'postgres') {
      // The row lock is held through the send: another run of this delivery (a retry after this
      // run's expiry, on any instance) waits, then finds it sent. If this process dies, PostgreSQL
      // ends the transaction with the connection and the next run sends it.
      await this.db.transaction().execute(async (trx) => {
        const d = await this.repo.deliveryToSend(trx, deliveryId, true);
        if (d?.state === 'pending') await this.record(trx, d, await this.send(d));
      });
      return;
    }
    // SQLite: a transaction would hold the one connection for the whole send. One instance runs
    // one job at a time, so no second run can overlap this one.
    const d = await this.repo.deliveryToSend(this.db, deliveryId, false);
    if (d?.state !== 'pending') return;
    const error = await this.send(d);
    await this.db.transaction().execute((trx) => this.record(trx, d, error));
  }

  /** Sends; answers the error message, or null when the channel accepted the message. */
  private async send(d: DeliveryToSend): Promise<string | null> {
    const msg = this.outbound(d);
    try {
      if (d.channel === 'email') {
        if (!this.mailer) throw new Error('SMTP is not configured');
        await this.mailer(d.target, msg, `<${d.id}@${new URL(this.config.publicUrl).hostname}>`);
      } else {
        if (!this.webhook) throw new Error('webhook is not configured');
        await this.webhook(msg);
      }
      return null;
    } catch (err) {
      return String((err as Error)?.message ?? err) || 'send failed';
    }
  }

  private async record(trx: Kysely<DB>, d: DeliveryToSend, error: string | null) {
    const attempts = d.attempts + 1;
    if (error === null) return this.repo.recordSent(trx, d.id, attempts);
    const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
    await this.repo.recordFailure(trx, d.id, attempts, error, giveUp);
    if (giveUp) return;
    const delayMs = Math.min(3_600_000, this.config.deliveryRetryBaseMs * 4 ** (attempts - 1));
    await this.jobs.schedule(DELIVER_JOB, { deliveryId: d.id }, { singletonKey: `deliver:${d.id}:${attempts}`, runAt: new Date(Date.now() + delayMs), maxAttempts: 3 }, trx);
  }

  private readable(actor: Actor) {
    return readableFilter(this.db, actor, { recordType: { column: 'n.record_type' }, id: 'n.record_id', classification: 'n.classification' });
  }

  async list(actor: Actor, opts: { unreadOnly: boolean; limit: number; before?: string }) {
    return this.repo.list(actor.id, await this.readable(actor), opts);
  }

  async unreadCount(actor: Actor): Promise<number> {
    return this.repo.unreadCount(actor.id, await this.readable(actor));
  }

  async markRead(actor: Actor, ids: string[] | 'all') {
    if ((await this.repo.markRead(actor.id, ids)) > 0) await this.pubsub.publish(NOTIFY_CHANNEL, { personId: actor.id });
  }

  deliveriesOf(notificationId: string) {
    return this.repo.deliveriesOf(notificationId);
  }
}
