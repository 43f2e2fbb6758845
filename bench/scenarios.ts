// The endpoints `npm run bench` loads. Later issues add theirs here (and, for the ceiling, a
// handler in ceiling-routes.ts under the same route URL). Each request goes out with the session
// cookie of the next of the ≥ 1,000 bench users, rotating.
import type { Fixture } from './generate.js';

export interface Scenario {
  /** Short name, used by --only and in the results. */
  name: string;
  /** What a reader of BENCHMARKS.md should know it is. */
  title: string;
  /** The application route (a key of CEILING_ROUTES). */
  route: string;
  /** The n-th request's path with its query string. Vary what a real client would, so nothing is served from a warm row alone. */
  path(n: number, fixture: Fixture): string;
  /** Open-loop requests per second; the --rate option when absent. */
  rate?: number;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'me',
    title: 'GET /api/v1/me',
    route: '/api/v1/me',
    path: () => '/api/v1/me',
  },
  {
    name: 'people',
    title: 'GET /api/v1/org/people?limit=20',
    route: '/api/v1/org/people',
    path: () => '/api/v1/org/people?limit=20',
  },
  {
    name: 'people-dept',
    title: 'GET /api/v1/org/people?departmentId=…&limit=20 (rotating over all departments)',
    route: '/api/v1/org/people',
    path: (n, fx) => `/api/v1/org/people?departmentId=${fx.departments[n % fx.departments.length].id}&limit=20`,
  },
  {
    name: 'people-search',
    title: 'GET /api/v1/org/people?q=王&limit=20 (a LIKE over all people)',
    route: '/api/v1/org/people',
    path: () => `/api/v1/org/people?q=${encodeURIComponent('王')}&limit=20`,
    // A search counts its matches over every person: several times the work of a plain page, and
    // asked for less often; at 200/s it would measure a queue, not the search.
    rate: 100,
  },
];

export function selectScenarios(only: string[]): Scenario[] {
  if (only.length === 0) return SCENARIOS;
  const unknown = only.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return SCENARIOS.filter((s) => only.includes(s.name));
}
