// Static list of migrations (no directory scan), so the same list works under tsx, in tests and in a bundle.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './20261126T0001_foundation.js';
import * as m0002 from './20261127T0002_domain_events.js';
import * as m0003 from './20261127T0003_search.js';
import * as m0004 from './20261127T0004_documents.js';
import * as m0005 from './20261127T0005_incoming.js';
import * as m0007 from './20261127T0007_outgoing_dispatch_attachments.js';
import * as m0008 from './20261127T0008_supervision.js';
import * as m0009 from './20261127T0009_supervision_directives.js';
import * as m0010 from './20261127T0010_pending_participations.js';
import * as m0011 from './20261127T0011_documents_year_index.js';
import * as m0012 from './20261127T0012_supervision_statistics.js';
import * as m0013 from './20261127T0013_supervision_open_participants.js';
import * as m0014 from './20261127T0014_supervision_open_classified_scopes.js';

const MIGRATIONS: Record<string, Migration> = {
  '20261126T0001_foundation': m0001,
  '20261127T0002_domain_events': m0002,
  '20261127T0003_search': m0003,
  '20261127T0004_documents': m0004,
  '20261127T0005_incoming': m0005,
  '20261127T0007_outgoing_dispatch_attachments': m0007,
  '20261127T0008_supervision': m0008,
  '20261127T0009_supervision_directives': m0009,
  '20261127T0010_pending_participations': m0010,
  '20261127T0011_documents_year_index': m0011,
  '20261127T0012_supervision_statistics': m0012,
  '20261127T0013_supervision_open_participants': m0013,
  '20261127T0014_supervision_open_classified_scopes': m0014,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
