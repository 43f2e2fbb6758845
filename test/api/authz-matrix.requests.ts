// How the matrix calls each endpoint: a sensible minimal valid request, so that a caller who may use
// the endpoint gets a success or a 4xx other than 401/403 (404 on a dummy id, 409 on a stale
// version, 422 on a wrong current password) and a caller who may not gets 401/403. Mutations aim at
// dummy ids or create uniquely named rows, so one server serves every column.
import { hotp, totpStep } from '../../server/platform/auth/totp.js';
import { routeKey } from './authz-matrix.data.js';

export interface MatrixFixture {
  /** A well-formed id (UUIDv7) that names no record. */
  dummyId: string;
  /** A public (公开) attachment every staff member may read. */
  attachmentId: string;
  personId: string;
  departmentId: string;
}

export interface MatrixRequest {
  method: string;
  path: string;
  body?: unknown;
  /** Server-sent events: only the status is read, then the stream is closed. */
  sse?: boolean;
}

/** What one caller's earlier requests left behind (e.g. the TOTP secret a start returned). */
export type CallerMemo = { tag: string; totpSecret?: string };

type Recipe = (f: MatrixFixture, memo: CallerMemo) => MatrixRequest;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function upload(filename: string, mime: string, content: string | Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([content as BlobPart], { type: mime }), filename);
  return form;
}

/** A six-digit code that is surely not valid now for this secret (or any code without one). */
function wrongTotp(secret?: string): string {
  const valid = secret ? [-1, 0, 1].map((d) => hotp(secret, totpStep() + d)) : [];
  for (let n = 0; ; n++) {
    const code = String(123456 + n).padStart(6, '0');
    if (!valid.includes(code)) return code;
  }
}

const R = (method: string, path: string, body?: unknown, extra: Partial<MatrixRequest> = {}): MatrixRequest => ({ method, path, body, ...extra });

