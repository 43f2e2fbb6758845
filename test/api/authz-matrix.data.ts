// The authorisation matrix, written by hand from the business rules (common/roles.ts as the product
// intends it, DESIGN.md §4 separation of duties), NOT derived from the routes' own declarations: a
// route whose declaration drifts from the rules fails the matrix test.
import { ROLES } from '../../common/roles.js';

// Y = the caller may use the endpoint; - = refused (401 for anonymous, 403 for a role).
//
// The rules behind the columns:
// - Every signed-in person manages their own account (/me, password, TOTP, API tokens), their inbox,
//   and may look up the holiday calendar (reference data, not a company record), the auditor too.
// - The sysadmin, the security officer and the auditor must keep their second factor: they may not
//   switch TOTP off (等保 2.0 level 3).
// - The staff directory (org.read) serves everyone who works with records, the sysadmin who runs
//   the accounts and the security officer who sets clearances; the auditor reads the audit log and
//   nothing else (三权分立).
// - Accounts, departments, the company and imports: the sysadmin only. Clearances: the security
//   officer (and the sysadmin for the other fields of a person: one endpoint, two duties).
// - Attachments are records: staff read and upload them; the sysadmin reads no classified content
//   and has no business with records, the auditor none at all. Only the security officer changes a
//   file's classification and reading scope.
// - The audit log (search, export, verify): the auditor only — not the sysadmin, not the security
//   officer.
// - 收文: the office's registrars (director, secretaries, clerks) sign for and register deliveries
//   and mark return slips; every staff member reads documents (the policy filters each one) and
//   takes the workflow actions the document's own rules give them; the GM's batch of private
//   instructions (五 5.10) is for the GM and the secretaries only, not the vice GMs. 传阅 is started,
//   chased and recalled by the registrars; every staff member may call open/read, and the service
//   lets only the head of a circulated department act for it. 催办 (manual chase, the overdue list)
//   is the registrars' tracking work. The 收文登记簿 export is the registrars' book; the 办文单 is
//   printed by whoever may read the document (404 otherwise, like its detail).
// - The official holiday schedule is entered by the office (director, secretaries) and the sysadmin.
// - 发文: every staff member drafts and reads (within classification and scope) and acts where the
//   workflow names them; the issue-number ledger is the office's (director, secretaries); only the
//   office director voids a number or names an authorised signer. The office that posts a
//   document (director, secretaries, clerks) keeps the 发文登记簿 and records each recipient's
//   receipt; the file copies kept for archiving (seed 二 3.9) are listed for the archivist and the
//   office that registers them. Every staff member may attach a file to a document; the service
//   lets only whoever may act on the document now.
// - 督查督办: every staff member may call the item endpoints (list, detail, actions, progress
//   reports, chases, extensions, decomposition); the policy shows each caller only the items that
//   concern them (the office, the GM, the assigning leader, the units' heads and named people, a
//   督查组's members, named readers), and the item's standing decides who may act (only the handler
//   reports, only a supervisor checks or chases, only the assigner reviews). Registering and correcting an item and
//   the categories with their standards and the automatic chasing points are the office's (director, secretaries: supervision.manage). The
//   sysadmin and the auditor have no business with supervision items.
// - 一周工作指令 (五 5.12) belong to the 总经理室 and its office: the office (director, secretaries)
//   drafts, edits, issues and sends the Saturday 指令落实情况; the GM and the vice GMs read the lists
//   and reports, and the GM alone approves or returns a list (the list's workflow, not the route, says
//   so: the route admits the 总经理室 and the office). Units see the directives as their items.
// - The supervision board and the per-unit figures are for everyone who has supervision items: each
//   caller's colours, counts and figures come from the items the policy lets them read. How soon
//   "due soon" is, is the office's setting.
// - 协调 records (三 2.1–2.14) are registered by the office (director, secretaries); every staff
//   member may call the record endpoints, and the record decides: the office and the GM read all,
//   the deciding leader and the consulted departments' heads read theirs (404 for anyone else), the
//   office notes and moves it on, a consulted head gives the unit's opinion, the leader approves.
// - 执行情况汇总 (三 3.31) is read by whoever reads the item (its sub-items filtered by the policy)
//   and written by whoever supervises it (the item's standing: the office, a 督查组, the level above).
// - Full-text search reads records: the staff search (the policy filters every hit and the count);
//   the sysadmin and the auditor, who have no business with records, do not.

