// The ceilings: for each application route a scenario loads, a bare handler that runs the same SQL
// through the same repository functions for the session in the request, and nothing else (no
// hooks, no validation, no presenter, no logging, no cache across requests). What the app serves
// beyond this is the framework's and the application's own cost.
import type { AuthRepository } from '../server/platform/auth/auth.repository.js';
import type { OrgRepository } from '../server/modules/org/org.repository.js';
import { SESSION_COOKIE } from '../server/platform/auth/auth.service.js';
import { sha256Hex } from '../server/platform/ids.js';
import { TOUCH_EVERY_MS } from './sessions.js';

export interface CeilingDeps {
  auth: AuthRepository;
  org: OrgRepository;
  sessionIdleMs: number;
}

export interface CeilingRequest {
  cookie: string | undefined;
  query: Record<string, string | undefined>;
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

export type CeilingHandler = (deps: CeilingDeps, req: CeilingRequest) => Promise<unknown | null>;

export interface CeilingRoute {
  handler: CeilingHandler;
  /**
   * Checked once per scenario before it is timed: does the ceiling answer the same records as the
   * app (null) or not (what differs)? It keeps the ceiling honest as the app's route changes.
   */
  disagreement(app: any, ceiling: any): string | null;
}

const same = (what: string, a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? null : `${what}: app ${JSON.stringify(a)}, ceiling ${JSON.stringify(b)}`);

/** Keyed by the application's route URL; a null answer from a handler is a 401. */
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
};
