// The only place that queries notifications and deliveries.
import type { Kysely } from 'kysely';
import type { ReadableFilter } from '../access/policy.js';
import type { DB } from '../db/schema.js';
import { nowIso } from '../ids.js';

export type NotificationRow = DB['notifications'];
export type DeliveryRow = DB['deliveries'];

export interface DeliveryToSend {
  id: string;
  channel: string;
  target: string;
  state: string;
  attempts: number;
  notificationId: string;
  title: string;
  body: string;
  link: string | null;
  classification: number;
}

export class NotificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  recipients(exec: Kysely<DB>, personIds: string[]) {
    return exec.selectFrom('people').select(['id', 'name', 'email', 'status']).where('id', 'in', personIds).execute();
  }

  async insert(exec: Kysely<DB>, notifications: NotificationRow[], deliveries: DeliveryRow[]) {
    if (notifications.length) await exec.insertInto('notifications').values(notifications).execute();
    if (deliveries.length) await exec.insertInto('deliveries').values(deliveries).execute();
  }

  /** The person's inbox; notifications about classified records only while the record is readable. */
  private inbox(personId: string, readable: ReadableFilter) {
    return this.db
      .selectFrom('notifications as n')
      .where('n.person_id', '=', personId)
      .where((eb) => eb.or([eb('n.classification', '<', 2), readable(eb)]));
  }

  list(personId: string, readable: ReadableFilter, opts: { unreadOnly: boolean; limit: number; before?: string }) {
    let q = this.inbox(personId, readable)
      .select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.link', 'n.record_type', 'n.record_id', 'n.classification', 'n.created_at', 'n.read_at'])
      .orderBy('n.id', 'desc')
      .limit(opts.limit);
    if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
    if (opts.before) q = q.where('n.id', '<', opts.before);
    return q.execute();
  }

  async unreadCount(personId: string, readable: ReadableFilter): Promise<number> {
    const r = await this.inbox(personId, readable)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('n.read_at', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async markRead(personId: string, ids: string[] | 'all'): Promise<number> {
    let q = this.db.updateTable('notifications').set({ read_at: nowIso() }).where('person_id', '=', personId).where('read_at', 'is', null);
    if (ids !== 'all') {
      if (ids.length === 0) return 0;
      q = q.where('id', 'in', ids);
    }
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  }

  /**
   * The delivery with what it is about. `lock` (PostgreSQL) holds the row until the caller's
   * transaction ends, so that a second run of the same delivery waits for the first.
   */
  async deliveryToSend(exec: Kysely<DB>, id: string, lock: boolean): Promise<DeliveryToSend | undefined> {
    let q = exec
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.id', 'd.channel', 'd.target', 'd.state', 'd.attempts', 'n.id as notificationId', 'n.title', 'n.body', 'n.link', 'n.classification'])
      .where('d.id', '=', id);
    if (lock) q = q.forUpdate('d');
    return q.executeTakeFirst();
  }

  async recordSent(exec: Kysely<DB>, id: string, attempts: number) {
    await exec.updateTable('deliveries').set({ state: 'sent', sent_at: nowIso(), attempts, last_error: null }).where('id', '=', id).execute();
  }

  async recordFailure(exec: Kysely<DB>, id: string, attempts: number, error: string, giveUp: boolean) {
    await exec
      .updateTable('deliveries')
      .set({ attempts, last_error: error.slice(0, 500), state: giveUp ? 'failed' : 'pending' })
      .where('id', '=', id)
      .execute();
  }

  deliveriesOf(notificationId: string) {
    return this.db.selectFrom('deliveries').selectAll().where('notification_id', '=', notificationId).orderBy('channel').execute();
  }
}
