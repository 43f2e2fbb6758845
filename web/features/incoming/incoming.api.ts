// Calls of the 收文 screens. Record types come from the server's presenters (type-only imports,
// erased from the bundle), so the web cannot drift from the API; fields the server is adding
// (the 收文章 stamp, a meeting notice) are typed here as optional until every server has them.
import type { Static } from '@sinclair/typebox';
import { api, withQuery } from '../../lib/api.js';
import type * as S from '../../../server/modules/documents/incoming/incoming.schema.js';
import type { presentIncoming, presentIncomingDetail } from '../../../server/modules/documents/incoming/incoming.presenter.js';
import type { presentCirculations } from '../../../server/modules/documents/incoming/circulation.presenter.js';
import type { IncomingState } from '../../../common/workflow/incoming.workflow.js';

export type Urgency = 'normal' | 'urgent' | 'very_urgent';
export const URGENCIES: Urgency[] = ['normal', 'urgent', 'very_urgent'];

/** 收文章 (seed 二 3.2): the unit, the incoming number and the date stamped on the first page. */
export interface Stamp {
  unit: string;
  number: string | null;
  date: string;
}

/** A meeting notice received (seed 二 3.4) and, after the GM's decision, who attends. */
export interface MeetingNotice {
  startsAt: string;
  endsAt?: string | null;
  place: string;
  attendeeIds?: string[] | null;
  attendeeNames?: string[] | null;
  note?: string | null;
  decidedAt?: string | null;
  decidedBy?: string | null;
}

type Extra = { stamp?: Stamp | null; meeting?: MeetingNotice | null };
export type IncomingItem = Omit<ReturnType<typeof presentIncoming>, 'state' | 'urgency'> & { state: IncomingState; urgency: Urgency } & Extra;
export type IncomingDetail = Omit<ReturnType<typeof presentIncomingDetail>, 'state' | 'urgency'> & { state: IncomingState; urgency: Urgency } & Extra;
export type TrailStep = IncomingDetail['trail'][number];
export type Ability = IncomingDetail['abilities'][number];
export type Circulations = ReturnType<typeof presentCirculations>;
export type Circulation = Circulations['items'][number];
export type Reader = Circulation['readers'][number];
export type SignForBody = Static<typeof S.SignFor>;
export type Registration = Static<typeof S.Registration> & { meeting?: { startsAt: string; endsAt?: string; place: string } };

export interface ListFilter {
  state?: string;
  year?: number;
  urgency?: Urgency;
  q?: string;
  pendingForMe?: boolean;
}

export interface Batch {
  key: string;
  closesAt: string | null;
  collecting: { key: string; closesAt: string };
  items: IncomingItem[];
  count: number;
  later: { key: string; count: number }[];
}

export interface ActionRequest {
  action: string;
  version: number;
  opinion?: string;
  input?: Record<string, unknown>;
}

const base = '/api/v1/incoming';

export const incomingApi = {
  list: (f: ListFilter, before?: string, limit = 50) => api.get<{ items: IncomingItem[]; total: number; totalCapped: boolean }>(base, { ...f, before, limit }),
  overdue: () => api.get<{ today: string; items: (IncomingItem & { daysOverdue: number })[]; total: number }>(`${base}/overdue`),
  batch: () => api.get<Batch>(`${base}/batches/current`),
  get: (id: string) => api.get<IncomingDetail>(`${base}/${id}`),
  signFor: (body: SignForBody & { registration?: Registration }) => api.post<IncomingDetail>(base, body),
  act: (id: string, body: ActionRequest) => api.post<IncomingDetail>(`${base}/${id}/actions`, body),
  returnSlipSent: (id: string, version: number) => api.post<IncomingDetail>(`${base}/${id}/return-slip`, { version }),
  chase: (id: string, note: string) => api.post<{ ok: true }>(`${base}/${id}/chase`, { note }),
  circulations: (id: string) => api.get<Circulations>(`${base}/${id}/circulations`),
  circulate: (id: string, body: { departmentIds: string[]; mode: 'sequential' | 'parallel' }) => api.post<Circulations & { id: string }>(`${base}/${id}/circulations`, body),
  circulationStep: (id: string, cid: string, step: 'open' | 'read' | 'recall') => api.post<Circulations>(`${base}/${id}/circulations/${cid}/${step}`),
  chaseReader: (id: string, cid: string, departmentId: string, note: string) => api.post<Circulations>(`${base}/${id}/circulations/${cid}/chase`, { departmentId, note }),
  exportRegister: (f: ListFilter) => api.download(withQuery(`${base}/register.xlsx`, { year: f.year, state: f.state, urgency: f.urgency, q: f.q }), '收文登记簿.xlsx'),
  exportSlip: (d: { id: string; incomingNumber: string | null }) => api.download(`${base}/${d.id}/slip.xlsx`, `办文单-${d.incomingNumber ?? d.id}.xlsx`),
  company: () => api.get<{ name: string; shortName: string }>('/api/v1/org/company'),
};