export const RECIPES: Record<string, Recipe> = {
  [routeKey('GET', '/api/health')]: () => R('GET', '/api/health'),
  [routeKey('GET', '/api/openapi.json')]: () => R('GET', '/api/openapi.json'),
  // Public, so an incomplete body reaches validation (400) for everyone, signed in or not.
  [routeKey('POST', '/api/v1/auth/login')]: () => R('POST', '/api/v1/auth/login', {}),
  [routeKey('POST', '/api/v1/auth/logout')]: () => R('POST', '/api/v1/auth/logout', {}),
  [routeKey('GET', '/api/v1/me')]: () => R('GET', '/api/v1/me'),
  [routeKey('POST', '/api/v1/me/password')]: () => R('POST', '/api/v1/me/password', { currentPassword: 'not-the-password-1', newPassword: 'Another1Passw0rd' }),
  [routeKey('POST', '/api/v1/me/totp/start')]: () => R('POST', '/api/v1/me/totp/start', {}),
  [routeKey('POST', '/api/v1/me/totp/confirm')]: (_f, memo) => R('POST', '/api/v1/me/totp/confirm', { code: wrongTotp(memo.totpSecret) }),
  [routeKey('POST', '/api/v1/me/totp/disable')]: () => R('POST', '/api/v1/me/totp/disable', { password: 'not-the-password-1' }),
  [routeKey('GET', '/api/v1/me/tokens')]: () => R('GET', '/api/v1/me/tokens'),
  [routeKey('POST', '/api/v1/me/tokens')]: (_f, memo) => R('POST', '/api/v1/me/tokens', { name: `matrix ${memo.tag}` }),
  [routeKey('DELETE', '/api/v1/me/tokens/:id')]: (f) => R('DELETE', `/api/v1/me/tokens/${f.dummyId}`),
  [routeKey('GET', '/api/v1/notifications')]: () => R('GET', '/api/v1/notifications?limit=5'),
  [routeKey('GET', '/api/v1/notifications/unread-count')]: () => R('GET', '/api/v1/notifications/unread-count'),
  [routeKey('POST', '/api/v1/notifications/read')]: () => R('POST', '/api/v1/notifications/read', { all: true }),
  [routeKey('GET', '/api/v1/notifications/stream')]: () => R('GET', '/api/v1/notifications/stream', undefined, { sse: true }),
  [routeKey('GET', '/api/v1/audit')]: () => R('GET', '/api/v1/audit?limit=5'),
  [routeKey('GET', '/api/v1/audit/export')]: () => R('GET', '/api/v1/audit/export?limit=5'),
  [routeKey('POST', '/api/v1/audit/verify')]: () => R('POST', '/api/v1/audit/verify', {}),
  [routeKey('GET', '/api/v1/calendar/holidays')]: () => R('GET', '/api/v1/calendar/holidays?year=2026'),
  [routeKey('GET', '/api/v1/calendar/working-days')]: () => R('GET', '/api/v1/calendar/working-days?from=2026-01-05&add=3'),
  // A year nobody uses: replacing it with nothing changes nothing that matters.
  [routeKey('PUT', '/api/v1/calendar/holidays/:year')]: () => R('PUT', '/api/v1/calendar/holidays/2099', { items: [] }),
  [routeKey('POST', '/api/v1/attachments')]: (_f, memo) => R('POST', '/api/v1/attachments', upload(`矩阵-${memo.tag}.txt`, 'text/plain', `matrix ${memo.tag}`, { classification: '0' })),
  [routeKey('GET', '/api/v1/attachments')]: () => R('GET', '/api/v1/attachments?limit=5'),
  [routeKey('GET', '/api/v1/attachments/:id')]: (f) => R('GET', `/api/v1/attachments/${f.attachmentId}`),
  [routeKey('GET', '/api/v1/attachments/:id/content')]: (f) => R('GET', `/api/v1/attachments/${f.attachmentId}/content`),
  [routeKey('PATCH', '/api/v1/attachments/:id/classification')]: (f) => R('PATCH', `/api/v1/attachments/${f.dummyId}/classification`, { classification: 1, version: 1 }),
  [routeKey('GET', '/api/v1/search')]: () => R('GET', `/api/v1/search?q=${encodeURIComponent('会议 通知')}&limit=5`),
  [routeKey('GET', '/api/v1/org/company')]: () => R('GET', '/api/v1/org/company'),
  // A stale version: 409 for the sysadmin, and nothing changes.
  [routeKey('PATCH', '/api/v1/org/company')]: () => R('PATCH', '/api/v1/org/company', { name: '矩阵公司', version: 999999 }),
  [routeKey('GET', '/api/v1/org/departments')]: () => R('GET', '/api/v1/org/departments'),
  [routeKey('POST', '/api/v1/org/departments')]: (_f, memo) => R('POST', '/api/v1/org/departments', { name: `矩阵部门${memo.tag}`, code: `MX${memo.tag}` }),
  [routeKey('PATCH', '/api/v1/org/departments/:id')]: (f) => R('PATCH', `/api/v1/org/departments/${f.dummyId}`, { name: '矩阵', version: 1 }),
  [routeKey('DELETE', '/api/v1/org/departments/:id')]: (f) => R('DELETE', `/api/v1/org/departments/${f.dummyId}?version=1`),
  [routeKey('GET', '/api/v1/org/people')]: () => R('GET', '/api/v1/org/people?limit=5'),
  [routeKey('GET', '/api/v1/org/people/:id')]: (f) => R('GET', `/api/v1/org/people/${f.personId}`),
  [routeKey('POST', '/api/v1/org/people')]: (f, memo) => R('POST', '/api/v1/org/people', { username: `mx${memo.tag.toLowerCase()}`, name: '矩阵测试', departmentId: f.departmentId }),
  [routeKey('PATCH', '/api/v1/org/people/:id')]: (f) => R('PATCH', `/api/v1/org/people/${f.dummyId}`, { position: '矩阵', version: 1 }),
  [routeKey('POST', '/api/v1/org/people/:id/password')]: (f) => R('POST', `/api/v1/org/people/${f.dummyId}/password`, { password: 'Matrix2026pw' }),
  [routeKey('GET', '/api/v1/org/import/template')]: () => R('GET', '/api/v1/org/import/template'),
  // Not a workbook: the sysadmin gets a 4xx about the file; nothing is imported.
  [routeKey('POST', '/api/v1/org/import')]: () => R('POST', '/api/v1/org/import', upload('人员.xlsx', XLSX, 'not a workbook')),
  // 发文: a public draft per caller; the rest aim at a dummy id (404 for those who may ask).
  [routeKey('POST', '/api/v1/outgoing')]: (_f, memo) => R('POST', '/api/v1/outgoing', { docKind: '通知', title: `矩阵通知${memo.tag}`, classification: 0 }),
  [routeKey('GET', '/api/v1/outgoing')]: () => R('GET', '/api/v1/outgoing?limit=5'),
  [routeKey('GET', '/api/v1/outgoing/numbers')]: () => R('GET', '/api/v1/outgoing/numbers?year=2026'),
  [routeKey('GET', '/api/v1/documents/:id')]: (f) => R('GET', `/api/v1/documents/${f.dummyId}`),
  [routeKey('GET', '/api/v1/outgoing/:id')]: (f) => R('GET', `/api/v1/outgoing/${f.dummyId}`),
  [routeKey('PATCH', '/api/v1/outgoing/:id')]: (f) => R('PATCH', `/api/v1/outgoing/${f.dummyId}`, { version: 1, body: '矩阵' }),
  [routeKey('POST', '/api/v1/outgoing/:id/actions')]: (f) => R('POST', `/api/v1/outgoing/${f.dummyId}/actions`, { action: 'submit', version: 1, input: { singleMatter: true } }),
  [routeKey('POST', '/api/v1/outgoing/:id/void-number')]: (f) => R('POST', `/api/v1/outgoing/${f.dummyId}/void-number`, { version: 1, reason: '矩阵' }),
  [routeKey('POST', '/api/v1/outgoing/:id/signer')]: (f) => R('POST', `/api/v1/outgoing/${f.dummyId}/signer`, { version: 1, personId: f.personId }),
  [routeKey('GET', '/api/v1/outgoing/:id/docx')]: (f) => R('GET', `/api/v1/outgoing/${f.dummyId}/docx`),
  [routeKey('GET', '/api/v1/outgoing/register.xlsx')]: () => R('GET', '/api/v1/outgoing/register.xlsx?year=2026'),
  [routeKey('GET', '/api/v1/outgoing/file-copies')]: () => R('GET', '/api/v1/outgoing/file-copies?year=2026'),
  [routeKey('POST', '/api/v1/outgoing/:id/deliveries/:deliveryId/confirm')]: (f) => R('POST', `/api/v1/outgoing/${f.dummyId}/deliveries/${f.dummyId}/confirm`, { note: '矩阵' }),
  [routeKey('POST', '/api/v1/documents/:id/attachments')]: (f) => R('POST', `/api/v1/documents/${f.dummyId}/attachments`, { attachmentId: f.attachmentId }),
  // 收文: a public delivery signed for and registered per caller; the rest aim at a dummy id.
  [routeKey('POST', '/api/v1/incoming')]: (_f, memo) => R('POST', '/api/v1/incoming', { sender: '矩阵来文单位', deliveredBy: '矩阵', classification: 0, registration: { title: `矩阵来文${memo.tag}`, docKind: '通知', addresseeMatches: true } }),
  [routeKey('GET', '/api/v1/incoming')]: () => R('GET', '/api/v1/incoming?limit=5'),
  [routeKey('GET', '/api/v1/incoming/batches/current')]: () => R('GET', '/api/v1/incoming/batches/current'),
  [routeKey('GET', '/api/v1/incoming/:id')]: (f) => R('GET', `/api/v1/incoming/${f.dummyId}`),
  [routeKey('POST', '/api/v1/incoming/:id/actions')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/actions`, { action: 'check_pass', version: 1 }),
  [routeKey('POST', '/api/v1/incoming/:id/return-slip')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/return-slip`, { version: 1 }),
  [routeKey('GET', '/api/v1/incoming/:id/circulations')]: (f) => R('GET', `/api/v1/incoming/${f.dummyId}/circulations`),
  [routeKey('POST', '/api/v1/incoming/:id/circulations')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/circulations`, { departmentIds: [f.departmentId], mode: 'parallel' }),
  [routeKey('POST', '/api/v1/incoming/:id/circulations/:cid/open')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/circulations/${f.dummyId}/open`),
  [routeKey('POST', '/api/v1/incoming/:id/circulations/:cid/read')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/circulations/${f.dummyId}/read`),
  [routeKey('POST', '/api/v1/incoming/:id/circulations/:cid/chase')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/circulations/${f.dummyId}/chase`, { departmentId: f.departmentId, note: '请尽快阅' }),
  [routeKey('POST', '/api/v1/incoming/:id/circulations/:cid/recall')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/circulations/${f.dummyId}/recall`),
  [routeKey('GET', '/api/v1/incoming/overdue')]: () => R('GET', '/api/v1/incoming/overdue'),
  [routeKey('POST', '/api/v1/incoming/:id/chase')]: (f) => R('POST', `/api/v1/incoming/${f.dummyId}/chase`, { note: '请抓紧办理' }),
  [routeKey('GET', '/api/v1/incoming/register.xlsx')]: () => R('GET', `/api/v1/incoming/register.xlsx?year=2099&q=${encodeURIComponent('矩阵')}`),
  [routeKey('GET', '/api/v1/incoming/:id/slip.xlsx')]: (f) => R('GET', `/api/v1/incoming/${f.dummyId}/slip.xlsx`),
  // 督查督办: an item registered per caller; the rest aim at a dummy id (404 for whoever may call).
  [routeKey('GET', '/api/v1/supervision/categories')]: () => R('GET', '/api/v1/supervision/categories'),
  [routeKey('PUT', '/api/v1/supervision/categories/:key')]: () => R('PUT', '/api/v1/supervision/categories/matrix_check', { name: { zh: '矩阵类别', en: 'Matrix' }, requiredSteps: ['check_pass'], reportEveryDays: 7, defaultDeadlineDays: 5 }),
  [routeKey('POST', '/api/v1/supervision/items')]: (f, memo) => R('POST', '/api/v1/supervision/items', { source: { type: 'other' }, category: 'document', title: `矩阵督办${memo.tag}`, assignedById: f.personId, leadDepartmentId: f.departmentId, deadlineWorkingDays: 5 }),
  [routeKey('GET', '/api/v1/supervision/items')]: () => R('GET', '/api/v1/supervision/items?limit=5&overdue=true'),
  [routeKey('GET', '/api/v1/supervision/items/:id')]: (f) => R('GET', `/api/v1/supervision/items/${f.dummyId}`),
  [routeKey('PATCH', '/api/v1/supervision/items/:id')]: (f) => R('PATCH', `/api/v1/supervision/items/${f.dummyId}`, { version: 1, title: '矩阵修改' }),
  [routeKey('POST', '/api/v1/supervision/items/:id/actions')]: (f) => R('POST', `/api/v1/supervision/items/${f.dummyId}/actions`, { action: 'transfer', version: 1 }),
  [routeKey('POST', '/api/v1/supervision/items/:id/reports')]: (f) => R('POST', `/api/v1/supervision/items/${f.dummyId}/reports`, { text: '进展', percent: 50 }),
  [routeKey('POST', '/api/v1/supervision/items/:id/chases')]: (f) => R('POST', `/api/v1/supervision/items/${f.dummyId}/chases`, { note: '请抓紧' }),
  [routeKey('POST', '/api/v1/supervision/items/:id/extensions')]: (f) => R('POST', `/api/v1/supervision/items/${f.dummyId}/extensions`, { deadline: '2099-01-04', reason: '矩阵' }),
  [routeKey('POST', '/api/v1/supervision/items/:id/extensions/:eid/decision')]: (f) => R('POST', `/api/v1/supervision/items/${f.dummyId}/extensions/${f.dummyId}/decision`, { approve: true, version: 1 }),
  [routeKey('POST', '/api/v1/supervision/items/:id/children')]: (f) => R('POST', `/api/v1/supervision/items/${f.dummyId}/children`, { items: [{ title: '子项', leadDepartmentId: f.departmentId, deadlineWorkingDays: 3 }] }),
  [routeKey('GET', '/api/v1/supervision/settings/reminders')]: () => R('GET', '/api/v1/supervision/settings/reminders'),
  [routeKey('PUT', '/api/v1/supervision/settings/reminders')]: () => R('PUT', '/api/v1/supervision/settings/reminders', { points: [{ key: 'before', workingDays: -2, notify: 'handler' }, { key: 'due', workingDays: 0, notify: 'handler' }, { key: 'overdue', workingDays: 1, notify: 'unit_head' }, { key: 'escalated', workingDays: 3, notify: 'leader' }] }),
  // 一周工作指令: a list drafted per caller for a far week (a second drafter of the same week gets 409); the rest aim at a dummy id.
  [routeKey('GET', '/api/v1/supervision/directives')]: () => R('GET', '/api/v1/supervision/directives?limit=5'),
  [routeKey('POST', '/api/v1/supervision/directives')]: (f) => R('POST', '/api/v1/supervision/directives', { week: '2099-W10', directives: [{ text: '矩阵指令', leadDepartmentId: f.departmentId, deadlineWorkingDays: 3 }] }),
  [routeKey('GET', '/api/v1/supervision/directives/settings/report-schedule')]: () => R('GET', '/api/v1/supervision/directives/settings/report-schedule'),
  [routeKey('PUT', '/api/v1/supervision/directives/settings/report-schedule')]: () => R('PUT', '/api/v1/supervision/directives/settings/report-schedule', { weekday: 6, time: '09:00' }),
  [routeKey('GET', '/api/v1/supervision/directives/:id')]: (f) => R('GET', `/api/v1/supervision/directives/${f.dummyId}`),
  [routeKey('PUT', '/api/v1/supervision/directives/:id')]: (f) => R('PUT', `/api/v1/supervision/directives/${f.dummyId}`, { version: 1, directives: [{ text: '矩阵指令', leadDepartmentId: f.departmentId, deadlineWorkingDays: 3 }] }),
  [routeKey('POST', '/api/v1/supervision/directives/:id/actions')]: (f) => R('POST', `/api/v1/supervision/directives/${f.dummyId}/actions`, { action: 'approve', version: 1 }),
  [routeKey('GET', '/api/v1/supervision/directives/:id/report')]: (f) => R('GET', `/api/v1/supervision/directives/${f.dummyId}/report`),
  [routeKey('POST', '/api/v1/supervision/directives/:id/report')]: (f) => R('POST', `/api/v1/supervision/directives/${f.dummyId}/report`),
  [routeKey('GET', '/api/v1/supervision/directives/:id/report.xlsx')]: (f) => R('GET', `/api/v1/supervision/directives/${f.dummyId}/report.xlsx`),
  [routeKey('GET', '/api/v1/supervision/directives/:id/report.docx')]: (f) => R('GET', `/api/v1/supervision/directives/${f.dummyId}/report.docx`),
  [routeKey('GET', '/api/v1/supervision/board')]: () => R('GET', '/api/v1/supervision/board?limit=5&period=month'),
  [routeKey('GET', '/api/v1/supervision/board/settings')]: () => R('GET', '/api/v1/supervision/board/settings'),
  [routeKey('PUT', '/api/v1/supervision/board/settings')]: () => R('PUT', '/api/v1/supervision/board/settings', { dueSoonDays: 3 }),
  [routeKey('GET', '/api/v1/supervision/statistics/units')]: () => R('GET', '/api/v1/supervision/statistics/units?period=quarter'),
  [routeKey('GET', '/api/v1/supervision/statistics/units.xlsx')]: () => R('GET', '/api/v1/supervision/statistics/units.xlsx?period=year'),
  [routeKey('GET', '/api/v1/supervision/coordinations')]: () => R('GET', '/api/v1/supervision/coordinations?limit=5'),
  [routeKey('POST', '/api/v1/supervision/coordinations')]: (f) => R('POST', '/api/v1/supervision/coordinations', { title: '矩阵协调', matter: '矩阵', leaderId: f.personId, departmentIds: [f.departmentId] }),
  [routeKey('GET', '/api/v1/supervision/coordinations/:id')]: (f) => R('GET', `/api/v1/supervision/coordinations/${f.dummyId}`),
  [routeKey('POST', '/api/v1/supervision/coordinations/:id/notes')]: (f) => R('POST', `/api/v1/supervision/coordinations/${f.dummyId}/notes`, { text: '情况' }),
  [routeKey('POST', '/api/v1/supervision/coordinations/:id/opinions')]: (f) => R('POST', `/api/v1/supervision/coordinations/${f.dummyId}/opinions`, { opinion: '同意' }),
  [routeKey('POST', '/api/v1/supervision/coordinations/:id/actions')]: (f) => R('POST', `/api/v1/supervision/coordinations/${f.dummyId}/actions`, { action: 'submit', version: 1 }),
  [routeKey('PUT', '/api/v1/supervision/coordinations/:id/classification')]: (f) => R('PUT', `/api/v1/supervision/coordinations/${f.dummyId}/classification`, { version: 1, classification: 1, scope: [] }),
  [routeKey('GET', '/api/v1/supervision/items/:id/execution')]: (f) => R('GET', `/api/v1/supervision/items/${f.dummyId}/execution`),
  [routeKey('POST', '/api/v1/supervision/items/:id/execution/summaries')]: (f) => R('POST', `/api/v1/supervision/items/${f.dummyId}/execution/summaries`, { text: '汇总', version: 1 }),
  [routeKey('GET', '/api/v1/supervision/items/:id/notice.docx')]: (f) => R('GET', `/api/v1/supervision/items/${f.dummyId}/notice.docx`),
};
