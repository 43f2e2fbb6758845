// Sessions, API tokens, log-in throttling and the identity columns of people (password, TOTP).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';

export interface PrincipalRow {
  person_id: string;
  name: string;
  username: string;
  clearance: number;
  department_id: string;
  status: string;
}

export class AuthRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findLoginByUsername(username: string) {
    return this.db
      .selectFrom('people')
      .select(['id', 'name', 'username', 'status', 'password_hash', 'totp_secret', 'totp_enabled', 'totp_last_step'])
      .where('username', '=', username)
      .executeTakeFirst();
  }

  findLoginById(id: string) {
    return this.db
      .selectFrom('people')
      .select(['id', 'name', 'username', 'status', 'password_hash', 'totp_secret', 'totp_enabled', 'totp_last_step'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  rolesOf(personId: string): Promise<string[]> {
    return this.db
      .selectFrom('person_roles')
      .select('role')
      .where('person_id', '=', personId)
      .execute()
      .then((rows) => rows.map((r) => r.role));
  }

  async sessionWithPrincipal(sessionId: string) {
    return this.db
      .selectFrom('sessions as s')
      .innerJoin('people as p', 'p.id', 's.person_id')
      .select([
        's.id',
        's.csrf_token',
        's.mfa_state',
        's.last_seen_at',
        's.idle_expires_at',
        's.absolute_expires_at',
        'p.id as person_id',
        'p.name',
        'p.username',
        'p.clearance',
        'p.department_id',
        'p.status',
      ])
      .where('s.id', '=', sessionId)
      .executeTakeFirst();
  }

  /** The profile columns GET /me shows beside the principal (kept here so the benchmark ceiling runs the same SQL). */
  profileOf(personId: string) {
    return this.db
      .selectFrom('people as p')
      .innerJoin('departments as d', 'd.id', 'p.department_id')
      .select(['p.position', 'p.email', 'p.phone', 'p.totp_enabled', 'd.name as department_name'])
      .where('p.id', '=', personId)
      .executeTakeFirst();
  }

  async tokenWithPrincipal(tokenHash: string) {
    return this.db
      .selectFrom('api_tokens as t')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .select(['t.id', 't.last_used_at', 'p.id as person_id', 'p.name', 'p.username', 'p.clearance', 'p.department_id', 'p.status'])
      .where('t.token_hash', '=', tokenHash)
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async insertSession(row: DB['sessions']) {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async touchSession(id: string, now: string, idleExpiresAt: string) {
    await this.db.updateTable('sessions').set({ last_seen_at: now, idle_expires_at: idleExpiresAt }).where('id', '=', id).execute();
  }

  async setSessionMfaState(id: string, state: 'ok' | 'enrol') {
    await this.db.updateTable('sessions').set({ mfa_state: state }).where('id', '=', id).execute();
  }

  async deleteSession(id: string) {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteSessionsOf(personId: string, exceptId?: string) {
    let q = this.db.deleteFrom('sessions').where('person_id', '=', personId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async deleteExpiredSessions(now: string) {
    await this.db.deleteFrom('sessions').where((eb) => eb.or([eb('idle_expires_at', '<', now), eb('absolute_expires_at', '<', now)])).execute();
  }

  async touchToken(id: string, now: string) {
    await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async setPassword(personId: string, hash: string) {
    const now = nowIso();
    await this.db
      .updateTable('people')
      .set((eb) => ({ password_hash: hash, password_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', personId)
      .execute();
  }

  async setTotp(personId: string, secret: string | null, enabled: boolean, lastStep = 0) {
    await this.db
      .updateTable('people')
      .set({ totp_secret: secret, totp_enabled: enabled ? 1 : 0, totp_last_step: lastStep, updated_at: nowIso() })
      .where('id', '=', personId)
      .execute();
  }

  /** Records a used TOTP step only if it is newer than the last one (no replay, even across instances). */
  async consumeTotpStep(personId: string, step: number): Promise<boolean> {
    const res = await this.db
      .updateTable('people')
      .set({ totp_last_step: step })
      .where('id', '=', personId)
      .where('totp_last_step', '<', step)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  // --- throttling, shared by all instances through the database ---

  throttleRows(keys: string[]) {
    return this.db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  }

  /** Counts one failed log-in atomically (one upsert), so failures from every instance add up. */
  async recordFailure(key: string, now: Date, windowMs: number, maxFailures: number, lockMs: number): Promise<number> {
    const nowS = now.toISOString();
    const windowStart = new Date(now.getTime() - windowMs).toISOString();
    const lockedUntil = new Date(now.getTime() + lockMs).toISOString();
    const res = await sql<{ failures: number }>`
      insert into login_throttle (key, failures, window_started_at, locked_until)
      values (${key}, 1, ${nowS}, null)
      on conflict (key) do update set
        failures = case when login_throttle.window_started_at < ${windowStart} then 1 else login_throttle.failures + 1 end,
        window_started_at = case when login_throttle.window_started_at < ${windowStart} then ${nowS} else login_throttle.window_started_at end
      returning failures`.execute(this.db);
    const failures = Number(res.rows[0]?.failures ?? 1);
    if (failures >= maxFailures) {
      await this.db.updateTable('login_throttle').set({ locked_until: lockedUntil }).where('key', '=', key).execute();
    }
    return failures;
  }

  async clearThrottle(key: string) {
    await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }

  // --- API tokens ---

  async insertToken(personId: string, name: string, tokenHash: string, prefix: string) {
    const id = newId();
    await this.db.insertInto('api_tokens').values({ id, person_id: personId, name, token_hash: tokenHash, prefix, created_at: nowIso(), last_used_at: null, revoked_at: null }).execute();
    return id;
  }

  listTokens(personId: string) {
    return this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
      .where('person_id', '=', personId)
      .orderBy('id', 'desc')
      .execute();
  }

  async revokeToken(personId: string, id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: nowIso() })
      .where('id', '=', id)
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
