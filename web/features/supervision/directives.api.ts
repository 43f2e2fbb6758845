// Calls of the 一周工作指令 screens (seed 五 5.12); types from the server's presenter, schemas and
// report (type-only imports, erased from the bundle).
import type { Static } from '@sinclair/typebox';
import { api, withQuery } from '../../lib/api.js';
import type * as S from '../../../server/modules/supervision/directives/directive.schema.js';
import type { presentList, presentListDetail } from '../../../server/modules/supervision/directives/directive.presenter.js';
import type { DirectiveReport, DirectiveStatus } from '../../../server/modules/supervision/directives/directive.report.js';

export type DirectiveList = ReturnType<typeof presentList>;
export type DirectiveListDetail = ReturnType<typeof presentListDetail>;
export type NewDirectiveList = Static<typeof S.NewList>;
export type DirectiveInput = NewDirectiveList['directives'][number];
export type { DirectiveReport, DirectiveStatus };
export type ReportRow = DirectiveReport['rows'][number];

const base = '/api/v1/supervision/directives';

export const directivesApi = {
  lists: (before?: string, limit = 20) => api.get<{ items: DirectiveList[] }>(base, { before, limit }),
  get: (id: string) => api.get<DirectiveListDetail>(`${base}/${id}`),
  create: (body: NewDirectiveList) => api.post<DirectiveListDetail>(base, body),
  edit: (id: string, body: Omit<NewDirectiveList, 'week'> & { version: number }) => api.put<DirectiveListDetail>(`${base}/${id}`, body),
  act: (id: string, body: { action: string; version: number; opinion?: string }) => api.post<DirectiveListDetail>(`${base}/${id}/actions`, body),
  report: (id: string, asOf?: string) => api.get<DirectiveReport & { statusLabels: Record<DirectiveStatus, { zh: string; en: string }> }>(`${base}/${id}/report`, { asOf }),
  send: (id: string) => api.post<DirectiveReport>(`${base}/${id}/report`),
  download: (id: string, week: string, ext: 'xlsx' | 'docx', asOf?: string) => api.download(withQuery(`${base}/${id}/report.${ext}`, { asOf }), `指令落实情况-${week}.${ext}`),
};
