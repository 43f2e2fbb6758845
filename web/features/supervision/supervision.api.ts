// Calls of the 督查督办 screens. Record types come from the server's presenters and schemas
// (type-only imports, erased from the bundle), so the web cannot drift from the API.
import type { Static } from '@sinclair/typebox';
import { api, withQuery } from '../../lib/api.js';
import type * as S from '../../../server/modules/supervision/supervision.schema.js';
import type { presentItem, presentItemDetail } from '../../../server/modules/supervision/supervision.presenter.js';
import type { MODES, PRIORITIES, SOURCE_TYPES } from '../../../server/modules/supervision/supervision.service.js';
import type { BoardStatus, UnitFigure } from '../../../server/modules/supervision/statistics/statistics.service.js';
import type { Period, PeriodKind } from '../../../server/modules/supervision/statistics/period.js';
import type { ExecutionReports } from '../../../server/modules/supervision/execution/execution.service.js';
import type * as StatsS from '../../../server/modules/supervision/statistics/statistics.schema.js';

export type SourceType = (typeof SOURCE_TYPES)[number];
export type Mode = (typeof MODES)[number];
export type Priority = (typeof PRIORITIES)[number];

export type Item = ReturnType<typeof presentItem>;
export type ItemDetail = ReturnType<typeof presentItemDetail> & { reportDueBy?: string | null };
export type Ability = ItemDetail['abilities'][number];
export type TrailStep = ItemDetail['trail'][number];
export type NewItem = Static<typeof S.NewItem>;
export type ChildItem = Static<typeof S.Children>['items'][number];
export type ReminderPoints = Static<typeof S.ReminderPoints>;
export type ListQuery = Omit<Static<typeof S.ListQuery>, 'limit' | 'before'>;

export interface Category {
  key: string;
  version?: number;
  name: { zh: string; en: string };
  requiredSteps: string[];
  reportEveryDays: number;
  defaultDeadlineDays: number;
  active: boolean;
}

export interface ItemList {
  items: Item[];
  total: number;
  counts: Record<string, number>;
}

const base = '/api/v1/supervision';

/** 执行情况汇总回告 (三 3.31): the sub-items' units' reports since the last summary. */
export type Execution = Awaited<ReturnType<ExecutionReports['view']>>;

export const supervisionApi = {
  execution: (id: string) => api.get<Execution>(`${base}/items/${id}/execution`),
  summarise: (id: string, body: { text: string; version: number }) => api.post<Execution>(`${base}/items/${id}/execution/summaries`, body),
  categories: () => api.get<{ items: Category[] }>(`${base}/categories`).then((r) => r.items),
  saveCategory: (key: string, body: Static<typeof S.CategoryBody>) => api.put<{ ok: true }>(`${base}/categories/${key}`, body),
  reminderPoints: () => api.get<ReminderPoints>(`${base}/settings/reminders`),
  setReminderPoints: (body: ReminderPoints) => api.put<ReminderPoints>(`${base}/settings/reminders`, body),
  boardSettings: () => api.get<{ dueSoonDays: number }>(`${base}/board/settings`),
  setBoardSettings: (dueSoonDays: number) => api.put<{ dueSoonDays: number }>(`${base}/board/settings`, { dueSoonDays }),
  reportSchedule: () => api.get<{ weekday: number; time: string }>(`${base}/directives/settings/report-schedule`),
  setReportSchedule: (body: { weekday: number; time: string }) => api.put<{ weekday: number; time: string }>(`${base}/directives/settings/report-schedule`, body),
  list: (q: ListQuery, before?: string, limit = 50) => api.get<ItemList>(`${base}/items`, { ...q, before, limit }),
  get: (id: string) => api.get<ItemDetail>(`${base}/items/${id}`),
  register: (body: NewItem) => api.post<ItemDetail>(`${base}/items`, body),
  act: (id: string, body: { action: string; version: number; opinion?: string; input?: Record<string, unknown> }) => api.post<ItemDetail>(`${base}/items/${id}/actions`, body),
  report: (id: string, body: { text: string; percent?: number; attachmentIds?: string[] }) => api.post<ItemDetail>(`${base}/items/${id}/reports`, body),
  chase: (id: string, note: string) => api.post<ItemDetail>(`${base}/items/${id}/chases`, { note }),
  requestExtension: (id: string, body: { deadline: string; reason: string }) => api.post<ItemDetail>(`${base}/items/${id}/extensions`, body),
  decideExtension: (id: string, eid: string, body: { approve: boolean; note?: string; version: number }) => api.post<ItemDetail>(`${base}/items/${id}/extensions/${eid}/decision`, body),
  addChildren: (id: string, items: ChildItem[]) => api.post<ItemDetail>(`${base}/items/${id}/children`, { items }),
};

// --- the board and the per-unit figures (督办看板, 统计) ---

export type { BoardStatus, UnitFigure, Period, PeriodKind };
export type BoardQuery = Omit<Static<typeof StatsS.BoardQuery>, 'limit' | 'offset'>;
export type BoardItem = Item & { boardStatus: BoardStatus };

export interface Board {
  items: BoardItem[];
  total: number;
  counts: Record<BoardStatus, number>;
  statuses: Record<BoardStatus, { zh: string; en: string; color: string }>;
  today: string;
  dueSoonDays: number;
  dueSoonBy: string;
  period: Period | null;
}

export const statisticsApi = {
  board: (q: BoardQuery, offset = 0, limit = 50) => api.get<Board>(`${base}/board`, { ...q, offset, limit }),
  units: (q: { period: PeriodKind; date?: string }) => api.get<{ period: Period; units: UnitFigure[] }>(`${base}/statistics/units`, q),
  unitsXlsx: (q: { period: PeriodKind; date?: string }, label: string) => api.download(withQuery(`${base}/statistics/units.xlsx`, q), `各单位督办统计-${label}.xlsx`),
};
