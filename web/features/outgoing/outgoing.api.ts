// Calls of the 发文 screens. Record types come from the server's presenter and schemas (type-only
// imports, erased from the bundle); the parts the server is still adding (per-recipient
// confirmation, file copies, attachments with versions: /tmp contracts) are typed here as optional.
import type { Static } from '@sinclair/typebox';
import { api, withQuery } from '../../lib/api.js';
import type * as S from '../../../server/modules/documents/outgoing/outgoing.schema.js';
import type { presentAbility, presentDetail, presentSummary } from '../../../server/modules/documents/outgoing/outgoing.presenter.js';

export type OutgoingSummary = ReturnType<typeof presentSummary>;
type PresentedDetail = ReturnType<typeof presentDetail>;
export type Ability = ReturnType<typeof presentAbility>;
export type TrailEntry = PresentedDetail['trail'][number];
export type Version = PresentedDetail['versions'][number];
export type DraftCreate = Static<typeof S.DraftCreate>;
export type DraftPatch = S.DraftPatch;
export type Urgency = NonNullable<DraftCreate['urgency']>;

/** A recipient as the server sends it: the dispatch's first shape (name, state) or the confirmed one. */
export interface DeliveryIn {
  id?: string;
  recipient?: string;
  name?: string;
  kind: 'main' | 'cc';
  dispatchedAt?: string;
  sentAt?: string;
  confirmedAt?: string | null;
  deliveredAt?: string | null;
  confirmedBy?: string | null;
  confirmedByName?: string | null;
  note?: string | null;
}

/** One shape for the screens, whichever the server sent. */
export interface Delivery {
  id: string | null;
  recipient: string;
  kind: 'main' | 'cc';
  dispatchedAt: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  note: string | null;
}

export function deliveriesOf(list: readonly DeliveryIn[] | undefined): Delivery[] {
  return (list ?? []).map((d) => ({
    id: d.id ?? null,
    recipient: d.recipient ?? d.name ?? '',
    kind: d.kind,
    dispatchedAt: d.dispatchedAt ?? d.sentAt ?? null,
    confirmedAt: d.confirmedAt ?? d.deliveredAt ?? null,
    confirmedBy: d.confirmedByName ?? d.confirmedBy ?? null,
    note: d.note ?? null,
  }));
}

/** seed 二 3.9: the final draft and two copies registered for archiving at dispatch. */
export interface FileCopy {
  kind: 'final_draft' | 'copy';
  count: number;
  registeredAt: string;
  /** The name of who registered them. */
  registeredBy: string;
}

export interface AttachmentVersion {
  versionNo: number;
  attachmentId: string;
  name: string;
  size: number;
  createdAt: string;
  /** The name of who added this version. */
  createdBy?: string;
}

export interface DocAttachment {
  id: string;
  name: string;
  size: number;
  mime: string;
  versionNo: number;
  attachmentId: string;
  versions: AttachmentVersion[];
}

export type OutgoingDetail = Omit<PresentedDetail, 'deliveries' | 'fileCopies' | 'attachments'> & {
  deliveries: DeliveryIn[];
  fileCopies?: FileCopy[];
  attachments?: DocAttachment[];
};

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

export interface SearchHit {
  recordType: string;
  recordId: string;
  title: string;
  reference: string | null;
  kind: string | null;
  state: string | null;
  year: number | null;
}

const BASE = '/api/v1/outgoing';
const PAGE = 200;

export const outgoingApi = {
  list: (q: { state?: string; year?: number; pending?: boolean; limit?: number; before?: string }) => api.get<{ items: OutgoingSummary[]; total: number }>(BASE, q),
  /** Every document of the filter, page after page: a register is the whole year, not its first page. */
  async listAll(q: { state?: string; year?: number }): Promise<OutgoingSummary[]> {
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
  attach: (documentId: string, attachmentId: string, replaces?: string) => api.post<unknown>(`/api/v1/documents/${documentId}/attachments`, { attachmentId, ...(replaces && { replaces }) }),
  numbers: (year: number) => api.get<{ orgCode: string | null; items: NumberEntry[] }>(`${BASE}/numbers`, { year }),
  docxUrl: (id: string) => `${BASE}/${id}/docx`,
  downloadDocx: (d: { id: string; title: string }) => api.download(`${BASE}/${d.id}/docx`, `${d.title}.docx`),
  registerXlsxUrl: (f: RegisterFilter) => withQuery(`${BASE}/register.xlsx`, { year: f.year, state: f.state, docKind: f.docKind }),
  downloadRegister: (f: RegisterFilter) => api.download(outgoingApi.registerXlsxUrl(f), `发文登记簿${f.year ?? ''}.xlsx`),
  /** Documents of one kind matching a text, for the "answers which document" picker. */
  search: (q: string, kind?: string) => api.get<{ items: SearchHit[] }>('/api/v1/search', { q, recordType: 'document', kind, limit: 20 }),
};

/** GB/T 9704 §7.2.4 form of an issue number, as the server writes it. */
export const issueNumberText = (orgCode: string, year: number, n: number) => `${orgCode}发〔${year}〕${n}号`;
