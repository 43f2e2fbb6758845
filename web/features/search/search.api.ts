import type { LocatedDocument } from '../../../server/modules/documents/document.locate.js';
import type { SearchHit } from '../../../server/platform/search/index.js';

import { api } from '../../lib/api.js';

export type { LocatedDocument, SearchHit };

/** The record types the search page offers (the index may hold others later). */
export type SearchType = 'document' | 'supervision_item';

export interface SearchFilter {
  q: string;
  /** One record type, or every type the page offers when left out. */
  type?: SearchType;
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

export const searchApi = {
  search: ({ type, ...f }: SearchFilter, next?: SearchPage['next']) => api.get<SearchPage>('/api/v1/search', { ...f, ...(type && { recordType: type }), limit: 20, ...(next ?? {}) }),
  locate: (id: string) => api.get<LocatedDocument>(`/api/v1/documents/${id}`),
};
