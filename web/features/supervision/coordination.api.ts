// Calls of the 协调 screens (seed 三 2.1–2.14); request types from the server's schemas. The routes
// build the record inline, so its shape is written out here from coordination.routes.ts.
import type { Static } from '@sinclair/typebox';
import { api } from '../../lib/api.js';
import type * as S from '../../../server/modules/supervision/coordination/coordination.schema.js';
import type { CoordinationState } from '../../../server/modules/supervision/coordination/coordination.workflow.js';
import type { Ability } from './supervision.api.js';

export interface ScopeSubject {
  kind: 'person' | 'department';
  id: string;
}

export type NewCoordination = Static<typeof S.NewCoordination>;
export type CoordinationAction = Static<typeof S.ActionBody>;
export type CoordinationTask = NonNullable<NonNullable<CoordinationAction['input']>['tasks']>[number];
export type { CoordinationState };

export interface Coordination {
  id: string;
  title: string;
  matter: string;
  state: CoordinationState;
  stateLabel: { zh: string; en: string };
  plan: string;
  agreedOpinion: string;
  tasks: CoordinationTask[];
  leaderId: string;
  leaderOpinion: string | null;
  approvedAt: string | null;
  classification: number;
  createdBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CoordinationDetail extends Coordination {
  departments: { departmentId: string; departmentName: string | null; opinion: string | null; opinionBy: { id: string; name: string | null } | null; opinionAt: string | null }[];
  notes: { id: string; text: string; by: { id: string; name: string }; at: string }[];
  items: { id: string; number: string; title: string; state: string; leadDepartmentId: string | null; deadline: string; index: number }[];
  /** The readers the office named (shown to the office only). */
  scope: (ScopeSubject & { name: string | null })[];
  abilities: Ability[];
  may: { addNote: boolean; giveOpinion: boolean; recordForDepartment: boolean; classify: boolean };
}

const base = '/api/v1/supervision/coordinations';

export const coordinationApi = {
  list: (limit = 50) => api.get<{ items: Coordination[] }>(base, { limit }),
  get: (id: string) => api.get<CoordinationDetail>(`${base}/${id}`),
  create: (body: NewCoordination) => api.post<CoordinationDetail>(base, body),
  note: (id: string, text: string) => api.post<CoordinationDetail>(`${base}/${id}/notes`, { text }),
  opinion: (id: string, body: { opinion: string; departmentId?: string }) => api.post<CoordinationDetail>(`${base}/${id}/opinions`, body),
  act: (id: string, body: CoordinationAction) => api.post<CoordinationDetail>(`${base}/${id}/actions`, body),
  classify: (id: string, body: { version: number; classification: number; scope: ScopeSubject[] }) => api.put<CoordinationDetail>(`${base}/${id}/classification`, body),
};
