// The ceilings: for each application route a scenario loads, a bare handler that runs the same SQL
// through the same repository functions for the session in the request, and nothing else (no
// hooks, no validation, no presenter, no logging, no cache across requests). What the app serves
// beyond this is the framework's and the application's own cost.
import { sql, type Kysely } from 'kysely';
import { capabilitiesOf } from '../common/roles.js';
import { INCOMING_WORKFLOW } from '../common/workflow/incoming.workflow.js';
import type { Actor } from '../server/platform/access/actor.js';
import { readableFilter } from '../server/platform/access/policy.js';
import { AuthRepository } from '../server/platform/auth/auth.repository.js';
import { AuditRepository, chainHash, GENESIS_HASH } from '../server/platform/audit/audit.repository.js';
import { SESSION_COOKIE } from '../server/platform/auth/auth.service.js';
import type { Database } from '../server/platform/db/database.js';
import type { DB } from '../server/platform/db/schema.js';
import { sha256Hex } from '../server/platform/ids.js';
import { SearchIndex } from '../server/platform/search/index.js';
import { registerItemSearch } from '../server/modules/supervision/supervision.search.js';
import { OrgRepository } from '../server/modules/org/org.repository.js';
import { DOCUMENT, DOCUMENT_COLUMNS } from '../server/modules/documents/document.access.js';
import { DocumentRepository } from '../server/modules/documents/document.repository.js';
import { SupervisionStatistics } from '../server/modules/supervision/statistics/statistics.service.js';
import { periodFrom } from '../server/modules/supervision/statistics/statistics.routes.js';
import type { AppContext } from '../server/platform/context.js';
import { loadConfig } from '../server/config.js';
import { WorkCalendar } from '../server/platform/calendar/work-calendar.js';
import { LocalPubSub } from '../server/platform/notify/pubsub.js';
import { ceilingRow, signForBody } from './registrations.js';
import { TOUCH_EVERY_MS } from './sessions.js';

/** The register ceiling's own advisory lock around chaining (not the app sealer's key). */
const CEILING_CHAIN_LOCK = 7242099;

export interface CeilingDeps {
  db: Kysely<DB>;
  dialect: Database['dialect'];
  auth: AuthRepository;
  org: OrgRepository;
  /** Without a search index: the register ceiling inserts the row alone. */
  documents: DocumentRepository;
  search: SearchIndex;
  audit: AuditRepository;
  /** The board's and the unit figures' SQL, as the app's statistics run it (the work calendar for "due soon"). */
  supervision: { stats: SupervisionStatistics; calendar: WorkCalendar };
  sessionIdleMs: number;
}

/** The part of the app's context the supervision statistics read: the database, the time zone, the work calendar. */
function supervisionStatistics(database: Database) {
  const calendar = new WorkCalendar(database.db, new LocalPubSub());
  const ctx = { database, config: loadConfig(), calendar } as unknown as AppContext;
  return { stats: new SupervisionStatistics(ctx), calendar };
}

export function ceilingDeps(database: Database, sessionIdleMs: number): CeilingDeps {
  // The app's search carries each record type's read rule in its SQL (supervision items: the
  // item's own access filter); the ceiling's must run the same query.
  const search = SearchIndex.for(database);
  registerItemSearch(search, database.db);
  return {
    db: database.db,
    dialect: database.dialect,
    auth: new AuthRepository(database.db),
    org: new OrgRepository(database.db),
    documents: new DocumentRepository(database.db),
    search,
    audit: new AuditRepository(database.db, database.dialect),
    supervision: supervisionStatistics(database),
    sessionIdleMs,
  };
}

export interface CeilingRequest {
  cookie: string | undefined;
  query: Record<string, string | undefined>;
  body?: unknown;
}

type Principal = NonNullable<Awaited<ReturnType<AuthRepository['sessionWithPrincipal']>>> & { roles: string[] };

