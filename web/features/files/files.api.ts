import { api } from '../../lib/api.js';

export interface Attachment {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  classification: number;
  secrecyTerm: string | null;
  ownerId: string;
  recordType: string | null;
  recordId: string | null;
  createdAt: string;
  version: number;
  abilities: { download: boolean; reclassify: boolean };
}

export interface ScopeSubject {
  kind: 'person' | 'department';
  id: string;
}

export interface ScopeEntry {
  subject_kind: 'person' | 'department';
  subject_id: string;
  source: string;
  created_at: string;
}

export const filesApi = {
  list: (q: { mine?: boolean; before?: string; limit?: number }) => api.get<{ items: Attachment[]; total: number }>('/api/v1/attachments', { limit: 50, ...q }),
  get: (id: string) => api.get<Attachment & { scope: ScopeEntry[] }>(`/api/v1/attachments/${id}`),
  upload(file: File, meta: { classification: number; secrecyTerm?: string; scope: ScopeSubject[] }) {
    const form = new FormData();
    // Fields first: the server reads the parts in order and the file is the big one.
    form.append('classification', String(meta.classification));
    if (meta.secrecyTerm) form.append('secrecyTerm', meta.secrecyTerm);
    if (meta.scope.length) form.append('scope', JSON.stringify(meta.scope));
    form.append('file', file, file.name);
    return api.upload<Attachment>('/api/v1/attachments', form);
  },
  reclassify: (id: string, body: { classification: number; secrecyTerm: string | null; scope: ScopeSubject[]; version: number }) => api.patch<Attachment>(`/api/v1/attachments/${id}/classification`, body),
  download: (a: Attachment) => api.download(`/api/v1/attachments/${a.id}/content`, a.filename),
};