// A new role adds a column, and every row then fails to parse until someone decides its cells.
export const COLUMNS = [...ROLES, 'anonymous'] as const;
export type Column = (typeof COLUMNS)[number];

export interface MatrixRow {
  method: string;
  path: string;
  /** One cell per column, in COLUMNS order: Y allow, - deny. */
  cells: string;
}

//                                                           gm vgm  od sec  dh clk arc  so  sa aud anon
const TABLE = `
GET    /api/health                                            Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y
GET    /api/openapi.json                                      Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y
POST   /api/v1/auth/login                                     Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   Y
POST   /api/v1/auth/logout                                    Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
GET    /api/v1/me                                             Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
POST   /api/v1/me/password                                    Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
POST   /api/v1/me/totp/start                                  Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
POST   /api/v1/me/totp/confirm                                Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
POST   /api/v1/me/totp/disable                                Y   Y   Y   Y   Y   Y   Y   -   -   -   -
GET    /api/v1/me/tokens                                      Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
POST   /api/v1/me/tokens                                      Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
DELETE /api/v1/me/tokens/:id                                  Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
GET    /api/v1/notifications                                  Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
GET    /api/v1/notifications/unread-count                     Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
POST   /api/v1/notifications/read                             Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
GET    /api/v1/notifications/stream                           Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
GET    /api/v1/audit                                          -   -   -   -   -   -   -   -   -   Y   -
GET    /api/v1/audit/export                                   -   -   -   -   -   -   -   -   -   Y   -
POST   /api/v1/audit/verify                                   -   -   -   -   -   -   -   -   -   Y   -
GET    /api/v1/calendar/holidays                              Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
GET    /api/v1/calendar/working-days                          Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   -
PUT    /api/v1/calendar/holidays/:year                        -   -   Y   Y   -   -   -   -   Y   -   -
POST   /api/v1/attachments                                    Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/attachments                                    Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/search                                         Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/attachments/:id                                Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/attachments/:id/content                        Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
PATCH  /api/v1/attachments/:id/classification                 -   -   -   -   -   -   -   Y   -   -   -
GET    /api/v1/org/company                                    Y   Y   Y   Y   Y   Y   Y   Y   Y   -   -
PATCH  /api/v1/org/company                                    -   -   -   -   -   -   -   -   Y   -   -
GET    /api/v1/org/departments                                Y   Y   Y   Y   Y   Y   Y   Y   Y   -   -
POST   /api/v1/org/departments                                -   -   -   -   -   -   -   -   Y   -   -
PATCH  /api/v1/org/departments/:id                            -   -   -   -   -   -   -   -   Y   -   -
DELETE /api/v1/org/departments/:id                            -   -   -   -   -   -   -   -   Y   -   -
GET    /api/v1/org/people                                     Y   Y   Y   Y   Y   Y   Y   Y   Y   -   -
GET    /api/v1/org/people/:id                                 Y   Y   Y   Y   Y   Y   Y   Y   Y   -   -
POST   /api/v1/org/people                                     -   -   -   -   -   -   -   -   Y   -   -
PATCH  /api/v1/org/people/:id                                 -   -   -   -   -   -   -   Y   Y   -   -
POST   /api/v1/org/people/:id/password                        -   -   -   -   -   -   -   -   Y   -   -
GET    /api/v1/org/import/template                            -   -   -   -   -   -   -   -   Y   -   -
POST   /api/v1/org/import                                     -   -   -   -   -   -   -   -   Y   -   -
POST   /api/v1/outgoing                                       Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/outgoing                                       Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/outgoing/numbers                               -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/documents/:id                                  Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/outgoing/:id                                   Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
PATCH  /api/v1/outgoing/:id                                   Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/outgoing/:id/actions                           Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/outgoing/:id/void-number                       -   -   Y   -   -   -   -   -   -   -   -
POST   /api/v1/outgoing/:id/signer                            -   -   Y   -   -   -   -   -   -   -   -
GET    /api/v1/outgoing/:id/docx                              Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/outgoing/register.xlsx                         -   -   Y   Y   -   Y   -   -   -   -   -
GET    /api/v1/outgoing/file-copies                           -   -   Y   Y   -   -   Y   -   -   -   -
POST   /api/v1/outgoing/:id/deliveries/:deliveryId/confirm    -   -   Y   Y   -   Y   -   -   -   -   -
POST   /api/v1/documents/:id/attachments                      Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/incoming                                       -   -   Y   Y   -   Y   -   -   -   -   -
GET    /api/v1/incoming                                       Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/incoming/batches/current                       Y   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/incoming/:id                                   Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/incoming/:id/actions                           Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/incoming/:id/return-slip                       -   -   Y   Y   -   Y   -   -   -   -   -
GET    /api/v1/incoming/:id/circulations                      Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/incoming/:id/circulations                      -   -   Y   Y   -   Y   -   -   -   -   -
POST   /api/v1/incoming/:id/circulations/:cid/open            Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/incoming/:id/circulations/:cid/read            Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/incoming/:id/circulations/:cid/chase           -   -   Y   Y   -   Y   -   -   -   -   -
POST   /api/v1/incoming/:id/circulations/:cid/recall          -   -   Y   Y   -   Y   -   -   -   -   -
GET    /api/v1/incoming/overdue                               -   -   Y   Y   -   Y   -   -   -   -   -
POST   /api/v1/incoming/:id/chase                             -   -   Y   Y   -   Y   -   -   -   -   -
GET    /api/v1/incoming/register.xlsx                         -   -   Y   Y   -   Y   -   -   -   -   -
GET    /api/v1/incoming/:id/slip.xlsx                         Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/supervision/categories                         Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
PUT    /api/v1/supervision/categories/:key                    -   -   Y   Y   -   -   -   -   -   -   -
POST   /api/v1/supervision/items                              -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/items                              Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/supervision/items/:id                          Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
PATCH  /api/v1/supervision/items/:id                          -   -   Y   Y   -   -   -   -   -   -   -
POST   /api/v1/supervision/items/:id/actions                  Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/items/:id/reports                  Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/items/:id/chases                   Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/items/:id/extensions               Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/items/:id/extensions/:eid/decision Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/items/:id/children                 Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/supervision/settings/reminders                 -   -   Y   Y   -   -   -   -   -   -   -
PUT    /api/v1/supervision/settings/reminders                 -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/directives                         Y   Y   Y   Y   -   -   -   -   -   -   -
POST   /api/v1/supervision/directives                         -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/directives/settings/report-schedule -  -   Y   Y   -   -   -   -   -   -   -
PUT    /api/v1/supervision/directives/settings/report-schedule -  -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/directives/:id                     Y   Y   Y   Y   -   -   -   -   -   -   -
PUT    /api/v1/supervision/directives/:id                     -   -   Y   Y   -   -   -   -   -   -   -
POST   /api/v1/supervision/directives/:id/actions             Y   Y   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/directives/:id/report              Y   Y   Y   Y   -   -   -   -   -   -   -
POST   /api/v1/supervision/directives/:id/report              -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/directives/:id/report.xlsx         Y   Y   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/directives/:id/report.docx         Y   Y   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/board                              Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/supervision/board/settings                     Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
PUT    /api/v1/supervision/board/settings                     -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/statistics/units                   Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/supervision/statistics/units.xlsx              Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/supervision/coordinations                      Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/coordinations                      -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/coordinations/:id                  Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/coordinations/:id/notes            Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/coordinations/:id/opinions         Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/coordinations/:id/actions          Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
PUT    /api/v1/supervision/coordinations/:id/classification   -   -   Y   Y   -   -   -   -   -   -   -
GET    /api/v1/supervision/items/:id/execution                Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
POST   /api/v1/supervision/items/:id/execution/summaries      Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
GET    /api/v1/supervision/items/:id/notice.docx              Y   Y   Y   Y   Y   Y   Y   Y   -   -   -
`;
export const MATRIX: MatrixRow[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [method, path, ...cells] = line.trim().split(/\s+/);
    if (cells.length !== COLUMNS.length || cells.some((c) => c !== 'Y' && c !== '-')) throw new Error(`bad matrix row: ${line}`);
    return { method, path, cells: cells.join('') };
  });

export const routeKey = (method: string, path: string) => `${method} ${path}`;

export function expectation(row: MatrixRow, column: Column): 'allow' | 'deny' {
  return row.cells[COLUMNS.indexOf(column)] === 'Y' ? 'allow' : 'deny';
}