const cookiePattern = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`);

/** The SQL AuthService.resolve runs for a session cookie: the session with its person, the once-a-minute touch, the roles. */
async function principal(deps: CeilingDeps, cookie: string | undefined): Promise<Principal | null> {
  const token = cookie ? cookiePattern.exec(cookie)?.[1] : undefined;
  if (!token) return null;
  const id = sha256Hex(token);
  const row = await deps.auth.sessionWithPrincipal(id);
  const now = Date.now();
  if (!row || row.status !== 'active' || Date.parse(row.idle_expires_at) < now || Date.parse(row.absolute_expires_at) < now) return null;
  if (Date.parse(row.last_seen_at) + TOUCH_EVERY_MS < now) {
    await deps.auth.touchSession(id, new Date(now).toISOString(), new Date(now + deps.sessionIdleMs).toISOString());
  }
  return { ...row, roles: await deps.auth.rolesOf(row.person_id) };
}

/** The actor AuthService.resolve builds from the same row. */
function actorOf(p: Principal): Actor {
  return { id: p.person_id, name: p.name, username: p.username, roles: p.roles, capabilities: capabilitiesOf(p.roles), clearance: p.clearance, departmentId: p.department_id, ip: '127.0.0.1', via: 'session' };
}

/** States in which one of the actor's roles acts on an incoming document (IncomingService.roleStates). */
function incomingRoleStates(actor: Actor): string[] {
  return [...new Set(INCOMING_WORKFLOW.actions.filter((a) => a.by.some((b) => 'role' in b && actor.roles.includes(b.role))).flatMap((a) => a.from))];
}

const bool = (v: string | undefined) => v === 'true';
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

export type CeilingHandler = (deps: CeilingDeps, req: CeilingRequest) => Promise<unknown | null>;

export interface CeilingRoute {
  handler: CeilingHandler;
  /** 201 for a POST that creates; 200 otherwise. */
  status?: number;
  /**
   * Checked once per scenario before it is timed: does the ceiling answer the same records as the
   * app (null) or not (what differs)? It keeps the ceiling honest as the app's route changes.
   */
  disagreement(app: any, ceiling: any): string | null;
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);
const same = (what: string, a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? null : `${what}: app ${JSON.stringify(a)}, ceiling ${JSON.stringify(b)}`);

/** Keyed by the application's route URL ("POST <url>" for a write); a null answer from a handler is a 401. */
export const CEILING_ROUTES: Record<string, CeilingRoute> = {
  '/api/v1/me': {
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      return { principal: p, profile: await deps.auth.profileOf(p.person_id) };
    },
    disagreement: (app, c) => same('person and roles', [app.id, app.department?.name, [...app.roles].sort()], [c.principal.person_id, c.profile?.department_name, [...c.principal.roles].sort()]),
  },

  '/api/v1/org/people': {
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      const q = {
        departmentId: req.query.departmentId,
        q: req.query.q,
        role: req.query.role,
        status: req.query.status,
        limit: Number(req.query.limit ?? 50),
        offset: Number(req.query.offset ?? 0),
      };
      const [items, total] = await Promise.all([deps.org.listPeople(q), deps.org.countPeople(q)]);
      const roles = await deps.org.rolesOf(items.map((i) => i.id));
      const departments = await deps.org.departments();
      return { items, total, roles: Object.fromEntries(roles), departments: departments.length };
    },
    disagreement: (app, c) => same('total and page', [app.total, app.items.map((i: { id: string }) => i.id)], [c.total, c.items.map((i: { id: string }) => i.id)]),
  },

  // The incoming list: the readable filter and DocumentRepository.list + countCapped as IncomingService.list runs them.
  '/api/v1/incoming': {
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      const actor = actorOf(p);
      const readable = await readableFilter(deps.db, actor, DOCUMENT_COLUMNS);
      const pendingFor = bool(req.query.pendingForMe) ? { personId: actor.id, departmentId: actor.departmentId || null, roleStates: incomingRoleStates(actor) } : undefined;
      const filter = { direction: 'incoming' as const, state: req.query.state, year: num(req.query.year), pendingFor };
      const [items, counted] = await Promise.all([deps.documents.list({ ...filter, limit: num(req.query.limit) ?? 50, before: req.query.before }, readable), deps.documents.countCapped(filter, readable)]);
      return { items, ...counted };
    },
    disagreement: (app, c) => same('total and page', [app.total, app.totalCapped, ids(app.items)], [c.total, c.totalCapped, ids(c.items)]),
  },

  // The outgoing list, as OutgoingService.list runs it.
  '/api/v1/outgoing': {
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      const actor = actorOf(p);
      const readable = await readableFilter(deps.db, actor, DOCUMENT_COLUMNS);
      const filter = { direction: 'outgoing' as const, state: req.query.state, year: num(req.query.year), pendingFor: bool(req.query.pending) ? { personId: actor.id, departmentId: null } : undefined };
      const [items, counted] = await Promise.all([deps.documents.list({ ...filter, limit: num(req.query.limit) ?? 50, before: req.query.before }, readable), deps.documents.countCapped(filter, readable)]);
      return { items, ...counted };
    },
    disagreement: (app, c) => same('total and page', [app.total, app.totalCapped, ids(app.items)], [c.total, c.totalCapped, ids(c.items)]),
  },

  // Search: SearchIndex.search for the same actor (capped count and the page, the policy inside).
  '/api/v1/search': {
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      return deps.search.search(actorOf(p), { q: req.query.q ?? '', limit: num(req.query.limit) ?? 20 });
    },
    disagreement: (app, c) => same('total and hits', [app.total, app.totalCapped, app.items.map((h: { seq: number }) => h.seq)], [c.total, c.totalCapped, c.hits.map((h: { seq: number }) => h.seq)]),
  },

  // The supervision board: SupervisionStatistics.board for the same actor (the readable filter, the
  // page of ids, those rows, the status counts); no names, presenter or abilities.
  '/api/v1/supervision/board': {
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      await deps.supervision.calendar.load();
      const q = req.query;
      return deps.supervision.stats.board(actorOf(p), { departmentId: q.departmentId, limit: num(q.limit) ?? 50, offset: num(q.offset) ?? 0 });
    },
    disagreement: (app, c) => same('total, counts and page', [app.total, app.counts, ids(app.items)], [c.total, c.counts, ids(c.rows)]),
  },

  // Per-unit figures: SupervisionStatistics.unitFigures over the period, counted within what the actor may read.
  '/api/v1/supervision/statistics/units': {
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      const stats = deps.supervision.stats;
      const period = periodFrom({ period: req.query.period as 'month', date: req.query.date }, stats.today(), true)!;
      return { period, units: await stats.unitFigures(period, { actor: actorOf(p) }) };
    },
    disagreement: (app, c) => same('period and figures', [app.period, app.units], [c.period, c.units]),
  },

  // Registration: one document insert and its audit entry, chained at once (the previous link's
  // hash, the next chain number), in one transaction committed with synchronous=FULL; no number,
  // trail, index or answer to build. The app appends its entries unchained and its sealer chains
  // them in batches; the runner waits for that between rounds, so neither side inherits sealing.
  'POST /api/v1/incoming': {
    status: 201,
    handler: async (deps, req) => {
      const p = await principal(deps, req.cookie);
      if (!p) return null;
      const row = ceilingRow({ id: p.person_id, name: p.name }, req.body as ReturnType<typeof signForBody>);
      await deps.db.transaction().execute(async (trx) => {
        // PostgreSQL: one chain link at a time (SQLite's single writer already is).
        if (deps.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${CEILING_CHAIN_LOCK})`.execute(trx);
        await deps.documents.insert(trx, row);
        await deps.audit.append(trx, { actorId: p.person_id, actorName: p.name, ip: '127.0.0.1', action: 'document.sign_for', recordType: DOCUMENT, recordId: row.id, outcome: 'ok', details: { classification: row.classification } });
        const entry = await trx.selectFrom('audit_log').selectAll().where('record_type', '=', DOCUMENT).where('record_id', '=', row.id).executeTakeFirstOrThrow();
        const last = await trx.selectFrom('audit_chain').select(['chain_no', 'hash']).orderBy('chain_no', 'desc').limit(1).executeTakeFirst();
        const prev = last?.hash ?? GENESIS_HASH;
        await trx
          .insertInto('audit_chain')
          .values({ chain_no: Number(last?.chain_no ?? 0) + 1, entry_seq: Number(entry.seq), prev_hash: prev, hash: chainHash(prev, entry as Parameters<typeof chainHash>[1]), sealed_at: new Date().toISOString() })
          .execute();
      });
      return { id: row.id, title: row.title, sender: row.sender, state: row.state };
    },
    disagreement: (app, c) => same('registered document', [app.title, app.sender, app.state], [c.title, c.sender, c.state]),
  },
};
