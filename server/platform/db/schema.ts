// Kysely table types. Timestamps are ISO-8601 UTC strings; booleans are 0/1 integers (same on both databases).
import type { Generated } from 'kysely';

export interface CompanyTable {
  id: string;
  name: string;
  short_name: string;
  fonds_code: string;
  org_code: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DepartmentTable {
  id: string;
  company_id: string;
  parent_id: string | null;
  name: string;
  code: string;
  kind: 'office' | 'department' | 'branch';
  sort_order: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PersonTable {
  id: string;
  company_id: string;
  department_id: string;
  username: string;
  name: string;
  email: string | null;
  phone: string | null;
  position: string;
  rank_order: number;
  clearance: number;
  status: 'active' | 'disabled';
  password_hash: string | null;
  password_changed_at: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  totp_last_step: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PersonRoleTable {
  person_id: string;
  role: string;
}

export interface SessionTable {
  id: string;
  person_id: string;
  csrf_token: string;
  mfa_state: 'ok' | 'enrol';
  created_at: string;
  last_seen_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
  ip: string;
  user_agent: string;
}

export interface ApiTokenTable {
  id: string;
  person_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: string;
  details: string;
}

export interface AuditChainTable {
  chain_no: number;
  entry_seq: number;
  prev_hash: string;
  hash: string;
  sealed_at: string;
}

export interface AuditAnchorTable {
  id: Generated<number>;
  chain_no: number;
  hash: string;
  at: string;
}

export interface ReadingScopeTable {
  record_type: string;
  record_id: string;
  subject_kind: 'person' | 'department';
  subject_id: string;
  source: string;
  created_at: string;
}

export interface FileBlobTable {
  sha256: string;
  size: number;
  mime: string;
  created_at: string;
}

export interface FileChunkTable {
  sha256: string;
  idx: number;
  data: Buffer;
}

export interface AttachmentTable {
  id: string;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  classification: number;
  secrecy_term: string | null;
  owner_id: string;
  record_type: string | null;
  record_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface NotificationTable {
  id: string;
  person_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  record_type: string | null;
  record_id: string | null;
  classification: number;
  created_at: string;
  read_at: string | null;
}

export interface DeliveryTable {
  id: string;
  notification_id: string;
  channel: 'email' | 'webhook';
  target: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface JobTable {
  id: string;
  name: string;
  payload: string;
  run_at: string;
  state: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  singleton_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface JobRunTable {
  job_key: string;
  finished_at: string;
}

export interface HolidayTable {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: string;
  updated_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface DomainEventTable {
  id: string;
  type: string;
  source_type: string | null;
  source_id: string | null;
  actor_id: string | null;
  payload: string;
  created_at: string;
}

export interface EventConsumptionTable {
  consumer: string;
  event_id: string;
  processed_at: string;
}

export interface SequenceTable {
  key: string;
  last_value: number;
}

export interface DocumentTable {
  id: string;
  direction: 'incoming' | 'outgoing';
  state: string;
  year: number;
  serial: number | null;
  doc_number: string | null;
  title: string;
  doc_kind: string;
  urgency: 'normal' | 'urgent' | 'very_urgent';
  classification: number;
  secrecy_term: string | null;
  sender: string | null;
  addressee: string | null;
  cc: string | null;
  body: string;
  pages: number | null;
  copies: number | null;
  received_at: string | null;
  deadline: string | null;
  lead_department_id: string | null;
  drafting_department_id: string | null;
  replies_to_id: string | null;
  data: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DocumentStepTable {
  id: string;
  document_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_name: string;
  opinion: string | null;
  data: string;
  at: string;
}

export interface DocumentVersionTable {
  id: string;
  document_id: string;
  version_no: number;
  title: string;
  body: string;
  created_by: string;
  created_at: string;
}

export interface DocumentParticipantTable {
  document_id: string;
  relation: string;
  subject_kind: 'person' | 'department';
  subject_id: string;
  state: string;
  acted_at: string | null;
  created_at: string;
}

export interface CirculationTable {
  id: string;
  document_id: string;
  mode: 'sequential' | 'parallel';
  created_by: string;
  created_by_name: string;
  created_at: string;
  recalled_at: string | null;
}

export interface CirculationReaderTable {
  document_id: string;
  circulation_id: string;
  position: number;
  department_id: string;
  person_id: string | null;
  state: 'waiting' | 'received' | 'opened' | 'read' | 'recalled';
  received_at: string | null;
  opened_at: string | null;
  read_at: string | null;
  chased_count: number;
  last_chased_at: string | null;
}

export interface IssueNumberTable {
  org_code: string;
  year: number;
  number: number;
  document_id: string;
  state: 'used' | 'voided';
  void_reason: string | null;
  allocated_at: string;
  voided_at: string | null;
}

/** 发文 dispatch: one row per recipient (主送/抄送), confirmed once when the office learns it arrived. */
export interface DocumentDeliveryTable {
  id: string;
  document_id: string;
  position: number;
  recipient: string;
  kind: 'main' | 'cc';
  dispatched_at: string;
  confirmed_at: string | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  note: string | null;
}

/** seed 二 3.9: the final draft and copies of a dispatched document registered for archiving. */
export interface DocumentFileCopyTable {
  document_id: string;
  kind: 'final_draft' | 'copy';
  count: number;
  year: number;
  registered_at: string;
  registered_by: string;
  registered_by_name: string;
}

/** One version of a document's attachment; `lineage_id` is its first version's id. */
export interface DocumentAttachmentTable {
  id: string;
  document_id: string;
  lineage_id: string;
  version_no: number;
  attachment_id: string;
  created_by: string;
  created_by_name: string;
  created_at: string;
}

export interface SearchDocTable {
  /** Grows with the time a record was first indexed: "newest first" walks it down. */
  seq: Generated<number>;
  record_type: string;
  record_id: string;
  title: string;
  reference: string | null;
  kind: string | null;
  state: string | null;
  sender: string | null;
  year: number | null;
  classification: number;
  occurred_at: string;
  /** Letters, digits and CJK characters of everything indexed, for verifying phrases. */
  content: string;
  indexed_at: string;
}

// 督查督办 (migration T0008).
export interface SupervisionCategoryTable {
  key: string;
  name_zh: string;
  name_en: string;
  required_steps: string;
  report_every_days: number;
  default_deadline_days: number;
  sort_order: number;
  active: number;
  updated_at: string;
  version: number;
}

export interface SupervisionItemTable {
  id: string;
  year: number;
  serial: number;
  procedure: 'assigned' | 'central';
  state: string;
  round: number;
  source_type: string;
  source_id: string | null;
  source_index: number;
  category: string;
  title: string;
  requirement: string;
  assigned_by: string | null;
  lead_department_id: string | null;
  lead_person_id: string | null;
  deadline: string;
  original_deadline: string;
  milestones: string;
  priority: string;
  mode: 'general' | 'special' | 'group' | 'by_level' | 'leader_in_person';
  classification: number;
  parent_id: string | null;
  progress: number;
  completed_at: string | null;
  archive_candidate: number;
  data: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SupervisionParticipantTable {
  item_id: string;
  relation: string;
  subject_kind: 'person' | 'department';
  subject_id: string;
  created_at: string;
  /** 1 while the item is not closed: kept by triggers (T0013), never written by the code. */
  open: Generated<number>;
}

export interface SupervisionUnitTable {
  item_id: string;
  department_id: string;
  role: 'lead' | 'co';
  person_id: string | null;
}

export interface SupervisionStepTable {
  id: string;
  item_id: string;
  round: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_name: string;
  opinion: string | null;
  data: string;
  at: string;
}

export interface SupervisionReportTable {
  id: string;
  item_id: string;
  round: number;
  kind: 'progress' | 'completion';
  department_id: string | null;
  text: string;
  percent: number | null;
  attachment_ids: string;
  reported_by: string;
  reported_by_name: string;
  at: string;
}

export interface SupervisionChaseTable {
  id: string;
  item_id: string;
  kind: 'manual' | 'automatic';
  point: string | null;
  note: string;
  told: string;
  chased_by: string;
  chased_by_name: string;
  at: string;
}

export interface SupervisionCheckTable {
  id: string;
  item_id: string;
  round: number;
  outcome: 'passed' | 'returned';
  reasons: string;
  checked_by: string;
  checked_by_name: string;
  at: string;
}

export interface SupervisionExtensionTable {
  id: string;
  item_id: string;
  state: 'pending' | 'approved' | 'refused';
  previous_deadline: string;
  requested_deadline: string;
  reason: string;
  requested_by: string;
  requested_by_name: string;
  requested_at: string;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface SupervisionReminderTable {
  item_id: string;
  point: string;
  fired_at: string;
}

// The reading-scope subjects of open classified items, kept by triggers (migration T0014): where
// the office's board starts counting classified items.
export interface SupervisionOpenScopeTable {
  subject_kind: string;
  subject_id: string;
  item_id: string;
}

// The board's and the unit figures' per-day aggregates, kept by triggers (migration T0012).
export interface SupervisionBoardDayTable {
  status: string;
  deadline: string;
  classification: number;
  n: number;
}

export interface SupervisionUnitDayTable {
  department_id: string;
  day: string;
  classification: number;
  items: number;
  completed: number;
  on_time: number;
  late_done: number;
  late_done_days: number;
  open_items: number;
  /** Σ of the open items' original deadlines as day numbers from 2000-01-01. */
  open_day_sum: number;
  chases: number;
}

export type SupervisionUnitMonthTable = Omit<SupervisionUnitDayTable, 'day'> & { month: string };

// 一周工作指令, 协调, 汇总回告 (migration T0009).
export interface SupervisionDirectiveListTable {
  id: string;
  week: string;
  week_start: string;
  title: string;
  category: string;
  meeting_note: string;
  state: 'draft' | 'submitted' | 'approved' | 'issued';
  drafted_by: string;
  drafted_by_name: string;
  submitted_at: string | null;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: string | null;
  opinion: string | null;
  issued_by: string | null;
  issued_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SupervisionDirectiveTable {
  list_id: string;
  idx: number;
  text: string;
  lead_department_id: string;
  lead_person_id: string | null;
  deadline: string | null;
  deadline_working_days: number | null;
  item_id: string | null;
}

export interface SupervisionDirectiveReportTable {
  id: string;
  list_id: string;
  week: string;
  slot_key: string | null;
  compiled_at: string;
  compiled_by: string;
  data: string;
}

export interface SupervisionCoordinationTable {
  id: string;
  title: string;
  matter: string;
  state: 'gathering' | 'consulting' | 'agreed' | 'submitted' | 'approved' | 'closed';
  plan: string;
  agreed_opinion: string;
  tasks: string;
  leader_id: string;
  leader_opinion: string | null;
  approved_at: string | null;
  classification: number;
  created_by: string;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SupervisionCoordinationDepartmentTable {
  coordination_id: string;
  department_id: string;
  opinion: string | null;
  opinion_by: string | null;
  opinion_by_name: string | null;
  opinion_at: string | null;
}

export interface SupervisionCoordinationNoteTable {
  id: string;
  coordination_id: string;
  text: string;
  by_id: string;
  by_name: string;
  at: string;
}

export interface SupervisionExecutionSummaryTable {
  id: string;
  item_id: string;
  text: string;
  report_ids: string;
  missing_item_ids: string;
  by_id: string;
  by_name: string;
  at: string;
}

export interface DB {
  companies: CompanyTable;
  departments: DepartmentTable;
  people: PersonTable;
  person_roles: PersonRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  audit_anchors: AuditAnchorTable;
  reading_scopes: ReadingScopeTable;
  file_blobs: FileBlobTable;
  file_chunks: FileChunkTable;
  attachments: AttachmentTable;
  notifications: NotificationTable;
  deliveries: DeliveryTable;
  jobs: JobTable;
  job_runs: JobRunTable;
  holidays: HolidayTable;
  settings: SettingTable;
  domain_events: DomainEventTable;
  event_consumptions: EventConsumptionTable;
  search_docs: SearchDocTable;
  sequences: SequenceTable;
  documents: DocumentTable;
  document_steps: DocumentStepTable;
  document_versions: DocumentVersionTable;
  document_participants: DocumentParticipantTable;
  issue_numbers: IssueNumberTable;
  circulations: CirculationTable;
  circulation_readers: CirculationReaderTable;
  document_deliveries: DocumentDeliveryTable;
  document_file_copies: DocumentFileCopyTable;
  document_attachments: DocumentAttachmentTable;
  supervision_categories: SupervisionCategoryTable;
  supervision_items: SupervisionItemTable;
  supervision_participants: SupervisionParticipantTable;
  supervision_units: SupervisionUnitTable;
  supervision_steps: SupervisionStepTable;
  supervision_reports: SupervisionReportTable;
  supervision_chases: SupervisionChaseTable;
  supervision_checks: SupervisionCheckTable;
  supervision_extensions: SupervisionExtensionTable;
  supervision_reminders: SupervisionReminderTable;
  supervision_open_scopes: SupervisionOpenScopeTable;
  supervision_board_days: SupervisionBoardDayTable;
  supervision_unit_days: SupervisionUnitDayTable;
  supervision_unit_months: SupervisionUnitMonthTable;
  supervision_directive_lists: SupervisionDirectiveListTable;
  supervision_directives: SupervisionDirectiveTable;
  supervision_directive_reports: SupervisionDirectiveReportTable;
  supervision_coordinations: SupervisionCoordinationTable;
  supervision_coordination_departments: SupervisionCoordinationDepartmentTable;
  supervision_coordination_notes: SupervisionCoordinationNoteTable;
  supervision_execution_summaries: SupervisionExecutionSummaryTable;
}
