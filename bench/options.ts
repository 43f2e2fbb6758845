// Command-line options of `npm run bench` (and of `tsx bench/generate.ts`).
import { parseArgs } from 'node:util';
import type { Dialect } from '../server/platform/db/database.js';
import { orgDataset, type Dataset } from './target.js';

/** The documents scenarios' data unless --people / --documents say otherwise (issue 3's figure). */
export const DOCUMENTS_PEOPLE = 2_000;
export const DOCUMENTS_COUNT = 1_000_000;
/** The supervision scenarios' items (issue 4's figure), on a company of DOCUMENTS_PEOPLE people. */
export const SUPERVISION_ITEMS = 200_000;

export interface BenchOptions {
  /** Departments (~60 × scale) of both datasets, and 10,000 × scale people of the foundation's. */
  scale: number;
  /** People and documents of the documents scenarios' dataset. */
  documentsDataset: Dataset;
  /** --people or --documents was given (bench/generate.ts then generates the documents dataset). */
  documentsAsked: boolean;
  /** People and supervision items of the supervision scenarios' dataset (no documents). */
  supervisionDataset: Dataset;
  /** --items was given (bench/generate.ts then generates the supervision dataset). */
  supervisionAsked: boolean;
  dialects: Dialect[];
  quick: boolean;
  /** Scenario names to run; empty means all of bench/scenarios.ts. */
  only: string[];
  /** Open-loop request rate (requests/s) when a scenario names none. */
  rate: number;
  /** Seconds measured by the open-loop client, after warmUp seconds that are not counted. */
  latencySeconds: number;
  warmUpSeconds: number;
  /** Seconds and connections of each autocannon saturation run. */
  throughputSeconds: number;
  connections: number;
  /** Latency and throughput are each measured in this many rounds, alternating app and ceiling. */
  rounds: number;
  /** Wait up to this long for other work on the machine to finish before each scenario (0: do not wait). */
  quietWaitSeconds: number;
  /** Start the app server with --cpu-prof and summarise where its time went. */
  profile: boolean;
  /** Throw the cached database away and generate it again. */
  regenerate: boolean;
}

const USAGE = `npm run bench -- [--scale 1] [--people 2000] [--documents 1000000] [--items 200000] [--dialect sqlite|postgres|both] [--quick] [--only me,people]
                 [--rate 200] [--seconds 20] [--warmup 5] [--throughput-seconds 15] [--connections 50]
                 [--rounds 5] [--quiet-wait 120] [--profile] [--regenerate]`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: '1' },
      people: { type: 'string' },
      documents: { type: 'string' },
      items: { type: 'string' },
      dialect: { type: 'string', default: 'both' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string', default: '' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      'throughput-seconds': { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      'quiet-wait': { type: 'string' },
      profile: { type: 'boolean', default: false },
      regenerate: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (v: string | undefined, dflt: number, name: string) => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not ${v}\n${USAGE}`);
    return n;
  };
  const dialect = values.dialect;
  if (dialect !== 'sqlite' && dialect !== 'postgres' && dialect !== 'both') throw new Error(`--dialect must be sqlite, postgres or both\n${USAGE}`);
  const quick = values.quick;
  const scale = num(values.scale, 1, 'scale');
  if (!Number.isInteger(scale)) throw new Error('--scale must be a whole number');
  const people = num(values.people, DOCUMENTS_PEOPLE, 'people');
  const documents = num(values.documents, DOCUMENTS_COUNT, 'documents');
  const items = num(values.items, SUPERVISION_ITEMS, 'items');
  if (!Number.isInteger(people) || !Number.isInteger(documents) || !Number.isInteger(items)) throw new Error('--people, --documents and --items must be whole numbers');
  return {
    scale,
    documentsDataset: { scale, people, documents },
    documentsAsked: values.documents !== undefined || (values.people !== undefined && values.items === undefined),
    supervisionDataset: { scale, people, documents: 0, items },
    supervisionAsked: values.items !== undefined,
    dialects: dialect === 'both' ? ['sqlite', 'postgres'] : [dialect],
    quick,
    only: values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : [],
    rate: num(values.rate, 200, 'rate'),
    latencySeconds: num(values.seconds, quick ? 5 : 20, 'seconds'),
    warmUpSeconds: num(values.warmup, quick ? 2 : 5, 'warmup'),
    throughputSeconds: num(values['throughput-seconds'], quick ? 5 : 15, 'throughput-seconds'),
    connections: num(values.connections, 50, 'connections'),
    rounds: num(values.rounds, quick ? 1 : 5, 'rounds'),
    quietWaitSeconds: values['quiet-wait'] === '0' ? 0 : num(values['quiet-wait'], quick ? 0 : 120, 'quiet-wait'),
    profile: values.profile,
    regenerate: values.regenerate,
  };
}

export type DatasetKind = 'org' | 'documents' | 'supervision';
export const DATASET_KINDS: DatasetKind[] = ['org', 'documents', 'supervision'];

/** The dataset a scenario of this kind runs on. */
export function datasetOf(opts: BenchOptions, kind: DatasetKind): Dataset {
  if (kind === 'supervision') return opts.supervisionDataset;
  return kind === 'documents' ? opts.documentsDataset : orgDataset(opts.scale);
}
