// The endpoints `npm run bench` loads. Later issues add theirs here (and, for the ceiling, a
// handler in ceiling-routes.ts under the same route URL). Each request goes out with the session
// cookie of the next of the ≥ 1,000 bench users, rotating.
import { todayIn } from '../server/platform/calendar/work-calendar.js';
import { loadConfig } from '../server/config.js';
import { probeWord } from './corpus.js';
import type { Fixture } from './generate.js';
import type { DatasetKind } from './options.js';
import { removeBenchRegistrations, signForBody } from './registrations.js';
import type { BenchUser } from './sessions.js';
import type { Database } from '../server/platform/db/database.js';

/** The bars an issue set for a scenario, shown beside its figures. */
export interface Targets {
  /** App throughput at saturation ÷ the ceiling's, at least (the foundation's 60 % when absent). */
  ratio?: number;
  /** Open-loop p95 at the scenario's rate, at most, in ms (set for SQLite; PostgreSQL is reported beside it). */
  p95Ms?: number;
  /** App 2xx answers per second at saturation, at least. */
  rps?: number;
}

export interface Scenario {
  /** Short name, used by --only and in the results. */
  name: string;
  /** What a reader of BENCHMARKS.md should know it is. */
  title: string;
  /** The application route (a key of CEILING_ROUTES: the URL, or "POST <url>" for a write). */
  route: string;
  /** The data it runs on: the foundation's company (10,000 × scale people) or the documents' (2,000 people, 1,000,000 documents). */
  dataset?: DatasetKind;
  method?: 'GET' | 'POST';
  /** The n-th request's path with its query string. Vary what a real client would, so nothing is served from a warm row alone. */
  path(n: number, fixture: Fixture): string;
  /** The n-th request's JSON body (a write). */
  body?(n: number, fixture: Fixture): unknown;
  /** Which session users send it (all of them, rotating, when absent). */
  users?(u: BenchUser): boolean;
  /** Open-loop requests per second; the --rate option when absent. */
  rate?: number;
  /** Saturation rounds of this many seconds each (a sustained rate), instead of --throughput-seconds split over --rounds. */
  throughputRound?: { seconds: number; rounds: number };
  targets?: Targets;
  /** Undoes what the scenario wrote, before and after it runs, so the data stays as generated. */
  cleanUp?(database: Database): Promise<number>;
}

const SEARCH_TARGETS: Targets = { ratio: 0.5, p95Ms: 25 };
const search = (label: 'common' | 'rare' | 'absent', what: string): Scenario => ({
  name: `search-${label}`,
  title: `GET /api/v1/search?q=${probeWord(label)}&limit=20 (${what})`,
  route: '/api/v1/search',
  dataset: 'documents',
  path: () => `/api/v1/search?q=${encodeURIComponent(probeWord(label))}&limit=20`,
  targets: SEARCH_TARGETS,
});

/** This year in the company's time zone: the register a secretary opens. */
const thisYear = () => todayIn(loadConfig().tzCompany).slice(0, 4);

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

  // Issue 3: official documents, on 2,000 people and 1,000,000 documents.
  {
    name: 'incoming-pending',
    title: 'GET /api/v1/incoming?pendingForMe=true&limit=20 (each user\'s pending 收文)',
    route: '/api/v1/incoming',
    dataset: 'documents',
    path: () => '/api/v1/incoming?pendingForMe=true&limit=20',
    targets: { ratio: 0.5, p95Ms: 15 },
  },
  search('common', '会议, in ~20 % of documents'),
  search('rare', '鲲鹏, in ~0.01 %'),
  search('absent', '犀牛, in none'),
  {
    name: 'outgoing-pending',
    title: 'GET /api/v1/outgoing?pending=true&limit=20 (each user\'s pending 发文)',
    route: '/api/v1/outgoing',
    dataset: 'documents',
    path: () => '/api/v1/outgoing?pending=true&limit=20',
    targets: { ratio: 0.5 },
  },
  {
    name: 'incoming-register-list',
    title: 'GET /api/v1/incoming?year=<this year>&limit=20 (the year\'s 收文 register)',
    route: '/api/v1/incoming',
    dataset: 'documents',
    path: () => `/api/v1/incoming?year=${thisYear()}&limit=20`,
    targets: { ratio: 0.5 },
  },
  {
    // Last: its registrations are removed again afterwards (registrations.ts).
    name: 'incoming-register',
    title: 'POST /api/v1/incoming (sign for and register in one request, by the secretaries)',
    route: 'POST /api/v1/incoming',
    dataset: 'documents',
    method: 'POST',
    path: () => '/api/v1/incoming',
    body: (n) => signForBody(n),
    users: (u) => u.roles.includes('secretary'),
    throughputRound: { seconds: 20, rounds: 3 },
    targets: { rps: 1000 },
    cleanUp: removeBenchRegistrations,
  },
];

// Issue 4: supervision, on the documents' company (2,000 people) and 200,000 items, 20 % open.
const SUPERVISION_TARGETS: Targets = { ratio: 0.5, p95Ms: 50 };
/** The General Manager's Office (director and secretaries): they oversee every item. */
const office = (u: BenchUser) => u.roles.includes('secretary') || u.roles.includes('office_director');
SCENARIOS.push(
  {
    name: 'supervision-board',
    title: 'GET /api/v1/supervision/board?limit=50 (the board\'s first page, as the office: all open items)',
    route: '/api/v1/supervision/board',
    dataset: 'supervision',
    path: () => '/api/v1/supervision/board?limit=50',
    users: office,
    targets: SUPERVISION_TARGETS,
  },
  {
    name: 'supervision-board-unit',
    title: 'GET /api/v1/supervision/board?departmentId=…&limit=50 (one unit\'s open items, rotating over all units, as the office)',
    route: '/api/v1/supervision/board',
    dataset: 'supervision',
    path: (n, fx) => `/api/v1/supervision/board?departmentId=${fx.departments[n % fx.departments.length].id}&limit=50`,
    users: office,
    targets: SUPERVISION_TARGETS,
  },
  {
    name: 'supervision-board-head',
    title: 'GET /api/v1/supervision/board?limit=50 (a unit head\'s board: the items that concern their unit)',
    route: '/api/v1/supervision/board',
    dataset: 'supervision',
    path: () => '/api/v1/supervision/board?limit=50',
    users: (u) => u.roles.includes('dept_head'),
    targets: SUPERVISION_TARGETS,
  },
  {
    name: 'supervision-units-month',
    title: 'GET /api/v1/supervision/statistics/units?period=month (every unit\'s figures for this month, as the office)',
    route: '/api/v1/supervision/statistics/units',
    dataset: 'supervision',
    path: () => '/api/v1/supervision/statistics/units?period=month',
    users: office,
    targets: SUPERVISION_TARGETS,
  },
  {
    name: 'supervision-units-year',
    title: 'GET /api/v1/supervision/statistics/units?period=year (every unit\'s figures for this year, as the office)',
    route: '/api/v1/supervision/statistics/units',
    dataset: 'supervision',
    path: () => '/api/v1/supervision/statistics/units?period=year',
    users: office,
    targets: SUPERVISION_TARGETS,
  },
);

export function selectScenarios(only: string[]): Scenario[] {
  if (only.length === 0) return SCENARIOS;
  const unknown = only.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return SCENARIOS.filter((s) => only.includes(s.name));
}
