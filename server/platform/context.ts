// What the composition root hands to every module: configuration and the platform services.
import type { Config } from '../config.js';
import type { Database } from './db/database.js';
import type { AuditService } from './audit/audit.service.js';
import type { AuthService } from './auth/auth.service.js';
import type { NotificationService } from './notify/notification.service.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { FileStore } from './files/file-store.js';
import type { WorkCalendar } from './calendar/work-calendar.js';
import type { PubSub } from './notify/pubsub.js';
import type { ScopeRepository } from './access/scope.repository.js';
import type { EventBus } from './events/event-bus.js';
import type { SearchIndex } from './search/index.js';

export interface AppContext {
  config: Config;
  database: Database;
  audit: AuditService;
  auth: AuthService;
  notify: NotificationService;
  jobs: JobQueue;
  files: FileStore;
  calendar: WorkCalendar;
  pubsub: PubSub;
  scopes: ScopeRepository;
  /** Domain events between modules (transactional outbox). */
  events: EventBus;
  /** The full-text index: modules write their records in the transaction of the change. */
  search: SearchIndex;
}
