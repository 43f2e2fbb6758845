import type { SearchHit } from '../../../server/platform/search/index.js';

import { api } from '../../lib/api.js';

export type { SearchHit };

export interface SearchFilter {
  q: string;
  order?: 'newest' | 'relevance';
  year?: number;
  kind?: string;
  sender?: string;
  classification?: number;
}

export interface SearchPage {
  items: SearchHit[];
  total: number;
  totalCapped: boolean;
  next: { before: number } | { offset: number } | null;
}

export interface LocatedDocument {
  id: string;
  direction: 'incoming' | 'outgoing';
  title: string;
  number: string | null;
  state: string;
  path: string;
}

export const searchApi = {
  search: (f: SearchFilter, next?: SearchPage['next']) => api.get<SearchPage>('/api/v1/search', { ...f, recordType: 'document', limit: 20, ...(next ?? {}) }),
  locate: (id: string) => api.get<LocatedDocument>(`/api/v1/documents/${id}`),
};
