// Calls of the 发文 screens. Record types come from the server's presenter and schemas (type-only
// imports, erased from the bundle), so the screens cannot drift from the API.
import type { Static } from '@sinclair/typebox';
import { api, withQuery } from '../../lib/api.js';
import type * as S from '../../../server/modules/documents/outgoing/outgoing.schema.js';
import type { presentAbility, presentDetail, presentSummary } from '../../../server/modules/documents/outgoing/outgoing.presenter.js';

export type OutgoingSummary = ReturnType<typeof presentSummary>;
export type OutgoingDetail = ReturnType<typeof presentDetail>;
export type Ability = ReturnType<typeof presentAbility>;
export type TrailEntry = OutgoingDetail['trail'][number];
export type Version = OutgoingDetail['versions'][number];
export type DraftCreate = Static<typeof S.DraftCreate>;
export type DraftPatch = S.DraftPatch;
export type Urgency = NonNullable<DraftCreate['urgency']>;

/** 核发: one entry per 主送/抄送 recipient, with its confirmation of receipt. */
export type Delivery = OutgoingDetail['deliveries'][number];
/** seed 二 3.9: the final draft and two copies registered for archiving at dispatch. */
export type FileCopy = OutgoingDetail['fileCopies'][number];
/** An attachment with every kept version. */

export interface NumberEntry {
  number: number;
  state: 'used' | 'voided';
  voidReason: string | null;
  allocatedAt: string;
  voidedAt: string | null;
  documentId: string | null;
  title: string | null;
}

export interface RegisterFilter {
  year?: number;
  state?: string;
  docKind?: string;
  q?: string;
}

import type { SearchHit } from '../search/search.api.js';

export type { SearchHit };

const BASE = '/api/v1/outgoing';
const PAGE = 200;

export const outgoingApi = {
  list: (q: { state?: string; year?: number; docKind?: string; q?: string; pending?: boolean; limit?: number; before?: string }) => api.get<{ items: OutgoingSummary[]; total: number; totalCapped: boolean }>(BASE, q),
  /** Every document of the filter, page after page: a register is the whole year, not its first page. */
  async listAll(q: { state?: string; year?: number; docKind?: string; q?: string }): Promise<OutgoingSummary[]> {
    const all: OutgoingSummary[] = [];
    for (;;) {
      const r = await outgoingApi.list({ ...q, limit: PAGE, before: all[all.length - 1]?.id });
      all.push(...r.items);
      if (r.items.length < PAGE) return all;
    }
  },
  get: (id: string) => api.get<OutgoingDetail>(`${BASE}/${id}`),
  create: (body: DraftCreate) => api.post<OutgoingDetail>(BASE, body),
  update: (id: string, body: DraftPatch) => api.patch<OutgoingDetail>(`${BASE}/${id}`, body),
  act: (d: { id: string; version: number }, action: string, opinion: string | null, input: Record<string, unknown> = {}) =>
    api.post<OutgoingDetail>(`${BASE}/${d.id}/actions`, { action, version: d.version, opinion, input }),
  voidNumber: (d: { id: string; version: number }, reason: string) => api.post<OutgoingDetail>(`${BASE}/${d.id}/void-number`, { version: d.version, reason }),
  authoriseSigner: (d: { id: string; version: number }, personId: string) => api.post<OutgoingDetail>(`${BASE}/${d.id}/signer`, { version: d.version, personId }),
  confirmDelivery: (d: { id: string; version: number }, deliveryId: string, note?: string) =>
    api.post<OutgoingDetail>(`${BASE}/${d.id}/deliveries/${deliveryId}/confirm`, { version: d.version, ...(note && { note }) }),
  numbers: (year: number) => api.get<{ orgCode: string | null; items: NumberEntry[] }>(`${BASE}/numbers`, { year }),
  docxUrl: (id: string) => `${BASE}/${id}/docx`,
  downloadDocx: (d: { id: string; title: string }) => api.download(`${BASE}/${d.id}/docx`, `${d.title}.docx`),
  registerXlsxUrl: (f: RegisterFilter) => withQuery(`${BASE}/register.xlsx`, { year: f.year, state: f.state, docKind: f.docKind }),
  downloadRegister: (f: RegisterFilter) => api.download(outgoingApi.registerXlsxUrl(f), `发文登记簿${f.year ?? ''}.xlsx`),
  /** Documents of one kind matching a text, for the "answers which document" picker. */
  search: (q: string, kind?: string) => api.get<{ items: SearchHit[] }>('/api/v1/search', { q, recordType: 'document', kind, limit: 20 }),
};
