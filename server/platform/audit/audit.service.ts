import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from '../access/actor.js';
import { AuditRepository, type AuditOutcome } from './audit.repository.js';

export interface AuditTarget {
  recordType?: string | null;
  recordId?: string | null;
}

/** Writes audit entries. Pass the transaction of the change, so the entry commits with it. */
export class AuditService {
  constructor(
    readonly repo: AuditRepository,
    private readonly db: Kysely<DB>,
  ) {}

  async record(
    exec: Kysely<DB> | null,
    actor: Pick<Actor, 'id' | 'name' | 'ip'> | null,
    action: string,
    target: AuditTarget = {},
    outcome: AuditOutcome = 'ok',
    details: Record<string, unknown> = {},
    req?: FastifyRequest,
  ): Promise<void> {
    if (req) req.audited = true;
    await this.repo.append(exec ?? this.db, {
      actorId: actor?.id || null, // '' stands for nobody: a refused anonymous request, an unknown user name
      actorName: actor?.name ?? null,
      ip: actor?.ip ?? req?.ip ?? null,
      action,
      recordType: target.recordType,
      recordId: target.recordId,
      outcome,
      details,
    });
  }

  /** One entry per target of a bulk change (same actor, action and outcome), in few statements. */
  async recordMany(exec: Kysely<DB>, actor: Pick<Actor, 'id' | 'name' | 'ip'>, action: string, entries: { target: AuditTarget; details?: Record<string, unknown> }[]): Promise<void> {
    await this.repo.appendMany(
      exec,
      entries.map((e) => ({ actorId: actor.id || null, actorName: actor.name, ip: actor.ip ?? null, action, recordType: e.target.recordType, recordId: e.target.recordId, outcome: 'ok', details: e.details ?? {} })),
    );
  }

  /** Every read of a classified record (detail, content, attachment, print, export) is logged. */
  async classifiedRead(actor: Actor, recordType: string, recordId: string, what: string, req?: FastifyRequest) {
    await this.record(null, actor, `${recordType}.${what}`, { recordType, recordId }, 'ok', { classifiedRead: true });
    if (req) req.audited = false; // a read is not the request's state change
  }
}

export function outcomeOfStatus(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403 || status === 404 || status === 429) return 'refused';
  if (status === 409) return 'conflict';
  if (status < 500) return 'invalid';
  return 'error';
}
